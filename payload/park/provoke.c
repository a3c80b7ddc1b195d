/* SPDX-License-Identifier: MIT */
/*
 * Provocations while the APs are parked: a store to each monitored line
 * (not the kick), an NMI IPI to each, an SMI through the FADT SMI command
 * port (ACPI 6.5, 5.2.9: SMI_CMD, written with ACPI_ENABLE as firmware
 * expects at boot).  Every SMI is timed with the TSC; the results area
 * says "smi" while one is in flight, so a hang shows as a reset there.
 */
#include "park/provoke.h"
#include "park/park.h"
#include "park/mce.h"
#include "cpus/apic.h"
#include "cpus/cpu.h"
#include "cpus/trampoline.h"
#include "platform/platform.h"
#include "mem/reserved.h"
#include "platform/acpi.h"
#include "options/options.h"
#include "report/report.h"
#include "platform/tsc.h"
#include "arch/x86/insn.h"

extern char image_base[], __image_end[];

static uint32_t smi_once(void)
{
	uint8_t value = opts.smi_value >= 0 ? (uint8_t)opts.smi_value : acpi.acpi_enable;
	uint32_t phase = rsv.area->h.inflight_phase;
	uint64_t t0, t1;

	rsv.area->h.inflight_phase = PD_PHASE_SMI;
	pd_area_seal(rsv.area);
	t0 = rdtsc();
	outb((uint16_t)acpi.smi_cmd, value);
	t1 = rdtsc();
	rsv.area->h.inflight_phase = phase;
	pd_area_seal(rsv.area);
	return (uint32_t)tsc_to_us(t1 - t0) + 1; /* never 0: 0 means no SMI */
}

/* Wake-ups a CPU has shown so far: its park loop's count, plus the NMIs it
 * took in wait-for-SIPI (init mode, caught by the trampoline). */
static uint32_t seen(uint32_t i)
{
	const struct pd_area_cpu *s = &rsv.area->cpu[i];

	return s->wakes + trampoline_wfs_hits(i, s->apic_id);
}

/* Until every NMI'd (or machine-checked) CPU showed a wake-up, or the
 * deadline: under TCG a vCPU may take a while to be scheduled and take its
 * NMI or #MC, and one still pending when rediscovery INITs it would meet
 * CR4.MCE clear. */
static void wait_nmis_taken(const uint32_t *before, uint64_t deadline)
{
	uint32_t i, pending;

	do {
		pending = 0;
		for (i = 1; i < rsv.area->h.ncpus; i++)
			if ((rsv.area->cpu[i].flags & PD_AREA_CPU_PARKED) && seen(i) == before[i])
				pending++;
		cpu_relax();
	} while (pending && rdtsc() < deadline);
}

uint32_t provoke_parked(unsigned prov, int after, uint64_t settle_us)
{
	static int warned_smi;
	static uint32_t before[PD_AREA_MAX_CPUS];
	uint64_t lo = (uint64_t)(uintptr_t)image_base, hi = (uint64_t)(uintptr_t)__image_end;
	uint64_t settle_end;
	uint32_t i, esr, smi_us = 0;

	for (i = 1; i < rsv.area->h.ncpus; i++)
		before[i] = seen(i);

	for (i = 1; i < rsv.area->h.ncpus; i++) {
		struct pd_area_cpu *s = &rsv.area->cpu[i];

		if (!(s->flags & PD_AREA_CPU_PARKED))
			continue;
		if (prov & PD_PROVOKE_MONITOR_WRITE) {
			/* After the handover the line is the old instance's; do
			 * not write into the running image (kexec_load=same). */
			uint64_t line = after ? s->line_addr : (uint64_t)(uintptr_t)park_line(i);

			if (line && !(after && line >= lo && line < hi))
				*(volatile uint32_t *)(uintptr_t)line = PARK_CONTROL_POKE;
		}
		if (prov & PD_PROVOKE_NMI)
			apic_send_nmi(s->apic_id, &esr);
	}
	if (prov & PD_PROVOKE_SMI) {
		if (!acpi.smi_cmd) {
			if (!warned_smi++)
				report_error(
				    PD_LEVEL_WARN, PD_ERR_NO_SMI,
				    "smi provocation skipped: the FADT has no SMI_CMD port");
		} else {
			smi_us = smi_once();
		}
	}
	if (prov & PD_PROVOKE_MCE)
		mce_provoke(after);
	settle_end = tsc_deadline(settle_us);
	/* NMIs and machine checks: each parked CPU shows it took its own
	 * before the next step (rediscovery INITs them). */
	if (prov & (PD_PROVOKE_NMI | PD_PROVOKE_MCE))
		wait_nmis_taken(before, tsc_deadline(platform_wait_us(PD_WAIT_TAKEN)));
	while (rdtsc() < settle_end)
		cpu_relax();
	return smi_us;
}
