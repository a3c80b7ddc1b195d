/* SPDX-License-Identifier: MIT */
/*
 * --silence without a BMC (host/model/silence.h, host/model/runlog_silence.c):
 * when the host resets a silent machine, on a fake clock over logs fed as
 * they would arrive: never while no cycle is in flight (before the first
 * start, between a cycle record and the next start, between runs, after
 * the end), once per silence in a cycle until a record comes, and at most
 * max_resets times.  Then the join: the cycle the payload reports after
 * the reboot (reset=1, its phase, a restart record with wd=unknown) is
 * recovered by the host, in the model, the text and the JSON report; and
 * the collection loop itself resets through its callback.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "host/input/collect.h"
#include "host/model/runlog.h"
#include "host/model/silence.h"
#include "host/report/report.h"
#include "results/fields.h"
#include "results/record.h"
#include "tests/unit/report_check.h"
#include "tests/unit/report_json_check.h"
#include "tests/unit/slog.h"

#define S 15.0 /* the --silence of these tests */

/* ---- the log, record by record ---- */

static void boot(struct slog *l)
{
	l->boot++;
	l->seq = 0;
	slog_begin(l, PD_REC_BOOT);
	pd_rec_u(&W, PD_F_FORMAT, PD_FORMAT_VERSION);
	pd_rec_s(&W, PD_F_CMDLINE, "modes=hlt cycles=3 watchdog=off");
	slog_emit(l);
}

/* Boot 1 of run `run`: two CPUs, no BMC, the schedule. */
static void head(struct slog *l, uint32_t run)
{
	l->run = run;
	l->boot = 0;
	boot(l);
	slog_begin(l, PD_REC_CPU);
	pd_rec_u(&W, PD_F_IDX, 0);
	pd_rec_u(&W, PD_F_APIC, 0);
	pd_rec_s(&W, PD_F_STATE, "bsp");
	slog_emit(l);
	slog_begin(l, PD_REC_CPU);
	pd_rec_u(&W, PD_F_IDX, 1);
	pd_rec_u(&W, PD_F_APIC, 1);
	pd_rec_s(&W, PD_F_STATE, "online");
	slog_emit(l);
	slog_begin(l, PD_REC_WATCHDOG);
	pd_rec_u(&W, PD_F_ARMED, 0);
	pd_rec_s(&W, PD_F_WHY, "watchdog=off");
	slog_emit(l);
	slog_begin(l, PD_REC_KEXEC);
	pd_rec_u(&W, PD_F_CYCLES, 3);
	pd_rec_s(&W, PD_F_MODES, "hlt");
	pd_rec_s(&W, PD_F_ON_RESET, "continue");
	pd_rec_s(&W, PD_F_PLATFORM, "qemu");
	slog_emit(l);
}

static void start(struct slog *l, uint32_t n)
{
	slog_begin(l, PD_REC_START);
	pd_rec_u(&W, PD_F_N, n);
	pd_rec_s(&W, PD_F_M, "hlt");
	slog_emit(l);
}

static void ok_cycle(struct slog *l, uint32_t n)
{
	slog_begin(l, PD_REC_CYCLE);
	pd_rec_u(&W, PD_F_N, n);
	pd_rec_s(&W, PD_F_M, "hlt");
	pd_rec_u(&W, pd_outcome_name(PD_OUTCOME_OK), 1);
	slog_emit(l);
}

/* inject_hang: the payload stops the BSP in `phase` of cycle n. */
static void injected_hang(struct slog *l, uint32_t n, const char *phase)
{
	slog_begin(l, PD_REC_INJECTED);
	pd_rec_u(&W, PD_F_N, n);
	pd_rec_s(&W, PD_F_M, "hlt");
	pd_rec_s(&W, PD_F_PHASE, phase);
	pd_rec_u(&W, PD_F_HANG, 1);
	slog_emit(l);
}

/* The boot after the reset: the restart record (wd as given: "unknown"
 * without a BMC) and cycle n's record, reset=1 in `phase`, injected and
 * hung on purpose or not. */
static void reset_reported(struct slog *l, uint32_t n, const char *phase, const char *wd,
			   int injected)
{
	boot(l);
	slog_begin(l, PD_REC_RESTART);
	pd_rec_u(&W, PD_F_N, n);
	pd_rec_s(&W, PD_F_PHASE, phase);
	pd_rec_s(&W, PD_F_WD, wd);
	slog_emit(l);
	slog_begin(l, PD_REC_CYCLE);
	pd_rec_u(&W, PD_F_N, n);
	pd_rec_s(&W, PD_F_M, "hlt");
	pd_rec_u(&W, pd_outcome_name(PD_OUTCOME_RESET), 1);
	pd_rec_s(&W, PD_F_PHASE, phase);
	if (injected) {
		pd_rec_u(&W, PD_F_INJECTED, 1);
		pd_rec_u(&W, PD_F_HANG, 1);
	}
	slog_emit(l);
}

static void end(struct slog *l)
{
	slog_begin(l, PD_REC_END);
	pd_rec_u(&W, PD_F_CPUS, 2);
	pd_rec_u(&W, PD_F_CYCLES, 3);
	pd_rec_s(&W, PD_F_VERDICT, "pass");
	slog_emit(l);
}

/* ---- the host watching, on a fake clock ---- */

struct sim {
	struct slog l;
	size_t fed;
	struct runlog *rl;
	struct rl_silence w;
	double now;
	unsigned gave_up;
};

static void sim_new(struct sim *s, unsigned max_resets)
{
	memset(s, 0, sizeof(*s));
	s->rl = runlog_new();
	assert_non_null(s->rl);
	s->rl->silence_s = S; /* as the session sets it */
	rl_silence_init(&s->w, S, max_resets, 0);
}

/* What was logged since the last call arrives now. */
static void arrive(struct sim *s)
{
	runlog_feed(s->rl, s->l.buf + s->fed, s->l.len - s->fed);
	s->fed = s->l.len;
}

/* The log so far arrives, then t seconds pass without a record, the host
 * looking every quarter second as the collector does (collect.c); the
 * resets it made. */
static unsigned quiet(struct sim *s, double t)
{
	double until = s->now + t;
	unsigned resets = 0;

	arrive(s);
	for (; s->now <= until; s->now += 0.25) {
		uint64_t records = runlog_records_seen(s->rl);
		struct rl_died d;

		if (!rl_silence_due(&s->w, s->now, records))
			continue;
		switch (rl_silence_decide(&s->w, s->now, records, runlog_in_flight(s->rl, &d))) {
		case RL_SILENCE_WAIT:
			break;
		case RL_SILENCE_RESET:
			resets++;
			runlog_host_reset(s->rl, &d, S);
			break;
		case RL_SILENCE_GIVE_UP:
			s->gave_up++;
			break;
		}
	}
	return resets;
}

static void sim_free(struct sim *s)
{
	runlog_free(s->rl);
	slog_free(&s->l);
}

/* The cycle in flight now, and the phase the host would name. */
static void assert_in_flight(struct sim *s, uint32_t n, const char *phase)
{
	struct rl_died d;

	arrive(s);
	assert_true(runlog_in_flight(s->rl, &d));
	assert_int_equal(d.n, n);
	assert_string_equal(d.phase, phase);
}

static void assert_not_in_flight(struct sim *s)
{
	struct rl_died d;

	arrive(s);
	assert_false(runlog_in_flight(s->rl, &d));
}

static int has_note(const struct runlog *rl, const char *want)
{
	size_t i;

	for (i = 0; i < rl->nnotes; i++)
		if (!strcmp(rl->notes[i], want))
			return 1;
	return 0;
}

static const struct rl_cycle *cycle_n(const struct runlog *rl, uint32_t n)
{
	size_t i = runlog_cycle_index(&rl->cur, n);

	assert_true(i < rl->cur.ncycles);
	return &rl->cur.cycles[i];
}

/* ---- reports ---- */

static json_object *jidx(json_object *a, size_t i)
{
	assert_true(json_object_is_type(a, json_type_array));
	assert_true(i < json_object_array_length(a));
	return json_object_array_get_idx(a, i);
}

static void assert_jstr_or_null(json_object *o, const char *k, const char *want)
{
	json_object *v = key(o, k);

	if (!want) {
		if (v)
			fail_msg("\"%s\" is %s, not null", k, json_object_to_json_string(v));
		return;
	}
	if (!json_object_is_type(v, json_type_string))
		fail_msg("\"%s\" is not a string", k);
	assert_string_equal(json_object_get_string(v), want);
}

/* The text report has this whole line. */
static void assert_line(const struct runlog *rl, const char *line)
{
	char *t = text_of(rl, 0), *p = t;
	size_t n = strlen(line);

	while ((p = strstr(p, line)) && !((p == t || p[-1] == '\n') && p[n] == '\n'))
		p++;
	if (!p)
		fail_msg("no line \"%s\" in the report:\n%s", line, t);
	free(t);
}

/* ---- the decision alone ---- */

/* Off, on, once per silence, again after a record, the bound. */
static void test_decide(void **state)
{
	struct rl_silence w;
	unsigned i;

	(void)state;
	/* No --silence: never. */
	rl_silence_init(&w, 0, RL_MAX_HOST_RESETS, 0);
	assert_int_equal(rl_silence_decide(&w, 1e6, 1, 1), RL_SILENCE_WAIT);

	rl_silence_init(&w, S, RL_MAX_HOST_RESETS, 0);
	/* A cycle in flight since its start record at t=0. */
	assert_int_equal(rl_silence_decide(&w, 0, 1, 1), RL_SILENCE_WAIT);
	assert_int_equal(rl_silence_decide(&w, S - 0.01, 1, 1), RL_SILENCE_WAIT);
	assert_int_equal(rl_silence_decide(&w, S, 1, 1), RL_SILENCE_RESET);
	/* Reset sent: not again while nothing comes, however long. */
	assert_false(rl_silence_due(&w, S + 1, 1));
	assert_int_equal(rl_silence_decide(&w, S + 1, 1, 1), RL_SILENCE_WAIT);
	assert_int_equal(rl_silence_decide(&w, 100 * S, 1, 1), RL_SILENCE_WAIT);
	/* A record at t=1000 (the reboot): the silence counts from it. */
	assert_int_equal(rl_silence_decide(&w, 1000, 2, 1), RL_SILENCE_WAIT);
	assert_int_equal(rl_silence_decide(&w, 1000 + S - 0.01, 2, 1), RL_SILENCE_WAIT);
	assert_int_equal(rl_silence_decide(&w, 1000 + S, 2, 1), RL_SILENCE_RESET);
	assert_int_equal(w.resets, 2);

	/* Silent with no cycle in flight: due, but never a reset. */
	rl_silence_init(&w, S, RL_MAX_HOST_RESETS, 0);
	assert_int_equal(rl_silence_decide(&w, 0, 7, 0), RL_SILENCE_WAIT);
	assert_true(rl_silence_due(&w, 10 * S, 7));
	assert_int_equal(rl_silence_decide(&w, 10 * S, 7, 0), RL_SILENCE_WAIT);
	assert_int_equal(w.resets, 0);

	/* A machine that hangs at once every time: max_resets resets, then
	 * give up (and stay given up). */
	rl_silence_init(&w, S, 3, 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(rl_silence_decide(&w, i * 100.0, i + 1, 1), RL_SILENCE_WAIT);
		assert_int_equal(rl_silence_decide(&w, i * 100.0 + S, i + 1, 1), RL_SILENCE_RESET);
	}
	assert_int_equal(rl_silence_decide(&w, 300, 4, 1), RL_SILENCE_WAIT);
	assert_int_equal(rl_silence_decide(&w, 300 + S, 4, 1), RL_SILENCE_GIVE_UP);
	assert_int_equal(rl_silence_decide(&w, 300 + S + 1, 4, 1), RL_SILENCE_GIVE_UP);
	assert_int_equal(w.resets, 3);
}

/* ---- the model says when a cycle is in flight ---- */

/*
 * A run of three cycles, cycle 1 hung on purpose in its handover, the host
 * watching throughout: a reset only in cycle 1's silence, and once.
 */
static void run_hung_cycle_1(struct sim *s, int injected)
{
	head(&s->l, 0x5170);
	/* Boot 1 probing, long and quiet: no cycle yet. */
	assert_not_in_flight(s);
	assert_int_equal(quiet(s, 10 * S), 0);
	start(&s->l, 0);
	assert_in_flight(s, 0, RL_PHASE_BEFORE_HANDOVER);
	assert_int_equal(quiet(s, S - 1), 0); /* quiet, but not for long */
	boot(&s->l);
	assert_in_flight(s, 0, RL_PHASE_AFTER_HANDOVER);
	assert_int_equal(quiet(s, S - 1), 0);
	ok_cycle(&s->l, 0);
	/* Between cycle 0's record and cycle 1's start. */
	assert_not_in_flight(s);
	assert_int_equal(quiet(s, 10 * S), 0);
	start(&s->l, 1);
	if (injected) {
		injected_hang(&s->l, 1, "handover");
		assert_in_flight(s, 1, "handover");
	}
	/* The hang: one reset, not another while nothing comes. */
	assert_int_equal(quiet(s, 10 * S), 1);
	reset_reported(&s->l, 1, "handover", PD_WD_UNKNOWN, injected);
	assert_not_in_flight(s);
	assert_int_equal(quiet(s, 10 * S), 0);
	start(&s->l, 2);
	boot(&s->l);
	ok_cycle(&s->l, 2);
	end(&s->l);
	/* After the end (QEMU exiting, or a console left open). */
	assert_not_in_flight(s);
	assert_int_equal(quiet(s, 10 * S), 0);
	assert_int_equal(s->gave_up, 0);
	runlog_finish(s->rl);
}

static void test_when_in_flight(void **state)
{
	struct sim s;

	(void)state;
	sim_new(&s, RL_MAX_HOST_RESETS);
	run_hung_cycle_1(&s, 1);
	assert_int_equal(s.rl->nhost_resets, 1);
	assert_int_equal(s.rl->host_resets[0].n, 1);
	assert_string_equal(s.rl->host_resets[0].phase, "handover");
	sim_free(&s);

	/* Between runs: a run died in cycle 0 and a new one started afresh
	 * at boot 1 (a reset that lost the results area): its probe is no
	 * cycle in flight. */
	sim_new(&s, RL_MAX_HOST_RESETS);
	head(&s.l, 0xaaaa);
	start(&s.l, 0);
	assert_in_flight(&s, 0, RL_PHASE_BEFORE_HANDOVER);
	head(&s.l, 0xbbbb);
	assert_not_in_flight(&s);
	assert_int_equal(quiet(&s, 10 * S), 0);
	sim_free(&s);

	/* Hung again in the reboot: the reboot's record starts a new
	 * silence in the same cycle, and that one is reset too. */
	sim_new(&s, RL_MAX_HOST_RESETS);
	head(&s.l, 0x5171);
	start(&s.l, 0);
	assert_int_equal(quiet(&s, 2 * S), 1);
	boot(&s.l);
	assert_in_flight(&s, 0, RL_PHASE_AFTER_HANDOVER);
	assert_int_equal(quiet(&s, 2 * S), 1);
	reset_reported(&s.l, 0, "arrived", PD_WD_UNKNOWN, 0);
	arrive(&s);
	runlog_finish(s.rl);
	assert_true(has_note(s.rl, "hang in cycle 0 (phase arrived), reset by the host after 15 "
				   "s: silent again after it"));
	assert_true(
	    has_note(s.rl, "hang in cycle 0 (phase arrived), reset by the host after 15 s"));
	assert_true(cycle_n(s.rl, 0)->by_host);
	assert_int_equal(cycle_n(s.rl, 0)->host_reset, 1);
	sim_free(&s);
}

/* The bound: a machine that hangs in every cycle's start, again and again;
 * after max_resets resets the host gives up. */
static void test_reset_bound(void **state)
{
	struct sim s;
	unsigned i, total = 0;

	(void)state;
	sim_new(&s, 3);
	head(&s.l, 0x5172);
	for (i = 0; i < 5; i++) {
		if (i)
			boot(&s.l); /* the reboot */
		start(&s.l, 0);
		total += quiet(&s, 2 * S);
	}
	assert_int_equal(total, 3);
	assert_true(s.gave_up > 0);
	assert_int_equal(s.rl->nhost_resets, 3);
	sim_free(&s);

	/* The model keeps RL_MAX_HOST_RESETS at most, whatever it is told. */
	sim_new(&s, RL_MAX_HOST_RESETS);
	head(&s.l, 0x5173);
	start(&s.l, 0);
	arrive(&s);
	for (i = 0; i < RL_MAX_HOST_RESETS + 5; i++) {
		struct rl_died d;

		assert_true(runlog_in_flight(s.rl, &d));
		runlog_host_reset(s.rl, &d, S);
	}
	assert_int_equal(s.rl->nhost_resets, RL_MAX_HOST_RESETS);
	sim_free(&s);
}

/* ---- the join and the reports ---- */

#define EVIDENCE_NO_BMC "watchdog unknown (no BMC to ask, or no answer), no restart cause"

static void test_injected_hang_recovered_by_host(void **state)
{
	struct sim s;
	json_object *o, *c, *x;
	char *h;

	(void)state;
	sim_new(&s, RL_MAX_HOST_RESETS);
	run_hung_cycle_1(&s, 1);
	assert_true(cycle_n(s.rl, 1)->has_host_reset);
	assert_true(cycle_n(s.rl, 1)->by_host);
	assert_false(cycle_n(s.rl, 1)->watchdog);
	assert_false(cycle_n(s.rl, 0)->by_host);
	assert_int_equal(s.rl->sum.cycles_hung, 1);
	assert_int_equal(s.rl->sum.hung_host, 1);
	assert_int_equal(s.rl->sum.hung_watchdog, 0);
	assert_int_equal(s.rl->sum.hangs_host, 0);
	assert_int_equal(s.rl->sum.cycles_reset, 0);
	assert_int_equal(s.rl->sum.verdict, RL_PASS);
	assert_true(
	    has_note(s.rl, "hang in cycle 1 (phase handover), reset by the host after 15 s"));

	assert_line(s.rl, "cycles:     3 of 3 run, 0 reset, 0 scribbled, 0 not passed, 1 hung on "
			  "purpose (inject_hang), recovered by the host (--silence)");
	assert_line(s.rl, "  cycle 1 (hlt, provoke none), phase handover: hung on purpose "
			  "(inject_hang), not judged; recovered by the host after 15 s of silence; "
			  "evidence: " EVIDENCE_NO_BMC);

	o = json_of(s.rl);
	c = jidx(key(o, "cycles"), 1);
	assert_jint(c, "n", 1);
	assert_jstr_or_null(c, "recovered_by", "host");
	assert_jstr_or_null(jidx(key(o, "cycles"), 0), "recovered_by", NULL);
	x = key(o, "silence");
	assert_jint(x, "seconds", 15);
	assert_jint(x, "hangs_recovered_by_host", 1);
	assert_jint(x, "hangs_host", 0);
	assert_false(json_object_get_boolean(key(x, "gave_up")));
	assert_jint(jidx(key(x, "resets"), 0), "n", 1);
	assert_jstr_or_null(jidx(key(x, "resets"), 0), "phase", "handover");
	assert_jint(jidx(key(o, "modes"), 0), "hangs_host", 0);
	json_object_put(o);
	h = html_of(s.rl);
	assert_non_null(strstr(h,
			       "<td>handover</td><td>hung on purpose (inject_hang), not judged</td>"
			       "<td>recovered by the host after 15 s of silence</td>"));
	free(h);
	sim_free(&s);
}

/* Nobody hung cycle 1 on purpose: the machine's own hang, a failure. */
static void test_own_hang_reset_by_host(void **state)
{
	struct sim s;
	json_object *o;

	(void)state;
	sim_new(&s, RL_MAX_HOST_RESETS);
	run_hung_cycle_1(&s, 0);
	assert_true(cycle_n(s.rl, 1)->by_host);
	assert_int_equal(s.rl->sum.hangs_host, 1);
	assert_int_equal(s.rl->sum.cycles_reset, 1);
	assert_int_equal(s.rl->sum.cycles_hung, 0);
	assert_int_equal(s.rl->sum.verdict, RL_FAIL);
	/* The stream had it after the handover; the payload names its phase. */
	assert_string_equal(s.rl->host_resets[0].phase, RL_PHASE_BEFORE_HANDOVER);
	assert_true(
	    has_note(s.rl, "hang in cycle 1 (phase handover), reset by the host after 15 s"));
	assert_line(s.rl, "cycles:     3 of 3 run, 1 reset (1 hang, reset by the host), 0 "
			  "scribbled, 1 not passed");
	assert_line(s.rl, "  cycle 1 (hlt, provoke none), phase handover: hang, reset by the "
			  "host: the machine's own; recovered by the host after 15 s of silence; "
			  "evidence: " EVIDENCE_NO_BMC);
	o = json_of(s.rl);
	assert_jstr_or_null(jidx(key(o, "cycles"), 1), "recovered_by", "host");
	assert_jint(key(o, "silence"), "hangs_host", 1);
	assert_jint(jidx(key(o, "modes"), 0), "hangs_host", 1);
	json_object_put(o);
	sim_free(&s);
}

/* Reset by the host, and nothing came back: not recovered. */
static void test_nothing_came_back(void **state)
{
	struct sim s;
	json_object *o;

	(void)state;
	sim_new(&s, RL_MAX_HOST_RESETS);
	head(&s.l, 0x5174);
	start(&s.l, 0);
	boot(&s.l);
	ok_cycle(&s.l, 0);
	start(&s.l, 1);
	injected_hang(&s.l, 1, "stop");
	assert_int_equal(quiet(&s, 2 * S), 1);
	runlog_finish(s.rl);
	assert_true(cycle_n(s.rl, 1)->died);
	assert_true(cycle_n(s.rl, 1)->has_host_reset);
	assert_false(cycle_n(s.rl, 1)->by_host);
	assert_int_equal(s.rl->sum.hung_died, 1);
	assert_int_equal(s.rl->sum.hung_host, 0);
	assert_true(has_note(s.rl, "hang in cycle 1 (phase stop), reset by the host after 15 s: "
				   "nothing came back after it"));
	assert_line(s.rl, "  cycle 1 (hlt, provoke none), phase stop: hung on "
			  "purpose (inject_hang), not judged; reset by the host after 15 s of "
			  "silence; nothing came back; evidence: no restart record");
	o = json_of(s.rl);
	assert_jstr_or_null(jidx(key(o, "cycles"), 1), "recovered_by", NULL);
	json_object_put(o);
	sim_free(&s);
}

/* The BMC's watchdog says it reset the machine: its word stands. */
static void test_watchdog_first(void **state)
{
	struct sim s;

	(void)state;
	sim_new(&s, RL_MAX_HOST_RESETS);
	head(&s.l, 0x5175);
	start(&s.l, 0);
	injected_hang(&s.l, 0, "provoke");
	assert_int_equal(quiet(&s, 2 * S), 1);
	reset_reported(&s.l, 0, "provoke", PD_WD_EXPIRED, 1);
	arrive(&s);
	runlog_finish(s.rl);
	assert_true(cycle_n(s.rl, 0)->watchdog);
	assert_false(cycle_n(s.rl, 0)->by_host);
	assert_int_equal(s.rl->sum.hung_watchdog, 1);
	assert_int_equal(s.rl->sum.hung_host, 0);
	assert_true(has_note(s.rl, "hang in cycle 0 (phase provoke), reset by the host after 15 s: "
				   "the BMC's watchdog says it reset the machine"));
	sim_free(&s);
}

/* Without --silence nothing of it shows. */
static void test_not_watched(void **state)
{
	struct slog l = {0};
	struct runlog *rl;
	json_object *o;

	(void)state;
	head(&l, 0x5176);
	start(&l, 0);
	boot(&l);
	ok_cycle(&l, 0);
	end(&l);
	rl = model_of(l.buf, l.len);
	o = json_of(rl);
	assert_false(json_object_object_get_ex(o, "silence", NULL));
	assert_false(json_object_object_get_ex(jidx(key(o, "modes"), 0), "hangs_host", NULL));
	json_object_put(o);
	runlog_free(rl);
	slog_free(&l);
}

/* ---- the collection loop resets through its callback ---- */

struct machine {
	int fd; /* the write end of the serial line */
	struct slog *l;
	size_t sent;
	unsigned resets;
};

/* The reset: the machine reboots, reports cycle 1 as reset and finishes. */
static int machine_reset(void *ctx, char *err, size_t cap)
{
	struct machine *m = ctx;

	(void)err;
	(void)cap;
	m->resets++;
	reset_reported(m->l, 1, "handover", PD_WD_UNKNOWN, 1);
	start(m->l, 2);
	boot(m->l);
	ok_cycle(m->l, 2);
	end(m->l);
	assert_int_equal(write(m->fd, m->l->buf + m->sent, m->l->len - m->sent),
			 (ssize_t)(m->l->len - m->sent));
	m->sent = m->l->len;
	close(m->fd); /* the end of the line */
	return 0;
}

static void test_collect_resets(void **state)
{
	struct slog l = {0};
	struct machine m = {0};
	struct runlog *rl;
	struct collect_opts co;
	struct collect_result cr;
	int fds[2];

	(void)state;
	head(&l, 0x5177);
	start(&l, 0);
	boot(&l);
	ok_cycle(&l, 0);
	start(&l, 1);
	injected_hang(&l, 1, "handover");
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], l.buf, l.len), (ssize_t)l.len);
	m.fd = fds[1];
	m.l = &l;
	m.sent = l.len;
	rl = runlog_new();
	memset(&co, 0, sizeof(co));
	co.timeout = 20;
	co.silence = 0.5;
	co.reset = machine_reset;
	co.reset_ctx = &m;
	assert_int_equal(collect_run(fds[0], rl, &co, &cr), 0);
	close(fds[0]);
	assert_int_equal(m.resets, 1);
	assert_true(cr.stop == COLLECT_END || cr.stop == COLLECT_EOF);
	assert_true(cr.elapsed >= 0.5);
	runlog_finish(rl);
	assert_int_equal(rl->nhost_resets, 1);
	assert_true(cycle_n(rl, 1)->by_host);
	assert_int_equal(rl->sum.hung_host, 1);
	assert_int_equal(rl->sum.verdict, RL_PASS);
	runlog_free(rl);
	slog_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decide),
	    cmocka_unit_test(test_when_in_flight),
	    cmocka_unit_test(test_reset_bound),
	    cmocka_unit_test(test_injected_hang_recovered_by_host),
	    cmocka_unit_test(test_own_hang_reset_by_host),
	    cmocka_unit_test(test_nothing_came_back),
	    cmocka_unit_test(test_watchdog_first),
	    cmocka_unit_test(test_not_watched),
	    cmocka_unit_test(test_collect_resets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
