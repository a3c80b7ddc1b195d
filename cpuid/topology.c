/* SPDX-License-Identifier: MIT */
/*
 * Splitting an APIC ID into package/core/thread, and the CPUID bits that
 * legitimately differ between the logical CPUs of one machine.
 * Freestanding: no libc.
 */
#include "cpuid/cpuid.h"

static uint32_t low_bits(uint32_t v, unsigned n)
{
	return n >= 32 ? v : v & ((1u << n) - 1);
}

static uint32_t shr(uint32_t v, unsigned n)
{
	return n >= 32 ? 0 : v >> n;
}

void cpuid_topology_split(const struct cpuid_facts *f, uint32_t apic_id, uint32_t *pkg,
			  uint32_t *core, uint32_t *thread)
{
	unsigned smt = f->smt_shift, top = f->core_shift;

	if (top < smt) /* never from cpuid_decode; keeps bad input harmless */
		top = smt;
	*thread = low_bits(apic_id, smt);
	*core = low_bits(shr(apic_id, smt), top - smt);
	*pkg = shr(apic_id, top);
}

/*
 * Everything else in the leaves playdead collects is the same on every
 * logical CPU of a (non-hybrid) machine, so a difference there is reported
 * as a mismatch.  Hybrid parts (P/E cores) also differ in leaf 4 and others;
 * only their core-type leaf is masked here.
 */
uint32_t cpuid_per_cpu_mask(uint32_t leaf, uint32_t subleaf, enum cpuid_reg reg)
{
	switch (leaf) {
	case 0x1:
		/* EBX[31:24] initial APIC ID (SDM Vol. 2A Table 3-8). */
		if (reg == CPUID_EBX)
			return 0xff000000u;
		/* ECX[27] OSXSAVE mirrors this CPU's CR4.OSXSAVE (Table 3-10). */
		if (reg == CPUID_ECX)
			return 1u << 27;
		return 0;
	case 0x7:
		/* 7.0 ECX[4] OSPKE mirrors this CPU's CR4.PKE (Table 3-8, leaf 07H). */
		if (subleaf == 0 && reg == CPUID_ECX)
			return 1u << 4;
		return 0;
	case 0xB:
	case 0x1F:
		/* EDX: x2APIC ID of the current logical processor, any subleaf
		 * (SDM Vol. 2A leaves 0BH and 1FH). */
		return reg == CPUID_EDX ? 0xffffffffu : 0;
	case 0xD:
		/* 0xD.0 EBX: XSAVE area size for the features enabled in this CPU's
		 * XCR0; 0xD.1 EBX: the same for XCR0 | IA32_XSS (Table 3-8, 0DH). */
		if ((subleaf == 0 || subleaf == 1) && reg == CPUID_EBX)
			return 0xffffffffu;
		return 0;
	case 0x19:
		/* EBX[0] AESKLE: Key Locker enabled by this CPU's CR4.KL and its
		 * IWKey state (Intel Key Locker Specification, CPUID 19H). */
		return reg == CPUID_EBX ? 1u : 0;
	case 0x1A:
		/* EAX: core type [31:24] and native model ID [23:0] of this logical
		 * processor; differs between P and E cores (Table 3-8, 1AH). */
		return reg == CPUID_EAX ? 0xffffffffu : 0;
	case 0x8000001E:
		/* EAX extended APIC ID; EBX[7:0] core (compute unit) ID; ECX[7:0]
		 * node ID (APM Vol. 3 CPUID Fn8000_001E).  EBX[15:8] threads per core and
		 * ECX[10:8] nodes per processor are package constants. */
		if (reg == CPUID_EAX)
			return 0xffffffffu;
		if (reg == CPUID_EBX || reg == CPUID_ECX)
			return 0xffu;
		return 0;
	case 0x80000026:
		/* AMD extended CPU topology: EDX extended APIC ID of this logical
		 * processor; EBX[31:16] core type, native model ID and efficiency
		 * ranking on heterogeneous parts (APM Vol. 3 CPUID Fn8000_0026).  EBX[15:0]
		 * (processors at the level) is constant. */
		if (reg == CPUID_EDX)
			return 0xffffffffu;
		if (reg == CPUID_EBX)
			return 0xffff0000u;
		return 0;
	default:
		/* Leaf 4 (cache parameters), leaf 6 (power management) and the rest
		 * are constant per package. */
		return 0;
	}
}
