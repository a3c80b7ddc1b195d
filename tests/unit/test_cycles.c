/* SPDX-License-Identifier: MIT */
/*
 * The run model across the boots of one run: the schedule, its cycles, the
 * groups judged against pd_expect(), the verdict and exit status, restarts
 * and the reports.  Logs are written with the payload's encoder.
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
#include "host/input/qemu.h"
#include "host/report/report.h"
#include "host/model/runlog.h"
#include "tests/unit/report_check.h"
#include "results/fields.h"
#include "results/park.h"
#include "results/record.h"
#include "tests/unit/slog.h"

/* ---- a synthetic payload that runs a schedule ---- */

static void boot_record(struct slog *l)
{
	slog_begin(l, PD_REC_BOOT);
	pd_rec_s(&W, PD_F_VERSION, "0.2-test");
	pd_rec_u(&W, PD_F_FORMAT, PD_FORMAT_VERSION);
	pd_rec_s(&W, PD_F_PATH, "multiboot");
	pd_rec_s(&W, PD_F_CMDLINE, "exit=qemu");
	pd_rec_x(&W, PD_F_BASE, l->boot % 2 ? 0x200000 : 0x1000000);
	slog_emit(l);
}

struct probe {
	unsigned cpus;
	uint32_t lost_apic; /* 0: none lost (the BSP is never lost) */
	int exception;	    /* an AP faults during the probe, before kexec */
	const char *modes, *provoke, *platform;
	unsigned cycles;
};

/*
 * Boot 1: the probe (CPUs as package 0, core = APIC ID, thread 0; ACPI,
 * SMBIOS, topology) and the kexec record.
 */
static void boot1(struct slog *l, uint32_t run, const struct probe *p)
{
	unsigned i;

	l->run = run;
	l->boot = 1;
	l->seq = 0;
	boot_record(l);
	slog_begin(l, PD_REC_SMBIOS);
	pd_rec_s(&W, PD_F_BIOS_VENDOR, "SeaBIOS");
	pd_rec_s(&W, PD_F_SYS_VENDOR, "QEMU");
	slog_emit(l);
	slog_begin(l, PD_REC_APIC);
	pd_rec_s(&W, PD_F_MODE, "xapic");
	pd_rec_u(&W, PD_F_BSP, 0);
	slog_emit(l);
	for (i = 0; i < p->cpus; i++) {
		int lost = p->lost_apic && i == p->lost_apic;

		slog_begin(l, PD_REC_CPU);
		pd_rec_u(&W, PD_F_IDX, i);
		pd_rec_u(&W, PD_F_APIC, i);
		pd_rec_s(&W, PD_F_STATE, i == 0 ? "bsp" : lost ? "lost" : "online");
		if (i && !lost)
			pd_rec_u(&W, PD_F_UP_US, 90 + i);
		pd_rec_u(&W, PD_F_PKG, 0);
		pd_rec_u(&W, PD_F_CORE, i);
		pd_rec_u(&W, PD_F_THREAD, 0);
		pd_rec_x(&W, PD_F_UCODE, 0x1000065);
		pd_rec_s(&W, PD_F_CANARY, "ok");
		slog_emit(l);
	}
	if (p->lost_apic) {
		slog_begin(l, PD_REC_ERROR);
		pd_rec_s(&W, PD_F_LEVEL, PD_LEVEL_FAIL);
		pd_rec_s(&W, PD_F_CODE, PD_ERR_CPU_LOST);
		pd_rec_u(&W, PD_F_APIC, p->lost_apic);
		slog_emit(l);
	}
	if (p->exception) {
		slog_begin(l, PD_REC_EXCEPTION);
		pd_rec_u(&W, PD_F_VECTOR, 6);
		pd_rec_s(&W, PD_F_NAME, "#UD");
		pd_rec_u(&W, PD_F_APIC, 1);
		slog_emit(l);
	}
	slog_begin(l, PD_REC_TOPOLOGY);
	pd_rec_u(&W, PD_F_PACKAGES, 1);
	pd_rec_u(&W, PD_F_CORES, p->cpus);
	pd_rec_u(&W, PD_F_THREADS, 1);
	pd_rec_u(&W, PD_F_CPUS, p->cpus);
	slog_emit(l);
	slog_begin(l, PD_REC_KEXEC);
	pd_rec_s(&W, PD_F_LOAD, "alternate");
	pd_rec_u(&W, PD_F_WBINVD, 0);
	pd_rec_s(&W, PD_F_WHY, "no SME, no TDX");
	pd_rec_x(&W, PD_F_AREA, 0x2000000);
	pd_rec_u(&W, PD_F_CYCLES, p->cycles);
	pd_rec_s(&W, PD_F_MODES, p->modes);
	pd_rec_s(&W, PD_F_PROVOKE, p->provoke);
	pd_rec_s(&W, PD_F_ON_RESET, "continue");
	pd_rec_s(&W, PD_F_PLATFORM, p->platform ? p->platform : "hardware");
	slog_emit(l);
}

/* The next instance of the run (after a kexec or a reset). */
static void next_boot(struct slog *l)
{
	l->boot++;
	l->seq = 0;
	boot_record(l);
}

struct cyc {
	uint32_t n;
	const char *m, *p;
	unsigned c[PD_OUTCOME_COUNT]; /* counts; [PD_OUTCOME_RESET] marks a reset */
	const char *phase;
	int scribbled;
	unsigned smi_us; /* 0: none */
	const char *mce; /* provoke=mce: "injected" | "skipped" */
};

static size_t cycle(struct slog *l, const struct cyc *c)
{
	int o;

	slog_begin(l, PD_REC_CYCLE);
	pd_rec_u(&W, PD_F_N, c->n);
	pd_rec_s(&W, PD_F_M, c->m);
	if (c->p) /* NULL: left out, as the payload does for no provocation */
		pd_rec_s(&W, PD_F_P, c->p);
	for (o = 0; o < PD_OUTCOME_COUNT; o++)
		if (c->c[o])
			pd_rec_u(&W, pd_outcome_name((enum pd_outcome)o), c->c[o]);
	if (c->smi_us)
		pd_rec_u(&W, PD_F_SMI_US, c->smi_us);
	if (c->mce)
		pd_rec_s(&W, PD_F_MCE, c->mce);
	if (c->scribbled)
		pd_rec_u(&W, PD_F_SCRIBBLED, 1);
	if (c->phase)
		pd_rec_s(&W, PD_F_PHASE, c->phase);
	return slog_emit(l);
}

static void outcome(struct slog *l, uint32_t n, uint32_t apic, const char *o)
{
	slog_begin(l, PD_REC_OUTCOME);
	pd_rec_u(&W, PD_F_N, n);
	pd_rec_u(&W, PD_F_APIC, apic);
	pd_rec_s(&W, PD_F_O, o);
	pd_rec_u(&W, PD_F_BEFORE, 1);
	pd_rec_u(&W, PD_F_AFTER, 0);
	slog_emit(l);
}

static void exception(struct slog *l, uint32_t apic)
{
	slog_begin(l, PD_REC_EXCEPTION);
	pd_rec_u(&W, PD_F_VECTOR, 13);
	pd_rec_s(&W, PD_F_NAME, "#GP");
	pd_rec_x(&W, PD_F_RIP, 0x1234);
	pd_rec_u(&W, PD_F_APIC, apic);
	slog_emit(l);
}

/* cpumodes with one mode's counts as given, the other listed modes all ok. */
static void cpumodes(struct slog *l, uint32_t apic, const char *mode, const char *counts,
		     const char *other, const char *other_counts)
{
	slog_begin(l, PD_REC_CPUMODES);
	pd_rec_u(&W, PD_F_APIC, apic);
	pd_rec_s(&W, mode, counts);
	if (other)
		pd_rec_s(&W, other, other_counts);
	slog_emit(l);
}

static void end(struct slog *l, unsigned cpus, unsigned cycles, const char *verdict)
{
	slog_begin(l, PD_REC_END);
	pd_rec_u(&W, PD_F_CPUS, cpus);
	pd_rec_u(&W, PD_F_CYCLES, cycles);
	pd_rec_s(&W, PD_F_VERDICT, verdict);
	pd_rec_u(&W, PD_F_RECORDS, l->seq);
	slog_emit(l);
}

/* A whole run: boot 1, then one boot per cycle record, then the end. */
static void run_of(struct slog *l, uint32_t run, const struct probe *p, const struct cyc *cs,
		   size_t n, const char *verdict)
{
	size_t i;

	boot1(l, run, p);
	for (i = 0; i < n; i++) {
		next_boot(l);
		cycle(l, &cs[i]);
	}
	end(l, p->cpus, (unsigned)n, verdict);
}

static struct runlog *model(const struct slog *l)
{
	return model_of(l->buf, l->len);
}

static int has_note(const struct runlog *rl, const char *part)
{
	size_t i;

	for (i = 0; i < rl->nnotes; i++)
		if (strstr(rl->notes[i], part))
			return 1;
	return 0;
}

static const struct rl_group *group(const struct runlog *rl, const char *m, const char *p)
{
	size_t i;

	for (i = 0; i < rl->sum.ngroups; i++)
		if (!strcmp(rl->sum.groups[i].m, m) && !strcmp(rl->sum.groups[i].p, p))
			return &rl->sum.groups[i];
	fail_msg("no group %s %s", m, p);
	return NULL;
}

static const struct rl_cycle *cycle_n(const struct runlog *rl, uint32_t n)
{
	size_t i;

	for (i = 0; i < rl->cur.ncycles; i++)
		if (rl->cur.cycles[i].n == n)
			return &rl->cur.cycles[i];
	fail_msg("no cycle %u", n);
	return NULL;
}

#define OK(x)	 [PD_OUTCOME_OK] = (x)
#define WOKE(x)	 [PD_OUTCOME_WOKE] = (x)
#define LOST(x)	 [PD_OUTCOME_LOST] = (x)
#define RESET(x) [PD_OUTCOME_RESET] = (x)
#define SKIP(x)	 [PD_OUTCOME_SKIPPED] = (x)

/* ---- tests ---- */

static void test_safe_mode_passes(void **state)
{
	struct probe p = {.cpus = 4, .modes = "hlt", .provoke = "none", .cycles = 3};
	struct cyc cs[] = {
	    {.n = 0, .m = "hlt", .p = "none", .c = {OK(3)}},
	    {.n = 1, .m = "hlt", .p = "none", .c = {OK(3)}},
	    {.n = 2, .m = "hlt", .p = "none", .c = {OK(3)}},
	};
	struct slog l = {0};
	struct runlog *rl;
	const struct rl_group *g;

	(void)state;
	run_of(&l, 0xc0ffee01, &p, cs, 3, "pass");
	rl = model(&l);
	assert_int_equal(rl->cur.nboots, 4);
	assert_int_equal(rl->cur.boot, 4);
	assert_int_equal(rl->cur.ncpus, 4); /* boot 1's probe */
	assert_int_equal(rl->st.duplicates, 0);
	assert_int_equal(rl->st.gaps, 0);
	assert_true(rl->sum.schedule);
	assert_int_equal(rl->sum.cycles_run, 3);
	assert_true(rl->sum.reached_last);
	assert_int_equal(rl->sum.ngroups, 1);
	g = group(rl, "hlt", "none");
	assert_int_equal(g->cycles, 3);
	assert_int_equal(g->counts[PD_OUTCOME_OK], 9);
	assert_true(g->expected_pass);
	assert_true(g->observed_pass);
	assert_int_equal(g->nfailing, 0);
	assert_int_equal(rl->sum.verdict, RL_PASS);
	assert_int_equal(runlog_exit_status(rl), 0);
	assert_int_equal(rl->nnotes, 0);
	assert_text(rl,
		    "schedule:   load alternate, WBINVD no (no SME, no TDX), platform hardware");
	assert_text(rl, "cycles:     3 of 3 run, 0 reset");
	assert_text(rl, "  hlt         none                      3 cycles: ok 9; expected pass, "
			"observed pass\n");
	assert_text(rl, "verdict: PASS (1 mode and provocation set as expected)\n");
	runlog_free(rl);
	slog_free(&l);
}

static void test_negative_control_fails_as_expected(void **state)
{
	struct probe p = {.cpus = 4, .modes = "hlt,mwait", .provoke = "none", .cycles = 4};
	struct slog l = {0};
	struct runlog *rl;
	const struct rl_group *g;
	char *t;

	(void)state;
	boot1(&l, 0x0000beef, &p);
	next_boot(&l);
	cycle(&l, &(struct cyc){.n = 0, .m = "hlt", .p = "none", .c = {OK(3)}});
	next_boot(&l);
	cycle(&l, &(struct cyc){.n = 1, .m = "hlt", .p = "none", .c = {OK(3)}});
	/* mwait: the copy writes the monitored lines, triple fault; the next
	 * boot (RAM kept) records the reset and goes on. */
	next_boot(&l);
	cycle(&l, &(struct cyc){
		      .n = 2, .m = "mwait", .p = "none", .c = {RESET(1)}, .phase = "handover"});
	next_boot(&l);
	cycle(&l, &(struct cyc){
		      .n = 3, .m = "mwait", .p = "none", .c = {RESET(1)}, .phase = "handover"});
	cpumodes(&l, 0, "hlt", "0,0,0,0,0,0,0,0", "mwait", "0,0,0,0,0,0,0,0");
	cpumodes(&l, 1, "hlt", "2,0,0,0,0,0,0,0", "mwait", "0,0,0,0,0,0,0,2");
	end(&l, 4, 4, "pass");
	rl = model(&l);
	assert_int_equal(rl->sum.ngroups, 2);
	g = group(rl, "hlt", "none");
	assert_true(g->observed_pass);
	g = group(rl, "mwait", "none");
	assert_false(g->expected_pass);
	assert_false(g->observed_pass);
	assert_int_equal(g->counts[PD_OUTCOME_RESET], 2);
	assert_int_equal(g->cycles, 2);
	assert_int_equal(rl->sum.cycles_reset, 2);
	assert_int_equal(rl->sum.groups_differ, 0);
	assert_int_equal(rl->sum.verdict, RL_PASS);
	assert_int_equal(runlog_exit_status(rl), 0);
	assert_string_equal(cycle_n(rl, 2)->phase, "handover");
	t = text_of(rl, 0);
	assert_non_null(strstr(t, "  mwait       none                      2 cycles: reset 2; "
				  "expected fail, observed fail [negative control]\n"));
	assert_non_null(strstr(t, "negative controls included"));
	/* cpumodes: 2 CPUs, so every CPU is listed. */
	assert_non_null(strstr(t, "cpu modes:"));
	assert_non_null(strstr(t, "reset=2"));
	free(t);
	runlog_free(rl);
	slog_free(&l);

	/* The same negative control that did not reset: the tool must say so. */
	p.cycles = 1;
	boot1(&l, 0x0000bee0, &p);
	next_boot(&l);
	cycle(&l, &(struct cyc){.n = 0, .m = "mwait", .p = "none", .c = {OK(3)}});
	end(&l, 4, 1, "fail");
	rl = model(&l);
	g = group(rl, "mwait", "none");
	assert_true(g->observed_pass);
	assert_false(g->expected_pass);
	assert_int_equal(runlog_exit_status(rl), 1);
	assert_text(rl, "expected fail, observed PASS [negative control]");
	assert_text(rl, "verdict: FAIL (mwait none observed pass (expected fail))");
	runlog_free(rl);
	slog_free(&l);
}

static void test_safe_mode_fails(void **state)
{
	struct probe p = {.cpus = 4, .modes = "hlt", .provoke = "none", .cycles = 2};
	struct slog l = {0};
	struct runlog *rl;
	const struct rl_group *g;
	json_object *o, *m;
	char *js = NULL;
	size_t n = 0;
	FILE *f;

	(void)state;
	boot1(&l, 0x51, &p);
	next_boot(&l);
	cycle(&l, &(struct cyc){.n = 0, .m = "hlt", .p = "none", .c = {OK(3)}});
	next_boot(&l);
	cycle(&l, &(struct cyc){.n = 1, .m = "hlt", .p = "none", .c = {OK(2), LOST(1)}});
	outcome(&l, 1, 2, "lost");
	end(&l, 4, 2, "fail");
	rl = model(&l);
	g = group(rl, "hlt", "none");
	assert_true(g->expected_pass);
	assert_false(g->observed_pass);
	assert_int_equal(g->passed, 1);
	assert_int_equal(g->nfailing, 1);
	assert_int_equal(g->failing[0], 2);
	assert_false(cycle_n(rl, 1)->passed);
	assert_true(cycle_n(rl, 0)->passed);
	assert_int_equal(rl->sum.verdict, RL_FAIL);
	assert_int_equal(runlog_exit_status(rl), 1);
	assert_text(rl, "expected pass, observed FAIL; failing CPUs: APIC 2 (0/2/0)\n");
	assert_text(rl, "      expectation: stays parked");
	assert_text(rl, "verdict: FAIL (hlt none observed fail (expected pass))\n");

	f = open_memstream(&js, &n);
	assert_int_equal(report_json_write(f, rl), 0);
	fclose(f);
	o = json_tokener_parse(js);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "modes", &m));
	m = json_object_array_get_idx(m, 0);
	assert_true(json_object_object_get_ex(m, "failing_cpus", &m));
	assert_int_equal(json_object_array_length(m), 1);
	assert_int_equal(json_object_get_int(json_object_array_get_idx(m, 0)), 2);
	json_object_put(o);
	free(js);
	runlog_free(rl);
	slog_free(&l);

	/* Groups as expected, but a CPU was lost at bring-up: the probe fails. */
	p.lost_apic = 3;
	p.cycles = 1;
	boot1(&l, 0x52, &p);
	next_boot(&l);
	cycle(&l, &(struct cyc){.n = 0, .m = "hlt", .p = "none", .c = {OK(2)}});
	end(&l, 4, 1, "fail");
	rl = model(&l);
	assert_true(group(rl, "hlt", "none")->observed_pass);
	assert_int_equal(runlog_exit_status(rl), 1);
	assert_text(rl, "verdict: FAIL (1 lost CPU)\n");
	runlog_free(rl);
	slog_free(&l);
}

static void test_woke_allowed_by_mode(void **state)
{
	struct probe p = {.cpus = 3, .modes = "hlt,trampoline", .provoke = "none/nmi", .cycles = 2};
	struct slog l = {0};
	struct runlog *rl;
	const struct rl_group *g;

	(void)state;
	boot1(&l, 0x77, &p);
	next_boot(&l);
	cycle(&l, &(struct cyc){.n = 0, .m = "hlt", .p = "none", .c = {OK(1), WOKE(1)}});
	outcome(&l, 0, 1, "woke");
	next_boot(&l);
	cycle(&l, &(struct cyc){.n = 1, .m = "trampoline", .p = "nmi", .c = {OK(0), WOKE(2)}});
	outcome(&l, 1, 1, "woke");
	outcome(&l, 1, 2, "woke");
	end(&l, 3, 2, "fail");
	rl = model(&l);
	g = group(rl, "trampoline", "nmi");
	assert_true(g->expected_pass);
	assert_true(g->observed_pass);
	assert_int_equal(g->counts[PD_OUTCOME_WOKE], 2);
	assert_int_equal(g->nfailing, 0);
	g = group(rl, "hlt", "none");
	assert_false(g->observed_pass);
	assert_int_equal(g->nfailing, 1);
	assert_int_equal(g->failing[0], 1);
	assert_int_equal(runlog_exit_status(rl), 1);
	runlog_free(rl);
	slog_free(&l);

	/* QEMU TCG: mwait-kick wakes spuriously until kicked, counted as woke. */
	p.modes = "mwait-kick";
	p.provoke = "none";
	p.platform = "qemu-tcg";
	p.cycles = 1;
	boot1(&l, 0x78, &p);
	next_boot(&l);
	cycle(&l, &(struct cyc){.n = 0, .m = "mwait-kick", .p = "none", .c = {OK(1), WOKE(1)}});
	end(&l, 3, 1, "pass");
	rl = model(&l);
	assert_int_equal(rl->sum.platform, PD_QEMU_TCG);
	g = group(rl, "mwait-kick", "none");
	assert_true(g->observed_pass);
	assert_non_null(strstr(g->why, "QEMU TCG"));
	assert_int_equal(runlog_exit_status(rl), 0);
	runlog_free(rl);
	slog_free(&l);
}

static void test_exception_in_cycle(void **state)
{
	struct probe p = {.cpus = 4, .modes = "hlt", .provoke = "none", .cycles = 3};
	struct slog l = {0};
	struct runlog *rl;

	(void)state;
	boot1(&l, 0xe1, &p);
	next_boot(&l);
	cycle(&l, &(struct cyc){.n = 0, .m = "hlt", .p = "none", .c = {OK(3)}});
	/* An AP faults while cycle 1 is in flight; the cycle goes on. */
	exception(&l, 2);
	next_boot(&l);
	cycle(&l, &(struct cyc){.n = 1, .m = "hlt", .p = "none", .c = {OK(3)}});
	next_boot(&l);
	cycle(&l, &(struct cyc){.n = 2, .m = "hlt", .p = "none", .c = {OK(3)}});
	end(&l, 4, 3, "fail");
	rl = model(&l);
	assert_int_equal(rl->cur.nexceptions, 1);
	assert_true(rl->cur.exceptions[0].has_cycle);
	assert_int_equal(rl->cur.exceptions[0].cycle, 1);
	assert_int_equal(rl->sum.cycle_exceptions, 1);
	assert_int_equal(rl->sum.probe_exceptions, 0);
	assert_int_equal(cycle_n(rl, 1)->exceptions, 1);
	assert_false(cycle_n(rl, 1)->passed);
	assert_false(group(rl, "hlt", "none")->observed_pass);
	/* Observed as a failed cycle, not a broken run. */
	assert_int_equal(rl->sum.verdict, RL_FAIL);
	assert_int_equal(runlog_exit_status(rl), 1);
	assert_text(rl, "#GP (vector 13) on APIC 2: RIP 0x1234 [boot 2, cycle 1]\n");
	runlog_free(rl);
	slog_free(&l);

	/* In boot 1 after the kexec record, before any cycle record: cycle 0;
	 * the BSP faulted, so the machine reset and boot 2 says so. */
	p.cycles = 1;
	boot1(&l, 0xe2, &p);
	exception(&l, 0);
	next_boot(&l);
	cycle(&l,
	      &(struct cyc){.n = 0, .m = "hlt", .p = "none", .c = {RESET(1)}, .phase = "handover"});
	end(&l, 4, 1, "fail");
	rl = model(&l);
	assert_true(rl->cur.exceptions[0].has_cycle);
	assert_int_equal(rl->cur.exceptions[0].cycle, 0);
	assert_int_equal(cycle_n(rl, 0)->exceptions, 1);
	assert_int_equal(runlog_exit_status(rl), 1);
	runlog_free(rl);
	slog_free(&l);

	/* During the probe, before the kexec record: the run is broken. */
	p.exception = 1;
	boot1(&l, 0xe3, &p);
	next_boot(&l);
	cycle(&l, &(struct cyc){.n = 0, .m = "hlt", .p = "none", .c = {OK(3)}});
	end(&l, 4, 1, "fail");
	rl = model(&l);
	assert_int_equal(rl->sum.probe_exceptions, 1);
	assert_false(rl->cur.exceptions[0].has_cycle);
	assert_int_equal(rl->sum.verdict, RL_BROKEN);
	assert_int_equal(runlog_exit_status(rl), 2);
	assert_text(rl, "verdict: BROKEN (1 exception before the schedule)\n");
	runlog_free(rl);
	slog_free(&l);

	/* After the last cycle: no cycle to hold it, the run is broken. */
	p.exception = 0;
	boot1(&l, 0xe4, &p);
	next_boot(&l);
	cycle(&l, &(struct cyc){.n = 0, .m = "hlt", .p = "none", .c = {OK(3)}});
	exception(&l, 0);
	end(&l, 4, 1, "fail");
	rl = model(&l);
	assert_int_equal(rl->sum.orphan_exceptions, 1);
	assert_int_equal(runlog_exit_status(rl), 2);
	assert_text(rl, "1 exception in cycles without a cycle record");
	assert_text(rl, "[boot 2, cycle 1, no cycle record]");
	runlog_free(rl);
	slog_free(&l);
}

static void test_scribbled_cycle_fails(void **state)
{
	struct probe p = {.cpus = 2, .modes = "spin", .provoke = "none", .cycles = 2};
	struct cyc cs[] = {
	    {.n = 0, .m = "spin", .p = "none", .c = {OK(1)}},
	    {.n = 1, .m = "spin", .p = "none", .c = {OK(1)}, .scribbled = 1},
	};
	struct slog l = {0};
	struct runlog *rl;
	const struct rl_group *g;

	(void)state;
	run_of(&l, 0x5c, &p, cs, 2, "fail");
	rl = model(&l);
	assert_true(cycle_n(rl, 0)->passed);
	assert_true(cycle_n(rl, 1)->scribbled);
	assert_false(cycle_n(rl, 1)->passed);
	g = group(rl, "spin", "none");
	assert_false(g->observed_pass);
	assert_int_equal(g->scribbled, 1);
	assert_int_equal(rl->sum.cycles_scribbled, 1);
	assert_int_equal(runlog_exit_status(rl), 1);
	assert_text(rl, "ok 2, scribbled 1");
	runlog_free(rl);
	slog_free(&l);
}

/* provoke=mce with no machine check delivered: nothing was provoked, so the
 * cycle is neither a pass nor a failure, and a negative control that was
 * never provoked cannot count as caught. */
static void test_mce_not_delivered_is_skipped(void **state)
{
	struct probe p = {.cpus = 4, .modes = "hlt,trampoline", .provoke = "mce", .cycles = 3};
	struct cyc cs[] = {
	    {.n = 0, .m = "hlt", .p = "mce", .c = {OK(3)}, .mce = "skipped"},
	    {.n = 1, .m = "trampoline", .p = "mce", .c = {OK(3)}, .mce = "skipped"},
	    {.n = 2, .m = "trampoline", .p = "mce", .c = {WOKE(3)}, .mce = "injected"},
	};
	struct slog l = {0};
	struct runlog *rl;
	const struct rl_group *g;

	(void)state;
	run_of(&l, 0x3ce, &p, cs, 3, "pass");
	rl = model(&l);
	g = group(rl, "hlt", "mce");
	assert_false(g->expected_pass);
	assert_true(g->observed_skipped);
	assert_int_equal(g->mce_skipped, 1);
	g = group(rl, "trampoline", "mce");
	assert_false(g->observed_skipped);
	assert_int_equal(g->mce_skipped, 1);
	assert_int_equal(g->passed, 1);
	assert_true(g->observed_pass);
	assert_int_equal(rl->sum.groups_skipped, 1);
	assert_int_equal(rl->sum.groups_differ, 0);
	assert_int_equal(runlog_exit_status(rl), 0);
	assert_text(rl, "expected fail, observed SKIPPED");
	assert_text(rl, "1 skipped (no machine check delivered)");
	runlog_free(rl);
	slog_free(&l);
}

static void test_smi_latency(void **state)
{
	struct probe p = {.cpus = 2, .modes = "trampoline", .provoke = "smi/none", .cycles = 5};
	struct cyc cs[] = {
	    {.n = 0, .m = "trampoline", .p = "smi", .c = {OK(1)}, .smi_us = 30},
	    {.n = 1, .m = "trampoline", .p = "smi", .c = {OK(1)}, .smi_us = 10},
	    {.n = 2, .m = "trampoline", .p = "smi", .c = {OK(1)}, .smi_us = 50},
	    {.n = 3, .m = "trampoline", .p = "smi", .c = {OK(1)}, .smi_us = 20},
	    {.n = 4, .m = "trampoline", .p = "none", .c = {OK(1)}},
	};
	struct slog l = {0};
	struct runlog *rl;
	const struct rl_group *g;
	json_object *o, *m, *smi;

	(void)state;
	run_of(&l, 0x5111, &p, cs, 5, "pass");
	rl = model(&l);
	g = group(rl, "trampoline", "smi");
	assert_int_equal(g->smi.count, 4);
	assert_int_equal(g->smi.min, 10);
	assert_int_equal(g->smi.median, 25);
	assert_int_equal(g->smi.max, 50);
	assert_int_equal(group(rl, "trampoline", "none")->smi.count, 0);
	assert_int_equal(runlog_exit_status(rl), 0);
	assert_text(rl, "; SMI 10/25/50 us (min/median/max)");
	o = report_json(rl);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "modes", &m));
	assert_int_equal(json_object_array_length(m), 2);
	assert_true(json_object_object_get_ex(json_object_array_get_idx(m, 0), "smi_us", &smi));
	assert_non_null(smi);
	assert_true(json_object_object_get_ex(smi, "median", &smi));
	assert_int_equal(json_object_get_int(smi), 25);
	assert_true(json_object_object_get_ex(json_object_array_get_idx(m, 1), "smi_us", &smi));
	assert_null(smi);
	json_object_put(o);
	runlog_free(rl);
	slog_free(&l);
}

static void test_cycle_dedupe(void **state)
{
	struct probe p = {.cpus = 3, .modes = "hlt", .provoke = "none", .cycles = 2};
	struct cyc c0 = {.n = 0, .m = "hlt", .p = "none", .c = {OK(2)}};
	struct cyc c1 = {.n = 1, .m = "hlt", .p = "none", .c = {OK(2)}};
	struct slog l = {0};
	struct runlog *rl;
	size_t at;

	(void)state;
	boot1(&l, 0xd0, &p);
	next_boot(&l);
	at = cycle(&l, &c0);
	/* The same line again (a console server replaying its buffer), and the
	 * same cycle in a later record of the next boot. */
	slog_put(&l, l.buf + at, l.len - at);
	next_boot(&l);
	cycle(&l, &c0);
	cycle(&l, &c1);
	end(&l, 3, 2, "pass");
	rl = model(&l);
	assert_int_equal(rl->st.duplicates, 1);
	assert_int_equal(rl->cur.cycle_records, 3);
	assert_int_equal(rl->sum.cycles_run, 2);
	assert_int_equal(cycle_n(rl, 0)->records, 2);
	assert_false(cycle_n(rl, 0)->differ);
	assert_int_equal(group(rl, "hlt", "none")->cycles, 2);
	assert_int_equal(group(rl, "hlt", "none")->counts[PD_OUTCOME_OK], 4);
	assert_int_equal(runlog_exit_status(rl), 0);
	assert_true(has_note(rl, "repeated a cycle already reported"));
	runlog_free(rl);
	slog_free(&l);

	/* Two records of one cycle that disagree: the reset one is kept. */
	boot1(&l, 0xd1, &p);
	next_boot(&l);
	cycle(&l, &c0);
	next_boot(&l);
	cycle(&l,
	      &(struct cyc){.n = 0, .m = "hlt", .p = "none", .c = {RESET(1)}, .phase = "arrived"});
	cycle(&l, &c1);
	end(&l, 3, 2, "fail");
	rl = model(&l);
	assert_int_equal(rl->sum.cycles_run, 2);
	assert_true(cycle_n(rl, 0)->differ);
	assert_true(cycle_n(rl, 0)->reset);
	assert_int_equal(cycle_n(rl, 0)->counts[PD_OUTCOME_OK], 2);
	assert_false(group(rl, "hlt", "none")->observed_pass);
	assert_int_equal(runlog_exit_status(rl), 1);
	runlog_free(rl);
	slog_free(&l);
}

static void test_incomplete_schedule(void **state)
{
	struct probe p = {.cpus = 2, .modes = "hlt", .provoke = "none", .cycles = 3};
	struct cyc cs[] = {
	    {.n = 0, .m = "hlt", .p = "none", .c = {OK(1)}},
	};
	struct slog l = {0};
	struct runlog *rl;

	(void)state;
	/* An end record, but the last cycle never came. */
	run_of(&l, 0x1c, &p, cs, 1, "pass");
	rl = model(&l);
	assert_false(rl->sum.reached_last);
	assert_int_equal(runlog_exit_status(rl), 2);
	assert_text(rl, "verdict: BROKEN (the schedule stopped after 1 of 3 cycles)\n");
	runlog_free(rl);
	slog_free(&l);

	/* No end record: the machine went silent in cycle 1. */
	boot1(&l, 0x1d, &p);
	next_boot(&l);
	cycle(&l, &cs[0]);
	rl = runlog_new();
	runlog_feed(rl, l.buf, l.len);
	runlog_set_stop_reason(rl, "timeout after %d s", 120);
	runlog_finish(rl);
	assert_int_equal(rl->sum.verdict, RL_BROKEN);
	assert_text(rl, "verdict: BROKEN (no end record: timeout after 120 s, the schedule "
			"stopped after 1 of 3 cycles)\n");
	runlog_free(rl);
	slog_free(&l);

	/* A cycle record lost on the line in the middle: that cycle may have
	 * failed, so the run is not a pass. */
	{
		struct cyc three[] = {
		    {.n = 0, .m = "hlt", .p = "none", .c = {OK(1)}},
		    {.n = 2, .m = "hlt", .p = "none", .c = {OK(1)}},
		};

		run_of(&l, 0x1e, &p, three, 2, "pass");
		rl = model(&l);
		assert_true(rl->sum.reached_last);
		assert_int_equal(rl->sum.cycles_missing, 1);
		assert_int_equal(runlog_exit_status(rl), 2);
		assert_text(rl, "1 cycle without a cycle record: outcome unknown");
		assert_true(has_note(rl, "1 cycle before the last one reported has no cycle"));
		runlog_free(rl);
		slog_free(&l);
	}
}

static void test_restart_and_reboot_loop(void **state)
{
	struct probe p = {.cpus = 4, .modes = "hlt,mwait", .provoke = "none", .cycles = 2};
	struct cyc cs[] = {
	    {.n = 0, .m = "hlt", .p = "none", .c = {OK(3)}},
	    {.n = 1, .m = "mwait", .p = "none", .c = {RESET(1)}},
	};
	struct slog l = {0};
	struct runlog *rl;
	int fds[2];
	struct collect_opts co;
	struct collect_result cr;
	ssize_t w;

	(void)state;
	/* Run A reaches cycle 1, then the machine comes back without its
	 * results area: run B starts at boot 1 and gets less far. */
	boot1(&l, 0xaaaa, &p);
	next_boot(&l);
	cycle(&l, &cs[0]);
	boot1(&l, 0xbbbb, &p);
	rl = runlog_new();
	runlog_feed(rl, l.buf, l.len);
	assert_int_equal(runlog_restarts(rl), 1);
	runlog_set_reboot_loop(rl);
	runlog_finish(rl);
	assert_int_equal(rl->cur.run, 0xaaaa); /* the run that got furthest */
	assert_int_equal(rl->nothers, 1);
	assert_int_equal(rl->others[0].run, 0xbbbb);
	assert_int_equal(rl->sum.verdict, RL_BROKEN);
	assert_true(has_note(rl, "machine reset outside a cycle: a new run started"));
	assert_true(has_note(rl, "reporting run 0000aaaa"));
	assert_text(rl, "reboot loop");
	runlog_free(rl);

	/* The collector stops on it (the "run" command's reboot-loop guard). */
	assert_int_equal(pipe(fds), 0);
	w = write(fds[1], l.buf, l.len);
	assert_int_equal(w, (ssize_t)l.len);
	close(fds[1]);
	rl = runlog_new();
	memset(&co, 0, sizeof(co));
	co.timeout = 10;
	co.stop_on_restart = 1;
	assert_int_equal(collect_run(fds[0], rl, &co, &cr), 0);
	close(fds[0]);
	assert_int_equal(cr.stop, COLLECT_RESTART);
	runlog_free(rl);
	slog_free(&l);

	/* A run that started over and then completed: the last run stands. */
	boot1(&l, 0xcccc, &p);
	next_boot(&l);
	cycle(&l, &cs[0]);
	run_of(&l, 0xdddd, &p, cs, 2, "pass");
	rl = model(&l);
	assert_int_equal(rl->restarts, 1);
	assert_int_equal(rl->cur.run, 0xdddd);
	assert_int_equal(runlog_exit_status(rl), 0);
	assert_true(has_note(rl, "reporting the last run, 0000dddd"));
	runlog_free(rl);
	slog_free(&l);

	/* A run that ended, then another: no restart. */
	run_of(&l, 0xeeee, &p, cs, 2, "pass");
	run_of(&l, 0xffff, &p, cs, 2, "pass");
	rl = model(&l);
	assert_int_equal(rl->restarts, 0);
	assert_int_equal(rl->cur.run, 0xffff);
	assert_int_equal(runlog_exit_status(rl), 0);
	runlog_free(rl);
	slog_free(&l);
}

static json_object *key(json_object *o, const char *k)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, k, &v))
		fail_msg("JSON has no \"%s\"", k);
	return v;
}

/* A cycle begins (the payload's start record). */
static void start(struct slog *l, uint32_t n, const char *m, const char *p)
{
	slog_begin(l, PD_REC_START);
	pd_rec_u(&W, PD_F_N, n);
	pd_rec_s(&W, PD_F_M, m);
	pd_rec_s(&W, PD_F_P, p);
	slog_emit(l);
}

/*
 * The stream ends in a cycle (the machine reset and did not come back, or
 * hung): from the stream alone, that cycle is a reset or hang, judged with
 * its group.  hlt + nmi is a negative control (pd_expect: the NMI after the
 * overwrite runs poisoned code), so it is caught.
 */
static void test_stream_ends_mid_cycle(void **state)
{
	struct probe p = {.cpus = 4, .modes = "hlt", .provoke = "none/nmi", .cycles = 2};
	struct cyc c0 = {.n = 0, .m = "hlt", .p = "none", .c = {OK(3)}};
	struct slog l = {0};
	struct runlog *rl;
	const struct rl_group *g;
	const struct rl_cycle *c;

	(void)state;
	boot1(&l, 0xd1ed, &p);
	start(&l, 0, "hlt", "none");
	next_boot(&l);
	cycle(&l, &c0);
	start(&l, 1, "hlt", "nmi");
	rl = model(&l);
	c = cycle_n(rl, 1);
	assert_non_null(c);
	assert_true(c->died && c->reset);
	assert_string_equal(c->phase, RL_PHASE_BEFORE_HANDOVER);
	g = group(rl, "hlt", "nmi");
	assert_non_null(g);
	assert_int_equal(g->died, 1);
	assert_false(g->expected_pass);
	assert_false(g->observed_pass);
	/* Its own cycle, the last, killed the machine: nothing unjudged. */
	assert_int_equal(rl->sum.verdict, RL_PASS);
	assert_int_equal(runlog_exit_status(rl), 0);
	assert_true(has_note(rl, "cycle 1 (hlt nmi) began and never reported"));
	runlog_free(rl);

	/* The next boot said something: the handover happened. */
	next_boot(&l);
	rl = model(&l);
	assert_string_equal(cycle_n(rl, 1)->phase, RL_PHASE_AFTER_HANDOVER);
	runlog_free(rl);
	slog_free(&l);

	/* Dying before the schedule's end leaves cycles unrun: broken, and why. */
	p.modes = "hlt,trampoline";
	p.provoke = "nmi";
	p.cycles = 2;
	boot1(&l, 0xd2ed, &p);
	start(&l, 0, "hlt", "nmi");
	rl = model(&l);
	assert_int_equal(rl->sum.verdict, RL_BROKEN);
	assert_non_null(strstr(rl->sum.reason, "did not come back from cycle 0 (hlt nmi"));
	runlog_free(rl);
	slog_free(&l);
}

/*
 * A later cycle's record arrived after the last start seen: the schedule
 * went past that cycle, so its record (and later starts) were lost on the
 * line; the machine did not die there.  (The faults suite's seed 8: cycle
 * 1's record garbled, cycle 2's start cut off, cycle 4's record intact.)
 */
static void test_later_cycle_means_no_death(void **state)
{
	struct probe p = {.cpus = 4, .modes = "hlt", .provoke = "none", .cycles = 5};
	struct cyc c0 = {.n = 0, .m = "hlt", .p = "none", .c = {OK(3)}};
	struct cyc c4 = {.n = 4, .m = "hlt", .p = "none", .c = {OK(3)}};
	struct slog l = {0};
	struct runlog *rl;

	(void)state;
	boot1(&l, 0xd3ed, &p);
	start(&l, 0, "hlt", "none");
	next_boot(&l);
	cycle(&l, &c0);
	start(&l, 1, "hlt", "none");
	next_boot(&l);
	next_boot(&l);
	next_boot(&l);
	next_boot(&l);
	cycle(&l, &c4);
	rl = model(&l);
	assert_int_equal(runlog_cycle_index(&rl->cur, 1), rl->cur.ncycles);
	assert_false(cycle_n(rl, 4)->reset);
	assert_int_not_equal(rl->sum.verdict, RL_PASS);
	runlog_free(rl);
	slog_free(&l);
}

/* The payload leaves p= out of start and cycle records when nothing is
 * provoked (FORMAT.md): such a cycle belongs to its mode's "none" group,
 * and a record that names a provocation to its own. */
static void test_absent_p_is_none(void **state)
{
	struct probe p = {.cpus = 4, .modes = "hlt", .provoke = "none/nmi", .cycles = 1};
	struct cyc c0 = {.n = 0, .m = "hlt", .p = NULL, .c = {OK(3)}};
	struct cyc c1 = {.n = 1, .m = "hlt", .p = "nmi", .c = {OK(3)}};
	struct slog l = {0};
	struct runlog *rl;

	(void)state;
	boot1(&l, 0xd4ed, &p);
	next_boot(&l);
	cycle(&l, &c0);
	next_boot(&l);
	cycle(&l, &c1);
	rl = model(&l);
	assert_string_equal(cycle_n(rl, 0)->p, "none");
	assert_true(cycle_n(rl, 0)->has_prov);
	assert_int_equal(cycle_n(rl, 0)->prov, 0);
	assert_int_equal(group(rl, "hlt", "none")->cycles, 1);
	assert_int_equal(group(rl, "hlt", "nmi")->cycles, 1);
	runlog_free(rl);
	slog_free(&l);
}

/* A run that starts afresh (boot 1, new run id) after one that died in a
 * cycle is the same machine going on: the dead cycle counts in its group. */
static void test_fresh_run_continues(void **state)
{
	struct probe a = {.cpus = 4, .modes = "hlt", .provoke = "nmi", .cycles = 1};
	struct probe b = {.cpus = 4, .modes = "trampoline", .provoke = "none", .cycles = 1};
	struct cyc c0 = {.n = 0, .m = "trampoline", .p = "none", .c = {OK(3)}};
	struct slog l = {0};
	struct runlog *rl;
	const struct rl_group *g;

	(void)state;
	boot1(&l, 0xaaa1, &a);
	start(&l, 0, "hlt", "nmi");
	boot1(&l, 0xbbb2, &b);
	start(&l, 0, "trampoline", "none");
	next_boot(&l);
	cycle(&l, &c0);
	end(&l, 4, 1, "pass");
	rl = model(&l);
	assert_int_equal(rl->cur.run, 0xbbb2);
	assert_int_equal(rl->ndied, 1);
	assert_int_equal(rl->died[0].run, 0xaaa1);
	assert_true(has_note(rl, "run 0000bbb2 continues run 0000aaa1 on the same machine"));
	g = group(rl, "hlt", "nmi");
	assert_non_null(g);
	assert_int_equal(g->died, 1);
	assert_false(g->observed_pass);
	g = group(rl, "trampoline", "none");
	assert_non_null(g);
	assert_true(g->observed_pass);
	assert_int_equal(runlog_exit_status(rl), 0);
	runlog_free(rl);
	slog_free(&l);
}

/* One CPU: no AP to park, so a negative control cannot fail: not
 * applicable, and the machine passes. */
static void test_negative_control_one_cpu(void **state)
{
	struct probe p = {.cpus = 1, .modes = "hlt", .provoke = "nmi", .cycles = 1};
	struct cyc c0 = {.n = 0, .m = "hlt", .p = "nmi"};
	struct slog l = {0};
	struct runlog *rl;
	const struct rl_group *g;

	(void)state;
	boot1(&l, 0x0c0c, &p);
	start(&l, 0, "hlt", "nmi");
	next_boot(&l);
	cycle(&l, &c0);
	end(&l, 1, 1, "pass");
	rl = model(&l);
	g = group(rl, "hlt", "nmi");
	assert_non_null(g);
	assert_true(g->not_applicable);
	assert_int_equal(rl->sum.groups_differ, 0);
	assert_int_equal(runlog_exit_status(rl), 0);
	runlog_free(rl);
	slog_free(&l);
}

static void test_json_keys(void **state)
{
	static const char *const group_keys[] = {
	    "mode",	"provoke",  "cycles", "outcomes",	  "failing_cpus",
	    "expected", "observed", "why",    "negative_control", "smi_us",
	};
	static const char *const sched_keys[] = {
	    "load",	      "wbinvd", "wbinvd_why", "platform",
	    "cycles_planned", "modes",	"provoke",    "on_reset",
	};
	static const char *const cycle_keys[] = {
	    "n", "mode", "provoke", "outcomes", "reset", "phase", "scribbled", "smi_us", "passed",
	};
	struct probe p = {.cpus = 2, .modes = "hlt,mwait", .provoke = "none/nmi+smi", .cycles = 2};
	struct cyc cs[] = {
	    {.n = 0, .m = "hlt", .p = "nmi+smi", .c = {RESET(1)}, .phase = "provoke", .smi_us = 7},
	    {.n = 1, .m = "mwait", .p = "none", .c = {RESET(1)}, .phase = "handover"},
	};
	struct slog l = {0};
	struct runlog *rl;
	json_object *o, *a, *g, *x;
	size_t i;
	int k;

	(void)state;
	run_of(&l, 0x15011, &p, cs, 2, "pass");
	rl = model(&l);
	o = report_json(rl);
	assert_non_null(o);
	/* Keys a single-boot report had stay. */
	key(o, "cpus");
	key(o, "verdict");
	key(o, "exit_status");
	key(o, "other_boots");
	assert_string_equal(json_object_get_string(key(o, "verdict")), "pass");
	assert_int_equal(json_object_get_int(key(o, "cycles_total")), 2);
	assert_int_equal(json_object_get_int(key(o, "boots")), 3);
	x = key(o, "schedule");
	for (i = 0; i < sizeof(sched_keys) / sizeof(sched_keys[0]); i++)
		key(x, sched_keys[i]);
	assert_string_equal(json_object_get_string(key(x, "platform")), "hardware");
	assert_int_equal(json_object_get_int(key(x, "cycles_planned")), 2);
	assert_false(json_object_get_boolean(key(x, "wbinvd")));
	assert_int_equal(json_object_array_length(key(x, "modes")), 2);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(key(x, "provoke"), 1)),
			    "nmi+smi");

	a = key(o, "modes");
	assert_int_equal(json_object_array_length(a), 2);
	for (k = 0; k < 2; k++) {
		g = json_object_array_get_idx(a, (size_t)k);
		for (i = 0; i < sizeof(group_keys) / sizeof(group_keys[0]); i++)
			key(g, group_keys[i]);
		for (i = 0; i < PD_OUTCOME_COUNT; i++)
			key(key(g, "outcomes"), pd_outcome_name((enum pd_outcome)i));
		assert_string_equal(json_object_get_string(key(g, "expected")), "fail");
		assert_string_equal(json_object_get_string(key(g, "observed")), "fail");
		assert_true(json_object_get_boolean(key(g, "negative_control")));
	}
	g = json_object_array_get_idx(a, 0);
	assert_string_equal(json_object_get_string(key(g, "mode")), "hlt");
	assert_int_equal(json_object_array_length(key(g, "provoke")), 2);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(key(g, "provoke"), 0)),
			    "nmi");
	assert_int_equal(json_object_get_int(key(key(g, "outcomes"), "reset")), 1);
	g = json_object_array_get_idx(a, 1);
	assert_int_equal(json_object_array_length(key(g, "provoke")), 0);
	assert_null(key(g, "smi_us"));

	a = key(o, "cycles");
	assert_int_equal(json_object_array_length(a), 2);
	for (k = 0; k < 2; k++)
		for (i = 0; i < sizeof(cycle_keys) / sizeof(cycle_keys[0]); i++)
			key(json_object_array_get_idx(a, (size_t)k), cycle_keys[i]);
	x = json_object_array_get_idx(a, 0);
	assert_true(json_object_get_boolean(key(x, "reset")));
	assert_false(json_object_get_boolean(key(x, "passed")));
	assert_string_equal(json_object_get_string(key(x, "phase")), "provoke");
	assert_int_equal(json_object_get_int(key(x, "smi_us")), 7);
	json_object_put(o);
	runlog_free(rl);
	slog_free(&l);

	/* No schedule: the new keys are there, empty. */
	l.run = 0x1;
	l.boot = 1;
	boot_record(&l);
	end(&l, 1, 0, "pass");
	rl = model(&l);
	o = report_json(rl);
	assert_null(key(o, "schedule"));
	assert_int_equal(json_object_get_int(key(o, "cycles_total")), 0);
	assert_int_equal(json_object_array_length(key(o, "modes")), 0);
	assert_int_equal(runlog_exit_status(rl), 0);
	json_object_put(o);
	runlog_free(rl);
	slog_free(&l);
}

static void test_cpumodes_table(void **state)
{
	struct probe p = {.cpus = 20, .modes = "hlt,trampoline", .provoke = "none", .cycles = 2};
	struct cyc cs[] = {
	    {.n = 0, .m = "hlt", .p = "none", .c = {OK(18), LOST(1)}},
	    {.n = 1, .m = "trampoline", .p = "none", .c = {OK(19)}},
	};
	struct slog l = {0};
	struct runlog *rl;
	char *t, *v, *tm, *vm;
	unsigned i;

	(void)state;
	boot1(&l, 0x20, &p);
	next_boot(&l);
	cycle(&l, &cs[0]);
	outcome(&l, 0, 7, "lost");
	next_boot(&l);
	cycle(&l, &cs[1]);
	for (i = 0; i < 20; i++)
		cpumodes(&l, i, "hlt", i == 7 ? "0,0,0,1,0,0,0,0" : "1,0,0,0,0,0,0,0", "trampoline",
			 "1,0,0,0,0,0,0,0");
	/* A CPU reported twice: the latest record stands. */
	cpumodes(&l, 7, "hlt", "0,0,0,1,0,0,0,0", "trampoline", "0,1,0,0,0,0,0,0");
	end(&l, 20, 2, "fail");
	rl = model(&l);
	assert_int_equal(rl->cur.ncpumodes, 20);
	assert_int_equal(rl->cur.cpumodes[7].counts[PD_PARK_TRAMPOLINE][PD_OUTCOME_WOKE], 1);
	assert_int_equal(rl->cur.cpumodes[7].counts[PD_PARK_HLT][PD_OUTCOME_LOST], 1);
	assert_int_equal(group(rl, "hlt", "none")->failing[0], 7);
	t = text_of(rl, 0);
	v = text_of(rl, 1);
	tm = strstr(t, "cpu modes:");
	vm = strstr(v, "cpu modes:");
	assert_non_null(tm);
	assert_non_null(vm);
	assert_non_null(strstr(tm, "CPUs with anomalies only"));
	assert_non_null(strstr(tm, "        apic  pkg/core/thr    hlt     trampoline\n"));
	assert_non_null(strstr(tm, "           7  0/7/0           lost=1  woke=1\n"));
	assert_null(strstr(tm, "           8  0/8/0"));
	assert_non_null(strstr(vm, "           8  0/8/0           ok=1    ok=1\n"));
	assert_non_null(strstr(t, "failing CPUs: APIC 7 (0/7/0)"));
	free(t);
	free(v);
	runlog_free(rl);
	slog_free(&l);
}

static void test_unknown_mode_and_cross_checks(void **state)
{
	struct probe p = {.cpus = 2, .modes = "hlt,warp", .provoke = "none", .cycles = 2};
	struct cyc cs[] = {
	    {.n = 0, .m = "hlt", .p = "none", .c = {OK(1)}},
	    {.n = 1, .m = "warp", .p = "none", .c = {OK(1)}},
	};
	struct slog l = {0};
	struct runlog *rl;

	(void)state;
	/* A mode this host tool does not know: not judged, the run is broken. */
	run_of(&l, 0x3a, &p, cs, 2, "pass");
	rl = model(&l);
	assert_false(group(rl, "warp", "none")->known);
	assert_int_equal(rl->sum.groups_unknown, 1);
	assert_int_equal(runlog_exit_status(rl), 2);
	assert_text(rl, "1 cycle in a mode or provocation set unknown here");
	runlog_free(rl);
	slog_free(&l);

	/* The payload's verdict and cycle count disagree with the records. */
	p.modes = "hlt";
	p.cycles = 1;
	boot1(&l, 0x3b, &p);
	next_boot(&l);
	cycle(&l, &cs[0]);
	end(&l, 2, 5, "fail");
	rl = model(&l);
	assert_int_equal(runlog_exit_status(rl), 0);
	assert_true(has_note(rl, "the payload's end record says fail, the host judges pass"));
	assert_true(has_note(rl, "end record counts 5 cycles, 1 have a cycle record"));
	runlog_free(rl);
	slog_free(&l);

	/* A cycle that counts no CPU at all, when the others do: noted. */
	p.cycles = 2;
	boot1(&l, 0x3d, &p);
	next_boot(&l);
	cycle(&l, &cs[0]);
	next_boot(&l);
	cycle(&l, &(struct cyc){.n = 1, .m = "hlt", .p = "none"});
	end(&l, 2, 2, "pass");
	rl = model(&l);
	assert_int_equal(runlog_exit_status(rl), 0);
	assert_true(
	    has_note(rl, "1 cycle (the first: 1) counts no CPU outcome while others count"));
	runlog_free(rl);
	slog_free(&l);

	/* Cycle records without a kexec record: the schedule is unknown. */
	l.run = 0x3c;
	l.boot = 1;
	boot_record(&l);
	next_boot(&l);
	cycle(&l, &cs[0]);
	end(&l, 2, 1, "pass");
	rl = model(&l);
	assert_true(rl->sum.schedule);
	assert_int_equal(runlog_exit_status(rl), 2);
	assert_text(rl, "no kexec record: the schedule is unknown");
	runlog_free(rl);
	slog_free(&l);
}

static void test_schedule_errors(void **state)
{
	struct probe p = {.cpus = 2, .modes = "hlt", .provoke = "none", .cycles = 1};
	struct slog l = {0};
	struct runlog *rl;

	(void)state;
	boot1(&l, 0x4e, &p);
	next_boot(&l);
	/* A fail-level error during the schedule: shown, judged by outcomes. */
	slog_begin(&l, PD_REC_ERROR);
	pd_rec_s(&W, PD_F_LEVEL, PD_LEVEL_FAIL);
	pd_rec_s(&W, PD_F_CODE, PD_ERR_STOP);
	pd_rec_u(&W, PD_F_APIC, 1);
	slog_emit(&l);
	cycle(&l, &(struct cyc){.n = 0, .m = "hlt", .p = "none", .c = {OK(1)}});
	end(&l, 2, 1, "pass");
	rl = model(&l);
	assert_int_equal(rl->sum.schedule_fail_errors, 1);
	assert_int_equal(rl->sum.fail_errors, 0);
	assert_true(rl->cur.errors[0].in_schedule);
	assert_int_equal(runlog_exit_status(rl), 0);
	assert_text(rl, "stop_timeout on APIC 1 [boot 2, schedule]");
	runlog_free(rl);
	slog_free(&l);
}

static int argv_has(char **argv, const char *s)
{
	size_t i;

	for (i = 0; argv[i]; i++)
		if (!strcmp(argv[i], s))
			return 1;
	return 0;
}

/* A reset reboots by default: the next boot records it. */
static void test_qemu_reboots(void **state)
{
	struct qemu_config c = {.qemu = "qemu-system-x86_64",
				.payload = "payload/playdead.elf",
				.machine = "q35",
				.cpu = "max",
				.smp = 4,
				.mem_mb = 256};
	char **argv;

	(void)state;
	argv = qemu_argv(&c);
	assert_non_null(argv);
	assert_false(argv_has(argv, "-no-reboot"));
	assert_true(argv_has(argv, "isa-debug-exit,iobase=0xf4,iosize=0x04"));
	child_argv_free(argv);
	c.no_reboot = 1;
	argv = qemu_argv(&c);
	assert_non_null(argv);
	assert_true(argv_has(argv, "-no-reboot"));
	child_argv_free(argv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_safe_mode_passes),
	    cmocka_unit_test(test_negative_control_fails_as_expected),
	    cmocka_unit_test(test_safe_mode_fails),
	    cmocka_unit_test(test_woke_allowed_by_mode),
	    cmocka_unit_test(test_exception_in_cycle),
	    cmocka_unit_test(test_scribbled_cycle_fails),
	    cmocka_unit_test(test_smi_latency),
	    cmocka_unit_test(test_mce_not_delivered_is_skipped),
	    cmocka_unit_test(test_cycle_dedupe),
	    cmocka_unit_test(test_incomplete_schedule),
	    cmocka_unit_test(test_restart_and_reboot_loop),
	    cmocka_unit_test(test_json_keys),
	    cmocka_unit_test(test_cpumodes_table),
	    cmocka_unit_test(test_unknown_mode_and_cross_checks),
	    cmocka_unit_test(test_schedule_errors),
	    cmocka_unit_test(test_qemu_reboots),
	    cmocka_unit_test(test_stream_ends_mid_cycle),
	    cmocka_unit_test(test_later_cycle_means_no_death),
	    cmocka_unit_test(test_absent_p_is_none),
	    cmocka_unit_test(test_fresh_run_continues),
	    cmocka_unit_test(test_negative_control_one_cpu),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
