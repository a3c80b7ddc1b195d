/* SPDX-License-Identifier: MIT */
/*
 * Injected resets (inject_reset=PERCENT seed=N): the draw of results/inject.c
 * against the published splitmix64 values, and the host's attribution of an
 * injected reset to its cycle: counted, not judged; a reset without it is
 * still the machine's failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "host/model/runlog.h"
#include "tests/unit/report_check.h"
#include "results/fields.h"
#include "results/inject.h"
#include "results/record.h"
#include "tests/lib/slog.h"

/* splitmix64 of 0 and of 1234567, as Vigna's reference splitmix64.c
 * prints them (the generator's first output from that state). */
static void test_draw_reference(void **state)
{
	(void)state;
	assert_true(pd_inject_draw(0, 0) == 0xe220a8397b1dcdafull);
	assert_true(pd_inject_draw(0, 1234567) == 6457827717110365317ull);
}

static void test_percent_bounds(void **state)
{
	uint32_t n, hits = 0;

	(void)state;
	for (n = 0; n < 1000; n++) {
		enum pd_phase p = pd_inject_reset_phase(7, 100, n);

		assert_int_equal(pd_inject_reset_phase(7, 0, n), PD_PHASE_NONE);
		assert_int_not_equal(p, PD_PHASE_NONE);
		assert_int_equal(p, pd_inject_phase_list[(pd_inject_draw(7, n) >> 32) % 5]);
		hits += pd_inject_reset_phase(7, 30, n) != PD_PHASE_NONE;
		assert_int_equal(pd_inject_reset_phase(7, 30, n) != PD_PHASE_NONE,
				 pd_inject_draw(7, n) % 100 < 30);
	}
	/* 30 % of 1000, binomial sd 14.5: a broken draw lands far outside. */
	assert_in_range(hits, 300 - 60, 300 + 60);
}

/* ---- a run with one injected reset ---- */

/* seed 2 at 30 %: of cycles 0-2 the draw picks 1 only (computed with
 * tests/e2e/inject_predict.py, from the definition). */
static const char *mode = "hlt", *cmdline = "modes=hlt cycles=3 inject_reset=30 seed=2";
static uint32_t ncycles = 3;

/* A fresh log of run 0xfeed (l's earlier one freed). */
static void fresh(struct slog *l)
{
	slog_free(l);
	l->run = 0xfeed;
}

static void next_boot(struct slog *l)
{
	l->boot++;
	l->seq = 0;
	slog_begin(l, PD_REC_BOOT);
	pd_rec_u(&W, PD_F_FORMAT, PD_FORMAT_VERSION);
	pd_rec_s(&W, PD_F_CMDLINE, cmdline);
	slog_emit(l);
}

static void head(struct slog *l)
{
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
	slog_begin(l, PD_REC_KEXEC);
	pd_rec_u(&W, PD_F_CYCLES, ncycles);
	pd_rec_s(&W, PD_F_MODES, mode);
	pd_rec_s(&W, PD_F_PROVOKE, "none");
	pd_rec_s(&W, PD_F_ON_RESET, "continue");
	pd_rec_s(&W, PD_F_PLATFORM, "hardware");
	slog_emit(l);
}

static void start(struct slog *l, uint32_t n)
{
	slog_begin(l, PD_REC_START);
	pd_rec_u(&W, PD_F_N, n);
	pd_rec_s(&W, PD_F_M, mode);
	pd_rec_s(&W, PD_F_P, "none");
	slog_emit(l);
}

static void injected(struct slog *l, uint32_t n, const char *phase)
{
	slog_begin(l, PD_REC_INJECTED);
	pd_rec_u(&W, PD_F_N, n);
	pd_rec_s(&W, PD_F_M, mode);
	pd_rec_s(&W, PD_F_P, "none");
	pd_rec_s(&W, PD_F_PHASE, phase);
	slog_emit(l);
}

/* flag: the cycle record says injected=1 */
static void cycle(struct slog *l, uint32_t n, int reset, int flag)
{
	slog_begin(l, PD_REC_CYCLE);
	pd_rec_u(&W, PD_F_N, n);
	pd_rec_s(&W, PD_F_M, mode);
	pd_rec_s(&W, PD_F_P, "none");
	if (reset) {
		pd_rec_u(&W, pd_outcome_name(PD_OUTCOME_RESET), 1);
		pd_rec_s(&W, PD_F_PHASE, "provoke");
	} else {
		pd_rec_u(&W, pd_outcome_name(PD_OUTCOME_OK), 1);
	}
	if (flag)
		pd_rec_u(&W, PD_F_INJECTED, 1);
	slog_emit(l);
}

static void end(struct slog *l)
{
	slog_begin(l, PD_REC_END);
	pd_rec_u(&W, PD_F_CPUS, 2);
	pd_rec_u(&W, PD_F_CYCLES, ncycles);
	pd_rec_s(&W, PD_F_VERDICT, "pass");
	slog_emit(l);
}

/* Cycle 1 reset in its provoke phase; rec: an injected record before the
 * reset, flag: the cycle record says so. */
static struct runlog *run_with_reset(struct slog *l, int rec, int flag)
{
	fresh(l);
	head(l);
	start(l, 0);
	next_boot(l);
	cycle(l, 0, 0, 0);
	start(l, 1);
	if (rec)
		injected(l, 1, "provoke");
	next_boot(l); /* the reset */
	cycle(l, 1, 1, flag);
	start(l, 2);
	next_boot(l);
	cycle(l, 2, 0, 0);
	end(l);
	return model_of(l->buf, l->len);
}

static const struct rl_cycle *cycle_n(const struct runlog *rl, uint32_t n)
{
	size_t i = runlog_cycle_index(&rl->cur, n);

	assert_true(i < rl->cur.ncycles);
	return &rl->cur.cycles[i];
}

static int has_note(const struct runlog *rl, const char *part)
{
	size_t i;

	for (i = 0; i < rl->nnotes; i++)
		if (strstr(rl->notes[i], part))
			return 1;
	return 0;
}

static void test_injected_not_judged(void **state)
{
	static struct slog l;
	struct runlog *rl;
	int rec, flag;

	(void)state;
	for (rec = 0; rec < 2; rec++)
		for (flag = 0; flag < 2; flag++) {
			rl = run_with_reset(&l, rec, flag);
			if (!rec && !flag) {
				/* The machine's own reset in a mode that must pass. */
				assert_false(cycle_n(rl, 1)->injected);
				assert_int_equal(rl->sum.cycles_reset, 1);
				assert_int_equal(rl->sum.cycles_injected, 0);
				assert_int_equal(rl->sum.verdict, RL_FAIL);
				/* The draw picked it: the host says it is missing. */
				assert_int_equal(rl->sum.injected_expected, 1);
				assert_int_equal(rl->sum.injected_missing, 1);
				assert_true(
				    has_note(rl, "picked by inject_reset and seed but not"));
				runlog_free(rl);
				continue;
			}
			assert_true(cycle_n(rl, 1)->injected);
			assert_true(cycle_n(rl, 1)->reset);
			assert_string_equal(cycle_n(rl, 1)->phase, "provoke");
			assert_int_equal(rl->sum.cycles_injected, 1);
			assert_int_equal(rl->sum.cycles_reset, 0);
			assert_int_equal(rl->sum.cycles_failed, 0);
			assert_int_equal(rl->sum.ngroups, 1);
			assert_int_equal(rl->sum.groups[0].cycles, 2);
			assert_int_equal(rl->sum.groups[0].injected, 1);
			assert_int_equal(rl->sum.verdict, RL_PASS);
			assert_int_equal(rl->sum.injected_expected, 1);
			assert_int_equal(rl->sum.injected_missing, 0);
			assert_int_equal(rl->sum.injected_unpicked, 0);
			assert_int_equal(has_note(rl, "no injected record"), flag && !rec);
			assert_int_equal(has_note(rl, "does not say injected"), rec && !flag);
			assert_text(rl, "1 reset on purpose (inject_reset)");
			runlog_free(rl);
		}
}

/* The stream ends after the injected record (no next boot): the cycle in
 * flight is the injected one, not a machine failure. */
static void test_injected_stream_ends(void **state)
{
	static struct slog l;
	struct runlog *rl;

	(void)state;
	fresh(&l);
	head(&l);
	start(&l, 0);
	next_boot(&l);
	cycle(&l, 0, 0, 0);
	start(&l, 1);
	injected(&l, 1, "stop");
	rl = model_of(l.buf, l.len);
	assert_true(cycle_n(rl, 1)->died);
	assert_true(cycle_n(rl, 1)->injected);
	assert_string_equal(cycle_n(rl, 1)->phase, "stop");
	assert_int_equal(rl->sum.cycles_injected, 1);
	assert_int_equal(rl->sum.cycles_reset, 0);
	runlog_free(rl);
}

/* A negative control (mwait: the copy wakes it, ACPI-free: pd_expect) whose
 * only cycle was reset on purpose: nothing judged, so no false failure. */
static void test_negative_control_all_injected(void **state)
{
	static struct slog l;
	struct runlog *rl;

	(void)state;
	mode = "mwait";
	cmdline = "modes=mwait cycles=1 inject_reset=100 seed=0";
	ncycles = 1;
	fresh(&l);
	head(&l);
	start(&l, 0);
	injected(&l, 0, "handover");
	next_boot(&l);
	cycle(&l, 0, 1, 1);
	end(&l);
	rl = model_of(l.buf, l.len);
	assert_int_equal(rl->sum.ngroups, 1);
	assert_false(rl->sum.groups[0].expected_pass);
	assert_true(rl->sum.groups[0].observed_skipped);
	assert_true(rl->sum.has_injected_expected);
	assert_int_equal(rl->sum.injected_expected, 1);
	assert_int_equal(rl->sum.verdict, RL_PASS);
	assert_text(rl, "observed SKIPPED (every cycle reset on purpose)");
	runlog_free(rl);
	mode = "hlt";
	cmdline = "modes=hlt cycles=3 inject_reset=30 seed=2";
	ncycles = 3;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_draw_reference),
	    cmocka_unit_test(test_percent_bounds),
	    cmocka_unit_test(test_injected_not_judged),
	    cmocka_unit_test(test_injected_stream_ends),
	    cmocka_unit_test(test_negative_control_all_injected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
