/* SPDX-License-Identifier: MIT */
/* "playdead cpuid DUMP": the facts of every CPU in a CPUID dump file. */
#ifndef PD_HOST_CPUID_REPORT_H
#define PD_HOST_CPUID_REPORT_H

#include <stdio.h>

#include "host/cpuid/cpuid_dump.h"

/* Prints the facts of d (text or JSON) to f; 0 on success. */
int cpuid_report(FILE *f, const struct cpuid_dump *d, int json);

#endif
