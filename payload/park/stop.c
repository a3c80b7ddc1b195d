/* SPDX-License-Identifier: MIT */
#include "park/stop.h"
#include "park/park.h"
#include "cpus/apic.h"
#include "cpus/cpu.h"
#include "cpus/trampoline.h"
#include "mem/reserved.h"
#include "options/options.h"
#include "platform/platform.h"
#include "report/report.h"
#include "platform/tsc.h"
#include "boot/idt.h"
#include "arch/x86/desc.h"
#include "arch/x86/insn.h"

static int parked(uint32_t i)
{
	return READ_ONCE(rsv.area->cpu[i].flags) & PD_AREA_CPU_PARKED;
}

/* Waits until every online AP has parked, or the deadline; returns how
 * many have not. */
static uint32_t wait_parked(uint64_t deadline)
{
	uint32_t i, pending;

	do {
		pending = 0;
		for (i = 1; i < ncpus; i++)
			if (cpus[i].state == PD_CPU_ONLINE && !parked(i))
				pending++;
		if (!pending)
			break;
		cpu_relax();
	} while (rdtsc() < deadline);
	return pending;
}

/* The stop IPI, or the NMI for a CPU that ignored it (late). */
static int stop_handler(struct int_frame *f)
{
	struct cpu *self = this_cpu();

	if (!self || self->idx == 0 || !park_state.stop_requested)
		return 0;
	if (f->vector == STOP_VECTOR)
		apic_eoi();
	if (!parked(self->idx))
		play_dead(self);
	return 1; /* an NMI while parked: the park loop counts it */
}

void stop_install(void)
{
	idt_set_handler(STOP_VECTOR, stop_handler);
	idt_set_handler(VEC_NMI, stop_handler);
}

void stop_other_cpus(const struct park_request *req, struct stop_result *r)
{
	enum pd_park_mode mode = req->mode;
	uint32_t i, esr;

	r->stopped = r->late = r->failed = 0;
	park_state.mode = mode;
	park_state.mwait_hint = req->mwait_hint;
	park_state.wbinvd = req->wbinvd;
	for (i = 1; i < ncpus; i++)
		rsv.area->cpu[i].flags = 0;
	__atomic_store_n(&park_state.stop_requested, 1, __ATOMIC_SEQ_CST);

	for (i = 1; i < ncpus; i++)
		if (cpus[i].state == PD_CPU_ONLINE)
			apic_send_fixed(cpus[i].apic_id, STOP_VECTOR, &esr);
	if (wait_parked(tsc_deadline(platform_wait_us(PD_WAIT_STOP)))) {
		/* The stragglers: NMI, which no cli keeps out. */
		for (i = 1; i < ncpus; i++) {
			if (cpus[i].state != PD_CPU_ONLINE || parked(i))
				continue;
			__atomic_or_fetch(&rsv.area->cpu[i].flags, PD_AREA_CPU_LATE,
					  __ATOMIC_SEQ_CST);
			apic_send_nmi(cpus[i].apic_id, &esr);
		}
		wait_parked(tsc_deadline(platform_wait_us(PD_WAIT_NMI)));
	}
	if (mode == PD_PARK_INIT) {
		trampoline_clear_wfs_hits();
		trampoline_catch_wfs_nmi();
	}
	for (i = 1; i < ncpus; i++) {
		if (cpus[i].state != PD_CPU_ONLINE)
			continue;
		if (!parked(i)) {
			r->failed++;
			report_cpu_error(PD_LEVEL_FAIL, PD_ERR_STOP, cpus[i].apic_id,
					 "ignored the stop IPI and the NMI");
			continue;
		}
		r->stopped++;
		if (rsv.area->cpu[i].flags & PD_AREA_CPU_LATE)
			r->late++;
		/* init mode: the parked CPU goes to wait-for-SIPI. */
		if (mode == PD_PARK_INIT)
			apic_send_init(cpus[i].apic_id, &esr);
	}
	for (i = 1; i < ncpus; i++)
		rsv.area->cpu[i].wakes_parked = rsv.area->cpu[i].wakes;
}
