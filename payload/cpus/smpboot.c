/* SPDX-License-Identifier: MIT */
/*
 * AP bring-up, as the SDM's MP initialization protocol (vol. 3A, 9.4.4 and
 * the INIT-SIPI-SIPI sequence) and Linux's do_boot_cpu() do it, but for all
 * APs in parallel: INIT to every AP, one delay, SIPI to every AP, a short
 * delay, a second SIPI to those not yet in, then a bounded wait.  Defensive
 * as limine's MP start: the BSP is found by its own APIC ID, broadcast and
 * duplicate IDs never get an IPI, and IDs the APIC mode cannot address are
 * skipped with a record.
 */
#include "cpus/smpboot.h"
#include "boot/bootkind.h"
#include "cpus/apic.h"
#include "cpus/cpu.h"
#include "cpus/msr_probe.h"
#include "cpus/probe.h"
#include "cpus/trampoline.h"
#include "boot/idt.h"
#include "boot/layout.h"
#include "mem/memalloc.h"
#include "options/options.h"
#include "platform/platform.h"
#include "report/report.h"
#include "platform/tsc.h"
#include "lib/string.h"
#include "arch/x86/insn.h"
#include "arch/x86/desc.h"

#define STACK_CANARY	   0x5afec0de5afec0deull
#define STACK_CANARY_LEN   8	 /* quadwords at the bottom of each AP stack */
#define LEGACY_INIT_UDELAY 10000 /* 10 ms: the MP spec's wait after INIT */

extern struct desc_ptr gdt64_ptr;

static void cpu_skipped(struct cpu *c, const char *code, const char *what)
{
	c->state = PD_CPU_SKIPPED;
	report_cpu_error(PD_LEVEL_WARN, code, c->apic_id, what);
}

/* Fault injection (bsp_apic_id=): the BSP's xAPIC ID rewritten as firmware
 * may, on the first boot only (the register keeps it across a kexec). */
static void rewrite_bsp_apic_id(void)
{
	if (opts.bsp_apic_id < 0 || !boot_first())
		return;
	if (apic_set_xapic_id((uint32_t)opts.bsp_apic_id))
		report_error(PD_LEVEL_WARN, PD_ERR_BAD_OPTION,
			     "bsp_apic_id: the xAPIC ID register did not take the write "
			     "(x2APIC mode, or read-only on this CPU)");
}

int cpus_setup(void)
{
	uint32_t bsp_id, n = acpi.ncpus, i, bsp_madt = ~0u;

	rewrite_bsp_apic_id();
	/* The BSP by its APIC ID register, as the MADT and every IPI name it:
	 * CPUID's initial ID misses a firmware rewrite, and an MADT entry
	 * mistaken for an AP would be sent INIT, resetting the BSP itself. */
	bsp_id = apic_id_self();

	for (i = 0; i < n; i++)
		if (acpi.cpus[i].apic_id == bsp_id)
			bsp_madt = i;
	/* BSP first, then every other MADT CPU in MADT order. */
	ncpus = (n ? n : 1) + (n && bsp_madt == ~0u ? 1 : 0);
	cpus = memalloc((uint64_t)ncpus * sizeof(*cpus), 64);
	if (!cpus) {
		report_error(PD_LEVEL_FAIL, PD_ERR_NO_MEMORY, "no memory for the CPU table");
		return -1;
	}
	cpus[0].apic_id = bsp_id;
	cpus[0].state = PD_CPU_BSP;
	cpus[0].src = MADT_SRC_NONE;
	if (bsp_madt != ~0u) {
		cpus[0].uid = acpi.cpus[bsp_madt].uid;
		cpus[0].madt_flags = acpi.cpus[bsp_madt].flags;
		cpus[0].src = acpi.cpus[bsp_madt].src;
	} else if (n) {
		report_cpu_error(PD_LEVEL_WARN, PD_ERR_CPU_SKIPPED, bsp_id,
				 "the BSP's own APIC ID is not in the MADT");
	}
	ncpus = 1;
	for (i = 0; i < n; i++) {
		struct cpu *c;

		if (i == bsp_madt)
			continue;
		c = &cpus[ncpus];
		c->idx = ncpus++;
		c->apic_id = acpi.cpus[i].apic_id;
		c->uid = acpi.cpus[i].uid;
		c->madt_flags = acpi.cpus[i].flags;
		c->src = acpi.cpus[i].src;
		c->state = PD_CPU_LOST; /* until it checks in */
		if (!(c->madt_flags & MADT_ENABLED))
			c->state = PD_CPU_DISABLED;
		else if (c->apic_id > apic_max_id())
			cpu_skipped(c, PD_ERR_X2APIC,
				    "APIC ID above 254 needs x2APIC mode, which is off or absent");
	}
	cpu_probe(&cpus[0]);
	return 0;
}

static uint32_t choose_init_udelay(const struct cpuid_facts *f)
{
	if (opts.init_udelay >= 0)
		return (uint32_t)opts.init_udelay;
	/* Linux's smp_quirk_init_udelay(): P6 and later Intel, K8 and later
	 * AMD, and virtual CPUs need no 10 ms wait after INIT. */
	if (f->hypervisor || (f->vendor == CPUID_VENDOR_INTEL && f->family >= 6) ||
	    ((f->vendor == CPUID_VENDOR_AMD || f->vendor == CPUID_VENDOR_HYGON) &&
	     f->family >= 0xf))
		return 0;
	return LEGACY_INIT_UDELAY;
}

static int startable(const struct cpu *c)
{
	return c->idx != 0 && c->state == PD_CPU_LOST;
}

static void ipi_error(struct cpu *c, const char *what, uint32_t esr)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_ERROR);
	pd_rec_s(&w, PD_F_LEVEL, PD_LEVEL_FAIL);
	pd_rec_s(&w, PD_F_CODE, PD_ERR_APIC_SEND);
	pd_rec_u(&w, PD_F_APIC, c->apic_id);
	pd_rec_x(&w, PD_F_ESR, esr);
	pd_rec_s(&w, PD_F_WHAT, what);
	report_count_error(PD_LEVEL_FAIL);
	rec_send(&w);
}

static void (*ap_work_setup)(void);
static ap_idle_fn ap_work_idle;

void smp_set_ap_work(void (*setup)(void), ap_idle_fn idle)
{
	ap_work_setup = setup;
	ap_work_idle = idle;
}

void ap_entry(uint32_t idx)
{
	struct cpu *c = &cpus[idx];

	asm volatile("lgdt %0" : : "m"(gdt64_ptr));
	idt_load();
	cpu_set_self(c);
	/* Its own clock: the BSP's polling loop would add its own lag. */
	c->up_tsc = rdtsc();
	barrier();
	WRITE_ONCE(c->alive, 1);
	apic_init_ap();
	if (ap_work_setup)
		ap_work_setup();
	if (boot_first() && id_list_has(&opts.fault, c->apic_id))
		asm volatile("ud2"); /* fault injection: must become an exception record */
	if (boot_first() && id_list_has(&opts.fake_pat, c->apic_id))
		msr_probe_skew_pat(); /* fault injection: must become an MSR mismatch */
	cpu_probe(c);
	barrier();
	WRITE_ONCE(c->probed, 1);
	/* Waiting for the stop IPI of the first cycle (or for nothing). */
	if (ap_work_idle)
		ap_work_idle(c);
	halt_forever();
}

/* Waits for the started APs to check in, stamping each one's arrival. */
static void wait_for_alive(uint64_t deadline)
{
	uint32_t pending = 1;

	while (pending && rdtsc() < deadline) {
		uint32_t i;

		pending = 0;
		for (i = 1; i < ncpus; i++) {
			struct cpu *c = &cpus[i];

			if (!c->sipi_tsc || c->state != PD_CPU_LOST)
				continue;
			if (READ_ONCE(c->alive)) {
				/* TSCs not in step with the BSP's: its view instead. */
				if (c->up_tsc < c->sipi_tsc)
					c->up_tsc = rdtsc();
				c->state = PD_CPU_ONLINE;
			} else {
				pending++;
			}
		}
		cpu_relax();
	}
}

/* Fault injection: INIT sent, SIPI withheld (skip_sipi=, or lose= after a
 * handover), so the CPU stays in wait-for-SIPI and must be reported lost. */
static int withheld(const struct cpu *c, int rediscover)
{
	return id_list_has(&opts.skip_sipi, c->apic_id) ||
	       (rediscover && id_list_has(&opts.lose, c->apic_id));
}

void smp_boot_aps(struct smpboot_stats *st, int rediscover)
{
	uint32_t i, n = 0, esr;
	int rc;
	struct tr_cpu *table;
	uint64_t page, t0, deadline, last = 0;
	volatile uint32_t *unknown;

	memset(st, 0, sizeof(*st));
	for (i = 1; i < ncpus; i++)
		n += startable(&cpus[i]);
	st->init_udelay = choose_init_udelay(&cpus[0].facts);
	if (!n)
		return;
	page = memalloc_low_pages(TR_PAGES);
	table = memalloc((uint64_t)n * sizeof(*table), 64);
	if (!page || !table || trampoline_install(page, table, n, ap_entry)) {
		report_error(PD_LEVEL_FAIL, PD_ERR_NO_MEMORY,
			     "no page below 1 MiB or page tables above 4 GiB: APs not started");
		return;
	}
	st->trampoline = page;
	trampoline_page = page;
	/* An NMI held across wait-for-SIPI is taken as the SIPI starts the CPU
	 * here: IVT[2] must lead to this page's handler, wherever the last
	 * instance had its trampoline. */
	trampoline_catch_wfs_nmi();
	unknown = (volatile uint32_t *)(uintptr_t)(page + TR_UNKNOWN);
	n = 0;
	for (i = 1; i < ncpus; i++) {
		struct cpu *c = &cpus[i];
		uint64_t *stack;
		unsigned k;

		if (!startable(c))
			continue;
		stack = memalloc(PD_AP_STACK_SIZE, 4096);
		if (!stack) {
			cpu_skipped(c, PD_ERR_NO_MEMORY, "no memory for this AP's stack");
			continue;
		}
		for (k = 0; k < STACK_CANARY_LEN; k++)
			stack[k] = STACK_CANARY;
		c->stack_base = (uint64_t)(uintptr_t)stack;
		/* As if called: the ABI wants RSP + 8 16-byte aligned at entry. */
		c->stack_top = c->stack_base + PD_AP_STACK_SIZE - 8;
		table[n++] = (struct tr_cpu){c->apic_id, c->idx, c->stack_top};
	}
	*(uint32_t *)(uintptr_t)(page + TR_COUNT) = n;

	t0 = rdtsc();
	for (i = 1; i < ncpus; i++) {
		struct cpu *c = &cpus[i];

		if (!startable(c) || !c->stack_top)
			continue;
		rc = apic_send_init(c->apic_id, &esr);
		if (rc == APIC_SEND_SELF) {
			cpu_skipped(
			    c, PD_ERR_APIC_SEND,
			    "INIT not sent: the MADT entry is the running CPU's own APIC ID");
			continue;
		}
		st->started++;
		if (rc)
			ipi_error(c, "INIT not delivered", esr);
		if (st->init_udelay && apic_send_init_deassert(c->apic_id, &esr))
			ipi_error(c, "INIT de-assert not delivered", esr);
	}
	udelay(st->init_udelay);
	for (i = 1; i < ncpus; i++) {
		struct cpu *c = &cpus[i];

		if (!startable(c) || !c->stack_top)
			continue;
		c->sipi_tsc = rdtsc();
		/* Fault injection: INIT sent, SIPI withheld, so it stays in
		 * wait-for-SIPI and must be reported lost. */
		if (withheld(c, rediscover))
			continue;
		if (apic_send_sipi(c->apic_id, (uint8_t)(page >> 12), &esr))
			ipi_error(c, "SIPI not delivered", esr);
	}
	/* Linux waits 10 us after a SIPI on modern CPUs, 300 us otherwise. */
	udelay(st->init_udelay ? 300 : 10);
	for (i = 1; i < ncpus; i++) {
		struct cpu *c = &cpus[i];

		if (!c->sipi_tsc || READ_ONCE(c->alive) || withheld(c, rediscover))
			continue;
		if (apic_send_sipi(c->apic_id, (uint8_t)(page >> 12), &esr))
			ipi_error(c, "second SIPI not delivered", esr);
	}
	deadline = tsc_deadline(platform_wait_us(PD_WAIT_AP));
	wait_for_alive(deadline);

	for (i = 1; i < ncpus; i++) {
		struct cpu *c = &cpus[i];

		if (!c->sipi_tsc)
			continue;
		if (c->state == PD_CPU_ONLINE) {
			st->online++;
			if (c->up_tsc > last)
				last = c->up_tsc;
		} else {
			st->lost++;
			if (!rediscover)
				report_cpu_error(
				    PD_LEVEL_FAIL, PD_ERR_CPU_LOST, c->apic_id,
				    "no check-in after INIT-SIPI-SIPI within ap_timeout_ms");
		}
	}
	st->all_up_us = last ? tsc_to_us(last - t0) : 0;

	/* Then the probes (CPUID and MSRs on each AP), bounded too. */
	deadline = tsc_deadline(platform_wait_us(PD_WAIT_AP));
	for (i = 1; i < ncpus; i++) {
		struct cpu *c = &cpus[i];

		if (c->state != PD_CPU_ONLINE)
			continue;
		while (!READ_ONCE(c->probed) && rdtsc() < deadline)
			cpu_relax();
		if (!READ_ONCE(c->probed))
			report_cpu_error(PD_LEVEL_FAIL, PD_ERR_PROBE, c->apic_id,
					 "checked in but never finished its CPUID probe");
	}
	for (i = 1; i < ncpus; i++) {
		struct cpu *c = &cpus[i];
		const uint64_t *stack = (const uint64_t *)(uintptr_t)c->stack_base;
		unsigned k;

		if (!stack || c->state != PD_CPU_ONLINE)
			continue;
		c->canary_ok = 1;
		for (k = 0; k < STACK_CANARY_LEN; k++)
			if (stack[k] != STACK_CANARY)
				c->canary_ok = 0;
		if (!c->canary_ok)
			report_cpu_error(PD_LEVEL_FAIL, PD_ERR_STACK, c->apic_id,
					 "AP stack canary overwritten");
	}
	st->unknown = *unknown;
	if (st->unknown)
		report_error(PD_LEVEL_FAIL, PD_ERR_UNEXPECTED_CPU,
			     "CPUs not in the MADT ran the trampoline");
}
