/* SPDX-License-Identifier: MIT */
/*
 * Delays from the TSC.  PAUSE counts mean nothing under TCG (and differ
 * across CPU generations), so every delay is TSC cycles at the frequency
 * platform/tsc_calibrate.c found.
 */
#include "lib/tsc.h"
#include "arch/x86/insn.h"

/* With nothing measured, waits still need a bound: 10 GHz is above any
 * TSC, so a wait is never shorter than asked (only longer); no run is timed
 * with it (the schedule does not start). */
#define UNMEASURED_KHZ 10000000ull

static uint64_t khz; /* .bss: 0 until calibrated */

uint64_t tsc_khz(void)
{
	return khz ? khz : UNMEASURED_KHZ;
}

int tsc_measured(void)
{
	return khz != 0;
}

void tsc_set_khz(uint64_t k)
{
	khz = k;
}

uint64_t tsc_to_us(uint64_t cycles)
{
	return cycles * 1000 / tsc_khz();
}

uint64_t tsc_deadline(uint64_t us)
{
	return rdtsc() + us * tsc_khz() / 1000;
}

void udelay(uint64_t us)
{
	uint64_t end = tsc_deadline(us);

	while (rdtsc() < end)
		cpu_relax();
}
