/* SPDX-License-Identifier: MIT */
/*
 * Reading CPUID dump text: the "------[ Logical CPU #N ]------" /
 * "CPUID 00000000: EAX-EBX-ECX-EDX [SL nn]" form (AIDA64-style, as the
 * payload sends it and public collections keep it) and libcpuid's own
 * "basic_cpuid[n]=a b c d" form.
 */
#ifndef PD_HOST_CPUID_DUMP_H
#define PD_HOST_CPUID_DUMP_H

#include <stddef.h>
#include <stdio.h>

#include "cpuid/cpuid.h"

struct cpuid_dump {
	size_t ncpus;
	struct cpuid_raw *cpu; /* ncpus entries, malloc'd */
	size_t bad_lines;      /* lines that looked like leaves but did not parse */
	int libcpuid_form;     /* the input was libcpuid's own form */
};

/*
 * Parses dump text (not NUL-terminated; NUL bytes are tolerated as garbage).
 * Text after a line of 80 dashes (the libcpuid test files' expected values)
 * is ignored.  A dump without any "Logical CPU" header is one CPU.  Returns 0
 * on success (at least one leaf found), -1 otherwise; on -1 the dump holds
 * nothing that needs freeing.
 */
int cpuid_dump_parse(const char *text, size_t len, struct cpuid_dump *out);
int cpuid_dump_read_file(const char *path, struct cpuid_dump *out);
void cpuid_dump_free(struct cpuid_dump *d);

/* Writes the dump in the "Logical CPU #N" / "CPUID ..." form. */
void cpuid_dump_write(FILE *f, const struct cpuid_dump *d);

#endif
