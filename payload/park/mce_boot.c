/* SPDX-License-Identifier: MIT */
/* Machine-check banks at boot (park/mce_boot.h). */
#include "park/mce_boot.h"
#include "arch/x86/insn.h"
#include "arch/x86/msr.h"
#include "boot/bootkind.h"
#include "cpus/cpu.h"
#include "lib/spinlock.h"
#include "mem/reserved.h"
#include "report/report.h"
#include "results/fields.h"
#include "results/mca.h"

/* Valid banks kept per boot over every CPU; more are counted, not kept. */
#define MCE_BOOT_MAX 64

struct boot_bank {
	uint32_t apic, bank;
	uint64_t status, addr, misc, mcg;
};

static struct boot_bank kept[MCE_BOOT_MAX];
static uint32_t nkept, dropped;
static struct spinlock lock;

static int has_mca(void)
{
	uint32_t r[4];

	cpuid_count(1, 0, r);
	/* CPUID.1:EDX[7] MCE, [14] MCA (SDM Vol. 2A, Table 3-11). */
	return (r[3] & (1u << 7)) && (r[3] & (1u << 14));
}

static uint32_t my_apic_id(void)
{
	struct cpu *c = this_cpu();
	uint32_t r[4];

	if (c)
		return c->apic_id;
	cpuid_count(1, 0, r);
	return r[1] >> 24; /* the initial APIC ID (SDM Vol. 2A, CPUID.1:EBX[31:24]) */
}

void mce_boot_read_this_cpu(void)
{
	uint64_t cap, mcg = 0, st;
	uint32_t b, apic;

	if (!has_mca() || rdmsr_safe(MSR_IA32_MCG_CAP, &cap))
		return;
	(void)rdmsr_safe(MSR_IA32_MCG_STATUS, &mcg);
	apic = my_apic_id();
	for (b = 0; b < MCG_CAP_COUNT(cap); b++) {
		struct boot_bank *k;

		if (rdmsr_safe(MSR_IA32_MC0_CTL + 4 * b + 1, &st) || !(st & PD_MCI_VAL))
			continue;
		spin_lock(&lock);
		if (nkept >= MCE_BOOT_MAX) {
			dropped++;
			spin_unlock(&lock);
			continue;
		}
		k = &kept[nkept++];
		spin_unlock(&lock);
		k->apic = apic;
		k->bank = b;
		k->status = st;
		k->mcg = mcg;
		k->addr = k->misc = 0;
		if (st & PD_MCI_ADDRV)
			(void)rdmsr_safe(MSR_IA32_MC0_CTL + 4 * b + 2, &k->addr);
		if (st & PD_MCI_MISCV)
			(void)rdmsr_safe(MSR_IA32_MC0_CTL + 4 * b + 3, &k->misc);
	}
}

void mce_boot_report(void)
{
	const char *when = boot_kind() == BOOT_FIRST	     ? PD_MCE_BOOT_BEFORE_RUN
			   : boot_kind() == BOOT_AFTER_RESET ? PD_MCE_BOOT_AFTER_RESET
							     : PD_MCE_BOOT_ARRIVAL;
	struct pd_rec_writer w;
	uint32_t i;

	for (i = 0; i < nkept && i < MCE_BOOT_MAX; i++) {
		const struct boot_bank *k = &kept[i];

		rec_start(&w, PD_REC_MCE_BOOT);
		pd_rec_s(&w, PD_F_WHEN, when);
		if (boot_kind() != BOOT_FIRST && rsv.area)
			pd_rec_u(&w, PD_F_N, rsv.area->h.inflight_cycle);
		pd_rec_u(&w, PD_F_APIC, k->apic);
		pd_rec_u(&w, PD_F_BANK, k->bank);
		pd_rec_x(&w, PD_F_STATUS, k->status);
		if (k->status & PD_MCI_ADDRV)
			pd_rec_x(&w, PD_F_ADDR, k->addr);
		if (k->status & PD_MCI_MISCV)
			pd_rec_x(&w, PD_F_MISC, k->misc);
		pd_rec_x(&w, PD_F_MCG, k->mcg);
		pd_rec_s(&w, PD_F_SEVERITY, pd_mca_severity(k->status));
		pd_rec_s(&w, PD_F_CLASS, pd_mca_error_class((uint16_t)k->status));
		rec_send(&w);
	}
	if (dropped)
		report_error(PD_LEVEL_WARN, PD_ERR_MCE_BOOT,
			     "more valid machine-check banks at boot than kept: the rest not sent");
}
