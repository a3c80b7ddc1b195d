/* SPDX-License-Identifier: MIT */
/*
 * Hangs and the BMC's watchdog (results/FORMAT.md: watchdog, restart, the
 * injected and cycle records' hang=1, the cycle's by=watchdog) in the run
 * model and the text, JSON and HTML reports: a hang injected on purpose and
 * recovered by the watchdog is counted, not judged; a cycle the watchdog
 * reset that nobody hung on purpose is the machine's own hang and fails; a
 * reset the watchdog did not cause is not called a hang; what each restart
 * record says comes out in words; garbled fields read as unknown; logs
 * without these records are reported as before.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "host/model/runlog.h"
#include "host/report/report.h"
#include "results/crc32.h"
#include "results/fields.h"
#include "results/record.h"
#include "tests/unit/report_check.h"
#include "tests/unit/report_json_check.h"
#include "tests/unit/slog.h"

/* A field as the payload's token or quoted string carries it. */
struct kv {
	const char *key, *val;
};

static void fields(const struct kv *kv)
{
	for (; kv && kv->key; kv++)
		pd_rec_s(&W, kv->key, kv->val);
}

/* ---- a run of three hlt cycles, cycle 1 reset or hung ---- */

static void next_boot(struct slog *l)
{
	l->boot++;
	l->seq = 0;
	slog_begin(l, PD_REC_BOOT);
	pd_rec_u(&W, PD_F_FORMAT, PD_FORMAT_VERSION);
	pd_rec_s(&W, PD_F_CMDLINE, "modes=hlt cycles=3");
	slog_emit(l);
}

/* Boot 1: two CPUs, the watchdog record (fields wd, none when NULL), the
 * schedule. */
static void head(struct slog *l, const struct kv *wd)
{
	slog_free(l);
	l->run = 0x4a6;
	next_boot(l);
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
	if (wd) {
		slog_begin(l, PD_REC_WATCHDOG);
		fields(wd);
		slog_emit(l);
	}
	slog_begin(l, PD_REC_KEXEC);
	pd_rec_u(&W, PD_F_CYCLES, 3);
	pd_rec_s(&W, PD_F_MODES, "hlt");
	pd_rec_s(&W, PD_F_ON_RESET, "continue");
	pd_rec_s(&W, PD_F_PLATFORM, "hardware");
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

static void end(struct slog *l)
{
	slog_begin(l, PD_REC_END);
	pd_rec_u(&W, PD_F_CPUS, 2);
	pd_rec_u(&W, PD_F_CYCLES, 3);
	pd_rec_s(&W, PD_F_VERDICT, "pass");
	slog_emit(l);
}

static const struct kv ARMED[] = {{PD_F_ARMED, "1"}, {PD_F_COUNTDOWN_MS, "40600"}, {0, 0}};
/* What QEMU's ipmi-bmc-sim answers after its watchdog reset the machine:
 * the SMS/OS expiration flag; Get System Restart Cause is C1h there. */
static const struct kv EXPIRED_QEMU[] = {
    {PD_F_WD, "expired"}, {PD_F_WD_FLAGS, "0x10"}, {PD_F_CAUSE_CC, "0xc1"}, {0, 0}};

/*
 * Cycle 1 reset in phase `phase`: inj_hang, an injected record with hang=1
 * before it; restart, the restart record's fields after it (none when
 * NULL); cyc, the cycle record's fields beyond n, m, reset=1 and phase.
 */
static struct runlog *run_with(struct slog *l, const struct kv *wd, int inj_hang, const char *phase,
			       const struct kv *restart, const struct kv *cyc)
{
	head(l, wd);
	start(l, 0);
	next_boot(l);
	ok_cycle(l, 0);
	start(l, 1);
	if (inj_hang) {
		slog_begin(l, PD_REC_INJECTED);
		pd_rec_u(&W, PD_F_N, 1);
		pd_rec_s(&W, PD_F_M, "hlt");
		pd_rec_s(&W, PD_F_PHASE, phase);
		pd_rec_u(&W, PD_F_HANG, 1);
		slog_emit(l);
	}
	next_boot(l); /* the reset */
	if (restart) {
		slog_begin(l, PD_REC_RESTART);
		pd_rec_u(&W, PD_F_N, 1);
		pd_rec_s(&W, PD_F_PHASE, phase);
		fields(restart);
		slog_emit(l);
	}
	slog_begin(l, PD_REC_CYCLE);
	pd_rec_u(&W, PD_F_N, 1);
	pd_rec_s(&W, PD_F_M, "hlt");
	pd_rec_u(&W, pd_outcome_name(PD_OUTCOME_RESET), 1);
	pd_rec_s(&W, PD_F_PHASE, phase);
	fields(cyc);
	slog_emit(l);
	start(l, 2);
	next_boot(l);
	ok_cycle(l, 2);
	end(l);
	return model_of(l->buf, l->len);
}

static const struct rl_cycle *cycle_n(const struct runlog *rl, uint32_t n)
{
	size_t i = runlog_cycle_index(&rl->cur, n);

	assert_true(i < rl->cur.ncycles);
	return &rl->cur.cycles[i];
}

/* ---- reports ---- */

/* The string, or "null". */
static void assert_jstr_or_null(json_object *o, const char *k, const char *want)
{
	if (want)
		assert_jstr(o, k, want);
	else
		assert_jnull(o, k);
}

static json_object *jidx(json_object *a, size_t i)
{
	assert_true(json_object_is_type(a, json_type_array));
	assert_true(i < json_object_array_length(a));
	return json_object_array_get_idx(a, i);
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

static void assert_no_text(const struct runlog *rl, const char *part)
{
	char *t = text_of(rl, 0);

	if (strstr(t, part))
		fail_msg("\"%s\" in the report:\n%s", part, t);
	free(t);
}

/* ---- tests ---- */

#define EVIDENCE_QEMU                                                                              \
	"watchdog expired (expiration flags 0x10: SMS/OS), Get System Restart Cause not "          \
	"supported (C1h invalid command)"

/* The payload hung cycle 1 on purpose in its handover and the BMC's
 * watchdog reset the machine: counted as hung on purpose, recovered by
 * the watchdog, not judged; the run passes. */
static void test_injected_hang_recovered(void **state)
{
	static struct slog l;
	static const struct kv cyc[] = {
	    {PD_F_INJECTED, "1"}, {PD_F_HANG, "1"}, {PD_F_BY, "watchdog"}, {0, 0}};
	struct runlog *rl;
	json_object *o, *c, *m, *x;
	char *h;

	(void)state;
	rl = run_with(&l, ARMED, 1, "handover", EXPIRED_QEMU, cyc);
	assert_true(cycle_n(rl, 1)->injected);
	assert_true(cycle_n(rl, 1)->hang);
	assert_true(cycle_n(rl, 1)->watchdog);
	assert_int_equal(rl->sum.cycles_hung, 1);
	assert_int_equal(rl->sum.hung_watchdog, 1);
	assert_int_equal(rl->sum.hung_died, 0);
	assert_int_equal(rl->sum.cycles_injected, 0);
	assert_int_equal(rl->sum.cycles_reset, 0);
	assert_int_equal(rl->sum.hangs_watchdog, 0);
	assert_int_equal(rl->sum.cycles_failed, 0);
	assert_int_equal(rl->sum.ngroups, 1);
	assert_int_equal(rl->sum.groups[0].cycles, 2);
	assert_int_equal(rl->sum.groups[0].hung, 1);
	assert_int_equal(rl->sum.groups[0].injected, 0);
	assert_int_equal(rl->sum.verdict, RL_PASS);
	assert_int_equal(rl->nnotes, 0);

	assert_line(rl, "watchdog:   armed at each cycle's start, countdown 40.6 s, hard reset on "
			"expiry");
	assert_line(rl, "cycles:     3 of 3 run, 0 reset, 0 scribbled, 0 not passed, 1 hung on "
			"purpose (inject_hang), recovered by the BMC watchdog");
	assert_line(rl, "  hlt         none                      2 cycles: ok 2, 1 hung on purpose "
			"(not judged); expected pass, observed pass");
	assert_line(rl, "resets and hangs:");
	assert_line(
	    rl,
	    "  cycle 1 (hlt, provoke none), phase handover: hung on purpose "
	    "(inject_hang), not judged; recovered by the BMC watchdog; evidence: " EVIDENCE_QEMU);
	assert_no_text(rl, "reset on purpose");

	o = json_of(rl);
	x = key(o, "watchdog");
	assert_jbool(x, "armed", 1);
	assert_jint(x, "countdown_ms", 40600);
	assert_jnull(x, "why");
	assert_jint(o, "hangs_injected", 1);
	assert_jint(o, "hangs_recovered_by_watchdog", 1);
	assert_jint(o, "hangs_not_recovered", 0);
	assert_jint(o, "hangs_watchdog", 0);
	assert_jint(o, "resets_injected", 0);
	/* no inject_hang on the boot line: nothing to compare the draw with */
	assert_jnull(o, "hangs_injected_expected");
	c = jidx(key(o, "cycles"), 1);
	assert_jint(c, "n", 1);
	assert_jbool(c, "injected", 1);
	assert_jbool(c, "hang", 1);
	assert_jstr(c, "recovered_by", "watchdog");
	assert_jbool(c, "reset", 1);
	assert_jbool(jidx(key(o, "cycles"), 0), "hang", 0);
	assert_jnull(jidx(key(o, "cycles"), 0), "recovered_by");
	m = jidx(key(o, "modes"), 0);
	assert_jint(m, "cycles_hung", 1);
	assert_jint(m, "cycles_injected", 0);
	assert_jint(m, "hangs_watchdog", 0);
	assert_jstr(m, "observed", "pass");
	x = jidx(key(o, "restart_evidence"), 0);
	assert_jint(x, "n", 1);
	assert_jstr(x, "phase", "handover");
	assert_jstr(x, "watchdog", "expired");
	assert_jstr(x, "flags", "0x10");
	assert_jnull(x, "cause");
	assert_jstr(x, "cause_cc", "0xc1");
	assert_jbool(x, "cause_supported", 0);
	/* the older key keeps its meaning: runs that started afresh */
	assert_jint(o, "restarts", 0);
	json_object_put(o);

	h = html_of(rl);
	assert_non_null(strstr(h, "<td id=\"m-watchdog\">armed at each cycle's start"));
	assert_non_null(strstr(h, "<section id=\"resets-hangs\">"));
	assert_non_null(
	    strstr(h, "<tr data-injected=\"1\" data-hang=\"1\"><td>1</td><td>hlt</td>"
		      "<td>none</td><td>handover</td><td>hung on purpose (inject_hang), "
		      "not judged</td><td>recovered by the BMC watchdog</td><td>" EVIDENCE_QEMU
		      "</td></tr>"));
	free(h);
	runlog_free(rl);

	/* The cycle record alone (its injected record lost on the line) says
	 * as much; and so does the injected record alone. */
	rl = run_with(&l, ARMED, 0, "handover", EXPIRED_QEMU, cyc);
	assert_true(cycle_n(rl, 1)->hang && cycle_n(rl, 1)->watchdog);
	assert_int_equal(rl->sum.cycles_hung, 1);
	assert_int_equal(rl->sum.verdict, RL_PASS);
	runlog_free(rl);
	{
		static const struct kv injected_only[] = {{PD_F_INJECTED, "1"}, {0, 0}};

		rl = run_with(&l, ARMED, 1, "stop", EXPIRED_QEMU, injected_only);
		assert_true(cycle_n(rl, 1)->hang);
		assert_true(cycle_n(rl, 1)->watchdog); /* the restart record's wd=expired */
		assert_int_equal(rl->sum.cycles_hung, 1);
		assert_int_equal(rl->sum.cycles_injected, 0);
		assert_int_equal(rl->sum.verdict, RL_PASS);
		runlog_free(rl);
	}
	slog_free(&l);
}

/* Nobody hung cycle 1 on purpose, yet the BMC's watchdog reset the machine
 * in it: the machine's own hang, a failure; with by=watchdog on the cycle
 * record, or only the restart record's wd=expired. */
static void test_own_hang_fails(void **state)
{
	static struct slog l;
	static const struct kv by[] = {{PD_F_BY, "watchdog"}, {0, 0}};
	struct runlog *rl;
	json_object *o, *c, *m;
	int with_by;

	(void)state;
	for (with_by = 0; with_by < 2; with_by++) {
		rl = run_with(&l, ARMED, 0, "provoke", EXPIRED_QEMU, with_by ? by : NULL);
		assert_false(cycle_n(rl, 1)->injected);
		assert_false(cycle_n(rl, 1)->hang);
		assert_true(cycle_n(rl, 1)->watchdog);
		assert_int_equal(rl->sum.cycles_reset, 1);
		assert_int_equal(rl->sum.hangs_watchdog, 1);
		assert_int_equal(rl->sum.cycles_hung, 0);
		assert_int_equal(rl->sum.cycles_failed, 1);
		assert_int_equal(rl->sum.groups[0].hangs_watchdog, 1);
		assert_false(rl->sum.groups[0].observed_pass);
		assert_int_equal(rl->sum.verdict, RL_FAIL);
		assert_line(rl, "cycles:     3 of 3 run, 1 reset (1 a hang, reset by the BMC "
				"watchdog), 0 scribbled, 1 not passed");
		assert_line(rl, "  cycle 1 (hlt, provoke none), phase provoke: hang, reset by the "
				"BMC watchdog: the machine's own; recovered by the BMC watchdog; "
				"evidence: " EVIDENCE_QEMU);
		o = json_of(rl);
		c = jidx(key(o, "cycles"), 1);
		assert_jbool(c, "injected", 0);
		assert_jbool(c, "hang", 0);
		assert_jstr(c, "recovered_by", "watchdog");
		assert_jbool(c, "passed", 0);
		m = jidx(key(o, "modes"), 0);
		assert_jint(m, "hangs_watchdog", 1);
		assert_jint(m, "cycles_hung", 0);
		assert_jstr(m, "observed", "fail");
		assert_jint(o, "hangs_watchdog", 1);
		assert_jint(o, "hangs_injected", 0);
		json_object_put(o);
		runlog_free(rl);
	}
	slog_free(&l);
}

/* Negative control: a reset the watchdog did not cause (wd=quiet, or no
 * BMC to ask) is a reset, not a hang, and nothing says the watchdog
 * recovered it. */
static void test_reset_not_watchdog(void **state)
{
	static struct slog l;
	static const struct kv quiet[] = {
	    {PD_F_WD, "quiet"}, {PD_F_WD_FLAGS, "0x0"}, {PD_F_CAUSE, "soft reset"}, {0, 0}};
	static const struct kv unknown[] = {{PD_F_WD, "unknown"}, {0, 0}};
	struct runlog *rl;
	json_object *o;

	(void)state;
	rl = run_with(&l, ARMED, 0, "provoke", quiet, NULL);
	assert_false(cycle_n(rl, 1)->watchdog);
	assert_int_equal(rl->sum.cycles_reset, 1);
	assert_int_equal(rl->sum.hangs_watchdog, 0);
	assert_int_equal(rl->sum.verdict, RL_FAIL);
	assert_line(rl, "cycles:     3 of 3 run, 1 reset, 0 scribbled, 1 not passed");
	assert_line(rl, "  cycle 1 (hlt, provoke none), phase provoke: reset: the machine's own; "
			"recovered by: unknown (not the BMC watchdog); evidence: watchdog did not "
			"expire (expiration flags 0x00: none), restart cause: soft reset");
	o = json_of(rl);
	assert_jnull(jidx(key(o, "cycles"), 1), "recovered_by");
	assert_jint(o, "hangs_watchdog", 0);
	json_object_put(o);
	runlog_free(rl);

	/* No BMC: the watchdog was never armed, the restart says unknown. */
	{
		static const struct kv no_bmc[] = {{PD_F_ARMED, "0"}, {PD_F_WHY, "no BMC"}, {0, 0}};

		rl = run_with(&l, no_bmc, 0, "stop", unknown, NULL);
		assert_false(cycle_n(rl, 1)->watchdog);
		assert_line(rl, "watchdog:   not armed (no BMC)");
		assert_line(rl, "  cycle 1 (hlt, provoke none), phase stop: reset: the machine's "
				"own; recovered by: unknown; evidence: watchdog unknown (no BMC to "
				"ask, or no answer), no restart cause");
		o = json_of(rl);
		assert_jbool(key(o, "watchdog"), "armed", 0);
		assert_jnull(key(o, "watchdog"), "countdown_ms");
		assert_jstr(key(o, "watchdog"), "why", "no BMC");
		json_object_put(o);
		runlog_free(rl);
	}
	slog_free(&l);
}

/* Each shape of the restart record, in the text and the JSON. */
static void test_restart_variants(void **state)
{
	static const struct {
		struct kv f[4];
		const char *evidence;
		const char *wd, *flags, *cause, *cc;
		int supported; /* 1, 0, -1: null */
	} v[] = {
	    {{{PD_F_WD, "expired"}, {PD_F_WD_FLAGS, "0x10"}, {PD_F_CAUSE_CC, "0xc1"}},
	     EVIDENCE_QEMU,
	     "expired",
	     "0x10",
	     NULL,
	     "0xc1",
	     0},
	    /* Table 28-11: 4h "watchdog expiration"; flags 0x12: FRB2 and SMS/OS */
	    {{{PD_F_WD, "expired"}, {PD_F_WD_FLAGS, "0x12"}, {PD_F_CAUSE, "watchdog expiration"}},
	     "watchdog expired (expiration flags 0x12: BIOS FRB2, SMS/OS), restart cause: "
	     "watchdog expiration",
	     "expired",
	     "0x12",
	     "watchdog expiration",
	     NULL,
	     1},
	    {{{PD_F_WD, "quiet"}, {PD_F_WD_FLAGS, "0x0"}, {PD_F_CAUSE, "soft reset"}},
	     "watchdog did not expire (expiration flags 0x00: none), restart cause: soft reset",
	     "quiet",
	     "0x0",
	     "soft reset",
	     NULL,
	     1},
	    /* C3h: a failure, not "not supported" (Table 5-2) */
	    {{{PD_F_WD, "quiet"}, {PD_F_WD_FLAGS, "0x8"}, {PD_F_CAUSE_CC, "0xc3"}},
	     "watchdog did not expire (expiration flags 0x08: OS Load), Get System Restart "
	     "Cause failed (C3h timeout while processing the command)",
	     "quiet",
	     "0x8",
	     NULL,
	     "0xc3",
	     -1},
	    /* bits 0 and 7 are reserved (27.7) */
	    {{{PD_F_WD, "quiet"}, {PD_F_WD_FLAGS, "0x81"}},
	     "watchdog did not expire (expiration flags 0x81: reserved bit 0, reserved bit 7), "
	     "no restart cause",
	     "quiet",
	     "0x81",
	     NULL,
	     NULL,
	     -1},
	    {{{PD_F_WD, "unknown"}},
	     "watchdog unknown (no BMC to ask, or no answer), no restart cause",
	     "unknown",
	     NULL,
	     NULL,
	     NULL,
	     -1},
	};
	static struct slog l;
	char want[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct runlog *rl = run_with(&l, ARMED, 0, "arrived", v[i].f, NULL);
		json_object *o, *x;

		snprintf(want, sizeof(want), "; evidence: %s\n", v[i].evidence);
		assert_text(rl, want);
		o = json_of(rl);
		x = jidx(key(o, "restart_evidence"), 0);
		assert_jint(x, "n", 1);
		assert_jstr(x, "phase", "arrived");
		assert_jstr(x, "watchdog", v[i].wd);
		assert_jstr_or_null(x, "flags", v[i].flags);
		assert_jstr_or_null(x, "cause", v[i].cause);
		assert_jstr_or_null(x, "cause_cc", v[i].cc);
		if (v[i].supported < 0)
			assert_jnull(x, "cause_supported");
		else
			assert_jbool(x, "cause_supported", v[i].supported);
		json_object_put(o);
		runlog_free(rl);
	}
	slog_free(&l);
}

/* Garbled values read as unknown, an unusable n is counted, a hostile why
 * is made safe; nothing crashes (the ASan build runs this too). */
static void test_garbled(void **state)
{
	static const struct kv wd[] = {
	    {PD_F_ARMED, "maybe"}, {PD_F_COUNTDOWN_MS, "-5"}, {PD_F_WHY, "\x1b[2Jgone<b>"}, {0, 0}};
	static const struct kv restart[] = {
	    {PD_F_WD, "EXPIRED"}, {PD_F_WD_FLAGS, "0x1ff"}, {PD_F_CAUSE_CC, "zz"}, {0, 0}};
	static const struct kv cyc[] = {{PD_F_HANG, "yes"}, {PD_F_BY, "watchdogs"}, {0, 0}};
	static struct slog l;
	struct runlog *rl;
	json_object *o, *x;
	char *h;

	(void)state;
	runlog_free(run_with(&l, wd, 0, "stop", restart, cyc));
	/* a restart record without a usable n, and one for a cycle never run */
	slog_begin(&l, PD_REC_RESTART);
	pd_rec_s(&W, PD_F_N, "one");
	pd_rec_s(&W, PD_F_WD, "expired");
	slog_emit(&l);
	slog_begin(&l, PD_REC_RESTART);
	pd_rec_u(&W, PD_F_N, 7);
	pd_rec_s(&W, PD_F_WD, "expired");
	slog_emit(&l);
	rl = model_of(l.buf, l.len);
	assert_false(cycle_n(rl, 1)->hang);
	assert_false(cycle_n(rl, 1)->watchdog);
	assert_false(cycle_n(rl, 1)->injected);
	assert_int_equal(rl->cur.restart_records_bad, 1);
	assert_int_equal(rl->sum.restarts_no_cycle, 1);
	assert_int_equal(rl->cur.restarts[0].wd, RL_WD_UNKNOWN);
	assert_false(rl->cur.restarts[0].has_flags);
	assert_false(rl->cur.restarts[0].has_cause_cc);
	assert_line(rl, "watchdog:   armed ? (?[2Jgone<b>)");
	assert_line(rl, "  cycle 1 (hlt, provoke none), phase stop: reset: the machine's own; "
			"recovered by: unknown; evidence: watchdog unknown (no BMC to ask, or no "
			"answer), no restart cause");
	assert_text(rl, "1 restart record names a cycle that has no cycle record");
	assert_text(rl, "restart records: 1 without a usable n, 0 not kept");
	o = json_of(rl);
	x = key(o, "watchdog");
	assert_jnull(x, "armed");
	assert_jnull(x, "countdown_ms");
	x = jidx(key(o, "restart_evidence"), 0);
	assert_jstr(x, "watchdog", "unknown");
	assert_jnull(x, "flags");
	assert_jnull(x, "cause_cc");
	assert_jnull(x, "cause_supported");
	assert_jbool(jidx(key(o, "cycles"), 1), "hang", 0);
	assert_jnull(jidx(key(o, "cycles"), 1), "recovered_by");
	json_object_put(o);
	h = html_of(rl);
	assert_null(strstr(h, "gone<b>"));
	assert_non_null(strstr(h, "gone&lt;b&gt;"));
	free(h);
	runlog_free(rl);
	slog_free(&l);
}

/* The payload hung cycle 1 on purpose and nothing reset the machine: the
 * stream ends there.  Still the payload's doing, and the report says the
 * hang was not recovered. */
static void test_hang_not_recovered(void **state)
{
	static struct slog l;
	struct runlog *rl;
	json_object *o;

	(void)state;
	head(&l, ARMED);
	start(&l, 0);
	next_boot(&l);
	ok_cycle(&l, 0);
	start(&l, 1);
	slog_begin(&l, PD_REC_INJECTED);
	pd_rec_u(&W, PD_F_N, 1);
	pd_rec_s(&W, PD_F_M, "hlt");
	pd_rec_s(&W, PD_F_PHASE, "rediscover");
	pd_rec_u(&W, PD_F_HANG, 1);
	slog_emit(&l);
	rl = model_of(l.buf, l.len);
	assert_true(cycle_n(rl, 1)->died);
	assert_true(cycle_n(rl, 1)->hang);
	assert_false(cycle_n(rl, 1)->watchdog);
	assert_int_equal(rl->sum.cycles_hung, 1);
	assert_int_equal(rl->sum.hung_died, 1);
	assert_int_equal(rl->sum.cycles_reset, 0);
	assert_text(rl, ", 1 hung on purpose (inject_hang): 1 not recovered (the stream ended)");
	assert_line(rl,
		    "  cycle 1 (hlt, provoke none), phase rediscover: hung on purpose "
		    "(inject_hang), not judged; not recovered: the stream ended in it; evidence: "
		    "no restart record");
	o = json_of(rl);
	assert_jint(o, "hangs_not_recovered", 1);
	assert_jbool(jidx(key(o, "cycles"), 1), "hang", 1);
	assert_jnull(jidx(key(o, "cycles"), 1), "recovered_by");
	json_object_put(o);
	runlog_free(rl);
	slog_free(&l);
}

/* The QEMU run's lines as they came (ipmi-bmc-sim, modes=hlt,spin cycles=4
 * inject_hang=25 seed=4): its draw picked cycles 4 (handover) and 5
 * (stop), which the host's own draw (results/inject.c) must pick too. */
static void test_qemu_lines(void **state)
{
	static const char log[] =
	    "@PD c699b220 1 0 boot version=0.1.0 format=1 path=multiboot loader=qemu "
	    "console=io:0x3f8 console_from=default baud=115200 ignored=0 "
	    "cmdline=\"payload/playdead.elf exit=qemu host_cpus=2 cycles=4 modes=hlt,spin "
	    "cpuid_dump=none inject_hang=25 seed=4\" mem_kb=261631 base=0x100000 *0f90641a\r\n"
	    "@PD c699b220 1 5 watchdog armed=1 countdown_ms=40600 *4c500d34\r\n"
	    "@PD c699b220 1 14 kexec load=alternate load_at=0x1000000 wbinvd=0 why=\"no SME, no "
	    "TDX KeyIDs\" area=0x2000000 cycles=8 modes=hlt,spin provoke=none on_reset=continue "
	    "platform=qemu-tcg mwait_hint=0x0 *fe525530\r\n"
	    "@PD c699b220 5 1 start n=4 m=spin *2c4d8ac4\r\n"
	    "@PD c699b220 5 2 injected n=4 m=spin phase=handover hang=1 *4168b7c4\r\n"
	    "@PD c699b220 6 0 restart n=4 phase=handover wd=expired wd_flags=0x10 "
	    "cause_cc=0xc1 *44a0f19d\r\n"
	    "@PD c699b220 6 1 cycle n=4 m=spin reset=1 phase=handover injected=1 hang=1 "
	    "by=watchdog *d318a0f4\r\n"
	    "@PD c699b220 6 2 start n=5 m=spin *a5c81af2\r\n"
	    "@PD c699b220 6 3 injected n=5 m=spin phase=stop hang=1 *f8e89292\r\n"
	    "@PD c699b220 7 0 restart n=5 phase=stop wd=expired wd_flags=0x10 "
	    "cause_cc=0xc1 *4f764249\r\n"
	    "@PD c699b220 7 1 cycle n=5 m=spin reset=1 phase=stop injected=1 hang=1 "
	    "by=watchdog *c1464a79\r\n";
	struct runlog *rl = model_of(log, strlen(log));

	(void)state;
	assert_int_equal(rl->st.corrupt, 0);
	assert_int_equal(rl->cur.unknown, 0);
	assert_int_equal(rl->cur.nrestarts, 2);
	assert_int_equal(rl->sum.cycles_hung, 2);
	assert_int_equal(rl->sum.hung_watchdog, 2);
	assert_true(rl->sum.has_hangs_expected);
	assert_int_equal(rl->sum.hangs_expected, 2);
	assert_int_equal(rl->sum.hangs_missing, 0);
	assert_int_equal(rl->sum.hangs_unpicked, 0);
	assert_false(rl->sum.has_injected_expected);
	assert_string_equal(cycle_n(rl, 4)->phase, "handover");
	assert_string_equal(cycle_n(rl, 5)->phase, "stop");
	assert_line(
	    rl,
	    "  cycle 5 (spin, provoke none), phase stop: hung on purpose "
	    "(inject_hang), not judged; recovered by the BMC watchdog; evidence: " EVIDENCE_QEMU);
	runlog_free(rl);
}

/* A hang where the draw picked none, and a cycle the draw picked reported
 * as a plain reset, are noted. */
static void test_draw_disagrees(void **state)
{
	static const char *const bad[] = {
	    /* cycle 4 hung but not reported as such */
	    "@PD c699b220 6 1 cycle n=4 m=spin reset=1 phase=handover *",
	    /* cycle 6 hung, not picked */
	    "@PD c699b220 8 0 cycle n=6 m=spin reset=1 phase=stop injected=1 hang=1 *",
	};
	static const char head_lines[] =
	    "@PD c699b220 1 0 boot format=1 cmdline=\"cycles=4 modes=hlt,spin inject_hang=25 "
	    "seed=4\" *";
	static const char kexec[] =
	    "@PD c699b220 1 14 kexec cycles=8 modes=hlt,spin platform=qemu-tcg *";
	struct slog l = {0};
	struct runlog *rl;
	const char *lines[4] = {head_lines, kexec, bad[0], bad[1]};
	char crc[16];
	size_t i;

	(void)state;
	/* These lines are not the payload's: their CRCs are made here. */
	for (i = 0; i < 4; i++) {
		size_t n = strlen(lines[i]) - 2;

		slog_put(&l, lines[i], n);
		snprintf(crc, sizeof(crc), " *%08x\r\n", pd_crc32(0, lines[i], n));
		slog_put(&l, crc, strlen(crc));
	}
	rl = model_of(l.buf, l.len);
	assert_int_equal(rl->st.corrupt, 0);
	assert_int_equal(rl->sum.hangs_missing, 1);
	assert_int_equal(rl->sum.hangs_unpicked, 1);
	assert_text(rl, "1 cycle picked by inject_hang and seed but not reported as hung on "
			"purpose");
	assert_text(rl, "1 cycle reported as hung on purpose that the draw did not pick");
	runlog_free(rl);
	slog_free(&l);
}

/* A log without any of these records: no line, section, key or row. */
static void test_older_logs_unchanged(void **state)
{
	static struct slog l;
	struct runlog *rl;
	json_object *o;
	char *h;

	(void)state;
	rl = run_with(&l, NULL, 0, "provoke", NULL, NULL);
	assert_false(rl->sum.hang_records);
	assert_no_text(rl, "watchdog");
	assert_no_text(rl, "resets and hangs");
	assert_no_text(rl, "hung");
	o = json_of(rl);
	assert_false(json_object_object_get_ex(o, "watchdog", NULL));
	assert_false(json_object_object_get_ex(o, "restart_evidence", NULL));
	assert_false(json_object_object_get_ex(o, "hangs_injected", NULL));
	assert_false(json_object_object_get_ex(jidx(key(o, "cycles"), 1), "hang", NULL));
	assert_false(json_object_object_get_ex(jidx(key(o, "cycles"), 1), "recovered_by", NULL));
	assert_false(json_object_object_get_ex(jidx(key(o, "modes"), 0), "cycles_hung", NULL));
	json_object_put(o);
	h = html_of(rl);
	assert_null(strstr(h, "resets-hangs"));
	assert_null(strstr(h, "m-watchdog"));
	free(h);
	runlog_free(rl);
	slog_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_injected_hang_recovered),
	    cmocka_unit_test(test_own_hang_fails),
	    cmocka_unit_test(test_reset_not_watchdog),
	    cmocka_unit_test(test_restart_variants),
	    cmocka_unit_test(test_garbled),
	    cmocka_unit_test(test_hang_not_recovered),
	    cmocka_unit_test(test_qemu_lines),
	    cmocka_unit_test(test_draw_disagrees),
	    cmocka_unit_test(test_older_logs_unchanged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
