/* SPDX-License-Identifier: MIT */
#ifndef PD_PLATFORM_PLATFORM_H
#define PD_PLATFORM_PLATFORM_H

#include "results/limits.h"
#include "results/park.h"

/* Hardware, or QEMU's TCG accelerator (which names itself in CPUID
 * 0x40000000): the expectation and some timeouts depend on it. */
enum pd_platform platform_detect(void);

/* Sizes every bounded wait for this many CPUs (results/limits.h): under
 * TCG, or when the host said how many CPUs run the vCPUs (host_cpus=), by
 * the emulation formula.  Called once the CPU list is known. */
void platform_limits_init(uint32_t cpus, uint64_t wbinvd_us);
/* One WBINVD on this CPU, timed (microseconds; the slowest of three: the
 * first finds the caches dirtiest). */
uint64_t platform_time_wbinvd_us(void);
/* The limit of one wait, in microseconds. */
uint64_t platform_wait_us(enum pd_wait w);
const struct pd_limits *platform_limits(void);
/* The `limits` record: which limits this run uses. */
void platform_report_limits(void);

#endif
