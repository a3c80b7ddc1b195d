/* SPDX-License-Identifier: MIT */
/*
 * Writes a results-area header whose CRC is right but whose contents are
 * impossible, for QEMU's loader device to preload: the payload must call it
 * bad_field, start a fresh run and not trust a byte of it.  The CRC and the
 * layout come from results/area.c, the code the payload checks it with.
 *
 * usage: mkarea ADDR KIND OUT   (KIND: cursor | ncpus)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results/area.h"

int main(int argc, char **argv)
{
	static struct pd_area a;
	unsigned long long addr;
	FILE *f;

	if (argc != 4) {
		fprintf(stderr, "usage: mkarea ADDR cursor|ncpus OUT\n");
		return 2;
	}
	addr = strtoull(argv[1], NULL, 0);
	pd_area_init(&a, addr, 0x0badf1e1);
	a.h.cycles_total = 4;
	a.h.ncpus = 2;
	a.h.inflight = 1; /* a cycle in flight: the boot would resume it */
	a.h.inflight_phase = PD_PHASE_HANDOVER;
	if (!strcmp(argv[2], "cursor")) {
		a.h.cursor = a.h.cycles_total + 1; /* past the last cycle */
	} else if (!strcmp(argv[2], "ncpus")) {
		a.h.ncpus = PD_AREA_MAX_CPUS + 1; /* more CPUs than a slot for each */
	} else {
		fprintf(stderr, "mkarea: unknown kind %s\n", argv[2]);
		return 2;
	}
	pd_area_seal(&a);
	if (pd_area_check(&a, addr) != PD_AREA_BAD_FIELD) {
		fprintf(stderr, "mkarea: the header is not bad_field\n");
		return 1;
	}
	f = fopen(argv[3], "wb");
	if (!f || fwrite(&a.h, sizeof(a.h), 1, f) != 1 || fclose(f)) {
		perror(argv[3]);
		return 1;
	}
	return 0;
}
