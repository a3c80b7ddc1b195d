/* SPDX-License-Identifier: MIT */
/*
 * The payload's group records (one verdict per mode x provocation set,
 * bring-up, consistency) checked by the run model against its own
 * judgement: agreement is silent, every disagreement is counted and noted.
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
#include "results/fields.h"
#include "results/record.h"

static char buf[16384];
static size_t len;
static struct pd_rec_writer W;
static uint32_t boot, seq;

static void begin(enum pd_record_type t)
{
	pd_rec_begin(&W, 0xabcdef01, boot, seq++, t);
}

static void emit(void)
{
	size_t n = pd_rec_end(&W);

	assert_true(len + n < sizeof(buf));
	memcpy(buf + len, W.buf, n);
	len += n;
}

static void group(const char *name, const char *result)
{
	begin(PD_REC_GROUP);
	pd_rec_s(&W, PD_F_CASE, name);
	pd_rec_s(&W, PD_F_RESULT, result);
	emit();
}

/*
 * A run of 3 CPUs: hlt/none (1 cycle, CPU 2 late when late is set: late is
 * allowed in no mode, pd_expect) and hlt/nmi (1 cycle that reset: the
 * negative control failing as it must), then the group records given.
 */
static struct runlog *model(int late, const char *hlt_none, const char *hlt_nmi,
			    const char *bringup)
{
	struct runlog *rl = runlog_new();
	unsigned i;

	len = 0;
	boot = 1;
	seq = 0;
	begin(PD_REC_BOOT);
	emit();
	for (i = 0; i < 3; i++) {
		begin(PD_REC_CPU);
		pd_rec_u(&W, PD_F_IDX, i);
		pd_rec_u(&W, PD_F_APIC, i);
		pd_rec_s(&W, PD_F_STATE, i ? "online" : "bsp");
		emit();
	}
	begin(PD_REC_KEXEC);
	pd_rec_u(&W, PD_F_CYCLES, 2);
	pd_rec_s(&W, PD_F_MODES, "hlt");
	pd_rec_s(&W, PD_F_PROVOKE, "none/nmi");
	pd_rec_s(&W, PD_F_PLATFORM, "hardware");
	emit();
	boot = 2;
	seq = 0;
	begin(PD_REC_CYCLE);
	pd_rec_u(&W, PD_F_N, 0);
	pd_rec_s(&W, PD_F_M, "hlt");
	pd_rec_s(&W, PD_F_P, "none");
	pd_rec_u(&W, "ok", late ? 1 : 2);
	if (late)
		pd_rec_u(&W, "late", 1);
	emit();
	boot = 3;
	seq = 0;
	begin(PD_REC_CYCLE);
	pd_rec_u(&W, PD_F_N, 1);
	pd_rec_s(&W, PD_F_M, "hlt");
	pd_rec_s(&W, PD_F_P, "nmi");
	pd_rec_u(&W, "reset", 1);
	pd_rec_s(&W, PD_F_PHASE, "arrived");
	emit();
	group("hlt/none", hlt_none);
	group("hlt/nmi", hlt_nmi);
	group(PD_CASE_BRINGUP, bringup);
	group(PD_CASE_CONSISTENCY, PD_VERDICT_PASS);
	begin(PD_REC_END);
	pd_rec_s(&W, PD_F_VERDICT, late ? "fail" : "pass");
	emit();
	assert_non_null(rl);
	runlog_feed(rl, buf, len);
	runlog_finish(rl);
	return rl;
}

static int has_note(const struct runlog *rl, const char *want)
{
	size_t i;

	for (i = 0; i < rl->nnotes; i++)
		if (strstr(rl->notes[i], want))
			return 1;
	return 0;
}

static void test_agree(void **state)
{
	struct runlog *rl = model(0, "pass", "pass", "pass");

	(void)state;
	assert_int_equal(rl->cur.ngroup_recs, 4);
	assert_int_equal(rl->sum.groups_disagree, 0);
	assert_false(has_note(rl, "group "));
	assert_int_equal(runlog_exit_status(rl), 0);
	runlog_free(rl);
	rl = model(1, "fail", "pass", "pass");
	assert_int_equal(rl->sum.groups_disagree, 0);
	assert_int_equal(runlog_exit_status(rl), 1);
	runlog_free(rl);
}

/* Negative controls: each side claims what the other does not see. */
static void test_disagree(void **state)
{
	struct runlog *rl = model(1, "pass", "pass", "pass");

	(void)state;
	assert_int_equal(rl->sum.groups_disagree, 1);
	assert_true(has_note(rl, "group hlt/none: the payload says pass, the host judges fail"));
	runlog_free(rl);
	/* the negative control said fail: it failed as it must, so it passes */
	rl = model(0, "pass", "fail", "fail");
	assert_int_equal(rl->sum.groups_disagree, 2);
	assert_true(has_note(rl, "group hlt/nmi: the payload says fail, the host judges pass"));
	assert_true(has_note(rl, "group bringup: the payload says fail, the host judges pass"));
	runlog_free(rl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_agree),
	    cmocka_unit_test(test_disagree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
