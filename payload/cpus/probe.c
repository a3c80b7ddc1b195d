/* SPDX-License-Identifier: MIT */
#include "cpus/probe.h"
#include "boot/bootkind.h"
#include "arch/x86/insn.h"
#include "arch/x86/msr.h"
#include "results/msrs.h"
#include "cpus/msr_probe.h"
#include "options/options.h"

static void cpuid_insn(uint32_t leaf, uint32_t sub, uint32_t regs[4], void *ctx)
{
	(void)ctx;
	cpuid_count(leaf, sub, regs);
}

static void read_microcode(struct cpu *c)
{
	uint64_t v;

	if (c->facts.vendor == CPUID_VENDOR_INTEL) {
		/* Intel: write 0, execute CPUID(1), then the revision is in
		 * EDX of the MSR (SDM vol. 3A, 10.11.7.1). */
		uint32_t r[4];

		wrmsr_safe(MSR_IA32_BIOS_SIGN_ID, 0);
		cpuid_count(1, 0, r);
		if (!rdmsr_safe(MSR_IA32_BIOS_SIGN_ID, &v)) {
			c->msrs.ucode = v >> 32;
			c->msrs.ucode_ok = 1;
		}
	} else if (!rdmsr_safe(MSR_IA32_BIOS_SIGN_ID, &v)) {
		/* AMD: PATCH_LEVEL is the low half (APM vol. 2, MSR0000_008B). */
		c->msrs.ucode = (uint32_t)v;
		c->msrs.ucode_ok = 1;
	}
}

/*
 * IA32_MISC_ENABLE[22], Limit CPUID Maxval (SDM Vol. 4, Table 2-2): while
 * set, CPUID leaf 0 reports at most 2, so leaves 5 (MONITOR/MWAIT) and 0BH
 * (x2APIC topology) are lost.  Cleared before the probe on every CPU, as
 * Linux's early_init_intel() does on Intel family 6 model 0DH and later
 * (the bit is Intel's; other vendors' MSR 1A0H is not this).  Leaves 0 and
 * 1 answer whatever the limit.  #GP-safe MSR access: a hypervisor may not
 * have the MSR.
 */
static void unlimit_cpuid(struct cpu *c)
{
	uint32_t r[4], fam, model;
	uint64_t v;

	cpuid_count(0, 0, r);
	if (cpuid_vendor_of(r[1], r[2], r[3]) != CPUID_VENDOR_INTEL)
		return;
	cpuid_count(1, 0, r);
	cpuid_family_model(r[0], &fam, &model);
	if (fam < 6 || (fam == 6 && model < 0xd) || rdmsr_safe(PD_MSR_MISC_ENABLE, &v))
		return;
	c->msrs.misc_enable_ok = 1;
	if (!(v & MISC_ENABLE_LIMIT_CPUID_MAXVAL))
		return;
	c->msrs.cpuid_limited = 1;
	if (!wrmsr_safe(PD_MSR_MISC_ENABLE, v & ~MISC_ENABLE_LIMIT_CPUID_MAXVAL) &&
	    !rdmsr_safe(PD_MSR_MISC_ENABLE, &v) && !(v & MISC_ENABLE_LIMIT_CPUID_MAXVAL))
		c->msrs.cpuid_unlimited = 1;
}

void cpu_probe(struct cpu *c)
{
	uint64_t v;

	unlimit_cpuid(c);
	c->ctl.cr0 = read_cr0();
	c->ctl.cr4 = read_cr4();
	c->ctl.efer = rdmsr(MSR_EFER);
	c->ctl.cpuid_apic_id = apic_id_cpuid();
	cpuid_raw_collect(&c->raw, cpuid_insn, 0);
	cpuid_decode(&c->raw, &c->facts);
	read_microcode(c);
	if (c->facts.tme && !rdmsr_safe(MSR_IA32_TME_ACTIVATE, &v)) {
		c->msrs.tme_msr_ok = 1;
		c->msrs.tme_active = !!(v & TME_ACTIVATE_ENABLED);
	}
	/* TDX builds on MKTME: the partitioning MSR exists only with TME. */
	if (c->facts.tme && !rdmsr_safe(MSR_IA32_MKTME_KEYID_PARTITIONING, &v)) {
		c->msrs.keyid_ok = 1;
		c->msrs.mktme_keyids = (uint32_t)v;
		c->msrs.tdx_keyids = (uint32_t)(v >> 32);
	}
	/* Compared once per run: a kexec cycle does not pay for it. */
	if (boot_first()) {
		msr_probe(&c->msrs.values, &c->facts);
		c->msrs.values_read = 1;
	}
}
