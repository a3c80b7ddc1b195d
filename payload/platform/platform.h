/* SPDX-License-Identifier: MIT */
#ifndef PD_PLATFORM_PLATFORM_H
#define PD_PLATFORM_PLATFORM_H

#include "results/park.h"

/* Hardware, or QEMU's TCG accelerator (which names itself in CPUID
 * 0x40000000): the expectation and some timeouts depend on it. */
enum pd_platform platform_detect(void);

/* Timeouts that must hold for real CPUs, stretched under TCG, where a vCPU
 * is a host thread that a loaded host may not run for a long while. */
uint64_t platform_timeout_us(uint64_t hardware_us);

#endif
