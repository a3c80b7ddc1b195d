/* SPDX-License-Identifier: MIT */
/*
 * The MSRs compared across CPUs, read on each CPU.  Each is read only where
 * the CPU says it exists (CPUID feature bits, IA32_MTRRCAP, the vendor), and
 * through rdmsr_safe(), so an MSR that is absent after all (#GP) is only
 * missing from the reading.
 */
#include "cpus/msr_probe.h"
#include "arch/x86/insn.h"
#include "lib/string.h"

/* CPUID.01H (SDM Vol. 2A, Table 3-10 and 3-11). */
#define CPUID1_ECX_VMX	(1u << 5)
#define CPUID1_ECX_SMX	(1u << 6)
#define CPUID1_EDX_MTRR (1u << 12)
#define CPUID1_EDX_PAT	(1u << 16)

static void read_slot(struct pd_msr_values *v, unsigned slot, uint64_t mask)
{
	uint64_t x;

	if (!rdmsr_safe(pd_msr_slot_number(slot), &x))
		pd_msr_put(v, slot, x & mask);
}

void msr_probe(struct pd_msr_values *v, const struct cpuid_facts *f)
{
	uint32_t r[4], vcnt, n;
	uint64_t cap;
	int intel = f->vendor == CPUID_VENDOR_INTEL;

	memset(v, 0, sizeof(*v));
	cpuid_count(1, 0, r);
	if ((r[3] & CPUID1_EDX_MTRR) && !rdmsr_safe(PD_MSR_MTRRCAP, &cap)) {
		pd_msr_put(v, PD_MSR_SLOT_MTRRCAP, cap);
		read_slot(v, PD_MSR_SLOT_DEF_TYPE, ~0ull);
		if (cap & PD_MTRRCAP_FIX)
			for (n = 0; n < PD_MTRR_FIXED_COUNT; n++)
				read_slot(v, PD_MSR_SLOT_FIXED + n, ~0ull);
		vcnt = PD_MTRRCAP_VCNT(cap);
		if (vcnt > PD_MSR_MAX_VAR)
			vcnt = PD_MSR_MAX_VAR;
		for (n = 0; n < 2 * vcnt; n++)
			read_slot(v, PD_MSR_SLOT_VAR + n, ~0ull);
	}
	if (r[3] & CPUID1_EDX_PAT)
		read_slot(v, PD_MSR_SLOT_PAT, ~0ull);
	if (intel)
		read_slot(v, PD_MSR_SLOT_MISC_ENABLE, PD_MISC_ENABLE_ARCH);
	if (intel || (r[2] & (CPUID1_ECX_VMX | CPUID1_ECX_SMX)))
		read_slot(v, PD_MSR_SLOT_FEATURE_CONTROL, ~0ull);
}

void msr_probe_skew_pat(void)
{
	uint64_t pat, pa7;

	if (rdmsr_safe(PD_MSR_PAT, &pat))
		return;
	/* PA7 (bits 58:56) becomes WC (01H), or UC (00H) when it was WC: both
	 * valid types (SDM Vol. 3A, Table 11-10).  Nothing the payload maps
	 * selects PAT entry 7 (PAT, PCD and PWT all set), so no memory changes
	 * type and no cache flush is needed. */
	pa7 = (pat >> 56) & 7;
	pat = (pat & ~(7ull << 56)) | (uint64_t)(pa7 == 1 ? 0 : 1) << 56;
	wrmsr_safe(PD_MSR_PAT, pat);
}
