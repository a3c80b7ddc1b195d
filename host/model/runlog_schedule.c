/* SPDX-License-Identifier: MIT */
/*
 * The run model: the schedule (see runlog.c).  Cycle records settled and
 * placed, exceptions given to their cycles, cycles grouped by mode and
 * provocation set and each group's outcome against pd_expect().
 */
#include "host/model/runlog.h"
#include "host/model/runlog_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/model/idlist.h"
#include "host/model/stats.h"
#include "results/fields.h"

/* ---- the schedule ---- */

static int cmp_cycle(const void *a, const void *b)
{
	const struct rl_cycle *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	if (runlog_pos_before(x->boot, x->seq, y->boot, y->seq))
		return -1;
	return runlog_pos_before(y->boot, y->seq, x->boot, x->seq);
}

/* Where a cycle record stands in the run, to place exceptions. */
struct cycle_pos {
	uint32_t boot, seq, n;
};

static int cmp_cycle_pos(const void *a, const void *b)
{
	const struct cycle_pos *x = a, *y = b;

	if (runlog_pos_before(x->boot, x->seq, y->boot, y->seq))
		return -1;
	return runlog_pos_before(y->boot, y->seq, x->boot, x->seq);
}

static int same_cycle(const struct rl_cycle *a, const struct rl_cycle *b)
{
	return !memcmp(a->counts, b->counts, sizeof(a->counts)) && a->reset == b->reset &&
	       a->scribbled == b->scribbled && a->mce_skipped == b->mce_skipped &&
	       a->injected == b->injected && a->hang == b->hang &&
	       a->by_watchdog == b->by_watchdog && a->has_smi_us == b->has_smi_us &&
	       a->smi_us == b->smi_us && !strcmp(a->m, b->m) && !strcmp(a->p, b->p) &&
	       !strcmp(a->phase, b->phase);
}

/*
 * Sorts the cycle records by n and merges those of one n: a record sent
 * twice counts once; records that disagree keep the worst of each count (a
 * reset seen by any of them stays).  Returns the records' positions, sorted.
 */
static struct cycle_pos *cycles_settle(struct runlog *rl, size_t *npos)
{
	struct rl_run *run = &rl->cur;
	struct cycle_pos *pos =
	    runlog_xrealloc(NULL, (run->ncycles ? run->ncycles : 1) * sizeof(*pos));
	size_t i, o = 0;
	uint64_t differ = 0, repeated = 0;
	int k;

	for (i = 0; i < run->ncycles; i++) {
		pos[i].boot = run->cycles[i].boot;
		pos[i].seq = run->cycles[i].seq;
		pos[i].n = run->cycles[i].n;
	}
	*npos = run->ncycles;
	if (run->ncycles > 1) {
		qsort(pos, run->ncycles, sizeof(*pos), cmp_cycle_pos);
		qsort(run->cycles, run->ncycles, sizeof(run->cycles[0]), cmp_cycle);
	}
	for (i = 0; i < run->ncycles; i++) {
		struct rl_cycle *c = &run->cycles[i], *m;

		if (!o || run->cycles[o - 1].n != c->n) {
			run->cycles[o++] = *c;
			continue;
		}
		m = &run->cycles[o - 1];
		m->records++;
		repeated++;
		if (same_cycle(m, c))
			continue;
		if (!m->differ)
			differ++;
		m->differ = 1;
		for (k = 0; k < PD_OUTCOME_COUNT; k++)
			if (c->counts[k] > m->counts[k])
				m->counts[k] = c->counts[k];
		m->reset |= c->reset;
		m->injected |= c->injected;
		m->hang |= c->hang;
		m->by_watchdog |= c->by_watchdog;
		m->scribbled |= c->scribbled;
		m->mce_skipped |= c->mce_skipped;
		if (c->has_smi_us && (!m->has_smi_us || c->smi_us > m->smi_us)) {
			m->smi_us = c->smi_us;
			m->has_smi_us = 1;
		}
		if (!m->phase[0])
			memcpy(m->phase, c->phase, sizeof(m->phase));
		if (!m->has_t && c->has_t) {
			memcpy(m->t_us, c->t_us, sizeof(m->t_us));
			m->has_t = 1;
		}
	}
	run->ncycles = o;
	if (repeated)
		runlog_note(rl, "%llu %s repeated a cycle already reported (counted once)",
			    (unsigned long long)repeated,
			    runlog_plural(repeated, "cycle record", "cycle records"));
	if (differ)
		runlog_note(rl,
			    "%llu %s reported more than once with different contents: the "
			    "worst of each count kept",
			    (unsigned long long)differ, runlog_plural(differ, "cycle", "cycles"));
	return pos;
}

/* The reported run's cycle in flight when its stream ended: a cycle of its
 * own, reset (or hang), judged with the others. */
static void add_died_cycle(struct runlog *rl)
{
	struct rl_run *run = &rl->cur;
	struct rl_died d;
	struct rl_cycle c;

	if (!runlog_run_died(run, &d) || run->ncycles >= RL_MAX_CYCLES)
		return;
	memset(&c, 0, sizeof(c));
	c.n = d.n;
	c.boot = run->inflight.boot;
	c.seq = run->inflight.seq;
	memcpy(c.m, d.m, sizeof(c.m));
	memcpy(c.p, d.p, sizeof(c.p));
	memcpy(c.phase, d.phase, sizeof(c.phase));
	c.mode = d.mode;
	c.prov = d.prov;
	c.has_mode = d.has_mode;
	c.has_prov = d.has_prov;
	c.reset = 1;
	c.died = 1;
	c.counts[PD_OUTCOME_RESET] = 1;
	c.records = 1;
	runlog_grow((void **)&run->cycles, &run->cycles_cap, run->ncycles + 1, sizeof(c));
	run->cycles[run->ncycles++] = c;
}

static struct rl_cycle *cycle_find(struct rl_run *run, int64_t n)
{
	size_t i = runlog_cycle_index(run, n);

	return i < run->ncycles ? &run->cycles[i] : NULL;
}

/* Sent after the schedule began: after the kexec record (or, without one, in
 * a boot after the first). */
static int in_schedule(const struct rl_run *run, uint32_t boot, uint32_t seq)
{
	if (run->kexec.have)
		return runlog_pos_before(run->kexec.boot, run->kexec.seq, boot, seq);
	return boot > 1;
}

/*
 * An exception during the schedule belongs to the cycle in flight: the one
 * after the last cycle record before it, or cycle 0.
 */
static void place_exceptions(struct runlog *rl, const struct cycle_pos *pos, size_t npos)
{
	struct rl_run *run = &rl->cur;
	struct rl_summary *s = &rl->sum;
	size_t i;

	for (i = 0; i < run->nexceptions; i++) {
		struct rl_exception *x = &run->exceptions[i];
		size_t lo = 0, hi = npos;
		struct rl_cycle *c;

		if (!s->schedule || !in_schedule(run, x->boot, x->seq)) {
			s->probe_exceptions++;
			continue;
		}
		/* Records before the exception: [0, lo). */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (runlog_pos_before(pos[mid].boot, pos[mid].seq, x->boot, x->seq))
				lo = mid + 1;
			else
				hi = mid;
		}
		x->cycle = lo ? (int64_t)pos[lo - 1].n + 1 : 0;
		x->has_cycle = 1;
		c = cycle_find(run, x->cycle);
		if (c) {
			c->exceptions++;
			s->cycle_exceptions++;
		} else {
			s->orphan_exceptions++;
		}
	}
	/* Not kept (over RL_MAX_EXCEPTIONS): cannot be placed. */
	if (s->schedule)
		s->orphan_exceptions += run->exceptions_total - run->nexceptions;
	else
		s->probe_exceptions += run->exceptions_total - run->nexceptions;
	for (i = 0; i < run->nerrors; i++) {
		struct rl_error *e = &run->errors[i];

		e->in_schedule = s->schedule && in_schedule(run, e->boot, e->seq);
		if (e->in_schedule && strcmp(e->level, PD_LEVEL_WARN))
			s->schedule_fail_errors++;
	}
}

static struct rl_group *group_for(struct rl_summary *s, const struct rl_cycle *c)
{
	int known = c->has_mode && c->has_prov;
	struct rl_group *g;
	struct pd_expect e;
	size_t i;

	for (i = 0; i < s->ngroups; i++) {
		g = &s->groups[i];
		if (known ? g->known && g->mode == c->mode && g->prov == c->prov
			  : !g->known && !strcmp(g->m, c->m) && !strcmp(g->p, c->p))
			return g;
	}
	if (s->ngroups >= RL_MAX_GROUPS)
		return NULL;
	s->groups = runlog_xrealloc(s->groups, (s->ngroups + 1) * sizeof(*s->groups));
	g = &s->groups[s->ngroups++];
	memset(g, 0, sizeof(*g));
	g->known = known;
	g->mode = c->mode;
	g->prov = c->prov;
	g->has_mode = c->has_mode;
	g->has_prov = c->has_prov;
	g->observed_pass = 1;
	if (known) {
		snprintf(g->m, sizeof(g->m), "%s", pd_park_mode_name((enum pd_park_mode)c->mode));
		pd_provoke_format((unsigned)c->prov, g->p, sizeof(g->p));
		pd_expect((enum pd_park_mode)c->mode, (unsigned)c->prov, s->platform, &e);
		g->allowed = e.allowed;
		g->expected_pass = e.pass;
		g->why = e.why;
	} else {
		memcpy(g->m, c->m, sizeof(g->m));
		memcpy(g->p, c->p, sizeof(g->p));
		/* Nothing to judge against: only what passes everywhere. */
		g->allowed = 1u << PD_OUTCOME_OK | 1u << PD_OUTCOME_SKIPPED;
		g->expected_pass = 1;
		g->why = "mode or provocation set unknown to this host tool";
	}
	return g;
}

static int cmp_outcome(const void *a, const void *b)
{
	const struct rl_outcome *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	if (x->apic != y->apic)
		return x->apic < y->apic ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* A CPU's outcome records: one per cycle and outcome. */
static void outcomes_settle(struct rl_run *run)
{
	size_t i, o = 0;

	if (run->noutcomes > 1)
		qsort(run->outcomes, run->noutcomes, sizeof(run->outcomes[0]), cmp_outcome);
	for (i = 0; i < run->noutcomes; i++)
		if (!o || cmp_outcome(&run->outcomes[o - 1], &run->outcomes[i]))
			run->outcomes[o++] = run->outcomes[i];
	run->noutcomes = o;
}

static void group_add_failing(struct rl_group *g, uint32_t apic)
{
	if (g->nfailing && g->failing[g->nfailing - 1] == apic)
		return;
	runlog_grow((void **)&g->failing, &g->failing_cap, g->nfailing + 1, sizeof(uint32_t));
	g->failing[g->nfailing++] = apic;
}

static void group_smi(struct rl_group *g, const struct rl_run *run, size_t gi)
{
	uint64_t *v = runlog_xrealloc(NULL, (run->ncycles ? run->ncycles : 1) * sizeof(*v));
	size_t i, n = 0;

	for (i = 0; i < run->ncycles; i++)
		if (run->cycles[i].has_group && run->cycles[i].group == (int)gi &&
		    run->cycles[i].has_smi_us)
			v[n++] = (uint64_t)run->cycles[i].smi_us;
	stats_spread(v, n, &g->smi);
	free(v);
}

/* Cycles, their groups and what each group shows against pd_expect(). */
void runlog_judge_schedule(struct runlog *rl)
{
	struct rl_run *run = &rl->cur;
	struct rl_summary *s = &rl->sum;
	const struct rl_kexec *k = &run->kexec;
	struct cycle_pos *pos;
	size_t npos, i;
	uint64_t beyond = 0, only_skipped = 0, most = 0, empty = 0;
	int64_t first_empty = -1;
	int o;

	s->schedule = k->have || run->cycle_records > 0;
	s->platform = !strcmp(k->platform, "qemu-tcg") ? PD_QEMU_TCG : PD_HARDWARE;
	if (k->have && strcmp(k->platform, "qemu-tcg") && strcmp(k->platform, "hardware"))
		runlog_note(rl, "kexec record names platform \"%s\": judged as hardware",
			    k->platform);
	add_died_cycle(rl);
	pos = cycles_settle(rl, &npos);
	place_exceptions(rl, pos, npos);
	free(pos);
	runlog_attribute_injected(rl);
	runlog_attribute_restarts(rl);
	runlog_attribute_mce_boot(rl);
	runlog_attribute_host_resets(rl);
	outcomes_settle(run);
	runlog_attribute_sel(rl);
	/* By APIC ID; a CPU reported twice keeps its latest record. */
	run->ncpumodes = runlog_sort_keep_latest(
	    run->cpumodes, run->ncpumodes, sizeof(run->cpumodes[0]),
	    offsetof(struct rl_cpumodes, apic), offsetof(struct rl_cpumodes, order));

	for (i = 0; i < run->ncycles; i++) {
		struct rl_cycle *c = &run->cycles[i];
		struct rl_group *g = group_for(s, c);

		if (!g)
			continue;
		c->group = (int)(g - s->groups);
		c->has_group = 1;
		c->allowed = g->allowed;
	}
	/* Outcome records: a CPU outside what the mode allows fails its cycle. */
	for (i = 0; i < run->noutcomes; i++) {
		const struct rl_outcome *x = &run->outcomes[i];
		struct rl_cycle *c = cycle_find(run, x->n);

		if (!c) {
			s->outcomes_orphan++;
			continue;
		}
		if (x->has_o && (c->allowed & (1u << x->o)))
			continue;
		c->bad_cpus++;
		if (c->has_group)
			group_add_failing(&s->groups[c->group], x->apic);
	}
	for (i = 0; i < run->ncycles; i++) {
		struct rl_cycle *c = &run->cycles[i];
		struct rl_group *g = c->has_group ? &s->groups[c->group] : NULL;

		uint64_t sum = 0;

		c->passed = !c->reset && !c->scribbled && !c->exceptions && !c->bad_cpus;
		for (o = 0; o < PD_OUTCOME_COUNT; o++) {
			if (c->counts[o] && !(c->allowed & (1u << o)))
				c->passed = 0;
			if (o != PD_OUTCOME_RESET)
				sum += c->counts[o];
		}
		if (sum > most)
			most = sum;
		if (!sum && !c->reset && !empty++)
			first_empty = c->n;
		if (c->injected && c->hang) {
			/* The payload's own hang: counted, never judged. */
			s->cycles_hung++;
			s->hung_watchdog += c->watchdog != 0;
			s->hung_died += c->died != 0;
			s->hung_host += c->by_host != 0;
			if (g)
				g->hung++;
			continue;
		}
		if (c->injected) {
			/* The payload's own reset: counted, never judged. */
			s->cycles_injected++;
			if (g)
				g->injected++;
			continue;
		}
		s->cycles_reset += c->reset != 0;
		s->hangs_watchdog += c->reset && c->watchdog;
		s->hangs_host += c->reset && c->by_host;
		s->cycles_scribbled += c->scribbled != 0;
		s->cycles_failed += !c->passed;
		if (k->have && k->has_cycles && c->n >= (uint64_t)k->cycles)
			beyond++;
		if (!g) {
			s->groups_unknown++; /* beyond RL_MAX_GROUPS: not judged */
			continue;
		}
		g->cycles++;
		if (c->mce_skipped && c->passed) {
			/* Nothing was provoked: neither a pass nor a failure. */
			g->mce_skipped++;
			continue;
		}
		g->passed += c->passed != 0;
		for (o = 0; o < PD_OUTCOME_COUNT; o++)
			g->counts[o] += o == PD_OUTCOME_RESET ? c->reset != 0 : c->counts[o];
		g->exceptions += c->exceptions;
		g->scribbled += c->scribbled != 0;
		g->died += c->died != 0;
		g->hangs_watchdog += c->reset && c->watchdog;
		g->hangs_host += c->reset && c->by_host;
		g->sipi_nmi += c->sipi_nmi;
		if (c->died)
			s->died = c;
		if (!c->passed)
			g->observed_pass = 0;
	}
	/* Earlier runs of this machine that died in a cycle and started afresh:
	 * that cycle reset (or hung) the machine. */
	for (i = 0; i < rl->ndied; i++) {
		const struct rl_died *d = &rl->died[i];
		struct rl_cycle t;
		struct rl_group *g;

		if (d->run == run->run)
			continue; /* the reported run: its own cycle above */
		memset(&t, 0, sizeof(t));
		memcpy(t.m, d->m, sizeof(t.m));
		memcpy(t.p, d->p, sizeof(t.p));
		t.mode = d->mode;
		t.prov = d->prov;
		t.has_mode = d->has_mode;
		t.has_prov = d->has_prov;
		g = group_for(s, &t);
		if (!g)
			continue;
		g->cycles++;
		g->counts[PD_OUTCOME_RESET]++;
		g->died++;
		g->observed_pass = 0;
		s->cycles_reset++;
		s->cycles_failed++;
	}
	for (i = 0; i < s->ngroups; i++) {
		struct rl_group *g = &s->groups[i];
		int any = 0;

		g->nfailing = idlist_sort_unique(g->failing, g->nfailing);
		group_smi(g, run, i);
		g->observed_skipped = g->cycles && g->mce_skipped == g->cycles;
		if (!g->cycles && (g->injected || g->hung)) {
			/* Every cycle reset or hung on purpose: nothing to judge. */
			g->observed_skipped = 1;
			continue;
		}
		if (g->observed_skipped) {
			s->groups_skipped++;
			continue;
		}
		for (o = 0; o < PD_OUTCOME_COUNT; o++)
			any |= g->counts[o] != 0;
		/* A negative control on a machine with no AP to park (one CPU):
		 * nothing could fail, so nothing is shown either way. */
		if (g->known && !g->expected_pass && g->observed_pass && !any && !g->exceptions &&
		    !g->scribbled) {
			g->not_applicable = 1;
			s->groups_na++;
			continue;
		}
		any = 0;
		if (!g->known)
			s->groups_unknown += g->cycles;
		else if (g->observed_pass != g->expected_pass)
			s->groups_differ++;
		for (o = 0; o < PD_OUTCOME_COUNT; o++)
			any |= o != PD_OUTCOME_SKIPPED && g->counts[o];
		if (g->known && !g->expected_pass && g->observed_pass && !any &&
		    g->counts[PD_OUTCOME_SKIPPED])
			only_skipped++;
	}
	if (run->ncycles) {
		const struct rl_cycle *last = &run->cycles[run->ncycles - 1];
		uint64_t limit = (uint64_t)last->n + 1, have = 0;

		if (k->have && k->has_cycles && (uint64_t)k->cycles < limit)
			limit = (uint64_t)k->cycles;
		for (i = 0; i < run->ncycles && run->cycles[i].n < limit; i++)
			have++;
		s->cycles_missing = limit - have;
	}
	s->cycles_run = run->ncycles;
	s->reached_last =
	    k->have && k->has_cycles && (k->cycles == 0 || cycle_find(run, k->cycles - 1));

	/* A machine without APs counts nothing; otherwise a cycle should. */
	if (empty && most)
		runlog_note(rl,
			    "%llu %s (the first: %lld) %s no CPU outcome while others count up to "
			    "%llu",
			    (unsigned long long)empty, runlog_plural(empty, "cycle", "cycles"),
			    (long long)first_empty, runlog_plural(empty, "counts", "count"),
			    (unsigned long long)most);
	if (s->died)
		runlog_note(rl,
			    "cycle %u (%s %s) began and never reported: the machine reset or hung "
			    "in it (%s; from the stream alone)",
			    s->died->n, s->died->m, s->died->p, s->died->phase);
	if (s->groups_na)
		runlog_note(rl,
			    "%llu negative %s not applicable: no AP to park (one CPU), nothing "
			    "to catch",
			    (unsigned long long)s->groups_na,
			    runlog_plural(s->groups_na, "control", "controls"));
	if (s->cycles_missing)
		runlog_note(rl, "%llu %s before the last one reported %s no cycle record",
			    (unsigned long long)s->cycles_missing,
			    runlog_plural(s->cycles_missing, "cycle", "cycles"),
			    runlog_plural(s->cycles_missing, "has", "have"));
	if (beyond)
		runlog_note(rl, "%llu %s beyond the %lld cycles of the schedule",
			    (unsigned long long)beyond,
			    runlog_plural(beyond, "cycle record", "cycle records"),
			    (long long)k->cycles);
	if (s->outcomes_orphan)
		runlog_note(rl, "%llu %s of cycles that have no cycle record",
			    (unsigned long long)s->outcomes_orphan,
			    runlog_plural(s->outcomes_orphan, "outcome record", "outcome records"));
	if (s->groups_skipped)
		runlog_note(rl,
			    "%llu %s skipped: no machine check could be delivered (see the mce "
			    "records for why)",
			    (unsigned long long)s->groups_skipped,
			    runlog_plural(s->groups_skipped, "mode and provocation set",
					  "mode and provocation sets"));
	if (only_skipped)
		runlog_note(
		    rl,
		    "%llu %s skipped by every CPU (mode unsupported): it could not show "
		    "the failure it is there for",
		    (unsigned long long)only_skipped,
		    runlog_plural(only_skipped, "negative control was", "negative controls were"));
	if (s->schedule_fail_errors)
		runlog_note(rl,
			    "%llu %s of level fail during the schedule: shown with the errors, "
			    "the cycles are judged by their outcomes",
			    (unsigned long long)s->schedule_fail_errors,
			    runlog_plural(s->schedule_fail_errors, "error", "errors"));
	if (k->records > 1)
		runlog_note(rl, "%llu kexec records: the first one kept",
			    (unsigned long long)k->records);
	if (s->ngroups >= RL_MAX_GROUPS)
		runlog_note(rl, "more than %d mode and provocation sets: the rest not judged",
			    RL_MAX_GROUPS);
	if (run->cycle_records_bad || run->outcome_records_bad)
		runlog_note(rl, "records without a usable n or apic: %llu cycle, %llu outcome",
			    (unsigned long long)run->cycle_records_bad,
			    (unsigned long long)run->outcome_records_bad);
	if (run->cpumodes_bad)
		runlog_note(rl, "%llu cpumodes %s without a usable apic or with unreadable counts",
			    (unsigned long long)run->cpumodes_bad,
			    runlog_plural(run->cpumodes_bad, "record", "records"));
	if (run->cycles_dropped || run->outcomes_dropped)
		runlog_note(rl, "%llu cycle and %llu outcome records not kept (too many)",
			    (unsigned long long)run->cycles_dropped,
			    (unsigned long long)run->outcomes_dropped);
}
