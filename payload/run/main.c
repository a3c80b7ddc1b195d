/* SPDX-License-Identifier: MIT */
/*
 * One run on the BSP: boot info, options, serial, memory, ACPI, TSC, SMBIOS,
 * APIC, CPU list, AP bring-up, probes, consistency, records, end.
 */
#include "boot/handoff.h"
#include "boot/layout.h"
#include "cpus/apic.h"
#include "cpus/consistency.h"
#include "cpus/cpu.h"
#include "cpus/cpu_report.h"
#include "cpus/exception.h"
#include "cpus/msr_consistency.h"
#include "cpus/smpboot.h"
#include "cpus/trampoline.h"
#include "platform/acpi.h"
#include "platform/einj.h"
#include "boot/bootinfo.h"
#include "boot/bootkind.h"
#include "platform/console.h"
#include "mem/memalloc.h"
#include "options/options.h"
#include "mem/paging.h"
#include "platform/platform.h"
#include "report/report.h"
#include "platform/runend.h"
#include "report/serial.h"
#include "platform/smbios.h"
#include "platform/bmc.h"
#include "platform/watchdog.h"
#include "platform/sel.h"
#include "results/ipmi.h"
#include "park/mce_boot.h"
#include "platform/tsc.h"
#include "cycle/cycle.h"
#include "cycle/verdict.h"
#include "kexec/kexec.h"
#include "kexec/relocate.h"
#include "mem/reserved.h"
#include "cycle/schedule.h"
#include "park/mce.h"
#include "park/park.h"
#include "park/park_page.h"
#include "park/stop.h"
#include "lib/string.h"
#include "arch/x86/insn.h"
#include "arch/x86/desc.h"

#define PD_VERSION "0.1.0"

extern char image_base[], __image_end[], gdt64[];
extern struct desc_ptr gdt64_ptr;

void kmain(uint32_t magic, uint64_t mbi);

/* A run id that differs from boot to boot: RDRAND when there is one, else
 * the TSC, mixed (the id only has to tell runs apart in one log). */
static uint32_t new_run_id(void)
{
	uint32_t r[4], v = 0;
	uint64_t t = rdtsc();
	int ok = 0;

	cpuid_count(1, 0, r);
	if (r[2] & (1u << 30)) {
		int tries;

		for (tries = 0; tries < 10 && !ok; tries++)
			asm volatile("rdrand %0; setc %b1" : "=r"(v), "=q"(ok) : : "cc");
	}
	if (!ok)
		v = (uint32_t)(t ^ (t >> 29)) * 2654435761u;
	return v ? v : 1;
}

static void report_boot(void)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_BOOT);
	pd_rec_s(&w, PD_F_VERSION, PD_VERSION);
	pd_rec_u(&w, PD_F_FORMAT, PD_FORMAT_VERSION);
	pd_rec_s(&w, PD_F_PATH, bootinfo.path ? bootinfo.path : "multiboot");
	pd_rec_s(&w, PD_F_LOADER, bootinfo.loader);
	console_fields(&w); /* before the command line, which may not fit */
	pd_rec_s(&w, PD_F_CMDLINE, bootinfo.cmdline);
	pd_rec_u(&w, PD_F_MEM_KB, bootinfo.ram_kb);
	pd_rec_x(&w, PD_F_BASE, (uint64_t)(uintptr_t)image_base);
	rec_send(&w);
}

static void report_acpi(void)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_ACPI);
	pd_rec_x(&w, PD_F_RSDP, acpi.rsdp);
	pd_rec_u(&w, PD_F_REV, acpi.revision);
	pd_rec_s(&w, PD_F_OEM, acpi.oem);
	pd_rec_s(&w, PD_F_SDT, acpi.xsdt ? "xsdt" : "rsdt");
	pd_rec_u(&w, PD_F_MADT, (uint64_t)acpi.have_madt);
	pd_rec_u(&w, PD_F_FADT, (uint64_t)acpi.have_fadt);
	pd_rec_x(&w, PD_F_LAPIC, acpi.lapic_addr);
	pd_rec_x(&w, PD_F_SMI_CMD, acpi.smi_cmd);
	pd_rec_x(&w, PD_F_PM_TMR, acpi.pm_tmr_port);
	pd_rec_u(&w, PD_F_ENTRIES, acpi.madt_entries);
	pd_rec_u(&w, PD_F_HW_REDUCED, acpi.hw_reduced);
	pd_rec_x(&w, PD_F_HPET, acpi.hpet);
	rec_send(&w);
}

/* The run's TSC frequency, each source's value or why it gave none, and
 * the cross-check; a disagreement or no source at all is an error. */
static void report_tsc(const struct tsc_calibration *c)
{
	struct pd_rec_writer w;
	int s;

	rec_start(&w, PD_REC_TSC);
	if (c->used != PD_TSC_NONE)
		pd_rec_u(&w, PD_F_KHZ, c->khz[c->used]);
	pd_rec_s(&w, PD_F_SOURCE, pd_tsc_source_name(c->used));
	if (c->check != PD_TSC_NONE) {
		pd_rec_s(&w, PD_F_CHECK, pd_tsc_source_name(c->check));
		pd_rec_u(&w, PD_F_DIFF_PPM, c->diff_ppm);
	}
	if (c->outvoted)
		pd_rec_u(&w, PD_F_OUTVOTED, 1);
	for (s = PD_TSC_CPUID; s < PD_TSC_SOURCE_COUNT; s++) {
		const char *name = pd_tsc_source_name(s);

		if (c->khz[s]) {
			pd_rec_u(&w, name, c->khz[s]);
		} else if (c->why[s]) {
			pd_rec_s(&w, pd_tsc_source_why_key(s), c->why[s]);
		}
	}
	rec_send(&w);
	if (c->used == PD_TSC_NONE)
		report_error(PD_LEVEL_FAIL, PD_ERR_TSC,
			     opts.clock == CLOCK_AUTO
				 ? "no clock measured the TSC (no CPUID leaf 15H, HPET, PM timer "
				   "or working PIT): the schedule does not start"
				 : "the clock= source gave no TSC frequency: the schedule does "
				   "not start");
	else if (c->disagree)
		report_error(PD_LEVEL_WARN, PD_ERR_TSC_DISAGREE,
			     c->outvoted ? "the TSC sources disagree: the preferred one was "
					   "outvoted by two that agree"
					 : "the TSC sources disagree: the preferred one is used");
}

/* The boot's TSC frequency: an earlier instance's, or measured now. */
static void setup_tsc(const struct pd_area_header *h, int later_boot)
{
	static const enum pd_tsc_source only[] = {
	    [CLOCK_AUTO] = PD_TSC_NONE,	  [CLOCK_PIT] = PD_TSC_PIT,
	    [CLOCK_PMTIMER] = PD_TSC_PMTIMER, [CLOCK_HPET] = PD_TSC_HPET,
	    [CLOCK_CPUID] = PD_TSC_CPUID,
	};
	struct tsc_inputs in;
	struct tsc_calibration c;

	if (later_boot) {
		tsc_set_khz(h->tsc_khz);
		return;
	}
	in.cpuid_khz = cpus[0].facts.tsc_khz;
	in.hpet = acpi.hpet;
	in.pm_tmr_port = acpi.pm_tmr_port;
	in.pm_tmr_32bit = acpi.pm_tmr_32bit;
	in.only = only[opts.clock];
	tsc_calibrate(&in, &c);
	report_tsc(&c);
}

static void report_apic(enum apic_mode mode, const struct smpboot_stats *st)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_APIC);
	pd_rec_s(&w, PD_F_MODE, apic_mode_name(mode));
	pd_rec_u(&w, PD_F_BSP, cpus[0].apic_id);
	pd_rec_u(&w, PD_F_INIT_UDELAY, st->init_udelay);
	pd_rec_x(&w, PD_F_TRAMPOLINE, st->trampoline);
	if (tsc_measured()) /* never a time from a frequency nobody measured */
		pd_rec_u(&w, PD_F_ALL_UP_US, st->all_up_us);
	rec_send(&w);
}

static void report_end(uint32_t mismatches, const struct smpboot_stats *st, uint32_t cycles,
		       int pass)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_END);
	pd_rec_u(&w, PD_F_CPUS, ncpus);
	pd_rec_u(&w, PD_F_ONLINE, st->online + 1);
	pd_rec_u(&w, PD_F_LOST, st->lost);
	pd_rec_u(&w, PD_F_ERRORS, report_errors());
	pd_rec_u(&w, PD_F_MISMATCHES, mismatches);
	pd_rec_u(&w, PD_F_CYCLES, cycles);
	pd_rec_s(&w, PD_F_VERDICT, pass ? PD_VERDICT_PASS : PD_VERDICT_FAIL);
	pd_rec_u(&w, PD_F_RECORDS, report_records_sent()); /* this one included */
	rec_send(&w);
}

/* What the first instance's probe found wrong (PD_PROBE_*). */
static uint32_t probe_bits(uint32_t mismatches, const struct smpboot_stats *st)
{
	return (report_fail_errors() || st->lost ? PD_PROBE_BRINGUP : 0) |
	       (mismatches ? PD_PROBE_CONSISTENCY : 0);
}

/* The probe's two verdicts as group records, so a farm sees them as cases. */
static void report_probe_groups(uint32_t failed)
{
	static const struct {
		const char *name;
		uint32_t bit;
	} g[] = {{PD_CASE_BRINGUP, PD_PROBE_BRINGUP}, {PD_CASE_CONSISTENCY, PD_PROBE_CONSISTENCY}};
	struct pd_rec_writer w;
	unsigned i;

	for (i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		rec_start(&w, PD_REC_GROUP);
		pd_rec_s(&w, PD_F_CASE, g[i].name);
		pd_rec_s(&w, PD_F_RESULT, failed & g[i].bit ? PD_VERDICT_FAIL : PD_VERDICT_PASS);
		rec_send(&w);
	}
}

static void setup_memory(void)
{
	struct paging_stats ps;
	int use_1g = idmap_has_1g_pages();
	uint64_t here = (uint64_t)(uintptr_t)image_base;
	uint64_t other = here == PD_LOAD_ALT ? PD_LINK_BASE : PD_LOAD_ALT;

	if (!bootinfo.have_mmap)
		report_error(PD_LEVEL_WARN, PD_ERR_NO_MMAP,
			     "no multiboot memory map: using mem_lower/mem_upper only");
	memalloc_init(here, (uint64_t)(uintptr_t)__image_end);
	/* The other load address is the next instance's: keep it free. */
	memalloc_exclude(other, RESERVED_IMAGE_MAX);
	if (paging_identity_map(use_1g, &ps))
		report_error(PD_LEVEL_WARN, PD_ERR_PAGING,
			     "no memory for page tables: the boot map stays in use");
}

static void report_kexec(const char *why)
{
	const struct pd_area_header *h = &rsv.area->h;
	uint32_t modes = schedule_modes(cpus[0].facts.monitor), i;
	char list[128], prov[160];
	size_t n = 0;
	struct pd_rec_writer w;
	const char *load_why;
	int m, alternate = kexec_loads_alternate(&load_why);

	for (m = 0; m < PD_PARK_MODE_COUNT; m++) {
		const char *name = pd_park_mode_name((enum pd_park_mode)m);

		if (!(modes & (1u << m)))
			continue;
		if (n)
			list[n++] = ',';
		while (*name && n + 1 < sizeof(list))
			list[n++] = *name++;
	}
	list[n] = 0;
	n = 0;
	for (i = 0; i < opts.nprovoke; i++) {
		if (i)
			prov[n++] = '/';
		n += pd_provoke_format(opts.provoke[i], prov + n, sizeof(prov) - n);
	}
	rec_start(&w, PD_REC_KEXEC);
	/* What the handovers do, not what was asked: a fallback says why.
	 * No cycle, no handover: nothing was decided. */
	if (h->cycles_total) {
		pd_rec_s(&w, PD_F_LOAD, alternate ? "alternate" : "same");
		pd_rec_x(&w, PD_F_LOAD_AT, kexec_first_load_at());
	}
	pd_rec_u(&w, PD_F_WBINVD, h->wbinvd);
	pd_rec_s(&w, PD_F_WHY, why);
	pd_rec_x(&w, PD_F_AREA, h->area_addr);
	pd_rec_u(&w, PD_F_CYCLES, h->cycles_total);
	pd_rec_s(&w, PD_F_MODES, list);
	pd_rec_s(&w, PD_F_PROVOKE, prov);
	pd_rec_s(&w, PD_F_ON_RESET, opts.on_reset == ON_RESET_STOP ? "stop" : "continue");
	pd_rec_s(&w, PD_F_PLATFORM, h->platform == PD_QEMU_TCG ? "qemu-tcg" : "hardware");
	pd_rec_x(&w, PD_F_MWAIT_HINT, mwait_hint_in_use());
	if (load_why && h->cycles_total) /* last: a token; the warning said it in words */
		pd_rec_s(&w, PD_F_LOAD_WHY, load_why);
	rec_send(&w);
}

/* The WBINVD every CPU does before parking, timed on the BSP at the first
 * boot (0 when the CPUs do none), for the stop and NMI waits
 * (results/limits.h); later boots take the first one's. */
static uint64_t boot_wbinvd_us(const struct pd_area_header *h, int later_boot)
{
	const char *why;

	if (later_boot)
		return h->wbinvd_us;
	return kexec_wbinvd_decision(&why) ? platform_time_wbinvd_us() : 0;
}

/* First instance: a fresh results area for this run. */
static void area_start(uint32_t run, uint32_t probe_failed)
{
	struct pd_area *a = rsv.area;
	const char *why;
	uint32_t i;

	pd_area_init(a, rsv.base, run);
	a->h.boot = 1;
	a->h.ncpus = ncpus < PD_AREA_MAX_CPUS ? ncpus : PD_AREA_MAX_CPUS;
	for (i = 0; i < a->h.ncpus; i++)
		a->cpu[i].apic_id = cpus[i].apic_id;
	bootinfo_to_area(a);
	a->h.tsc_khz = tsc_measured() ? tsc_khz() : 0;
	a->h.platform = platform_detect();
	a->h.apic_mode = apic_mode();
	a->h.trampoline = (uint32_t)trampoline_page;
	a->h.wbinvd = (uint32_t)kexec_wbinvd_decision(&why);
	a->h.wbinvd_us = (uint32_t)platform_limits()->wbinvd_us;
	a->h.cycles_total = schedule_total(cpus[0].facts.monitor);
	a->h.probe_failed = probe_failed;
	a->h.watchdog_ds = watchdog_countdown_ds();
	a->h.sel_start = sel_run_start(run);
	if (!tsc_measured()) {
		/* Every limit of a cycle is TSC time: none without a frequency
		 * somebody measured (the error said so already). */
		a->h.cycles_total = 0;
	} else if (ncpus > PD_AREA_MAX_CPUS || kexec_save_pristine()) {
		report_error(PD_LEVEL_FAIL, PD_ERR_SCHEDULE,
			     "too many CPUs or image too large for the results area: no cycles");
		a->h.cycles_total = 0;
	}
	pd_area_seal(a);
	report_kexec(why);
}

/* The kind of this boot, once: a new run, the arrival of the next
 * instance after a kexec, or a boot from firmware after a reset in a
 * cycle.  h: the results area's header when there is one, else 0. */
static enum boot_kind find_boot_kind(int kexec, enum pd_area_status *status,
				     struct pd_area_header **h)
{
	enum boot_kind k = BOOT_FIRST;

	*h = 0;
	*status = PD_AREA_EMPTY;
	if (reserved_locate() == 0) {
		*status = pd_area_check(rsv.area, rsv.base);
		*h = &rsv.area->h;
		/* A boot from firmware continues the run in flight only when it
		 * was booted with the same options: otherwise it is a new run. */
		if (*status == PD_AREA_OK && (*h)->inflight) {
			if (kexec)
				k = BOOT_ARRIVAL;
			else if (!memcmp((*h)->cmdline, bootinfo.cmdline, sizeof((*h)->cmdline)))
				k = BOOT_AFTER_RESET;
		}
	}
	boot_kind_set(k);
	return k;
}

/* Run id and boot number: a new run's, or the run's next boot.  The boot
 * number is taken before the first record: an instance that dies after
 * sending some (a reset on arrival) must not leave its number to the next
 * one, whose records would then repeat its (boot, seq) pairs and be
 * dropped as duplicates. */
static uint32_t start_reporting(struct pd_area_header *h)
{
	uint32_t boot = 1;

	if (boot_first()) {
		report_init(new_run_id(), boot);
		return boot;
	}
	boot = h->boot + 1;
	h->boot = boot;
	pd_area_seal(rsv.area);
	report_init(h->run_id, boot);
	report_set_quiet(1);
	return boot;
}

/* The first boot's opening records: boot, options, console, and a results
 * area found but not trusted. */
static void report_first_boot(int kexec, int have_rsv, enum pd_area_status status)
{
	serial_write("\r\n", 2);
	report_boot();
	options_report();
	console_report();
	if (have_rsv && status != PD_AREA_EMPTY) {
		struct pd_rec_writer w;

		rec_start(&w, PD_REC_ERROR);
		pd_rec_s(&w, PD_F_LEVEL, PD_LEVEL_WARN);
		pd_rec_s(&w, PD_F_CODE, PD_ERR_AREA);
		pd_rec_s(&w, PD_F_VALUE, pd_area_status_name(status));
		pd_rec_x(&w, PD_F_ADDR, rsv.base);
		pd_rec_s(&w, PD_F_WHAT,
			 kexec ? "results area not valid after a kexec: started afresh"
			       : "results area found but not valid: not trusted, started afresh");
		report_count_error(PD_LEVEL_WARN);
		rec_send(&w);
	}
}

/* Memory, tables, handlers, the BSP's APIC and CPU list, the TSC and the
 * waits: every boot needs them. */
static enum apic_mode setup_platform(struct pd_area_header *h)
{
	static struct madt_cpu *madt_cpus;
	enum apic_mode mode;

	setup_memory();
	madt_cpus = memalloc(ACPI_MAX_CPUS * sizeof(*madt_cpus), 64);
	if (!madt_cpus) {
		report_error(PD_LEVEL_FAIL, PD_ERR_NO_MEMORY, "no memory for the MADT CPU list");
		run_end(PD_RESULT_BROKEN);
	}
	acpi_init(madt_cpus);
	einj_init(acpi.einj);
	mce_install();
	stop_install();
	mce_enable_this_cpu();
	if (boot_first()) {
		report_acpi();
		smbios_report();
	}
	mode = apic_init_bsp(opts.x2apic == X2APIC_AUTO);
	if (cpus_setup())
		run_end(PD_RESULT_BROKEN);
	/* After the BSP's probe: CPUID's leaf 15H is the first source. */
	setup_tsc(h, !boot_first() && h->tsc_khz);
	platform_limits_init(ncpus, boot_wbinvd_us(h, !boot_first()));
	bmc_setup();
	watchdog_setup(boot_first(), h ? h->watchdog_ds : 0);
	if (boot_first()) {
		bmc_report();
		watchdog_report();
	}
	cpu_set_self(&cpus[0]);
	if (!acpi.have_madt || acpi.ncpus == 0)
		report_error(PD_LEVEL_WARN, PD_ERR_BSP_ONLY,
			     acpi.have_madt ? "the MADT lists no CPU: BSP-only run"
					    : "no usable ACPI MADT: BSP-only run");
	return mode;
}

/* The first boot's probe: what every CPU reports, the comparisons, and a
 * fresh results area.  Returns the mismatches found. */
static uint32_t first_boot_probe(enum apic_mode mode, const struct smpboot_stats *st,
				 int have_rsv)
{
	uint32_t mismatches;

	report_apic(mode, st);
	platform_report_limits();
	inject_fake_mismatch();
	report_cpus();
	report_features();
	report_topology();
	report_cpuid_dump(opts.cpuid_dump);
	mismatches = check_consistency();
	mismatches += check_msr_consistency();
	if (have_rsv)
		area_start(report_run_id(), probe_bits(mismatches, st));
	return mismatches;
}

/* Every boot with a results area: close the cycle this boot ends (an
 * arrival, or a reset seen), then run the rest of the schedule. */
static void resume_schedule(struct pd_area_header *h, uint32_t boot)
{
	park_page_build(kexec_control_build());
	if (boot_kind() == BOOT_ARRIVAL)
		cycle_finish();
	else if (boot_kind() == BOOT_AFTER_RESET)
		cycle_reset_seen();
	h->boot = boot;
	if (trampoline_page)
		h->trampoline = (uint32_t)trampoline_page;
	pd_area_seal(rsv.area);
	if (!(boot_kind() == BOOT_AFTER_RESET && opts.on_reset == ON_RESET_STOP))
		cycles_run();
}

/* The last instance: the table, then the verdict. */
static void finish_run(const struct pd_area_header *h, uint32_t mismatches,
		       const struct smpboot_stats *st)
{
	int pass;

	watchdog_stop();
	if (h)
		sel_mark(PD_SEL_MARK_RUN_END, h->run_id, h->cycles_logged);
	if (h && h->cycles_total) {
		cycles_report_table();
		cycles_report_groups();
		report_probe_groups(h->probe_failed);
		pass = !h->probe_failed && cycles_as_expected();
		report_end(mismatches, st, h->cycles_logged, pass);
	} else {
		uint32_t failed = probe_bits(mismatches, st);

		report_probe_groups(failed);
		pass = !failed;
		report_end(mismatches, st, 0, pass);
	}
	run_end(pass ? PD_RESULT_PASS : PD_RESULT_FAIL);
}

void kmain(uint32_t magic, uint64_t arg)
{
	struct smpboot_stats st;
	enum apic_mode mode;
	enum pd_area_status status;
	uint32_t mismatches = 0, boot;
	int kexec = magic == PD_KEXEC_MAGIC;
	uint64_t t_start = rdtsc();
	struct pd_area_header *h;

	/* Faults become records (and resets in a cycle) from here on. */
	exception_install();
	cycle_install();
	/* Copy what the loader (or the last instance) left us before anything
	 * can overwrite it.  Nothing before kexec_save_pristine() may write
	 * .data: the pristine copy must be the file's image. */
	if (kexec)
		bootinfo_from_area((const struct pd_area *)(uintptr_t)arg);
	else if (magic == PD_EFI_MAGIC)
		bootinfo_from_handoff((const struct pd_handoff *)(uintptr_t)arg);
	else
		bootinfo_from_multiboot(magic, arg);
	gdt64_ptr.base = (uint64_t)(uintptr_t)gdt64;
	asm volatile("lgdt %0" : : "m"(gdt64_ptr));
	options_parse(bootinfo.cmdline);
	console_setup();

	find_boot_kind(kexec, &status, &h);
	boot = start_reporting(h);
	if (boot_first())
		report_first_boot(kexec, h != 0, status);
	if (opts.fault_bsp && boot_first())
		asm volatile("ud2"); /* fault injection: an exception record, then the end */

	mode = setup_platform(h);
	if (boot_kind() == BOOT_ARRIVAL) {
		cycle_arrive(t_start);
		cycle_rediscover();
	}
	smp_set_ap_work(mce_enable_this_cpu, ap_idle);
	smp_boot_aps(&st, boot_kind() == BOOT_ARRIVAL);
	mce_boot_report();
	report_caches_off();

	if (boot_first())
		mismatches = first_boot_probe(mode, &st, h != 0);
	if (h)
		resume_schedule(h, boot);
	finish_run(h, mismatches, &st);
}
