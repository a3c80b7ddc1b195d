/* SPDX-License-Identifier: MIT */
#ifndef PD_CPUS_CPU_REPORT_H
#define PD_CPUS_CPU_REPORT_H

#include "options/options.h"

/* "cpu" records for every CPU, with package/core/thread. */
void report_cpus(void);
/* A cache_disabled error for each probed CPU whose CR0 has CD or NW set:
 * every boot, since every boot starts its APs again. */
void report_caches_off(void);
/* "features" record: the BSP's decoded CPUID and MSR facts. */
void report_features(void);
/* "topology" record: packages x cores x threads as counted. */
void report_topology(void);
/* "dump" records: raw CPUID of every probed CPU (or the BSP only). */
void report_cpuid_dump(enum opt_dump which);

#endif
