/* SPDX-License-Identifier: MIT */
/*
 * Machine checks (see mce.h).  The seed problem: INIT clears CR4.MCE (SDM
 * Vol. 3A, Table 10-1, "IA-32 Processor States Following Power-up, Reset,
 * or INIT"), so a broadcast machine check shuts the machine down while a
 * CPU waits for SIPI (SDM Vol. 3B, "Machine-Check Exception": #MC with
 * CR4.MCE clear is a shutdown); a CPU halted in an overwritten image takes
 * its #MC through a poisoned IDT.
 */
#include "park/mce.h"
#include "park/mce_boot.h"
#include "options/options.h"
#include "boot/idt.h"
#include "cpus/cpu.h"
#include "mem/reserved.h"
#include "platform/einj.h"
#include "platform/platform.h"
#include "report/report.h"
#include "platform/tsc.h"
#include "arch/x86/insn.h"
#include "arch/x86/cr.h"
#include "arch/x86/desc.h"
#include "arch/x86/msr.h"

/* What the BSP's handler saw; written in the handler only. */
static volatile uint32_t bsp_mces;
static uint32_t seen_bank;
static uint64_t seen_status, seen_mcg;

static int has_mca(void)
{
	uint32_t r[4];

	cpuid_count(1, 0, r);
	/* CPUID.1:EDX[7] MCE, [14] MCA (SDM Vol. 2A, Table 3-11). */
	return (r[3] & (1u << 7)) && (r[3] & (1u << 14));
}

void mce_enable_this_cpu(void)
{
	uint64_t cap;
	uint32_t b;

	if (!has_mca() || rdmsr_safe(MSR_IA32_MCG_CAP, &cap))
		return;
	mce_boot_read_this_cpu(); /* what the banks say of the last reset, first */
	if (cap & MCG_CAP_CTL_P)
		wrmsr_safe(MSR_IA32_MCG_CTL, ~0ull);
	for (b = 0; b < MCG_CAP_COUNT(cap); b++) {
		wrmsr_safe(MSR_IA32_MC0_CTL + 4 * b, ~0ull);
		wrmsr_safe(MSR_IA32_MC0_CTL + 4 * b + 1, 0);
	}
	wrmsr_safe(MSR_IA32_MCG_STATUS, 0);
	write_cr4(read_cr4() | CR4_MCE);
}

/* Reads and clears every bank with a valid status; returns the first. */
static void harvest_banks(void)
{
	uint64_t cap, st;
	uint32_t b;
	int first = 1;

	if (rdmsr_safe(MSR_IA32_MCG_CAP, &cap))
		return;
	for (b = 0; b < MCG_CAP_COUNT(cap); b++) {
		if (rdmsr_safe(MSR_IA32_MC0_CTL + 4 * b + 1, &st) || !(st & MCI_STATUS_VAL))
			continue;
		if (first) {
			seen_bank = b;
			seen_status = st;
			first = 0;
		}
		wrmsr_safe(MSR_IA32_MC0_CTL + 4 * b + 1, 0);
	}
}

/*
 * #MC.  Clearing MCG_STATUS.MCIP makes a second machine check an #MC again
 * rather than a shutdown (SDM Vol. 3B, "Machine-Check Exception"); the
 * interrupted code goes on (MCG_STATUS.RIPV, set by the injections used
 * here).  A parked AP's park loop counts the wake.
 */
static int mce_handler(struct int_frame *f)
{
	uint64_t mcg = 0;

	(void)f;
	rdmsr_safe(MSR_IA32_MCG_STATUS, &mcg);
	if (!(mcg & MCG_STATUS_RIPV)) {
		/* RIPV clear: the interrupted instruction cannot be returned
		 * to (a consumed poisoned load would run again; SDM Vol. 3B,
		 * "IA32_MCG_STATUS").  The banks stay as they are for the next
		 * boot's mce_boot records; the BSP in a cycle resets, so that
		 * boot attributes them to the cycle; any other CPU stops. */
		if (cpu_is_bsp() && rsv.area && rsv.area->h.inflight)
			machine_reset();
		for (;;)
			asm volatile("cli; hlt" ::: "memory");
	}
	if (cpu_is_bsp()) {
		seen_mcg = mcg;
		harvest_banks();
		__atomic_add_fetch(&bsp_mces, 1, __ATOMIC_SEQ_CST);
	} else {
		harvest_banks(); /* this CPU's own banks: cleared for the next one */
	}
	wrmsr_safe(MSR_IA32_MCG_STATUS, 0);
	return 1;
}

void mce_install(void)
{
	idt_set_handler(VEC_MC, mce_handler);
}

static void send_mce(int after, const char *via, int injected, const char *why)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_MCE);
	pd_rec_u(&w, PD_F_N, rsv.area->h.inflight_cycle);
	pd_rec_s(&w, PD_F_WHEN, after ? "after" : "before");
	pd_rec_s(&w, PD_F_VIA, via);
	pd_rec_u(&w, PD_F_INJECTED, (uint32_t)injected);
	if (injected) {
		pd_rec_u(&w, PD_F_BANK, seen_bank);
		pd_rec_x(&w, PD_F_STATUS, seen_status);
		pd_rec_x(&w, PD_F_MCG, seen_mcg);
	}
	if (why)
		pd_rec_s(&w, PD_F_WHY, why);
	rec_send(&w);
}

/* Until the BSP took one more machine check than before, or the deadline. */
static int wait_for_mce(uint32_t before)
{
	uint64_t deadline = tsc_deadline(platform_wait_us(PD_WAIT_MCE));

	while (READ_ONCE(bsp_mces) == before && rdtsc() < deadline)
		cpu_relax();
	return READ_ONCE(bsp_mces) != before;
}

void mce_provoke(int after)
{
	struct pd_area_cycle *cy = &rsv.area->cycle[rsv.area->h.inflight_cycle];
	uint32_t before = READ_ONCE(bsp_mces);
	struct pd_rec_writer w;
	const char *via, *why = 0;
	char reason[96];
	int injected = 0;

	seen_bank = 0;
	seen_status = seen_mcg = 0;
	if (!has_mca()) {
		via = "none";
		why = "the CPU has no machine-check architecture (CPUID.1:EDX MCE/MCA)";
	} else if (einj_present()) {
		via = "einj";
		if (einj_inject(reason, sizeof(reason)) == 0) {
			injected = wait_for_mce(before);
			if (!injected)
				why = "EINJ executed, but no machine check reached the BSP in time";
		} else {
			why = reason;
		}
	} else if (rsv.area->h.platform == PD_QEMU_TCG) {
		/* The host, which owns QEMU's monitor, answers with "mce -b". */
		via = "host";
		rec_start(&w, PD_REC_INJECT);
		pd_rec_s(&w, PD_F_WHAT_KIND, opts.mce_ripv ? PD_INJECT_MCE : PD_INJECT_MCE_NORIPV);
		pd_rec_u(&w, PD_F_N, rsv.area->h.inflight_cycle);
		pd_rec_s(&w, PD_F_WHEN, after ? "after" : "before");
		rec_send(&w);
		injected = wait_for_mce(before);
		if (!injected)
			why = "no machine check arrived: the host did not inject one (no QEMU "
			      "monitor, or QEMU refused: see the host's notes)";
	} else {
		via = "none";
		why = "no ACPI EINJ table: the firmware offers no error injection (enable it in "
		      "the BIOS setup)";
	}
	if (injected)
		cy->flags |= PD_CYCLE_MCE_SEEN;
	else
		cy->flags |= PD_CYCLE_MCE_SKIPPED;
	send_mce(after, via, injected, why);
}

void mce_leave_corrected(void)
{
	struct pd_rec_writer w;

	if (!has_mca() || rsv.area->h.platform != PD_QEMU_TCG)
		return;
	rec_start(&w, PD_REC_INJECT);
	pd_rec_s(&w, PD_F_WHAT_KIND, PD_INJECT_MCE_CE);
	pd_rec_u(&w, PD_F_N, rsv.area->h.inflight_cycle);
	pd_rec_s(&w, PD_F_WHEN, "before");
	rec_send(&w);
	/* No #MC comes of a corrected error: time for the host to act. */
	udelay(platform_wait_us(PD_WAIT_MCE));
}
