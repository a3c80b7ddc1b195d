/* SPDX-License-Identifier: MIT */
/*
 * The run model: finishing (see runlog.c).  The CPUs summarised, the CPUID
 * dump decoded, the end record cross-checked, the run to report chosen and
 * the verdict decided.
 */
#include "host/model/runlog.h"
#include "host/model/runlog_internal.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/cpuid/cpuid_dump.h"
#include "host/model/idlist.h"
#include "results/fields.h"
#include "results/runend.h"

/* ---- finishing ---- */

static int cmp_mismatch(const void *a, const void *b)
{
	const struct rl_mismatch *x = a, *y = b;
	int c = strcmp(x->kind, y->kind);

	if (c)
		return c;
	if (x->leaf != y->leaf)
		return x->leaf < y->leaf ? -1 : 1;
	if (x->sub != y->sub)
		return x->sub < y->sub ? -1 : 1;
	if (x->msr != y->msr)
		return x->msr < y->msr ? -1 : 1;
	c = strcmp(x->reg, y->reg);
	if (c)
		return c;
	c = strcmp(x->core_type, y->core_type);
	if (c)
		return c;
	if (x->val != y->val)
		return x->val < y->val ? -1 : 1;
	return 0;
}

int runlog_mismatch_same_reg(const struct rl_mismatch *a, const struct rl_mismatch *b)
{
	return !strcmp(a->kind, b->kind) && a->leaf == b->leaf && a->sub == b->sub &&
	       a->msr == b->msr && !strcmp(a->reg, b->reg) && !strcmp(a->core_type, b->core_type);
}

/* Holes in the seq numbers, per boot of the run. */
static void seq_gaps(struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	size_t k, i;

	rl->st.gaps = 0;
	rl->st.lost = 0;
	for (k = 0; k < run->nboots; k++) {
		const struct rl_boot_seqs *bs = &run->boots[k];
		uint64_t distinct = 0, expect;

		if (!bs->seqs.n)
			continue;
		for (i = 0; i < bs->seqs.n; i++)
			distinct += (uint64_t)bs->seqs.r[i].hi - bs->seqs.r[i].lo + 1;
		rl->st.gaps += bs->seqs.r[0].lo > 0;
		for (i = 1; i < bs->seqs.n; i++)
			rl->st.gaps += bs->seqs.r[i].lo > bs->seqs.r[i - 1].hi + 1;
		expect = (uint64_t)bs->seqs.r[bs->seqs.n - 1].hi + 1;
		/* Records after the last one seen, when an end record counts them. */
		if (bs->has_end_records && bs->end_records > expect) {
			rl->st.gaps++;
			expect = bs->end_records;
		}
		rl->st.lost += expect - distinct;
	}
}

struct ucode_pair {
	uint64_t ucode;
	uint32_t apic;
};

static int cmp_ucode_pair(const void *a, const void *b)
{
	const struct ucode_pair *x = a, *y = b;

	if (x->ucode != y->ucode)
		return x->ucode < y->ucode ? -1 : 1;
	return x->apic < y->apic ? -1 : x->apic > y->apic;
}

static int cmp_by_apic(const void *a, const void *b, void *ctx)
{
	const struct rl_cpu *cpus = ctx;
	const struct rl_cpu *x = &cpus[*(const size_t *)a], *y = &cpus[*(const size_t *)b];

	if (x->apic != y->apic)
		return x->apic < y->apic ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

const struct rl_cpu *runlog_cpu_by_apic(const struct runlog *rl, uint32_t apic)
{
	const struct rl_summary *s = &rl->sum;
	size_t lo = 0, hi = s->nby_apic;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rl->cur.cpus[s->by_apic[mid]].apic < apic)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nby_apic && rl->cur.cpus[s->by_apic[lo]].apic == apic
		   ? &rl->cur.cpus[s->by_apic[lo]]
		   : NULL;
}

static void summarize_cpus(struct runlog *rl)
{
	struct rl_run *run = &rl->cur;
	struct rl_summary *s = &rl->sum;
	struct ucode_pair *pairs;
	uint64_t *lat;
	size_t i, np = 0, nl = 0;
	uint64_t lat_max = 0;

	if (!run->ncpus)
		return;
	pairs = runlog_xrealloc(NULL, run->ncpus * sizeof(*pairs));
	lat = runlog_xrealloc(NULL, run->ncpus * sizeof(*lat));
	for (i = 0; i < run->ncpus; i++) {
		const struct rl_cpu *c = &run->cpus[i];

		if (rl_cpu_in_state(c, PD_CPU_BSP) && !s->bsp)
			s->bsp = c;
		if (rl_cpu_in_state(c, PD_CPU_BSP) || rl_cpu_in_state(c, PD_CPU_ONLINE))
			s->online_cpus++;
		if (rl_cpu_in_state(c, PD_CPU_LOST))
			s->lost_cpus++;
		if (c->canary_bad)
			s->canary_bad++;
		if (c->has_ucode && c->has_apic) {
			pairs[np].ucode = c->ucode;
			pairs[np].apic = c->apic;
			np++;
		}
		if (c->has_up_us && rl_cpu_in_state(c, PD_CPU_ONLINE)) {
			if (!nl || c->up_us > lat_max) {
				lat_max = c->up_us;
				s->up_max_idx = c->idx;
			}
			lat[nl++] = c->up_us;
		}
	}
	if (s->bsp && s->bsp->has_ucode && s->bsp->ucode <= (uint64_t)INT64_MAX) {
		s->bsp_ucode = (int64_t)s->bsp->ucode;
		s->has_bsp_ucode = 1;
	}

	if (np > 1)
		qsort(pairs, np, sizeof(*pairs), cmp_ucode_pair);
	for (i = 0; i < np;) {
		size_t j = i, k;
		struct rl_ucode_group *g;

		while (j < np && pairs[j].ucode == pairs[i].ucode)
			j++;
		s->ucode = runlog_xrealloc(s->ucode, (s->nucode + 1) * sizeof(*s->ucode));
		g = &s->ucode[s->nucode++];
		g->ucode = pairs[i].ucode;
		g->apics = runlog_xrealloc(NULL, (j - i) * sizeof(uint32_t));
		for (k = i; k < j; k++)
			g->apics[k - i] = pairs[k].apic;
		g->n = idlist_sort_unique(g->apics, j - i);
		i = j;
	}
	/* The BSP's revision first: the others are what differs from it. */
	for (i = 1; i < s->nucode && s->has_bsp_ucode; i++) {
		if (s->ucode[i].ucode == (uint64_t)s->bsp_ucode) {
			struct rl_ucode_group t = s->ucode[i];

			memmove(&s->ucode[1], &s->ucode[0], i * sizeof(t));
			s->ucode[0] = t;
			break;
		}
	}
	/* APIC ID lookups for the schedule's reports. */
	s->by_apic = runlog_xrealloc(NULL, run->ncpus * sizeof(*s->by_apic));
	for (i = 0; i < run->ncpus; i++)
		if (run->cpus[i].has_apic)
			s->by_apic[s->nby_apic++] = i;
	qsort_r(s->by_apic, s->nby_apic, sizeof(*s->by_apic), cmp_by_apic, run->cpus);
	stats_spread(lat, nl, &s->up);
	free(pairs);
	free(lat);
}

static void decode_dump(struct runlog *rl)
{
	struct rl_run *run = &rl->cur;
	struct rl_summary *s = &rl->sum;
	struct rl_features *f = &run->features;
	struct cpuid_dump d;

	if (!run->dump_len)
		return;
	memset(&d, 0, sizeof(d));
	if (cpuid_dump_parse(run->dump, run->dump_len, &d) != 0 || !d.ncpus)
		return;
	s->dump_ok = 1;
	s->dump_cpus = d.ncpus;
	s->dump_bad_lines = d.bad_lines;
	cpuid_decode(&d.cpu[0], &s->facts0);
	s->identity_tried = 1;
	identify_cpu(&d.cpu[0], &s->identity);
	cpuid_dump_free(&d);

	if (f->have)
		return;
	/* No features record: what the dump says, MSR-only facts unknown. */
	runlog_features_from_facts(&s->facts0, f);
}

static void add_reason(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add_reason(char *buf, size_t cap, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len && len + 2 < cap) {
		memcpy(buf + len, ", ", 3);
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(buf + len, cap - len, fmt, ap);
	va_end(ap);
}

/* The end record's counts against what arrived. */
static void cross_check(struct runlog *rl)
{
	struct rl_run *run = &rl->cur;
	struct rl_summary *s = &rl->sum;
	const struct rl_end *e = &run->end;
	const struct rl_boot_seqs *bs = runlog_boot_find(run, e->boot);
	uint64_t nerr = run->errors_fail + run->errors_warn, nerr_boot = 0;
	size_t i;

	if (!e->have)
		return;
	for (i = 0; i < run->nerrors; i++)
		nerr_boot += run->errors[i].boot == e->boot;
	/* records= counts the end record's own boot. */
	if (e->has_records && bs && (uint64_t)e->records != bs->records)
		runlog_note(rl, "end record counts %lld records in boot %" PRIu32 ", %llu received",
			    (long long)e->records, e->boot, (unsigned long long)bs->records);
	if (e->has_cpus && (uint64_t)e->cpus != run->ncpus)
		runlog_note(rl, "end record counts %lld CPUs, %zu cpu records received",
			    (long long)e->cpus, run->ncpus);
	if (e->has_online && (uint64_t)e->online != s->online_cpus &&
	    (uint64_t)e->online + 1 != s->online_cpus)
		runlog_note(rl, "end record counts %lld CPUs online, cpu records show %llu",
			    (long long)e->online, (unsigned long long)s->online_cpus);
	if (e->has_lost && (uint64_t)e->lost != s->lost_cpus)
		runlog_note(rl, "end record counts %lld lost CPUs, cpu records show %llu",
			    (long long)e->lost, (unsigned long long)s->lost_cpus);
	/* Of the run or of its last boot: either reading is accepted. */
	if (e->has_errors && (uint64_t)e->errors != nerr && (uint64_t)e->errors != nerr_boot)
		runlog_note(rl, "end record counts %lld errors, %llu error records received",
			    (long long)e->errors, (unsigned long long)nerr);
	if (e->has_mismatches && (e->mismatches == 0) != (s->mismatch_regs == 0))
		runlog_note(rl, "end record counts %lld mismatches, %llu registers differ here",
			    (long long)e->mismatches, (unsigned long long)s->mismatch_regs);
	if (e->has_cycles && (uint64_t)e->cycles != s->cycles_run)
		runlog_note(rl, "end record counts %lld cycles, %llu have a cycle record",
			    (long long)e->cycles, (unsigned long long)s->cycles_run);
	if (e->verdict[0] && strcmp(e->verdict, PD_VERDICT_PASS) &&
	    strcmp(e->verdict, PD_VERDICT_FAIL))
		runlog_note(rl, "end record has an unknown verdict \"%s\"", e->verdict);
}

/* Why the run cannot be judged, whatever it has. */
static void broken_reasons(struct runlog *rl)
{
	struct rl_run *run = &rl->cur;
	struct rl_summary *s = &rl->sum;
	const struct rl_kexec *k = &run->kexec;
	char *r = s->reason;
	size_t cap = sizeof(s->reason);
	uint64_t exc = s->schedule ? s->probe_exceptions : run->exceptions_total;

	if (!run->started)
		add_reason(r, cap, "no records%s%s", rl->stop_reason[0] ? ": " : "",
			   rl->stop_reason);
	else if (!run->end.have && !(s->died && s->reached_last))
		/* Dying in the last cycle leaves nothing unjudged. */
		add_reason(r, cap, "no end record: %s",
			   rl->stop_reason[0] ? rl->stop_reason : "input ended");
	if (rl->reboot_loop)
		add_reason(r, cap, "the machine started over and over (reboot loop)");
	if (exc)
		add_reason(r, cap, "%llu %s%s", (unsigned long long)exc,
			   runlog_plural(exc, "exception", "exceptions"),
			   s->schedule ? " before the schedule" : "");
	if (!s->schedule)
		return;
	if (s->orphan_exceptions)
		add_reason(r, cap, "%llu %s in cycles without a cycle record",
			   (unsigned long long)s->orphan_exceptions,
			   runlog_plural(s->orphan_exceptions, "exception", "exceptions"));
	if (!k->have)
		add_reason(r, cap, "no kexec record: the schedule is unknown");
	else if (!k->has_cycles)
		add_reason(r, cap, "the kexec record has no cycle count");
	else if (!s->reached_last && run->started && s->died)
		add_reason(r, cap,
			   "the machine did not come back from cycle %u (%s %s, %s: reset or "
			   "hang): %llu of %lld cycles run",
			   s->died->n, s->died->m, s->died->p, s->died->phase,
			   (unsigned long long)s->cycles_run, (long long)k->cycles);
	else if (!s->reached_last && run->started)
		add_reason(r, cap, "the schedule stopped after %llu of %lld cycles",
			   (unsigned long long)s->cycles_run, (long long)k->cycles);
	/* A cycle whose record never arrived may have failed: not a pass. */
	if (s->cycles_missing)
		add_reason(r, cap, "%llu %s without a cycle record: outcome unknown",
			   (unsigned long long)s->cycles_missing,
			   runlog_plural(s->cycles_missing, "cycle", "cycles"));
	if (s->groups_unknown)
		add_reason(r, cap, "%llu %s in a mode or provocation set unknown here",
			   (unsigned long long)s->groups_unknown,
			   runlog_plural(s->groups_unknown, "cycle", "cycles"));
}

static void decide(struct runlog *rl)
{
	struct rl_run *run = &rl->cur;
	struct rl_summary *s = &rl->sum;
	size_t i, shown = 0;
	int payload_fail = run->end.have && !strcmp(run->end.verdict, PD_VERDICT_FAIL);
	int payload_pass = run->end.have && !strcmp(run->end.verdict, PD_VERDICT_PASS);
	uint64_t lost = s->lost_cpus, negative = 0;

	/* The end record's count stands when cpu records of lost CPUs were
	 * themselves lost on the line (in a schedule, the last boot's end may
	 * count CPUs lost in cycles: those are judged by the cycles). */
	if (!s->schedule && run->end.have && run->end.has_lost && run->end.lost > 0 &&
	    (uint64_t)run->end.lost > lost)
		lost = (uint64_t)run->end.lost;

	for (i = 0; i < run->nmismatches; i++)
		if (i == 0 ||
		    !runlog_mismatch_same_reg(&run->mismatches[i - 1], &run->mismatches[i]))
			s->mismatch_regs++;
	/* In a schedule only the probe's errors (before the first cycle) count. */
	s->fail_errors = run->errors_fail - s->schedule_fail_errors;
	/* Errors that only restate a lost CPU or a bad canary are not counted
	 * again in the verdict line. */
	s->other_fail_errors = s->fail_errors;
	for (i = 0; i < run->nerrors; i++) {
		const struct rl_error *e = &run->errors[i];

		if (!strcmp(e->level, PD_LEVEL_WARN) || e->in_schedule)
			continue;
		if ((!strcmp(e->code, PD_ERR_CPU_LOST) && lost) ||
		    (!strcmp(e->code, PD_ERR_STACK) && s->canary_bad))
			s->other_fail_errors--;
	}

	s->reason[0] = 0;
	broken_reasons(rl);
	s->verdict = s->reason[0] ? RL_BROKEN : RL_PASS;
	if (lost)
		add_reason(s->reason, sizeof(s->reason), "%llu lost %s", (unsigned long long)lost,
			   runlog_plural(lost, "CPU", "CPUs"));
	if (s->mismatch_regs)
		add_reason(s->reason, sizeof(s->reason), "%llu %s",
			   (unsigned long long)s->mismatch_regs,
			   runlog_plural(s->mismatch_regs, "mismatch", "mismatches"));
	if (s->canary_bad)
		add_reason(s->reason, sizeof(s->reason), "%llu damaged %s",
			   (unsigned long long)s->canary_bad,
			   runlog_plural(s->canary_bad, "stack canary", "stack canaries"));
	if (s->other_fail_errors)
		add_reason(s->reason, sizeof(s->reason), "%llu %s",
			   (unsigned long long)s->other_fail_errors,
			   runlog_plural(s->other_fail_errors, "error", "errors"));
	for (i = 0; i < s->ngroups; i++) {
		const struct rl_group *g = &s->groups[i];

		if (g->observed_skipped)
			continue;
		negative += g->known && !g->expected_pass && !g->not_applicable;
		if (!g->known || g->not_applicable || g->observed_pass == g->expected_pass)
			continue;
		if (shown++ < 3)
			add_reason(s->reason, sizeof(s->reason), "%s %s observed %s (expected %s)",
				   g->m, g->p, runlog_pass_name(g->observed_pass),
				   runlog_pass_name(g->expected_pass));
	}
	if (shown > 3)
		add_reason(s->reason, sizeof(s->reason), "%zu more %s", shown - 3,
			   shown - 3 == 1 ? "group differs" : "groups differ");
	if (s->verdict == RL_PASS &&
	    (lost || s->mismatch_regs || s->canary_bad || s->fail_errors || s->groups_differ))
		s->verdict = RL_FAIL;
	if (!s->schedule) {
		if (s->verdict == RL_PASS && payload_fail) {
			s->verdict = RL_FAIL;
			add_reason(s->reason, sizeof(s->reason), "the payload's verdict is fail");
		}
		if (s->verdict == RL_FAIL && run->end.have && !payload_fail)
			runlog_note(rl, "the payload's end record says %s",
				    run->end.verdict[0] ? run->end.verdict : "nothing");
		return;
	}
	/* With a schedule the payload's verdict is a cross-check. */
	if (s->verdict == RL_PASS && s->ngroups > s->groups_skipped)
		add_reason(s->reason, sizeof(s->reason),
			   "%llu mode and provocation %s as expected%s",
			   (unsigned long long)(s->ngroups - s->groups_skipped),
			   s->ngroups - s->groups_skipped == 1 ? "set" : "sets",
			   negative ? ", negative controls included" : "");
	if (s->groups_skipped)
		add_reason(s->reason, sizeof(s->reason),
			   "%llu skipped (no machine check delivered)",
			   (unsigned long long)s->groups_skipped);
	if ((s->verdict == RL_PASS && payload_fail) || (s->verdict == RL_FAIL && payload_pass))
		runlog_note(rl, "the payload's end record says %s, the host judges %s",
			    run->end.verdict, runlog_verdict_name(s->verdict));
}

/*
 * After restarts (a new run at boot 1 following one without an end record)
 * the report is of the last run when it ended, else of the run with the most
 * records among those that started over: a machine in a reboot loop said
 * most in the run that got furthest.
 */
static void choose_run(struct runlog *rl)
{
	struct rl_run t;

	if (!rl->prev.started)
		return;
	if (rl->cur.end.have || rl->prev.records <= rl->cur.records) {
		runlog_note(rl,
			    "reporting the last run, %08" PRIx32 " (%llu records); the run before "
			    "it without an end record, %08" PRIx32 ", has %llu",
			    rl->cur.run, (unsigned long long)rl->cur.records, rl->prev.run,
			    (unsigned long long)rl->prev.records);
		return;
	}
	runlog_note(rl,
		    "reporting run %08" PRIx32 " (%llu records), the one that got furthest of "
		    "those that started over; the last run, %08" PRIx32 ", has %llu",
		    rl->prev.run, (unsigned long long)rl->prev.records, rl->cur.run,
		    (unsigned long long)rl->cur.records);
	runlog_unarchive_run(rl, rl->prev.serial);
	runlog_archive_run(rl, &rl->cur);
	t = rl->cur;
	rl->cur = rl->prev;
	rl->prev = t;
}

/* A verdict is the run's result (results/runend.h); anything unknown
 * counts as broken. */
static enum rl_verdict verdict_known(enum rl_verdict v)
{
	return (unsigned)v <= RL_BROKEN ? v : RL_BROKEN;
}

static void qemu_check(struct runlog *rl)
{
	int st = rl->qemu_status, r;

	if (!rl->has_qemu_status)
		return;
	r = pd_result_of_debug_exit(st);
	if (r < 0)
		runlog_note(rl, "QEMU exited with status %d, not through isa-debug-exit", st);
	else if ((int)verdict_known(rl->sum.verdict) != r)
		runlog_note(rl, "QEMU's exit status %d says %s, the records say %s", st,
			    runlog_verdict_name((enum rl_verdict)r),
			    runlog_verdict_name(rl->sum.verdict));
}

void runlog_finish(struct runlog *rl)
{
	struct rl_run *run = &rl->cur;
	uint64_t untracked;
	size_t i;

	if (rl->finished)
		return;
	rl->finished = 1;
	if (rl->line_len || rl->line_cut)
		runlog_line_flush(rl);
	choose_run(rl);
	/* By idx; a CPU reported twice keeps its latest record. */
	run->ncpus =
	    runlog_sort_keep_latest(run->cpus, run->ncpus, sizeof(run->cpus[0]),
				    offsetof(struct rl_cpu, idx), offsetof(struct rl_cpu, order));
	if (run->nmismatches > 1)
		qsort(run->mismatches, run->nmismatches, sizeof(run->mismatches[0]), cmp_mismatch);
	for (i = 0; i < run->nmismatches; i++) {
		struct rl_mismatch *m = &run->mismatches[i];

		m->napics = idlist_sort_unique(m->apics, m->napics);
	}
	seq_gaps(rl);
	summarize_cpus(rl);
	decode_dump(rl);
	runlog_judge_schedule(rl);
	decide(rl);
	cross_check(rl);
	runlog_check_groups(rl);
	qemu_check(rl);
	if (run->cpu_records_bad)
		runlog_note(rl, "%llu cpu records without a usable idx",
			    (unsigned long long)run->cpu_records_bad);
	if (run->errors_dropped)
		runlog_note(rl, "%llu more error records not kept",
			    (unsigned long long)run->errors_dropped);
	if (run->mismatches_dropped)
		runlog_note(rl, "%llu mismatch records not kept (too many distinct values)",
			    (unsigned long long)run->mismatches_dropped);
	if (run->dump_truncated)
		runlog_note(rl, "CPUID dump longer than %u MiB: the rest was not kept",
			    RL_MAX_DUMP >> 20);
	if (run->dump_len && !rl->sum.dump_ok)
		runlog_note(rl, "the CPUID dump (%llu lines) did not parse",
			    (unsigned long long)run->dump_lines);
	if (rl->sum.identity_tried && !rl->sum.identity.ok)
		runlog_note(rl, "libcpuid could not identify CPU 0: %s",
			    rl->sum.identity.error[0] ? rl->sum.identity.error : "unknown error");
	if (rl->st.lost)
		runlog_note(rl,
			    "%llu records of this run never arrived intact: the report may miss "
			    "details (the end record's counts and verdict still apply)",
			    (unsigned long long)rl->st.lost);
	for (i = 0, untracked = run->boots_untracked; i < run->nboots; i++)
		untracked += run->boots[i].seqs.untracked;
	if (untracked)
		runlog_note(rl, "%llu records far out of order were not checked for duplicates",
			    (unsigned long long)untracked);
	if (run->nboots && run->nboots < RL_MAX_BOOTS && run->boots[0].boot == 1 &&
	    run->boots[run->nboots - 1].boot != run->nboots)
		runlog_note(
		    rl, "%llu boots of the run between 1 and %" PRIu32 " sent nothing that arrived",
		    (unsigned long long)(run->boots[run->nboots - 1].boot - run->nboots),
		    run->boots[run->nboots - 1].boot);
	if (run->boots_rerun)
		runlog_note(rl, "%llu boots of the run started twice under one boot number",
			    (unsigned long long)run->boots_rerun);
	if (rl->st.stale)
		runlog_note(rl, "%llu records of earlier runs arrived late and were not used",
			    (unsigned long long)rl->st.stale);
	if (rl->st.overlong)
		runlog_note(rl, "%llu lines longer than %d bytes (their start dropped)",
			    (unsigned long long)rl->st.overlong, RL_LINE_KEEP);
}

int runlog_exit_status(const struct runlog *rl)
{
	return (int)verdict_known(rl->sum.verdict);
}

const char *runlog_pass_name(int pass)
{
	return pass ? PD_VERDICT_PASS : PD_VERDICT_FAIL;
}

const char *runlog_verdict_name(enum rl_verdict v)
{
	static const char *const names[] = {
	    [RL_PASS] = "pass", [RL_FAIL] = "fail", [RL_BROKEN] = "broken"};

	return names[verdict_known(v)];
}
