/* SPDX-License-Identifier: MIT */
/*
 * The CPUID dump's CPU header, defined once: the payload writes AIDA64's
 * layout ("------[ Logical CPU #N ]------", then one line per leaf), the
 * host's dump reader finds a CPU by it (and by libcpuid's
 * "____ Logical CPU #N ____", which it also reads).
 */
#ifndef PD_CPUID_DUMP_H
#define PD_CPUID_DUMP_H

#define CPUID_DUMP_RULE_OPEN  "------["
#define CPUID_DUMP_RULE_CLOSE "]------"
#define CPUID_DUMP_CPU	      "Logical CPU #" /* followed by the CPU's number */

#endif
