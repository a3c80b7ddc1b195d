/* SPDX-License-Identifier: MIT */
/*
 * The cycle, across two instances.  This instance stops the APs into the
 * cycle's park mode, provokes them, kicks (mwait-kick), snapshots the wake
 * counters and hands over.  The next instance applies the provocations meant
 * for after the overwrite, checks its own text, rediscovers the APs with
 * INIT-SIPI-SIPI and gives each CPU its outcome:
 *   lost     no check-in after INIT-SIPI-SIPI
 *   stray    woke after the handover while parked in memory that was
 *            overwritten (hlt, mwait, mwait-kick, init)
 *   late     needed the NMI to stop
 *   woke     woke while parked (before the handover, or in reserved memory)
 *   skipped  the mode is not supported here
 *   ok       none of these
 * A reset during a cycle is seen by the boot after it (cycle_reset_seen).
 */
#include "cycle/cycle.h"
#include "platform/watchdog.h"
#include "platform/sel.h"
#include "results/ipmi.h"
#include "cycle/inject.h"
#include "kexec/kexec.h"
#include "mem/reserved.h"
#include "cycle/schedule.h"
#include "park/park.h"
#include "park/provoke.h"
#include "park/mce.h"
#include "park/stop.h"
#include "cpus/cpu.h"
#include "cpus/trampoline.h"
#include "options/options.h"
#include "platform/platform.h"
#include "report/report.h"
#include "platform/tsc.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "arch/x86/insn.h"

#define SETTLE_BEFORE_US 1000
#define SETTLE_AFTER_US	 10000 /* time for a woken CPU to crash the machine */

static uint32_t wakes_arrival[PD_AREA_MAX_CPUS];
static uint32_t wfs_hits[PD_AREA_MAX_CPUS]; /* NMIs taken in wait-for-SIPI */
static uint32_t smi_after_us;
static int scribbled;

static struct pd_area *area(void)
{
	return rsv.area;
}

static int have_mwait(void)
{
	return cpus[0].facts.monitor;
}

static void put_counts(struct pd_rec_writer *w, const uint32_t *counts)
{
	int o;

	for (o = 0; o < PD_OUTCOME_COUNT; o++)
		if (counts[o] && o != PD_OUTCOME_RESET)
			pd_rec_u(w, pd_outcome_name((enum pd_outcome)o), counts[o]);
}

static void send_cycle(const struct pd_area_cycle *cy, uint32_t phase, const char *why)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_CYCLE);
	pd_rec_u(&w, PD_F_N, cy->index);
	pd_rec_s(&w, PD_F_M, pd_park_mode_name((enum pd_park_mode)cy->mode));
	pd_rec_provoke(&w, cy->provoke);
	put_counts(&w, cy->counts);
	if (cy->smi_us)
		pd_rec_u(&w, PD_F_SMI_US, cy->smi_us);
	if (cy->sipi_nmi)
		pd_rec_u(&w, PD_F_SIPI_NMI, cy->sipi_nmi);
	if (cy->flags & PD_CYCLE_SCRIBBLED)
		pd_rec_u(&w, PD_F_SCRIBBLED, 1);
	if (cy->provoke & PD_PROVOKE_MCE)
		pd_rec_s(&w, PD_F_MCE, (cy->flags & PD_CYCLE_MCE_SKIPPED) ? "skipped" : "injected");
	if (why)
		pd_rec_s(&w, PD_F_WHY, why);
	if (opts.timing && cy->t_up) {
		/* stop / provoke / copy and boot / arrival work / bring-up */
		uint64_t t[5] = {cy->t_parked - cy->t_stop, cy->t_provoked - cy->t_parked,
				 cy->t_arrived - cy->t_handover, cy->t_rediscover - cy->t_arrived,
				 cy->t_up - cy->t_rediscover};
		char buf[64];
		size_t n = 0;
		int k;

		for (k = 0; k < 5; k++) {
			if (k)
				buf[n++] = '/';
			n += fmt_dec(buf + n, tsc_to_us(t[k]));
		}
		pd_rec_sn(&w, PD_F_TIMES, buf, n);
	}
	if (cy->flags & PD_CYCLE_RESET) {
		pd_rec_u(&w, pd_outcome_name(PD_OUTCOME_RESET), 1);
		pd_rec_s(&w, PD_F_PHASE, pd_phase_name((enum pd_phase)phase));
	}
	if (cy->flags & PD_CYCLE_INJECTED)
		pd_rec_u(&w, PD_F_INJECTED, 1);
	if (cy->flags & PD_CYCLE_HANG)
		pd_rec_u(&w, PD_F_HANG, 1);
	if (cy->flags & PD_CYCLE_WATCHDOG)
		pd_rec_s(&w, PD_F_BY, PD_BY_WATCHDOG);
	rec_send(&w);
}

/* Before anything of the cycle happens: a machine that reset and cleared
 * its memory, or hung, leaves this as the last word on the cycle. */
static void send_start(const struct pd_area_cycle *cy)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_START);
	pd_rec_u(&w, PD_F_N, cy->index);
	pd_rec_s(&w, PD_F_M, pd_park_mode_name((enum pd_park_mode)cy->mode));
	pd_rec_provoke(&w, cy->provoke);
	rec_send(&w);
}

static void count(struct pd_area_cycle *cy, uint32_t i, enum pd_outcome o)
{
	cy->counts[o]++;
	area()->cpu[i].counts[cy->mode][o]++;
	area()->cpu[i].last_outcome = o;
}

static void close_cycle(struct pd_area_cycle *cy, uint32_t phase, const char *why)
{
	struct pd_area_header *h = &area()->h;

	h->cursor = cy->index + 1;
	h->inflight = 0;
	if (h->cycles_logged < cy->index + 1)
		h->cycles_logged = cy->index + 1;
	pd_area_seal(area());
	send_cycle(cy, phase, why);
}

static void skip_cycle(uint32_t n, const struct sched_entry *e)
{
	struct pd_area_cycle *cy = &area()->cycle[n];
	uint32_t i;

	memset(cy, 0, sizeof(*cy));
	cy->index = n;
	cy->mode = (uint16_t)e->mode;
	cy->provoke = (uint16_t)e->provoke;
	for (i = 1; i < ncpus; i++)
		if (cpus[i].state == PD_CPU_ONLINE)
			count(cy, i, PD_OUTCOME_SKIPPED);
	close_cycle(cy, PD_PHASE_NONE, "no MONITOR/MWAIT (CPUID.1:ECX[3])");
}

static void kick(void)
{
	uint64_t deadline;
	uint32_t i;

	for (i = 1; i < ncpus; i++)
		if (area()->cpu[i].flags & PD_AREA_CPU_PARKED)
			park_line(i)->control = PARK_CONTROL_KICK;
	deadline = tsc_deadline(platform_wait_us(PD_WAIT_KICK));
	for (i = 1; i < ncpus; i++) {
		if (!(area()->cpu[i].flags & PD_AREA_CPU_PARKED))
			continue;
		while (park_line(i)->status != PARK_STATUS_KICKED && rdtsc() < deadline)
			cpu_relax();
		if (park_line(i)->status != PARK_STATUS_KICKED) {
			area()->cpu[i].flags |= PD_AREA_CPU_NOKICK;
			report_cpu_error(PD_LEVEL_FAIL, PD_ERR_KICK, cpus[i].apic_id,
					 "never acknowledged the kick out of MWAIT");
		}
	}
}

/* Park lines as big as CPUID leaf 5 EBX asks; said once per instance when
 * that many CPUs' lines do not fit. */
static void size_park_lines(void)
{
	static int said;
	uint32_t want = cpus[0].facts.mwait_line, got = park_lines_setup(want, ncpus);

	if (got != want && !said) {
		said = 1;
		report_error(PD_LEVEL_WARN, PD_ERR_MONITOR_LINE,
			     "park lines smaller than CPUID leaf 5 EBX asks: "
			     "that many CPUs' lines do not fit the image");
	}
}

void cycle_run(uint32_t n)
{
	struct pd_area_header *h = &area()->h;
	struct pd_area_cycle *cy = &area()->cycle[n];
	struct sched_entry e;
	struct park_request req;
	struct stop_result sr;
	uint32_t i;

	schedule_entry(have_mwait(), n, &e);
	if (pd_park_mode_needs_mwait(e.mode) && !have_mwait()) {
		skip_cycle(n, &e);
		return;
	}
	memset(cy, 0, sizeof(*cy));
	cy->index = n;
	cy->mode = (uint16_t)e.mode;
	cy->provoke = (uint16_t)e.provoke;
	cy->t_stop = rdtsc();
	h->inflight = 1;
	h->inflight_cycle = n;
	h->inflight_phase = PD_PHASE_STOP;
	h->sel_cycle = sel_now();
	pd_area_seal(area());
	watchdog_arm();
	send_start(cy);

	size_park_lines();
	req.mode = e.mode;
	req.mwait_hint = mwait_hint_in_use();
	req.wbinvd = h->wbinvd;
	stop_other_cpus(&req, &sr);
	cy->t_parked = rdtsc();
	cycle_phase_point(PD_PHASE_STOP);

	h->inflight_phase = PD_PHASE_PROVOKE;
	pd_area_seal(area());
	cy->smi_us = provoke_parked(e.provoke, 0, SETTLE_BEFORE_US);
	if (opts.leave_mce_cycle == (int64_t)n)
		mce_leave_corrected();
	cycle_phase_point(PD_PHASE_PROVOKE);
	if (e.mode == PD_PARK_MWAIT_KICK)
		kick();
	for (i = 1; i < ncpus; i++)
		area()->cpu[i].wakes_handover = area()->cpu[i].wakes;
	cy->t_provoked = rdtsc();
	cy->t_handover = cy->t_provoked;
	if (h->wbinvd)
		asm volatile("wbinvd" ::: "memory");
	kexec_prepare(n);
	cycle_phase_point(PD_PHASE_HANDOVER);
	kexec_jump();
}

void cycles_run(void)
{
	struct pd_area_header *h = &area()->h;

	while (h->cursor < h->cycles_total)
		cycle_run(h->cursor); /* returns only for a skipped cycle */
}

void cycle_arrive(uint64_t t_arrived)
{
	struct pd_area_header *h = &area()->h;
	struct pd_area_cycle *cy = &area()->cycle[h->inflight_cycle];
	uint32_t i;

	cy->t_arrived = t_arrived;
	h->inflight_phase = PD_PHASE_ARRIVED;
	pd_area_seal(area());
	/* A CPU that wrote into this image between the copy and now. */
	scribbled = image_text_crc() != h->text_crc;
	if (scribbled) {
		cy->flags |= PD_CYCLE_SCRIBBLED;
		report_error(PD_LEVEL_FAIL, PD_ERR_SCRIBBLE,
			     "text checksum differs from the pristine image: a stray write");
	}
	/* The trampoline page is still the last instance's: its count of NMIs
	 * taken in wait-for-SIPI is read before rediscovery installs a new one. */
	trampoline_page = h->trampoline;
	smi_after_us = provoke_parked(cy->provoke, 1, SETTLE_AFTER_US);
	if (smi_after_us > cy->smi_us)
		cy->smi_us = smi_after_us;
	for (i = 0; i < h->ncpus && i < PD_AREA_MAX_CPUS; i++) {
		wakes_arrival[i] = area()->cpu[i].wakes;
		wfs_hits[i] =
		    cy->mode == PD_PARK_INIT ? trampoline_wfs_hits(i, area()->cpu[i].apic_id) : 0;
	}
	cycle_phase_point(PD_PHASE_ARRIVED);
}

void cycle_rediscover(void)
{
	area()->cycle[area()->h.inflight_cycle].t_rediscover = rdtsc();
	area()->h.inflight_phase = PD_PHASE_REDISCOVER;
	pd_area_seal(area());
	cycle_phase_point(PD_PHASE_REDISCOVER);
}

static int parks_in_old_image(enum pd_park_mode m)
{
	return m == PD_PARK_HLT || m == PD_PARK_MWAIT || m == PD_PARK_MWAIT_KICK ||
	       m == PD_PARK_INIT;
}

void cycle_finish(void)
{
	struct pd_area_header *h = &area()->h;
	struct pd_area_cycle *cy = &area()->cycle[h->inflight_cycle];
	uint32_t i;

	cy->t_up = rdtsc();
	for (i = 1; i < h->ncpus && i < ncpus; i++) {
		struct pd_area_cpu *s = &area()->cpu[i];
		uint32_t before = s->wakes_handover - s->wakes_parked;
		uint32_t after = wakes_arrival[i] - s->wakes_handover;
		/* Taken after the SIPI (this instance's trampoline): the held NMI
		 * of a correct machine, no wake from wait-for-SIPI. */
		uint32_t sipi_nmi = trampoline_sipi_nmi_hits(i, s->apic_id);
		enum pd_outcome o = PD_OUTCOME_OK;

		if (cpus[i].state == PD_CPU_DISABLED || cpus[i].state == PD_CPU_SKIPPED)
			continue;
		if (s->apic_id != cpus[i].apic_id) {
			report_cpu_error(PD_LEVEL_FAIL, PD_ERR_AREA, cpus[i].apic_id,
					 "CPU order changed between instances");
			continue;
		}
		if (cpus[i].state != PD_CPU_ONLINE)
			o = PD_OUTCOME_LOST;
		else if (after && parks_in_old_image((enum pd_park_mode)cy->mode))
			o = PD_OUTCOME_STRAY;
		else if (s->flags & (PD_AREA_CPU_LATE | PD_AREA_CPU_NOKICK))
			o = PD_OUTCOME_LATE;
		else if (before || after || wfs_hits[i])
			o = PD_OUTCOME_WOKE;
		count(cy, i, o);
		cy->sipi_nmi += sipi_nmi;
		if (o != PD_OUTCOME_OK || sipi_nmi) {
			struct pd_rec_writer w;

			rec_start(&w, PD_REC_OUTCOME);
			pd_rec_u(&w, PD_F_N, cy->index);
			pd_rec_u(&w, PD_F_APIC, s->apic_id);
			pd_rec_s(&w, PD_F_O, pd_outcome_name(o));
			pd_rec_u(&w, PD_F_BEFORE, before);
			pd_rec_u(&w, PD_F_AFTER, after + wfs_hits[i]);
			if (sipi_nmi)
				pd_rec_u(&w, PD_F_SIPI_NMI, sipi_nmi);
			rec_send(&w);
		}
	}
	if (scribbled)
		cy->counts[PD_OUTCOME_STRAY]++;
	close_cycle(cy, PD_PHASE_NONE, 0);
}

/* What the BMC says of the restart that ended cycle n: the restart
 * record.  Returns 1 when its watchdog expired. */
static int report_restart(uint32_t n, uint32_t phase)
{
	struct restart_evidence ev;
	struct pd_rec_writer w;

	watchdog_restart_evidence(&ev);
	rec_start(&w, PD_REC_RESTART);
	pd_rec_u(&w, PD_F_N, n);
	pd_rec_s(&w, PD_F_PHASE, pd_phase_name((enum pd_phase)phase));
	pd_rec_s(&w, PD_F_WD,
		 !ev.asked || ev.flags < 0 ? PD_WD_UNKNOWN
		 : ev.expired		   ? PD_WD_EXPIRED
					   : PD_WD_QUIET);
	if (ev.flags >= 0)
		pd_rec_x(&w, PD_F_WD_FLAGS, (uint64_t)ev.flags);
	if (ev.cause >= 0)
		pd_rec_s(&w, PD_F_CAUSE, pd_ipmi_restart_cause_name((uint8_t)ev.cause));
	else if (ev.cause_cc >= 0)
		pd_rec_x(&w, PD_F_CAUSE_CC, (uint64_t)ev.cause_cc);
	rec_send(&w);
	return ev.expired;
}

void cycle_reset_seen(void)
{
	struct pd_area_header *h = &area()->h;
	struct pd_area_cycle *cy = &area()->cycle[h->inflight_cycle];
	struct sched_entry e;
	uint32_t i, phase = h->inflight_phase;

	schedule_entry(have_mwait(), h->inflight_cycle, &e);
	cy->index = h->inflight_cycle;
	cy->mode = (uint16_t)e.mode;
	cy->provoke = (uint16_t)e.provoke;
	cy->flags |= PD_CYCLE_RESET;
	cy->counts[PD_OUTCOME_RESET] = 1;
	if (report_restart(cy->index, phase))
		cy->flags |= PD_CYCLE_WATCHDOG;
	sel_report_since(h->sel_cycle, &h->sel_last, cy->index);
	sel_mark(PD_SEL_MARK_CYCLE_RESET, h->run_id, cy->index);
	/* An injected reset says nothing of the CPUs: not in their table. */
	if (!(cy->flags & PD_CYCLE_INJECTED)) {
		for (i = 1; i < h->ncpus; i++)
			area()->cpu[i].counts[e.mode][PD_OUTCOME_RESET]++;
		h->resets++;
	}
	close_cycle(cy, phase, 0);
}
