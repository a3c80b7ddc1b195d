/* SPDX-License-Identifier: MIT */
/* Thin wrappers around x86 instructions (port I/O, MSRs, CPUID, CR access, ...). */
#ifndef PD_ARCH_X86_INSN_H
#define PD_ARCH_X86_INSN_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outw(uint16_t port, uint16_t v)
{
	asm volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(uint16_t port, uint32_t v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline void cpuid_count(uint32_t leaf, uint32_t sub, uint32_t regs[4])
{
	asm volatile("cpuid"
		     : "=a"(regs[0]), "=b"(regs[1]), "=c"(regs[2]), "=d"(regs[3])
		     : "a"(leaf), "c"(sub));
}

/*
 * This CPU's APIC ID: leaf 0BH's x2APIC ID (EDX) when the leaf enumerates
 * (subleaf 0 EBX[15:0] != 0), else the initial APIC ID in CPUID.1:EBX[31:24]
 * (SDM Vol. 2A, CPUID leaves 01H and 0BH).  Usable before the APIC is set up.
 */
static inline uint32_t apic_id_cpuid(void)
{
	uint32_t r[4];

	cpuid_count(0, 0, r);
	if (r[0] >= 0xb) {
		cpuid_count(0xb, 0, r);
		if (r[1] & 0xffff)
			return r[3];
	}
	cpuid_count(1, 0, r);
	return r[1] >> 24;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

/*
 * RDMSR that survives a #GP (MSR absent on this CPU): the exception handler
 * finds the faulting RIP in .ex_table and resumes at the fixup label, which
 * skips the instruction clearing err.  Returns 0 on success.
 */
static inline int rdmsr_safe(uint32_t msr, uint64_t *v)
{
	uint32_t lo = 0, hi = 0;
	int err = 1;

	asm volatile("1: rdmsr\n\t"
		     "xor %[err], %[err]\n"
		     "2:\n\t"
		     ".pushsection .ex_table, \"a\"\n\t"
		     ".balign 4\n\t"
		     ".long 1b - ., 2b - .\n\t"
		     ".popsection"
		     : "+a"(lo), "+d"(hi), [err] "+r"(err)
		     : "c"(msr)
		     : "memory");
	*v = err ? 0 : ((uint64_t)hi << 32 | lo);
	return err;
}

static inline int wrmsr_safe(uint32_t msr, uint64_t v)
{
	int err = 1;

	asm volatile("1: wrmsr\n\t"
		     "xor %[err], %[err]\n"
		     "2:\n\t"
		     ".pushsection .ex_table, \"a\"\n\t"
		     ".balign 4\n\t"
		     ".long 1b - ., 2b - .\n\t"
		     ".popsection"
		     : [err] "+r"(err)
		     : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
		     : "memory");
	return err;
}

static inline uint64_t read_cr0(void)
{
	uint64_t v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_cr2(void)
{
	uint64_t v;

	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_cr3(void)
{
	uint64_t v;

	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(uint64_t v)
{
	asm volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline uint64_t read_cr4(void)
{
	uint64_t v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(uint64_t v)
{
	asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline void cpu_relax(void)
{
	asm volatile("pause" ::: "memory");
}

static inline void barrier(void)
{
	asm volatile("" ::: "memory");
}

static inline void halt_forever(void)
{
	for (;;)
		asm volatile("cli; hlt" ::: "memory");
}

#define READ_ONCE(x)	 (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#endif
