/* SPDX-License-Identifier: MIT */
/*
 * The TSC's sources (the tsc record, results/fields.h PD_TSC_SOURCES) by
 * number, name and why key, defined once for the payload and the host.
 */
#ifndef PD_RESULTS_TSC_H
#define PD_RESULTS_TSC_H

#include "results/fields.h"

/* In order of preference, as Linux's: what the CPU enumerates, then the
 * timers by how well they survive modern chipsets (the PIT is gated on
 * many, the PM timer absent on hardware-reduced ACPI).  PD_TSC_NONE:
 * nothing measured the TSC. */
enum pd_tsc_source {
#define PD_X(e, n, w) PD_TSC_##e,
	PD_TSC_SOURCES(PD_X)
#undef PD_X
	    PD_TSC_SOURCE_COUNT
};

/* "hpet"; an out-of-range source reads as "none". */
const char *pd_tsc_source_name(int s);
/* The tsc record's key for why source s gave nothing ("hpet_why"). */
const char *pd_tsc_source_why_key(int s);

#endif
