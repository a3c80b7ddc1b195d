/* SPDX-License-Identifier: MIT */
/* The CPU table and which entry is this CPU's. */
#include "cpus/cpu.h"
#include "arch/x86/msr.h"
#include "arch/x86/insn.h"

struct cpu *cpus;
uint32_t ncpus;

struct cpu *this_cpu(void)
{
	uint64_t v;

	return rdmsr_safe(MSR_GS_BASE, &v) ? 0 : (struct cpu *)(uintptr_t)v;
}

void cpu_set_self(struct cpu *c)
{
	wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)c);
}

int cpu_is_bsp(void)
{
	uint64_t v;

	return !rdmsr_safe(MSR_IA32_APIC_BASE, &v) && (v & APIC_BASE_BSP);
}
