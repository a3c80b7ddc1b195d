/* SPDX-License-Identifier: MIT */
#ifndef PD_CPUS_MSR_PROBE_H
#define PD_CPUS_MSR_PROBE_H

#include "cpuid/cpuid.h"
#include "results/msrs.h"

/*
 * Runs on the CPU being probed: reads the MSRs compared across CPUs
 * (results/msrs.h) that its CPUID enumerates, each with a #GP-safe RDMSR,
 * into *v (cleared first).
 */
void msr_probe(struct pd_msr_values *v, const struct cpuid_facts *f);

/* fake_pat= (fault injection): gives this CPU's IA32_PAT another PA7. */
void msr_probe_skew_pat(void);

#endif
