/* SPDX-License-Identifier: MIT */
/*
 * Machine-check banks at boot (mce_boot records, results/FORMAT.md) in the
 * run model and the text, JSON and HTML reports: two lines from QEMU runs as
 * they came (a corrected error QEMU's monitor left in CPU 1's bank 1, found
 * before the run and on arrival from cycle 0), a fatal one found after the
 * reset of cycle 3 written with the payload's encoder, garbled values, and
 * logs without the record.  Then the shared decode, results/mca.c, on codes
 * from the SDM's tables (Vol. 3B, 16.9.1 and 16.9.2).
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
#include "results/fields.h"
#include "results/mca.h"
#include "results/record.h"
#include "tests/unit/report_check.h"
#include "tests/unit/report_json_check.h"
#include "tests/unit/slog.h"

/* QEMU, "mce 1 1 0x940000000000009f 0x0 0x12345000 0x0" before the payload
 * started: VAL|EN|ADDRV, MCA code 009Fh (memory controller, SDM Vol. 3B
 * Table 16-9), no MCG_STATUS flag. */
#define QEMU_BEFORE_RUN                                                                            \
	"@PD b166ea2c 1 7 mce_boot when=before_run apic=1 bank=1 status=0x940000000000009f "       \
	"addr=0x12345000 mcg=0x0 severity=corrected class=\"memory controller\" *7fa3aedd\r\n"
/* The same left during cycle 0 (leave_mce), found by the instance cycle 0
 * handed over to. */
#define QEMU_ARRIVAL                                                                               \
	"@PD 78851a97 2 0 mce_boot when=arrival n=0 apic=1 bank=1 status=0x940000000000009f "      \
	"addr=0x12345000 mcg=0x0 severity=corrected class=\"memory controller\" *9f592ba3\r\n"

#define CORRECTED_STATUS                                                                           \
	"status 0x940000000000009f (VAL EN ADDRV; MCA code 0x009f, model-specific 0x0000)"

/* UC|PCC|EN|VAL, MCA code 009Fh; MCG_STATUS RIPV|MCIP (SDM Vol. 3B 16.3.1.2,
 * 16.3.2.2): what QEMU's broadcast machine check leaves in bank 1. */
#define FATAL_STATUS 0xb20000000000009full
#define FATAL_MCG    0x5

static struct runlog *model_of_str(const char *log)
{
	return model_of(log, strlen(log));
}

/* The JSON report's only mce_boot entry. */
static json_object *only_bank(json_object *o)
{
	json_object *a = key(o, "mce_boot");

	assert_true(json_object_is_type(a, json_type_array));
	assert_int_equal(json_object_array_length(a), 1);
	return json_object_array_get_idx(a, 0);
}

/* The text report has the line want, whole. */
static void assert_line(const struct runlog *rl, const char *want)
{
	char *t = text_of(rl, 0), *p = t;
	size_t n = strlen(want);

	while ((p = strstr(p, want)) && !((p == t || p[-1] == '\n') && p[n] == '\n'))
		p++;
	if (!p)
		fail_msg("want the line \"%s\" in the report:\n%s", want, t);
	free(t);
}

static int has_note(const struct runlog *rl, const char *part)
{
	size_t i;

	for (i = 0; i < rl->nnotes; i++)
		if (strstr(rl->notes[i], part))
			return 1;
	return 0;
}

static const struct rl_cycle *cycle_n(const struct runlog *rl, uint32_t n)
{
	size_t k = runlog_cycle_index(&rl->cur, n);

	if (k >= rl->cur.ncycles)
		fail_msg("no cycle %u", n);
	return &rl->cur.cycles[k];
}

/* The HTML report's mce_boot table row that holds want. */
static void assert_html_row(const struct runlog *rl, const char *want)
{
	char *h = html_of(rl), *p = strstr(h, "<table id=\"mce-boot-table\">"), *e;

	if (!p)
		fail_msg("no mce_boot table in the HTML report");
	e = strstr(p, "</table>");
	assert_non_null(e);
	*e = 0;
	if (!strstr(p, want))
		fail_msg("want \"%s\" in the mce_boot table: %s", want, p);
	free(h);
}

/* ---- a run written with the payload's encoder ---- */

struct bank {
	const char *when;
	int64_t n; /* -1: left out */
	uint32_t apic, bank;
	uint64_t status, addr, misc, mcg;
	int addr_sent, misc_sent;
};

static void mce_boot(struct slog *l, const struct bank *b)
{
	slog_begin(l, PD_REC_MCE_BOOT);
	pd_rec_s(&W, PD_F_WHEN, b->when);
	if (b->n >= 0)
		pd_rec_u(&W, PD_F_N, (uint64_t)b->n);
	pd_rec_u(&W, PD_F_APIC, b->apic);
	pd_rec_u(&W, PD_F_BANK, b->bank);
	pd_rec_x(&W, PD_F_STATUS, b->status);
	if (b->addr_sent)
		pd_rec_x(&W, PD_F_ADDR, b->addr);
	if (b->misc_sent)
		pd_rec_x(&W, PD_F_MISC, b->misc);
	pd_rec_x(&W, PD_F_MCG, b->mcg);
	pd_rec_s(&W, PD_F_SEVERITY, pd_mca_severity(b->status));
	pd_rec_s(&W, PD_F_CLASS, pd_mca_error_class((uint16_t)b->status));
	slog_emit(l);
}

/* Boot 1 of run 0x3ce: two CPUs (APIC 0 the BSP, 1), the schedule. */
static void probe(struct slog *l, unsigned cycles, const char *provoke)
{
	unsigned i;

	l->run = 0x3ce;
	l->boot = 1;
	l->seq = 0;
	for (i = 0; i < 2; i++) {
		slog_begin(l, PD_REC_CPU);
		pd_rec_u(&W, PD_F_IDX, i);
		pd_rec_u(&W, PD_F_APIC, i);
		pd_rec_s(&W, PD_F_STATE, i ? "online" : "bsp");
		pd_rec_u(&W, PD_F_PKG, 0);
		pd_rec_u(&W, PD_F_CORE, i);
		pd_rec_u(&W, PD_F_THREAD, 0);
		slog_emit(l);
	}
	slog_begin(l, PD_REC_KEXEC);
	pd_rec_s(&W, PD_F_LOAD, "alternate");
	pd_rec_u(&W, PD_F_CYCLES, cycles);
	pd_rec_s(&W, PD_F_MODES, "hlt");
	pd_rec_s(&W, PD_F_PROVOKE, provoke);
	pd_rec_s(&W, PD_F_PLATFORM, "qemu-tcg");
	slog_emit(l);
}

static void next_boot(struct slog *l)
{
	l->boot++;
	l->seq = 0;
}

static void start(struct slog *l, uint32_t n, const char *p)
{
	slog_begin(l, PD_REC_START);
	pd_rec_u(&W, PD_F_N, n);
	pd_rec_s(&W, PD_F_M, "hlt");
	pd_rec_s(&W, PD_F_P, p);
	slog_emit(l);
}

/* A cycle record: one AP ok, or (reset) the machine reset in phase. */
static void cycle(struct slog *l, uint32_t n, const char *p, const char *reset_phase)
{
	slog_begin(l, PD_REC_CYCLE);
	pd_rec_u(&W, PD_F_N, n);
	pd_rec_s(&W, PD_F_M, "hlt");
	pd_rec_s(&W, PD_F_P, p);
	if (reset_phase) {
		pd_rec_u(&W, "reset", 1);
		pd_rec_s(&W, PD_F_PHASE, reset_phase);
	} else {
		pd_rec_u(&W, "ok", 1);
	}
	slog_emit(l);
}

static void end(struct slog *l, unsigned cycles)
{
	slog_begin(l, PD_REC_END);
	pd_rec_u(&W, PD_F_CPUS, 2);
	pd_rec_u(&W, PD_F_CYCLES, cycles);
	pd_rec_s(&W, PD_F_VERDICT, "fail");
	slog_emit(l);
}

/*
 * Four cycles of hlt: 0 to 2 pass, 3 resets in the stop phase and the next
 * boot (RAM kept) finds banks, when given (NULL: none); it sends, with
 * restart, the BMC's word on the restart (no BMC to ask), records cycle 3
 * as reset, and the run ends.
 */
static void reset_run(struct slog *l, const struct bank *banks, size_t nbanks, int restart)
{
	uint32_t n;
	size_t i;

	probe(l, 4, "none");
	for (n = 0; n < 3; n++) {
		start(l, n, "none");
		next_boot(l);
		cycle(l, n, "none", NULL);
	}
	start(l, 3, "none");
	next_boot(l);
	for (i = 0; i < nbanks; i++)
		mce_boot(l, &banks[i]);
	if (restart) {
		slog_begin(l, PD_REC_RESTART);
		pd_rec_u(&W, PD_F_N, 3);
		pd_rec_s(&W, PD_F_PHASE, "stop");
		pd_rec_s(&W, PD_F_WD, "unknown");
		slog_emit(l);
	}
	cycle(l, 3, "none", "stop");
	end(l, 4);
}

/* ---- the two QEMU lines ---- */

/* Left before the run: kept, decoded, with no cycle. */
static void test_before_run_qemu(void **state)
{
	struct runlog *rl = model_of_str(QEMU_BEFORE_RUN);
	const struct rl_mce_boot *m;
	json_object *o, *j;

	(void)state;
	assert_int_equal(rl->cur.nmce_boots, 1);
	m = &rl->cur.mce_boots[0];
	assert_string_equal(m->when, "before_run");
	assert_int_equal(runlog_mce_boot_when(m), RL_MCE_BEFORE_RUN);
	assert_false(m->has_n);
	assert_true(m->has_apic && m->apic == 1);
	assert_true(m->has_bank && m->bank == 1);
	assert_true(m->has_status && m->status == 0x940000000000009full);
	assert_true(m->has_addr && m->addr == 0x12345000);
	assert_false(m->has_misc);
	assert_true(m->has_mcg && m->mcg == 0);
	assert_string_equal(runlog_mce_boot_severity(m), "corrected");
	assert_string_equal(runlog_mce_boot_class(m), "memory controller");
	assert_false(runlog_mce_boot_uc(m));
	assert_int_equal(rl->cur.unknown, 0);

	assert_line(rl, "machine checks at boot: 1 valid bank, 0 uncorrected");
	assert_line(rl,
		    "  before the run: APIC 1, bank 1: corrected, class memory "
		    "controller; " CORRECTED_STATUS ", address 0x12345000, MCG_STATUS 0x0 (none)");

	o = json_of(rl);
	j = only_bank(o);
	assert_jstr(j, "when", "before_run");
	assert_jnull(j, "n");
	assert_jint(j, "boot", 1);
	assert_jint(j, "apic", 1);
	assert_jint(j, "bank", 1);
	assert_jstr(j, "status", "0x940000000000009f");
	assert_jstr(j, "addr", "0x12345000");
	assert_jnull(j, "misc");
	assert_jstr(j, "mcg", "0x0");
	assert_jstr(j, "severity", "corrected");
	assert_jstr(j, "class", "memory controller");
	assert_jbool(j, "uc", 0);
	assert_jbool(j, "pcc", 0);
	assert_jbool(j, "over", 0);
	assert_jbool(j, "ripv", 0);
	assert_jbool(j, "eipv", 0);
	assert_jbool(j, "mcip", 0);
	assert_jint(o, "mce_boot_dropped", 0);
	json_object_put(o);

	assert_html_row(rl, "<td>before the run</td><td>APIC 1</td><td>1</td><td>corrected</td>"
			    "<td>memory controller</td><td class=\"mono\">0x940000000000009f</td>"
			    "<td>VAL EN ADDRV; MCA code 0x009f, model-specific 0x0000</td>"
			    "<td class=\"mono\">0x12345000</td><td class=\"mono\"></td>"
			    "<td><span class=\"mono\">0x0</span> (none)</td>");
	runlog_free(rl);
}

/* Found on arrival from cycle 0: alone, the cycle has no record; in a run,
 * it is shown with cycle 0, which did not reset. */
static void test_arrival_qemu(void **state)
{
	struct runlog *rl = model_of_str(QEMU_ARRIVAL);
	const struct rl_mce_boot *m;
	struct slog l = {0};
	json_object *o, *j, *c;

	(void)state;
	assert_int_equal(rl->cur.nmce_boots, 1);
	m = &rl->cur.mce_boots[0];
	assert_int_equal(runlog_mce_boot_when(m), RL_MCE_ARRIVAL);
	assert_true(m->has_n && m->n == 0);
	assert_int_equal(m->boot, 2);
	assert_line(rl,
		    "  arriving from cycle 0: APIC 1, bank 1: corrected, class memory "
		    "controller; " CORRECTED_STATUS ", address 0x12345000, MCG_STATUS 0x0 (none)");
	assert_true(has_note(rl, "1 machine-check bank found after a reset or on arrival from a "
				 "cycle without a cycle record (the first: cycle 0)"));
	o = json_of(rl);
	j = only_bank(o);
	assert_jstr(j, "when", "arrival");
	assert_jint(j, "n", 0);
	assert_jint(j, "boot", 2);
	json_object_put(o);
	runlog_free(rl);

	/* The same bank in a run of one cycle, the line written by the
	 * encoder as the payload writes it. */
	probe(&l, 1, "none");
	start(&l, 0, "none");
	next_boot(&l);
	mce_boot(&l, &(struct bank){.when = "arrival",
				    .n = 0,
				    .apic = 1,
				    .bank = 1,
				    .status = 0x940000000000009full,
				    .addr = 0x12345000,
				    .addr_sent = 1});
	cycle(&l, 0, "none", NULL);
	end(&l, 1);
	rl = model_of(l.buf, l.len);
	assert_int_equal(cycle_n(rl, 0)->mce_boot, 1);
	assert_false(cycle_n(rl, 0)->reset_mce);
	assert_true(has_note(rl,
			     "cycle 0 (hlt none): machine-check bank found on arrival from "
			     "it: corrected error (class memory controller) in bank 1 of APIC 1"));
	assert_line(rl,
		    "  arriving from cycle 0: APIC 1 (0/1/0), bank 1: corrected, class memory "
		    "controller; " CORRECTED_STATUS ", address 0x12345000, MCG_STATUS 0x0 (none)");
	o = json_of(rl);
	c = json_object_array_get_idx(key(o, "cycles"), 0);
	assert_jint(c, "n", 0);
	assert_jint(c, "mce_boot", 1);
	assert_jbool(c, "reset_mce", 0);
	json_object_put(o);
	runlog_free(rl);
	slog_free(&l);
}

/* ---- a fatal machine check after the reset of cycle 3 ---- */

static void test_fatal_after_reset(void **state)
{
	static const struct bank fatal = {.when = "after_reset",
					  .n = 3,
					  .apic = 0,
					  .bank = 1,
					  .status = FATAL_STATUS,
					  .mcg = FATAL_MCG};
	struct slog l = {0}, plain = {0};
	struct runlog *rl, *without;
	const struct rl_mce_boot *m;
	json_object *o, *j, *cycles;
	size_t i;

	(void)state;
	reset_run(&l, &fatal, 1, 0);
	rl = model_of(l.buf, l.len);
	assert_int_equal(rl->cur.nmce_boots, 1);
	m = &rl->cur.mce_boots[0];
	assert_int_equal(runlog_mce_boot_when(m), RL_MCE_AFTER_RESET);
	assert_true(m->has_n && m->n == 3);
	assert_true(runlog_mce_boot_uc(m));
	assert_string_equal(runlog_mce_boot_severity(m), "fatal");
	assert_string_equal(runlog_mce_boot_class(m), "memory controller");
	assert_false(m->has_addr || m->has_misc);

	/* Attributed to cycle 3, whose reset it explains; no other cycle. */
	assert_true(cycle_n(rl, 3)->reset);
	assert_int_equal(cycle_n(rl, 3)->mce_boot, 1);
	assert_true(cycle_n(rl, 3)->reset_mce);
	for (i = 0; i < 3; i++) {
		assert_int_equal(cycle_n(rl, (uint32_t)i)->mce_boot, 0);
		assert_false(cycle_n(rl, (uint32_t)i)->reset_mce);
	}
	assert_true(has_note(rl, "cycle 3 (hlt none): its reset is explained by a machine check: "
				 "fatal error (class memory controller) in bank 1 of APIC 0, found "
				 "after the reset"));

	assert_line(rl, "machine checks at boot: 1 valid bank, 1 uncorrected");
	assert_line(rl, "  after the reset in cycle 3: APIC 0 (0/0/0), bank 1: fatal, class memory "
			"controller; status 0xb20000000000009f (VAL UC EN PCC; MCA code "
			"0x009f, model-specific 0x0000), MCG_STATUS 0x5 (RIPV MCIP)");

	o = json_of(rl);
	j = only_bank(o);
	assert_jstr(j, "when", "after_reset");
	assert_jint(j, "n", 3);
	assert_jint(j, "apic", 0);
	assert_jint(j, "bank", 1);
	assert_jstr(j, "status", "0xb20000000000009f");
	assert_jnull(j, "addr");
	assert_jnull(j, "misc");
	assert_jstr(j, "mcg", "0x5");
	assert_jstr(j, "severity", "fatal");
	assert_jstr(j, "class", "memory controller");
	assert_jbool(j, "uc", 1);
	assert_jbool(j, "pcc", 1);
	assert_jbool(j, "over", 0);
	assert_jbool(j, "ripv", 1);
	assert_jbool(j, "eipv", 0);
	assert_jbool(j, "mcip", 1);
	cycles = key(o, "cycles");
	for (i = 0; i < json_object_array_length(cycles); i++) {
		json_object *c = json_object_array_get_idx(cycles, i);
		int three = json_object_get_int(key(c, "n")) == 3;

		assert_jint(c, "mce_boot", three);
		assert_jbool(c, "reset_mce", three);
	}
	json_object_put(o);
	assert_html_row(rl, "<tr class=\"mce-uc\"><td>after the reset in cycle 3</td>");
	assert_html_row(rl, "<td>VAL UC EN PCC; MCA code 0x009f, model-specific 0x0000</td>");
	assert_html_row(rl, "<td><span class=\"mono\">0x5</span> (RIPV MCIP)</td>");

	/* Evidence, not a verdict: the same run without the bank is judged
	 * the same way. */
	reset_run(&plain, NULL, 0, 0);
	without = model_of(plain.buf, plain.len);
	assert_int_equal(rl->sum.verdict, without->sum.verdict);
	assert_string_equal(rl->sum.reason, without->sum.reason);
	assert_int_equal(runlog_exit_status(rl), runlog_exit_status(without));
	assert_int_equal(rl->sum.cycles_failed, without->sum.cycles_failed);
	runlog_free(without);
	slog_free(&plain);
	runlog_free(rl);
	slog_free(&l);
}

/* With the BMC's restart record the resets and hangs sections list cycle
 * 3; its evidence names the bank that explains the reset. */
static void test_reset_evidence(void **state)
{
	static const struct bank banks[] = {
	    {.when = "after_reset", .n = 3, .apic = 1, .bank = 2, .status = 0x940000000000009full},
	    {.when = "after_reset",
	     .n = 3,
	     .apic = 0,
	     .bank = 1,
	     .status = FATAL_STATUS,
	     .mcg = FATAL_MCG},
	};
	struct slog l = {0};
	struct runlog *rl;
	char *t, *h;

	(void)state;
	reset_run(&l, banks, 2, 1);
	rl = model_of(l.buf, l.len);
	assert_true(cycle_n(rl, 3)->reset_mce);
	t = text_of(rl, 0);
	if (!strstr(
		t,
		"; machine check (explains the reset): APIC 0 (0/0/0), bank 1: fatal, class memory "
		"controller; status 0xb20000000000009f (VAL UC EN PCC; MCA code "
		"0x009f, model-specific 0x0000), MCG_STATUS 0x5 (RIPV MCIP); 1 more bank "
		"after the reset\n"))
		fail_msg("no machine check in the resets and hangs line:\n%s", t);
	free(t);
	h = html_of(rl);
	assert_non_null(strstr(h, "; machine check (explains the reset): APIC 0 (0/0/0), bank 1: "
				  "fatal, class memory controller; status"));
	free(h);
	runlog_free(rl);
	slog_free(&l);
}

/* Negative controls: what does not explain cycle 3's reset. */
static void test_not_explained(void **state)
{
	static const struct bank controls[][1] = {
	    /* corrected, after the reset */
	    {{.when = "after_reset",
	      .n = 3,
	      .apic = 1,
	      .bank = 1,
	      .status = 0x940000000000009full,
	      .addr = 0x12345000,
	      .addr_sent = 1}},
	    /* uncorrected, but on arrival (no reset behind it) */
	    {{.when = "arrival",
	      .n = 3,
	      .apic = 1,
	      .bank = 1,
	      .status = FATAL_STATUS,
	      .mcg = FATAL_MCG}},
	    /* uncorrected after a reset, of another cycle */
	    {{.when = "after_reset",
	      .n = 2,
	      .apic = 1,
	      .bank = 1,
	      .status = FATAL_STATUS,
	      .mcg = FATAL_MCG}},
	    /* uncorrected before the run */
	    {{.when = "before_run",
	      .n = -1,
	      .apic = 1,
	      .bank = 1,
	      .status = FATAL_STATUS,
	      .mcg = FATAL_MCG}},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(controls) / sizeof(controls[0]); i++) {
		struct slog l = {0};
		struct runlog *rl;

		reset_run(&l, controls[i], 1, 0);
		rl = model_of(l.buf, l.len);
		assert_true(cycle_n(rl, 3)->reset);
		assert_false(cycle_n(rl, 3)->reset_mce);
		if (has_note(rl, "explained by a machine check"))
			fail_msg("control %zu: %s", i, rl->notes[0]);
		assert_int_equal(cycle_n(rl, 3)->mce_boot, i < 2);
		assert_int_equal(cycle_n(rl, 2)->mce_boot, i == 2);
		assert_false(cycle_n(rl, 2)->reset_mce);
		if (i == 2)
			assert_true(has_note(rl,
					     "cycle 2 (hlt none): machine-check bank found after "
					     "a reset its cycle record does not show: fatal"));
		runlog_free(rl);
		slog_free(&l);
	}
}

/* MISCV: the MISC register is kept and shown. */
static void test_misc(void **state)
{
	struct slog l = {0};
	struct runlog *rl;
	json_object *o;

	(void)state;
	reset_run(&l,
		  &(struct bank){.when = "after_reset",
				 .n = 3,
				 .apic = 1,
				 .bank = 4,
				 .status = FATAL_STATUS | PD_MCI_MISCV | PD_MCI_OVER,
				 .misc = 0x86,
				 .misc_sent = 1,
				 .mcg = 0x3},
		  1, 0);
	rl = model_of(l.buf, l.len);
	assert_line(rl,
		    "  after the reset in cycle 3: APIC 1 (0/1/0), bank 4: fatal, class memory "
		    "controller; status 0xfa0000000000009f (VAL OVER UC EN MISCV PCC; MCA "
		    "code 0x009f, model-specific 0x0000), MISC 0x86, MCG_STATUS 0x3 (RIPV EIPV)");
	o = json_of(rl);
	assert_jstr(only_bank(o), "misc", "0x86");
	assert_jbool(only_bank(o), "over", 1);
	assert_jbool(only_bank(o), "eipv", 1);
	json_object_put(o);
	runlog_free(rl);
	slog_free(&l);
}

/* ---- garbled records ---- */

/* Values that do not parse read as unknown; the payload's words stand in
 * for a status that is missing; nothing is attributed without a when. */
static void test_garbled(void **state)
{
	static const char *const lines[] = {
	    ("when=after_reset n=3 apic=zz bank=-1 status=zz addr=zz misc=0xzz mcg=zz "
	     "severity=fatal class=\"bus and interconnect\""),
	    "when=zz n=3 apic=1 bank=1 status=0x940000000000009f mcg=0x0",
	    "",
	    "when=\"<b>\\x01\" n=99999999999999999999 class=\"<script>\" severity=\"\\x1b[2J\"",
	};
	struct slog l = {0};
	struct runlog *rl;
	const struct rl_mce_boot *m;
	json_object *o, *a, *j;
	char *h;
	size_t i;

	(void)state;
	reset_run(&l, NULL, 0, 0);
	/* Bodies as written, framed by the encoder: boot 6 of the run. */
	l.boot = 6;
	l.seq = 0;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		slog_begin(&l, PD_REC_MCE_BOOT);
		if (lines[i][0])
			pd_rec_text(&W, lines[i]);
		slog_emit(&l);
	}
	rl = model_of(l.buf, l.len);
	assert_int_equal(rl->cur.nmce_boots, 4);

	m = &rl->cur.mce_boots[0];
	assert_int_equal(runlog_mce_boot_when(m), RL_MCE_AFTER_RESET);
	assert_true(m->has_n && m->n == 3);
	assert_false(m->has_apic || m->has_bank || m->has_status || m->has_addr || m->has_misc ||
		     m->has_mcg);
	assert_false(runlog_mce_boot_uc(m));
	assert_string_equal(runlog_mce_boot_severity(m), "fatal");
	assert_string_equal(runlog_mce_boot_class(m), "bus and interconnect");
	/* With no status it is no evidence of an uncorrected error. */
	assert_false(cycle_n(rl, 3)->reset_mce);
	assert_int_equal(cycle_n(rl, 3)->mce_boot, 1);
	assert_line(rl, "  after the reset in cycle 3: APIC ?, bank ?: fatal, class bus and "
			"interconnect; status ?, MCG_STATUS ?");

	m = &rl->cur.mce_boots[1];
	assert_int_equal(runlog_mce_boot_when(m), RL_MCE_WHEN_UNKNOWN);
	assert_line(rl,
		    "  at boot 6 (when \"zz\"): APIC 1 (0/1/0), bank 1: corrected, class memory "
		    "controller; " CORRECTED_STATUS ", MCG_STATUS 0x0 (none)");
	assert_line(rl, "  at boot 6 (when not sent): APIC ?, bank ?: ?, class ?; status ?, "
			"MCG_STATUS ?");
	assert_true(has_note(rl, "3 mce_boot records have no usable when or n"));

	o = json_of(rl);
	a = key(o, "mce_boot");
	assert_int_equal(json_object_array_length(a), 4);
	j = json_object_array_get_idx(a, 0);
	assert_jint(j, "n", 3);
	assert_jstr(j, "severity", "fatal");
	assert_jstr(j, "class", "bus and interconnect");
	{
		static const char *const unknown[] = {"apic", "bank", "status", "addr",
						      "misc", "mcg",  "uc",	"pcc",
						      "over", "ripv", "eipv",	"mcip"};
		size_t k;

		for (k = 0; k < sizeof(unknown) / sizeof(unknown[0]); k++)
			assert_jnull(j, unknown[k]);
	}
	j = json_object_array_get_idx(a, 2);
	assert_jnull(j, "when");
	assert_jnull(j, "n");
	assert_jnull(j, "severity");
	assert_jnull(j, "class");
	j = json_object_array_get_idx(a, 3);
	assert_jnull(j, "n");
	json_object_put(o);

	/* Hostile strings come out escaped. */
	h = html_of(rl);
	assert_null(strstr(h, "<script>"));
	assert_non_null(strstr(h, "&lt;script&gt;"));
	assert_non_null(strstr(h, "at boot 6 (when \"&lt;b&gt;?\")"));
	free(h);
	h = text_of(rl, 0);
	assert_null(strchr(h, '\x1b'));
	assert_null(strchr(h, '\x01'));
	free(h);
	runlog_free(rl);
	slog_free(&l);
}

/* More records than kept: counted, said, no crash. */
static void test_too_many(void **state)
{
	struct slog l = {0};
	struct runlog *rl;
	json_object *o;
	size_t i;

	(void)state;
	probe(&l, 1, "none");
	for (i = 0; i < RL_MAX_MCE_BOOTS + 2; i++)
		mce_boot(&l, &(struct bank){.when = "before_run",
					    .n = -1,
					    .apic = 1,
					    .bank = (uint32_t)i,
					    .status = FATAL_STATUS});
	rl = model_of(l.buf, l.len);
	assert_int_equal(rl->cur.nmce_boots, RL_MAX_MCE_BOOTS);
	assert_int_equal(rl->cur.mce_boots_dropped, 2);
	assert_true(has_note(rl, "2 mce_boot records not kept (too many)"));
	assert_line(rl, "machine checks at boot: 4096 valid banks, 4096 uncorrected (2 more not "
			"kept)");
	o = json_of(rl);
	assert_jint(o, "mce_boot_dropped", 2);
	json_object_put(o);
	runlog_free(rl);
	slog_free(&l);
}

/* A log without the record: no line, key or section (golden reports). */
static void test_absent(void **state)
{
	struct slog l = {0};
	struct runlog *rl;
	json_object *o, *c;
	char *t;

	(void)state;
	reset_run(&l, NULL, 0, 0);
	rl = model_of(l.buf, l.len);
	t = text_of(rl, 0);
	assert_null(strstr(t, "machine checks at boot"));
	free(t);
	o = json_of(rl);
	assert_false(json_object_object_get_ex(o, "mce_boot", NULL));
	assert_false(json_object_object_get_ex(o, "mce_boot_dropped", NULL));
	c = json_object_array_get_idx(key(o, "cycles"), 3);
	assert_false(json_object_object_get_ex(c, "mce_boot", NULL));
	assert_false(json_object_object_get_ex(c, "reset_mce", NULL));
	json_object_put(o);
	t = html_of(rl);
	assert_null(strstr(t, "mce-boot"));
	free(t);
	runlog_free(rl);
	slog_free(&l);
}

/* ---- results/mca.c ---- */

/* The class of MCA error codes (IA32_MCi_STATUS[15:0]) from the SDM's
 * simple (Table 16-7) and compound (Table 16-8) encodings. */
static void test_error_class(void **state)
{
	static const struct {
		uint16_t code;
		const char *cls;
	} codes[] = {
	    {0x0000, "no error"},
	    {0x0001, "unclassified"},
	    {0x0002, "microcode ROM parity"},
	    {0x0005, "internal parity"},
	    {0x0400, "internal timer"},
	    {0x0401, "internal unclassified"},
	    {0x07ff, "internal unclassified"},
	    {0x0e0b, "I/O"},
	    {0x1e0b, "I/O"}, /* bit 12: corrected-error filtering */
	    {0x000c, "generic cache hierarchy"},
	    {0x000d, "generic cache hierarchy"},
	    {0x000e, "generic cache hierarchy"},
	    {0x000f, "generic cache hierarchy"},
	    {0x0011, "TLB"}, /* TT 00 instruction, LL 01 level 1 */
	    {0x001f, "TLB"},
	    {0x0080, "memory controller"},
	    {0x009f, "memory controller"}, /* MMM 001 read, CCCC 1111 channel unknown */
	    {0x00ff, "memory controller"},
	    {0x0150, "cache hierarchy"}, /* RRRR 0101 ... */
	    {0x01ff, "cache hierarchy"},
	    {0x0800, "bus and interconnect"},
	    {0x0e0f, "bus and interconnect"},
	    {0x0fff, "bus and interconnect"},
	    {0x1005, "internal parity"}, /* filtering bit 12 set */
	    {0x1150, "cache hierarchy"},
	    {0x2000, "model-specific"},
	    {0x8000, "model-specific"},
	    {0x0008, "model-specific"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(pd_mca_error_class(codes[i].code), codes[i].cls))
			fail_msg("code 0x%04x: want \"%s\", got \"%s\"", codes[i].code,
				 codes[i].cls, pd_mca_error_class(codes[i].code));
}

/* Severity from UC and PCC (SDM Vol. 3B 16.3.2.2). */
static void test_severity(void **state)
{
	(void)state;
	assert_string_equal(pd_mca_severity(0x940000000000009full), "corrected");
	assert_string_equal(pd_mca_severity(FATAL_STATUS), "fatal");
	assert_string_equal(pd_mca_severity(PD_MCI_VAL | PD_MCI_UC | PD_MCI_EN), "uncorrected");
	/* SRAR: UC, S, AR without PCC: uncorrected, recoverable */
	assert_string_equal(pd_mca_severity(PD_MCI_VAL | PD_MCI_UC | PD_MCI_EN | PD_MCI_S |
					    PD_MCI_AR | PD_MCI_ADDRV | PD_MCI_MISCV | 0x134),
			    "uncorrected");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_before_run_qemu),
	    cmocka_unit_test(test_arrival_qemu),
	    cmocka_unit_test(test_fatal_after_reset),
	    cmocka_unit_test(test_reset_evidence),
	    cmocka_unit_test(test_not_explained),
	    cmocka_unit_test(test_misc),
	    cmocka_unit_test(test_garbled),
	    cmocka_unit_test(test_too_many),
	    cmocka_unit_test(test_absent),
	    cmocka_unit_test(test_error_class),
	    cmocka_unit_test(test_severity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
