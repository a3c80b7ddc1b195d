/* SPDX-License-Identifier: MIT */
#ifndef PD_CPUS_MSR_CONSISTENCY_H
#define PD_CPUS_MSR_CONSISTENCY_H

#include <stdint.h>

/*
 * Compares the MTRRs, IA32_PAT, IA32_MISC_ENABLE and IA32_FEATURE_CONTROL
 * of every probed CPU with the BSP's (results/msrs.h): sends an "msrs"
 * record (what was compared, on how many CPUs), then "mismatch" records
 * (kind=msr) for each MSR that differs; returns how many MSRs differ.
 * First boot only: later boots do not read them.
 */
uint32_t check_msr_consistency(void);

#endif
