/* SPDX-License-Identifier: MIT */
/*
 * One run on the BSP: boot info, options, serial, memory, ACPI, TSC, SMBIOS,
 * APIC, CPU list, AP bring-up, probes, consistency, records, end.
 */
#include "boot/layout.h"
#include "cpus/apic.h"
#include "cpus/consistency.h"
#include "cpus/cpu.h"
#include "cpus/cpu_report.h"
#include "cpus/smpboot.h"
#include "platform/acpi.h"
#include "platform/bootinfo.h"
#include "platform/memalloc.h"
#include "platform/options.h"
#include "platform/paging.h"
#include "platform/report.h"
#include "platform/runend.h"
#include "platform/serial.h"
#include "platform/smbios.h"
#include "platform/tsc.h"
#include "lib/string.h"
#include "lib/x86.h"

#define PD_VERSION "0.1.0"

extern char image_base[], __image_end[];

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
	pd_rec_s(&w, PD_F_PATH, "multiboot");
	pd_rec_s(&w, PD_F_LOADER, bootinfo.loader);
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
	rec_send(&w);
}

static void report_tsc(enum tsc_source src)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_TSC);
	pd_rec_u(&w, PD_F_KHZ, tsc_khz());
	pd_rec_s(&w, PD_F_SOURCE, tsc_source_name(src));
	rec_send(&w);
	if (src == TSC_SOURCE_NONE)
		report_error(PD_LEVEL_WARN, PD_ERR_TSC,
			     "neither PIT nor PM timer counted: delays assume 1 GHz");
}

static void report_apic(enum apic_mode mode, const struct smpboot_stats *st)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_APIC);
	pd_rec_s(&w, PD_F_MODE, apic_mode_name(mode));
	pd_rec_u(&w, PD_F_BSP, cpus[0].apic_id);
	pd_rec_u(&w, PD_F_INIT_UDELAY, st->init_udelay);
	pd_rec_x(&w, PD_F_TRAMPOLINE, st->trampoline);
	pd_rec_u(&w, PD_F_ALL_UP_US, st->all_up_us);
	rec_send(&w);
}

static void report_end(uint32_t mismatches, const struct smpboot_stats *st, int pass)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_END);
	pd_rec_u(&w, PD_F_CPUS, ncpus);
	pd_rec_u(&w, PD_F_ONLINE, st->online + 1);
	pd_rec_u(&w, PD_F_LOST, st->lost);
	pd_rec_u(&w, PD_F_ERRORS, report_errors());
	pd_rec_u(&w, PD_F_MISMATCHES, mismatches);
	pd_rec_s(&w, PD_F_VERDICT, pass ? PD_VERDICT_PASS : PD_VERDICT_FAIL);
	pd_rec_u(&w, PD_F_RECORDS, report_records_sent()); /* this one included */
	rec_send(&w);
}

static void setup_memory(void)
{
	struct paging_stats ps;
	uint32_t r[4];
	int use_1g = 0;

	if (!bootinfo.have_mmap)
		report_error(PD_LEVEL_WARN, PD_ERR_NO_MMAP,
			     "no multiboot memory map: using mem_lower/mem_upper only");
	memalloc_init((uint64_t)(uintptr_t)image_base, (uint64_t)(uintptr_t)__image_end);
	cpuid_count(0x80000000, 0, r);
	if (r[0] >= 0x80000001) {
		cpuid_count(0x80000001, 0, r);
		use_1g = !!(r[3] & (1u << 26)); /* Page1GB */
	}
	if (paging_identity_map(bootinfo.max_addr, use_1g, &ps))
		report_error(PD_LEVEL_WARN, PD_ERR_PAGING,
			     "no memory for page tables: only the first 4 GiB are mapped");
}

void kmain(uint32_t magic, uint64_t mbi)
{
	static struct madt_cpu *madt_cpus;
	struct smpboot_stats st;
	enum tsc_source src;
	enum apic_mode mode;
	uint32_t mismatches;
	int pass;

	/* Copy what the loader left us before anything can overwrite it. */
	bootinfo_from_multiboot(magic, mbi);
	options_parse(bootinfo.cmdline);
	serial_init(opts.console_port, opts.console_baud);
	report_init(new_run_id(), 1);
	serial_write("\r\n", 2);
	report_boot();
	options_report();
	if (opts.fault_bsp)
		asm volatile("ud2"); /* fault injection: an exception record, then the end */

	setup_memory();
	madt_cpus = memalloc(ACPI_MAX_CPUS * sizeof(*madt_cpus), 64);
	if (!madt_cpus) {
		report_error(PD_LEVEL_FAIL, PD_ERR_NO_MEMORY, "no memory for the MADT CPU list");
		run_end(RUN_BROKEN);
	}
	acpi_init(madt_cpus);
	report_acpi();
	tsc_calibrate(acpi.pm_tmr_port, opts.clock == CLOCK_PIT ? 1 : opts.clock == CLOCK_PMTIMER ? 2 : 0,
		      &src);
	report_tsc(src);
	smbios_report();

	mode = apic_init_bsp(opts.x2apic == X2APIC_AUTO);
	if (cpus_setup())
		run_end(RUN_BROKEN);
	if (!acpi.have_madt || acpi.ncpus == 0)
		report_error(PD_LEVEL_WARN, PD_ERR_BSP_ONLY,
			     acpi.have_madt ? "the MADT lists no CPU: BSP-only run"
					    : "no usable ACPI MADT: BSP-only run");
	smp_boot_aps(&st);
	report_apic(mode, &st);

	inject_fake_mismatch();
	report_cpus();
	report_features();
	report_topology();
	report_cpuid_dump(opts.cpuid_dump);
	mismatches = check_consistency();

	pass = report_fail_errors() == 0 && mismatches == 0 && st.lost == 0;
	report_end(mismatches, &st, pass);
	run_end(pass ? RUN_PASS : RUN_FAIL);
}
