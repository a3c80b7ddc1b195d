/* SPDX-License-Identifier: MIT */
/*
 * Splitting an APIC ID into package/core/thread, and the CPUID bits that
 * legitimately differ between the logical CPUs of one machine.
 * Freestanding: no libc.
 */
#include "cpuid/cpuid.h"

#define CT_INTEL 0x100u
#define CT_AMD	 0x200u

/* Registers of a leaf the way the CPU reports them; 0 when absent. */
static const uint32_t *regs_of(const struct cpuid_raw *raw, uint32_t leaf, uint32_t sub)
{
	const struct cpuid_leaf *l = cpuid_raw_find(raw, leaf, sub);

	return l ? l->regs : 0;
}

static int vendor_is(const uint32_t *l0, uint32_t ebx, uint32_t edx, uint32_t ecx)
{
	return l0 && l0[CPUID_EBX] == ebx && l0[CPUID_EDX] == edx && l0[CPUID_ECX] == ecx;
}

uint32_t cpuid_core_type(const struct cpuid_raw *raw)
{
	const uint32_t *l0 = regs_of(raw, 0, 0), *l7, *la, *le, *l;
	uint32_t s;

	if (!l0)
		return 0;
	/* "GenuineIntel": SDM Vol. 2A CPUID 07H EDX[15] Hybrid, 1AH EAX[31:24]
	 * core type (20H Intel Atom, 40H Intel Core). */
	if (vendor_is(l0, 0x756e6547u, 0x49656e69u, 0x6c65746eu)) {
		if (l0[CPUID_EAX] < 0x1a)
			return 0;
		l7 = regs_of(raw, 7, 0);
		la = regs_of(raw, 0x1a, 0);
		if (!l7 || !((l7[CPUID_EDX] >> 15) & 1) || !la)
			return 0;
		return CT_INTEL | (la[CPUID_EAX] >> 24);
	}
	/* "AuthenticAMD" / "HygonGenuine": APM Vol. 3 CPUID Fn8000_0026, the
	 * subleaf whose ECX[15:8] level type is 1 (core) carries EAX[30]
	 * HeterogeneousCores and EBX[31:28] CoreType (0 performance, 1
	 * efficiency). */
	if (vendor_is(l0, 0x68747541u, 0x69746e65u, 0x444d4163u) ||
	    vendor_is(l0, 0x6f677948u, 0x656e6975u, 0x6e65476eu)) {
		le = regs_of(raw, 0x80000000u, 0);
		if (!le || le[CPUID_EAX] < 0x80000026u || le[CPUID_EAX] > 0x8000ffffu)
			return 0;
		for (s = 0; s < 8; s++) {
			l = regs_of(raw, 0x80000026u, s);
			if (!l || ((l[CPUID_ECX] >> 8) & 0xff) == 0)
				return 0;
			if (((l[CPUID_ECX] >> 8) & 0xff) == 1)
				return (l[CPUID_EAX] >> 30) & 1 ? CT_AMD | (l[CPUID_EBX] >> 28) : 0;
		}
	}
	return 0;
}

const char *cpuid_core_type_name(uint32_t t)
{
	switch (t) {
	case CT_INTEL | 0x20:
		return "atom";
	case CT_INTEL | 0x40:
		return "core";
	case CT_AMD | 0:
		return "performance";
	case CT_AMD | 1:
		return "efficiency";
	default:
		return "unknown";
	}
}

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
 * The bits of a register that differ between logical CPUs of one healthy
 * machine by design: IDs of this logical processor, OS-controlled bits, and
 * counts of the processors sharing a resource, which differ wherever the
 * topology is asymmetric (hybrid parts, core complexes of different sizes).
 * Whole leaves that describe a core type of a hybrid part are not masked
 * here: the check compares them among CPUs of one core type
 * (cpuid_leaf_by_core_type()).  Everything else is the same on every
 * logical CPU, so a difference there is reported as a mismatch.
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
	case 0x4:
		/* EAX[25:14] addressable IDs of the logical processors sharing
		 * this cache (SDM Vol. 2A Table 3-8, 04H). */
		return reg == CPUID_EAX ? 0x03ffc000u : 0;
	case 0x6:
		/* EDX[31:16] this logical processor's row in the HFI/ITD table:
		 * different even between the two threads of a core (Table 3-8,
		 * 06H; SDM Vol. 3B, Hardware Feedback Interface). */
		return reg == CPUID_EDX ? 0xffff0000u : 0;
	case 0x7:
		/* 7.0 ECX[4] OSPKE mirrors this CPU's CR4.PKE (Table 3-8, leaf 07H). */
		if (subleaf == 0 && reg == CPUID_ECX)
			return 1u << 4;
		return 0;
	case 0xB:
	case 0x1F:
		/* EBX[15:0] logical processors at this level (one thread on a core
		 * without SMT beside two on a core with it; the SDM says it must
		 * not be used to enumerate the topology), EDX the x2APIC ID of the
		 * current logical processor, any subleaf (leaves 0BH and 1FH). */
		if (reg == CPUID_EBX || reg == CPUID_EDX)
			return 0xffffffffu;
		return 0;
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
	case 0x8000001D:
		/* EAX[25:14] NumSharingCache - 1: logical processors sharing the
		 * cache, per core complex (APM Vol. 3 CPUID Fn8000_001D). */
		return reg == CPUID_EAX ? 0x03ffc000u : 0;
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
		/* AMD extended CPU topology (APM Vol. 3 CPUID Fn8000_0026): EDX
		 * extended APIC ID of this logical processor; EBX[15:0] logical
		 * processors at the level (varies with AsymmetricTopology),
		 * [23:16] power efficiency ranking (may change at run time),
		 * [31:24] native model ID and core type of this processor. */
		if (reg == CPUID_EDX || reg == CPUID_EBX)
			return 0xffffffffu;
		return 0;
	default:
		return 0;
	}
}
