/* SPDX-License-Identifier: MIT */
/*
 * The TSC's frequency, from CPUID or measured against the platform's timers
 * (tsc_calibrate.c); what it gives, delays included, is lib/tsc.h.
 */
#ifndef PD_PLATFORM_TSC_H
#define PD_PLATFORM_TSC_H

#include <stdint.h>

#include "lib/tsc.h"
#include "results/tsc.h"

/* What the platform offers to measure against. */
struct tsc_inputs {
	uint64_t cpuid_khz;	 /* CPUID leaf 15H/16H, 0 if not enumerated */
	uint64_t hpet;		 /* HPET base from the ACPI HPET table, 0 if none */
	uint16_t pm_tmr_port;	 /* FADT PM timer, 0 if none or hardware-reduced */
	uint8_t pm_tmr_32bit;	 /* FADT TMR_VAL_EXT */
	enum pd_tsc_source only; /* clock=: the run's source must be this one (NONE: any) */
};

struct tsc_calibration {
	uint64_t khz[PD_TSC_SOURCE_COUNT];    /* what each source gave, 0: nothing */
	const char *why[PD_TSC_SOURCE_COUNT]; /* why a source gave nothing (0: absent) */
	enum pd_tsc_source used;	      /* NONE: nothing measured the TSC */
	enum pd_tsc_source check;	      /* the second source compared, NONE if none */
	uint32_t diff_ppm;		      /* |used - check| / used, parts per million */
	uint8_t disagree;		      /* diff_ppm over PD_TSC_AGREE_PPM */
	uint8_t outvoted;		      /* a third source sided against the preferred one */
};

/* Measures every source the platform has and picks the run's frequency
 * (c->used, its value in tsc_khz()); nothing measured: tsc_khz() is a
 * guess good only for bounded waits, and tsc_measured() is 0. */
void tsc_calibrate(const struct tsc_inputs *in, struct tsc_calibration *c);
/* The choice alone, over the sources' values already in c (tests use it). */
void tsc_choose(struct tsc_calibration *c, enum pd_tsc_source only);

#endif
