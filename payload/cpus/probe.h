/* SPDX-License-Identifier: MIT */
#ifndef PD_CPUS_PROBE_H
#define PD_CPUS_PROBE_H

#include "cpus/cpu.h"

/* Runs on the CPU being probed: raw CPUID, decoded facts, MSR facts. */
void cpu_probe(struct cpu *c);

#endif
