/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: CPUID dump text -> cpuid_dump_parse, then everything the
 * host does with a parsed dump (decode, topology split, per-CPU masks, line
 * formatting).  Seeds: the .test files in ../shared/cpuid-dumps.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cpuid/cpuid.h"
#include "host/cpuid/cpuid_dump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cpuid_dump d;
	size_t c;

	if (cpuid_dump_parse((const char *)data, size, &d) != 0) {
		/* a failed parse leaves nothing behind */
		if (d.cpu || d.ncpus)
			__builtin_trap();
		return 0;
	}
	for (c = 0; c < d.ncpus; c++) {
		const struct cpuid_raw *raw = &d.cpu[c];
		struct cpuid_facts f;
		uint32_t pkg, core, thread, j;
		char line[64];

		if (raw->n == 0 || raw->n > CPUID_RAW_MAX)
			__builtin_trap();
		cpuid_decode(raw, &f);
		if (strlen(f.vendor_id) > 12 || strlen(f.brand) > 48)
			__builtin_trap();
		cpuid_topology_split(&f, f.x2apic_id, &pkg, &core, &thread);
		for (j = 0; j < raw->n; j++) {
			int r;

			if (cpuid_format_leaf(&raw->l[j], line) >= sizeof(line))
				__builtin_trap();
			for (r = 0; r < 4; r++)
				(void)cpuid_per_cpu_mask(raw->l[j].leaf, raw->l[j].subleaf, r);
		}
	}
	cpuid_dump_free(&d);
	return 0;
}
