/* SPDX-License-Identifier: MIT */
/* What playdead knows about each logical CPU. */
#ifndef PD_CPUS_CPU_H
#define PD_CPUS_CPU_H

#include <stdint.h>
#include "cpuid/cpuid.h"
#include "platform/acpi.h"
#include "results/msrs.h"
#include "results/record.h"

/* Probe results that come from MSRs rather than CPUID. */
struct cpu_msrs {
	uint64_t ucode; /* microcode revision */
	uint8_t ucode_ok;
	uint8_t tme_msr_ok; /* IA32_TME_ACTIVATE readable */
	uint8_t tme_active;
	uint8_t keyid_ok; /* IA32_MKTME_KEYID_PARTITIONING readable */
	uint32_t mktme_keyids, tdx_keyids;
	/* The MSRs compared across CPUs (MTRRs, PAT, ...): read by the first
	 * boot only, the one that compares them. */
	uint8_t values_read;
	struct pd_msr_values values;
	uint8_t misc_enable_ok;	 /* IA32_MISC_ENABLE read (Intel family 6 model 0xd on) */
	uint8_t cpuid_limited;	 /* its bit 22 (Limit CPUID Maxval) was set at boot */
	uint8_t cpuid_unlimited; /* ... and the payload cleared it */
};

/* The control state the CPU runs with, read on the CPU itself by its probe:
 * CR0.CD/NW set means caches off (arch/x86/cr.h). */
struct cpu_ctl {
	uint64_t cr0, cr4, efer;
	uint32_t cpuid_apic_id; /* CPUID's initial (x2)APIC ID, beside the register's */
};

struct cpu {
	uint32_t idx; /* logical CPU number: 0 is the BSP, then MADT order */
	uint32_t apic_id, uid, madt_flags;
	enum madt_src src;
	enum pd_cpu_state state;
	volatile uint32_t alive;   /* AP: reached 64-bit C */
	volatile uint32_t probed;  /* AP: probe finished */
	uint64_t sipi_tsc, up_tsc; /* up_tsc: the AP's own TSC at check-in */
	uint64_t stack_base, stack_top;
	uint32_t pkg, core, thread;
	uint8_t canary_ok;
	struct cpu_msrs msrs;
	struct cpu_ctl ctl;
	struct cpuid_raw raw;
	struct cpuid_facts facts;
};

/* The CPU's probe data is there: the BSP, or an AP that finished its probe. */
static inline int cpu_probed(const struct cpu *c)
{
	return c->state == PD_CPU_BSP || (c->state == PD_CPU_ONLINE && c->probed);
}

extern struct cpu *cpus;
extern uint32_t ncpus;

/* This CPU is the bootstrap processor (IA32_APIC_BASE[8], SDM 11.4.4). */
int cpu_is_bsp(void);
/* This CPU's entry (IA32_GS_BASE holds it), or 0 before cpu_set_self(). */
struct cpu *this_cpu(void);
void cpu_set_self(struct cpu *c);

#endif
