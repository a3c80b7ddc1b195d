/* SPDX-License-Identifier: MIT */
/*
 * Injected resets and hangs.  The phase goes into the results area (sealed)
 * before the reset or the hang, as for one the machine does on its own, so
 * the next boot records the cycle as reset in that phase; the cycle's
 * PD_CYCLE_INJECTED flag (and PD_CYCLE_HANG) and the "injected" record sent
 * before tell the host it was ours, not the machine's.  A hang stays hung
 * until something outside resets the machine: the BMC's watchdog, or the
 * host.
 */
#include "cycle/inject.h"
#include "platform/watchdog.h"
#include "mem/reserved.h"
#include "boot/idt.h"
#include "options/options.h"
#include "report/report.h"
#include "report/serial.h"
#include "results/fields.h"
#include "results/inject.h"
#include "results/park.h"

/* Marks the cycle, says so, and lets the record reach the line and the
 * area reach RAM. */
static void announce(struct pd_area_header *h, enum pd_phase phase, uint32_t flags)
{
	struct pd_area_cycle *cy = &rsv.area->cycle[h->inflight_cycle];
	struct pd_rec_writer w;

	cy->flags |= PD_CYCLE_INJECTED | flags;
	h->inflight_phase = phase;
	pd_area_seal(rsv.area);
	rec_start_nowait(&w, PD_REC_INJECTED);
	pd_rec_u(&w, PD_F_N, h->inflight_cycle);
	pd_rec_s(&w, PD_F_M, pd_park_mode_name((enum pd_park_mode)cy->mode));
	pd_rec_provoke(&w, cy->provoke);
	pd_rec_s(&w, PD_F_PHASE, pd_phase_name(phase));
	if (flags & PD_CYCLE_HANG)
		pd_rec_u(&w, PD_F_HANG, 1);
	rec_send(&w);
	serial_drain();
	asm volatile("wbinvd" ::: "memory");
}

void cycle_phase_point(enum pd_phase phase)
{
	struct pd_area_header *h;
	uint32_t n;

	watchdog_pet();
	if ((!opts.inject_reset && !opts.inject_hang) || !rsv.area)
		return;
	h = &rsv.area->h;
	n = h->inflight_cycle;
	if (!h->inflight || n >= PD_AREA_MAX_CYCLES)
		return;
	if (pd_inject_reset_phase(opts.seed, opts.inject_reset, n) == phase) {
		announce(h, phase, 0);
		machine_reset();
	}
	if (pd_inject_hang_phase(opts.seed, opts.inject_hang, opts.inject_reset, n) == phase) {
		announce(h, phase, PD_CYCLE_HANG);
		/* Interrupts off; an NMI returns into the loop. */
		for (;;)
			asm volatile("cli; hlt" ::: "memory");
	}
}
