/* SPDX-License-Identifier: MIT */
/*
 * The JUnit XML report, for CI systems: one test suite per run; test cases
 * for the run itself (an error when it is broken), bring-up, CPUID
 * consistency, the probe's errors and each mode x provocation group.  A
 * negative control caught failing is a pass.  A failure's message names the
 * CPUs (APIC ID, package/core/thread) and their outcomes.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "host/model/idlist.h"
#include "host/report/report.h"
#include "results/fields.h"
#include "results/park.h"

/* CPUs named one by one in a message; beyond, ranges of APIC IDs. */
#define NAMED_MAX 16

struct junit {
	FILE *body; /* the test cases, written before the suite's counts are known */
	char *buf;
	size_t len;
	unsigned tests, failures, errors, skipped;
};

/* A message under construction (memstream). */
struct msg {
	FILE *f;
	char *s;
	size_t n;
};

static int msg_open(struct msg *m)
{
	m->s = NULL;
	m->n = 0;
	m->f = open_memstream(&m->s, &m->n);
	return m->f ? 0 : -1;
}

/* The text so far; valid until msg_free. */
static const char *msg_text(struct msg *m)
{
	if (m->f) {
		fclose(m->f);
		m->f = NULL;
	}
	return m->s ? m->s : "";
}

static void msg_free(struct msg *m)
{
	if (m->f)
		fclose(m->f);
	free(m->s);
	m->f = NULL;
	m->s = NULL;
}

static void tc_open(struct junit *j, const char *cls, const char *name)
{
	j->tests++;
	fputs("    <testcase classname=\"", j->body);
	report_markup(j->body, cls);
	fputs("\" name=\"", j->body);
	report_markup(j->body, name);
	fputs("\">\n", j->body);
}

/* kind: failure, error or skipped; detail may be NULL. */
static void tc_result(struct junit *j, const char *kind, const char *type, const char *message,
		      const char *detail)
{
	if (!strcmp(kind, "failure"))
		j->failures++;
	else if (!strcmp(kind, "error"))
		j->errors++;
	else
		j->skipped++;
	fprintf(j->body, "      <%s message=\"", kind);
	report_markup(j->body, message);
	fputc('"', j->body);
	if (type) {
		fputs(" type=\"", j->body);
		report_markup(j->body, type);
		fputc('"', j->body);
	}
	if (!detail || !detail[0]) {
		fputs("/>\n", j->body);
		return;
	}
	fputc('>', j->body);
	report_markup(j->body, detail);
	fprintf(j->body, "</%s>\n", kind);
}

static void tc_out(struct junit *j, const char *text)
{
	fputs("      <system-out>", j->body);
	report_markup(j->body, text);
	fputs("</system-out>\n", j->body);
}

static void tc_close(struct junit *j)
{
	fputs("    </testcase>\n", j->body);
}

/* The test case ends in an error of the tool; 0 (not failed) for its caller. */
static int tc_no_memory(struct junit *j)
{
	tc_result(j, "error", "tool", "out of memory", NULL);
	tc_close(j);
	return 0;
}

/* A wire string into a message, which tc_result() escapes as a whole. */
static void raw(FILE *f, const char *s)
{
	fputs(s, f);
}

/* "APIC 5 (package 0, core 2, thread 1)": written out, for a CI message
 * read without the report's table headings. */
static void put_cpu(FILE *f, const struct runlog *rl, uint32_t apic)
{
	const struct rl_cpu *c = runlog_cpu_by_apic(rl, apic);

	fprintf(f, "APIC %" PRIu32, apic);
	if (c && c->has_topo)
		fprintf(f, " (package %" PRIu32 ", core %" PRIu32 ", thread %" PRIu32 ")", c->pkg,
			c->core, c->thread);
}

/* Each CPU named when few, else the APIC ID ranges. */
static void put_cpus(FILE *f, const struct runlog *rl, const uint32_t *ids, size_t n)
{
	size_t i;

	if (n > NAMED_MAX) {
		char *s = idlist_format(ids, n);

		fprintf(f, "APIC %s", s ? s : "?");
		free(s);
		return;
	}
	for (i = 0; i < n; i++) {
		if (i)
			fputs(", ", f);
		put_cpu(f, rl, ids[i]);
	}
}

static void case_run(struct junit *j, const struct runlog *rl, int other_failure)
{
	const struct rl_summary *s = &rl->sum;

	tc_open(j, "playdead.run", "run complete and judged");
	if (s->verdict == RL_BROKEN)
		tc_result(j, "error", "broken", s->reason, rl->stop_reason);
	else if (s->verdict == RL_FAIL && !other_failure)
		tc_result(j, "failure", "verdict", s->reason, NULL);
	else
		tc_out(j, s->reason);
	tc_close(j);
}

/* Lost, not started on purpose, damaged canary: returns 1 when failed. */
static int case_bringup(struct junit *j, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	const struct rl_summary *s = &rl->sum;
	struct msg m, d;
	size_t i, nlost = 0, nbad = 0;
	int failed;

	tc_open(j, "playdead.bringup", "AP bring-up (INIT-SIPI-SIPI)");
	if (!run->ncpus) {
		tc_result(j, "error", "no_cpus", "no cpu records", NULL);
		tc_close(j);
		return 0;
	}
	if (msg_open(&m) || msg_open(&d)) {
		msg_free(&m);
		return tc_no_memory(j);
	}
	for (i = 0; i < run->ncpus; i++) {
		const struct rl_cpu *c = &run->cpus[i];
		int lost = rl_cpu_in_state(c, PD_CPU_LOST), bad = c->canary_bad;

		if (!lost && !bad)
			continue;
		nlost += lost;
		nbad += bad;
		if (nlost + nbad <= NAMED_MAX) {
			fputs(nlost + nbad > 1 ? "; " : "", m.f);
			if (c->has_apic)
				put_cpu(m.f, rl, c->apic);
			else
				fprintf(m.f, "idx %" PRIu32, c->idx);
			fputs(lost ? " lost" : " stack canary damaged", m.f);
		}
		fprintf(d.f, "idx %" PRIu32 " ", c->idx);
		if (c->has_apic)
			put_cpu(d.f, rl, c->apic);
		fprintf(d.f, ": state %s%s\n", c->state_name[0] ? c->state_name : "?",
			bad ? ", stack canary damaged" : "");
	}
	failed = nlost || nbad || s->lost_cpus;
	if (failed) {
		struct msg all;

		if (!msg_open(&all)) {
			fprintf(all.f, "%zu lost, %zu damaged stack canaries of %zu CPUs: %s",
				nlost, nbad, run->ncpus, msg_text(&m));
			if (nlost + nbad > NAMED_MAX)
				fprintf(all.f, " and %zu more", nlost + nbad - NAMED_MAX);
			if (s->lost_cpus > nlost)
				fprintf(all.f, " (the end record counts %" PRIu64 " lost)",
					s->lost_cpus);
			tc_result(j, "failure", "cpu_lost", msg_text(&all), msg_text(&d));
			msg_free(&all);
		}
	} else {
		char out[160];

		snprintf(out, sizeof(out), "%zu CPUs, %" PRIu64 " up (BSP included)", run->ncpus,
			 s->online_cpus);
		tc_out(j, out);
	}
	msg_free(&m);
	msg_free(&d);
	tc_close(j);
	return failed;
}

static int case_cpuid(struct junit *j, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	struct msg m;
	size_t i;

	tc_open(j, "playdead.cpuid", "CPUID and microcode consistency");
	if (!run->nmismatches) {
		tc_out(j, "every CPU reported the same CPUID values and microcode");
		tc_close(j);
		return 0;
	}
	if (msg_open(&m))
		return tc_no_memory(j);
	report_fact_mismatch_count(m.f, rl);
	fputc(':', m.f);
	for (i = 0; i < run->nmismatches; i++) {
		const struct rl_mismatch *x = &run->mismatches[i];

		if (i == 0 || !runlog_mismatch_same_reg(&run->mismatches[i - 1], x)) {
			/* raw: the message is escaped as a whole (tc_result) */
			fputc(' ', m.f);
			report_fact_mismatch_what(m.f, x, raw);
			fputc(':', m.f);
		} else {
			fputc(';', m.f);
		}
		fprintf(m.f, " 0x%08" PRIx64 " on ", x->val);
		put_cpus(m.f, rl, x->apics, x->napics);
		if (report_mismatch_has_bsp(rl, x))
			fputs(" (the BSP's)", m.f);
	}
	tc_result(j, "failure", "mismatch", msg_text(&m), NULL);
	msg_free(&m);
	tc_close(j);
	return 1;
}

/* Fail-level errors of the probe other than those bring-up reports. */
static int case_errors(struct junit *j, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	const struct rl_summary *s = &rl->sum;
	struct msg m, d;
	size_t i, shown = 0;

	tc_open(j, "playdead.errors", "no failing errors reported by the payload");
	if (!s->other_fail_errors) {
		char out[96];

		snprintf(out, sizeof(out), "%" PRIu64 " fail-level, %" PRIu64 " warnings",
			 s->fail_errors, run->errors_warn);
		tc_out(j, out);
		tc_close(j);
		return 0;
	}
	if (msg_open(&m) || msg_open(&d)) {
		msg_free(&m);
		return tc_no_memory(j);
	}
	fprintf(m.f, "%" PRIu64 " failing %s:", s->other_fail_errors,
		s->other_fail_errors == 1 ? "error" : "errors");
	for (i = 0; i < run->nerrors; i++) {
		const struct rl_error *e = &run->errors[i];

		if (strcmp(e->level, PD_LEVEL_FAIL) || e->in_schedule)
			continue;
		if (shown++ < 8) {
			fprintf(m.f, "%s %s", shown > 1 ? ";" : "", e->code[0] ? e->code : "?");
			if (e->has_apic) {
				fputs(" on ", m.f);
				put_cpu(m.f, rl, e->apic);
			}
		}
		fprintf(d.f, "%s: %s", e->code, e->what);
		if (e->key[0])
			fprintf(d.f, " (%s=\"%s\")", e->key, e->value);
		fputc('\n', d.f);
	}
	tc_result(j, "failure", "error", msg_text(&m), msg_text(&d));
	msg_free(&m);
	msg_free(&d);
	tc_close(j);
	return 1;
}

/* Outcome counts of the group's failing CPUs, from the outcome records. */
static void group_cpu_outcomes(const struct runlog *rl, size_t gi,
			       uint64_t (*counts)[PD_OUTCOME_COUNT])
{
	const struct rl_run *run = &rl->cur;
	const struct rl_group *g = &rl->sum.groups[gi];
	size_t i;

	for (i = 0; i < run->noutcomes; i++) {
		const struct rl_outcome *x = &run->outcomes[i];
		size_t ci = runlog_cycle_index(run, x->n), lo = 0, hi = g->nfailing;

		if (ci >= run->ncycles || !run->cycles[ci].has_group ||
		    run->cycles[ci].group != (int)gi || !x->has_o || x->o >= PD_OUTCOME_COUNT)
			continue;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (g->failing[mid] < x->apic)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < g->nfailing && g->failing[lo] == x->apic)
			counts[lo][x->o]++;
	}
}

static int case_group(struct junit *j, const struct runlog *rl, size_t gi)
{
	const struct rl_group *g = &rl->sum.groups[gi];
	uint64_t(*counts)[PD_OUTCOME_COUNT] = NULL;
	char name[96];
	struct msg m;
	size_t i;
	int negative = g->known && !g->expected_pass;

	snprintf(name, sizeof(name), "%s + %s%s", g->m[0] ? g->m : "?", g->p[0] ? g->p : "?",
		 negative ? " (negative control)" : "");
	tc_open(j, "playdead.park", name);
	if (msg_open(&m))
		return tc_no_memory(j);
	fprintf(m.f, "%" PRIu64 " %s: ", g->cycles, g->cycles == 1 ? "cycle" : "cycles");
	report_fact_counts(m.f, g->counts);
	if (g->scribbled)
		fprintf(m.f, ", scribbled %" PRIu64, g->scribbled);
	if (g->exceptions)
		fprintf(m.f, ", exceptions %" PRIu64, g->exceptions);
	if (!g->known) {
		fprintf(m.f, "; observed %s; mode or provocation set unknown here: no expectation",
			runlog_pass_name(g->observed_pass));
		tc_result(j, "skipped", NULL, msg_text(&m), NULL);
		msg_free(&m);
		tc_close(j);
		return 0;
	}
	fprintf(m.f, "; expected %s, observed %s", runlog_pass_name(g->expected_pass),
		runlog_pass_name(g->observed_pass));
	if (g->observed_pass == g->expected_pass) {
		if (negative)
			fputs(" (the negative control was caught)", m.f);
		tc_out(j, msg_text(&m));
		msg_free(&m);
		tc_close(j);
		return 0;
	}
	if (g->nfailing)
		counts = calloc(g->nfailing, sizeof(*counts));
	if (counts) {
		group_cpu_outcomes(rl, gi, counts);
		fputs("; CPUs: ", m.f);
		for (i = 0; i < g->nfailing && i < NAMED_MAX; i++) {
			fputs(i ? "; " : "", m.f);
			put_cpu(m.f, rl, g->failing[i]);
			fputc(' ', m.f);
			report_fact_counts(m.f, counts[i]);
		}
		if (g->nfailing > NAMED_MAX) {
			fputs(" and APIC ", m.f);
			idlist_print(m.f, g->failing + NAMED_MAX, g->nfailing - NAMED_MAX);
		}
	} else if (negative) {
		fputs("; the negative control was not caught: no CPU misbehaved", m.f);
	}
	tc_result(j, "failure", negative ? "negative_control_missed" : "outcome", msg_text(&m),
		  g->why);
	free(counts);
	msg_free(&m);
	tc_close(j);
	return 1;
}

static void property(FILE *f, const char *name, const char *value)
{
	fputs("      <property name=\"", f);
	report_markup(f, name);
	fputs("\" value=\"", f);
	report_markup(f, value);
	fputs("\"/>\n", f);
}

static void properties(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	const struct rl_smbios *s = &run->smbios;
	const struct cpu_identity *id = &rl->sum.identity;
	char buf[320];

	fputs("    <properties>\n", f);
	property(f, "verdict", runlog_verdict_name(rl->sum.verdict));
	property(f, "verdict_reason", rl->sum.reason);
	if (s->have) {
		snprintf(buf, sizeof(buf), "%s %s", s->sys_vendor, s->sys_product);
		property(f, "system", buf);
		if (s->board_vendor[0] || s->board_product[0]) {
			snprintf(buf, sizeof(buf), "%s %s", s->board_vendor, s->board_product);
			property(f, "board", buf);
		}
		snprintf(buf, sizeof(buf), "%s, version %s, %s", s->bios_vendor, s->bios_version,
			 s->bios_date);
		property(f, "bios", buf);
	}
	if (rl->sum.identity_tried && id->ok) {
		char ctext[256];

		snprintf(buf, sizeof(buf), "%s (%s), family %d model %d stepping %d", id->brand,
			 identify_codename_text(id, ctext, sizeof(ctext)), id->ext_family,
			 id->ext_model, id->stepping);
		property(f, "cpu", buf);
	}
	if (run->info.have)
		property(f, "cmdline", run->info.cmdline);
	if (rl->sum.schedule)
		property(f, "platform", rl->sum.platform == PD_QEMU_TCG ? "qemu-tcg" : "hardware");
	fputs("    </properties>\n", f);
}

void report_junit(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	const struct rl_summary *s = &rl->sum;
	struct junit j;
	char name[192];
	size_t i;
	int failed = 0;

	memset(&j, 0, sizeof(j));
	j.body = open_memstream(&j.buf, &j.len);
	if (!j.body) {
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites/>\n", f);
		return;
	}
	failed |= case_bringup(&j, rl);
	failed |= case_cpuid(&j, rl);
	failed |= case_errors(&j, rl);
	for (i = 0; i < s->ngroups; i++)
		failed |= case_group(&j, rl, i);
	case_run(&j, rl, failed);
	fclose(j.body);

	if (run->started)
		snprintf(name, sizeof(name), "playdead run %08" PRIx32, run->run);
	else
		snprintf(name, sizeof(name), "playdead run (no records)");
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f,
		"<testsuites name=\"playdead\" tests=\"%u\" failures=\"%u\" errors=\"%u\" "
		"skipped=\"%u\">\n",
		j.tests, j.failures, j.errors, j.skipped);
	fputs("  <testsuite name=\"", f);
	report_markup(f, name);
	if (run->smbios.have) {
		fputs(": ", f);
		report_markupf(f, "%s %s", run->smbios.sys_vendor, run->smbios.sys_product);
	}
	fprintf(f, "\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\">\n", j.tests,
		j.failures, j.errors, j.skipped);
	properties(f, rl);
	fwrite(j.buf, 1, j.len, f);
	fputs("  </testsuite>\n</testsuites>\n", f);
	free(j.buf);
}

int report_junit_save(const char *path, const struct runlog *rl)
{
	return report_save(path, rl, report_junit);
}
