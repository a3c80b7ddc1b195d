/* SPDX-License-Identifier: MIT */
/* Naming a CPU from its raw leaves with libcpuid. */
#ifndef PD_HOST_IDENTIFY_H
#define PD_HOST_IDENTIFY_H

#include "cpuid/cpuid.h"

struct cpu_identity {
	int ok;              /* libcpuid identified it */
	char error[128];     /* libcpuid's message when not */
	char vendor[16];     /* libcpuid's vendor string */
	char brand[64];
	char codename[64];
	int family, model, stepping;         /* as libcpuid reports them */
	int ext_family, ext_model;
};

/* Identifies the CPU whose raw leaves are given (one logical CPU). */
int identify_cpu(const struct cpuid_raw *raw, struct cpu_identity *id);

#endif
