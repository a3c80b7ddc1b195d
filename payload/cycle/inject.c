/* SPDX-License-Identifier: MIT */
/*
 * Injected resets.  The phase goes into the results area (sealed) before the
 * reset, as for a reset the machine does on its own, so the next boot
 * records the cycle as reset in that phase; the cycle's PD_CYCLE_INJECTED
 * flag and the "injected" record sent before the reset tell the host the
 * reset was ours, not the machine's.
 */
#include "cycle/inject.h"
#include "mem/reserved.h"
#include "boot/idt.h"
#include "options/options.h"
#include "report/report.h"
#include "report/serial.h"
#include "results/fields.h"
#include "results/inject.h"
#include "results/park.h"

void inject_reset_point(enum pd_phase phase)
{
	struct pd_area_header *h;
	struct pd_area_cycle *cy;
	struct pd_rec_writer w;

	if (!opts.inject_reset || !rsv.area)
		return;
	h = &rsv.area->h;
	if (!h->inflight || h->inflight_cycle >= PD_AREA_MAX_CYCLES ||
	    pd_inject_reset_phase(opts.seed, opts.inject_reset, h->inflight_cycle) != phase)
		return;
	cy = &rsv.area->cycle[h->inflight_cycle];
	cy->flags |= PD_CYCLE_INJECTED;
	h->inflight_phase = phase;
	pd_area_seal(rsv.area);
	rec_start_nowait(&w, PD_REC_INJECTED);
	pd_rec_u(&w, PD_F_N, h->inflight_cycle);
	pd_rec_s(&w, PD_F_M, pd_park_mode_name((enum pd_park_mode)cy->mode));
	pd_rec_provoke(&w, cy->provoke);
	pd_rec_s(&w, PD_F_PHASE, pd_phase_name(phase));
	rec_send(&w);
	serial_drain();
	asm volatile("wbinvd" ::: "memory"); /* the area reaches RAM before the reset */
	machine_reset();
}
