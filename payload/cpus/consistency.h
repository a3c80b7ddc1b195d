/* SPDX-License-Identifier: MIT */
#ifndef PD_CPUS_CONSISTENCY_H
#define PD_CPUS_CONSISTENCY_H

#include <stdint.h>

#include "cpuid/consistency.h"

/* CPU i's probe data as the shared CPUID check sees it (a cpuid_view_fn);
 * 0 when it has none. */
int cpu_cpuid_view(void *ctx, uint32_t i, struct cpuid_cpu_view *v);

/* Applies fake_mismatch= (fault injection) to the recorded probe data. */
void inject_fake_mismatch(void);
/* Compares every probed CPU's CPUID (per-CPU fields masked) and microcode
 * with the BSP's; sends "mismatch" records; returns the number of
 * registers (or microcode) that differ. */
uint32_t check_consistency(void);

#endif
