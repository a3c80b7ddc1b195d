/* SPDX-License-Identifier: MIT */
/*
 * The run model: runs and boots (see runlog.c).  Each parsed record is
 * placed in its run and boot here: a record of another run ends the current
 * one, duplicates are told by the seq sets of each boot.  Also the queries
 * on a run that the rest of the model shares.
 */
#include "host/model/runlog.h"
#include "host/model/runlog_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results/fields.h"

/* ---- seq sets ---- */

/* Adds seq; returns 0 when it was there already. */
static int seqset_add(struct rl_seqset *s, uint32_t seq)
{
	size_t lo, i;

	/* In-order arrival is the common case: extend the last range. */
	if (s->n && seq > s->r[s->n - 1].hi) {
		if (seq == s->r[s->n - 1].hi + 1) {
			s->r[s->n - 1].hi = seq;
			return 1;
		}
		lo = s->n;
	} else {
		/* First range with hi >= seq. */
		lo = runlog_lower_bound_u32(s->r, s->n, sizeof(s->r[0]),
					    offsetof(struct rl_range, hi), seq);
		if (lo < s->n && s->r[lo].lo <= seq)
			return 0;
	}
	i = lo;
	/* Join the neighbour ranges where seq touches them (ranges far from the
	 * end are left touching: finding gaps copes, and no memmove). */
	if (i > 0 && s->r[i - 1].hi + 1 == seq) {
		s->r[i - 1].hi = seq;
		if (i < s->n && s->r[i].lo == seq + 1 && s->n - i <= RL_SEQ_WINDOW) {
			s->r[i - 1].hi = s->r[i].hi;
			memmove(&s->r[i], &s->r[i + 1], (s->n - i - 1) * sizeof(s->r[0]));
			s->n--;
		}
		return 1;
	}
	if (i < s->n && s->r[i].lo == seq + 1) {
		s->r[i].lo = seq;
		return 1;
	}
	/* Late records land near the end; far back, only a crafted log puts
	 * them, and keeping them would make the model quadratic. */
	if (s->n - i > RL_SEQ_WINDOW) {
		s->untracked++;
		return 1;
	}
	runlog_grow((void **)&s->r, &s->cap, s->n + 1, sizeof(s->r[0]));
	memmove(&s->r[i + 1], &s->r[i], (s->n - i) * sizeof(s->r[0]));
	s->r[i].lo = seq;
	s->r[i].hi = seq;
	s->n++;
	return 1;
}

/* ---- runs and boots ---- */

void runlog_run_free(struct rl_run *run)
{
	size_t i;

	for (i = 0; i < run->nmismatches; i++)
		free(run->mismatches[i].apics);
	for (i = 0; i < run->ndumpsets; i++)
		free(run->dumpsets[i].apics);
	free(run->dumpsets);
	for (i = 0; i < run->nboots; i++)
		free(run->boots[i].seqs.r);
	free(run->boots);
	free(run->mismatches);
	free(run->cpus);
	free(run->errors);
	free(run->exceptions);
	free(run->dump);
	free(run->cycles);
	free(run->injected);
	free(run->restarts);
	free(run->sels);
	free(run->outcomes);
	free(run->cpumodes);
	free(run->mces);
	free(run->mce_boots);
	memset(run, 0, sizeof(*run));
}

static void run_start(struct runlog *rl, struct rl_run *run, uint32_t id)
{
	runlog_run_free(run);
	run->started = 1;
	run->run = id;
	run->serial = ++rl->runs;
}

/* Where boot stands, or would stand, in run->boots (sorted by boot). */
static size_t boot_index(const struct rl_run *run, uint32_t boot)
{
	return runlog_lower_bound_u32(run->boots, run->nboots, sizeof(run->boots[0]),
				      offsetof(struct rl_boot_seqs, boot), boot);
}

/* The seq bookkeeping of one boot, made when first seen; NULL beyond
 * RL_MAX_BOOTS.  Boots mostly arrive in order: the last one is tried first. */
struct rl_boot_seqs *runlog_boot_get(struct rl_run *run, uint32_t boot)
{
	size_t lo;
	struct rl_boot_seqs *x;

	if (run->nboots && run->boots[run->nboots - 1].boot == boot)
		return &run->boots[run->nboots - 1];
	if (run->nboots && run->boots[run->nboots - 1].boot < boot) {
		lo = run->nboots;
	} else {
		lo = boot_index(run, boot);
		if (lo < run->nboots && run->boots[lo].boot == boot)
			return &run->boots[lo];
	}
	if (run->nboots >= RL_MAX_BOOTS)
		return NULL;
	runlog_grow((void **)&run->boots, &run->boots_cap, run->nboots + 1, sizeof(run->boots[0]));
	memmove(&run->boots[lo + 1], &run->boots[lo], (run->nboots - lo) * sizeof(run->boots[0]));
	run->nboots++;
	x = &run->boots[lo];
	memset(x, 0, sizeof(*x));
	x->boot = boot;
	return x;
}

const struct rl_boot_seqs *runlog_boot_find(const struct rl_run *run, uint32_t boot)
{
	size_t lo = boot_index(run, boot);

	return lo < run->nboots && run->boots[lo].boot == boot ? &run->boots[lo] : NULL;
}

/* Remembers a run in the others list. */
void runlog_archive_run(struct runlog *rl, const struct rl_run *run)
{
	struct rl_other_boot *o;

	if (!run->started)
		return;
	if (rl->nothers >= RL_MAX_OTHER_BOOTS) {
		/* Keep the newest: shift the oldest out. */
		memmove(&rl->others[0], &rl->others[1], (rl->nothers - 1) * sizeof(rl->others[0]));
		rl->nothers--;
		rl->others_dropped++;
	}
	if (!rl->others)
		rl->others = runlog_xrealloc(NULL, RL_MAX_OTHER_BOOTS * sizeof(rl->others[0]));
	o = &rl->others[rl->nothers++];
	memset(o, 0, sizeof(*o));
	o->run = run->run;
	o->boot = run->boot;
	o->serial = run->serial;
	o->records = run->records;
	o->had_end = run->end.have;
	memcpy(o->verdict, run->end.verdict, sizeof(o->verdict));
	o->errors_fail = run->errors_fail;
	o->exceptions = run->exceptions_total;
	o->cycles = run->cycle_records;
}

void runlog_unarchive_run(struct runlog *rl, uint64_t serial)
{
	size_t i;

	for (i = 0; i < rl->nothers; i++) {
		if (rl->others[i].serial != serial)
			continue;
		memmove(&rl->others[i], &rl->others[i + 1],
			(rl->nothers - i - 1) * sizeof(rl->others[0]));
		rl->nothers--;
		return;
	}
}

/* A run left behind: its late records are not mixed into the current one. */
static int is_old_run(const struct runlog *rl, uint32_t run)
{
	size_t i;

	for (i = 0; i < rl->nothers; i++)
		if (rl->others[i].run == run)
			return 1;
	return 0;
}

/*
 * A record of another run (or of boot 1 again with another first record):
 * the current run is over.  One without an end record that is followed by a
 * new boot 1 means the machine started over outside a cycle; the one with
 * the most records of such a chain is kept for the report.
 */
static void new_run(struct runlog *rl, const struct pd_record *r)
{
	struct rl_run *run = &rl->cur;

	runlog_archive_run(rl, run);
	if (!run->end.have && r->boot == 1 && rl->ndied < RL_MAX_DIED &&
	    runlog_run_died(run, &rl->died[rl->ndied])) {
		const struct rl_died *d = &rl->died[rl->ndied++];

		runlog_note(rl,
			    "run %08" PRIx32 " continues run %08" PRIx32
			    " on the same machine, which reset or hung in cycle %" PRIu32
			    " (%s %s, %s) and started afresh",
			    r->run, run->run, d->n, d->m, d->p, d->phase);
	}
	if (!run->end.have) {
		if (r->boot == 1) {
			rl->restarts++;
			runlog_note(
			    rl,
			    "machine reset outside a cycle: a new run started (run %08" PRIx32
			    " after run %08" PRIx32 " boot %" PRIu32 ", which has no end record)",
			    r->run, run->run, run->boot);
		} else {
			runlog_note(rl,
				    "run %08" PRIx32 " has no end record; run %08" PRIx32
				    " follows from boot %" PRIu32,
				    run->run, r->run, r->boot);
		}
		if (!rl->prev.started || run->records > rl->prev.records) {
			runlog_run_free(&rl->prev);
			rl->prev = *run;
			memset(run, 0, sizeof(*run));
		}
	} else {
		runlog_run_free(&rl->prev);
	}
	run_start(rl, run, r->run);
}

/*
 * Places a record in its run and boot: a record of another run ends the
 * current one, a late record of a run left behind is dropped, and so is a
 * record seen already.  Returns the run the record belongs to, NULL when it
 * is dropped.
 */
struct rl_run *runlog_accept_record(struct runlog *rl, const struct pd_record *r)
{
	struct rl_run *run = &rl->cur;
	struct rl_boot_seqs *bs;

	if (!run->started) {
		run_start(rl, run, r->run);
	} else if (r->run != run->run) {
		if (is_old_run(rl, r->run)) {
			rl->st.stale++;
			return NULL;
		}
		new_run(rl, r);
	} else if (r->seq == 0 && r->type == PD_REC_BOOT) {
		const struct rl_boot_seqs *seen = runlog_boot_find(run, r->boot);

		/* The same run id and boot again with another first record: not
		 * a resend (a console server replaying its buffer) but a new
		 * run that picked the same id, or a boot that started twice. */
		if (seen && seen->has_seq0 && r->crc != seen->seq0_crc) {
			if (r->boot == 1) {
				new_run(rl, r);
			} else {
				bs = runlog_boot_get(run, r->boot);
				free(bs->seqs.r);
				memset(&bs->seqs, 0, sizeof(bs->seqs));
				bs->has_seq0 = 0;
				run->boots_rerun++;
			}
		}
	}
	bs = runlog_boot_get(run, r->boot);
	if (bs) {
		if (!seqset_add(&bs->seqs, r->seq)) {
			rl->st.duplicates++;
			return NULL;
		}
		if (r->seq == 0) {
			bs->has_seq0 = 1;
			bs->seq0_crc = r->crc;
		}
		bs->records++;
	} else {
		run->boots_untracked++;
	}
	if (r->boot > run->boot)
		run->boot = r->boot;
	rl->st.good++;
	run->records++;
	return run;
}

/* ---- queries ---- */

int runlog_run_died(const struct rl_run *run, struct rl_died *d)
{
	const struct rl_inflight *f = &run->inflight;
	size_t i;

	if (!f->have || run->end.have)
		return 0;
	/* Its own record, or a later cycle's: the schedule went past it and
	 * only records were lost (its record, the later starts), not the
	 * machine. */
	for (i = 0; i < run->ncycles; i++)
		if (run->cycles[i].n >= f->n)
			return 0;
	memset(d, 0, sizeof(*d));
	d->run = run->run;
	d->n = f->n;
	memcpy(d->m, f->m, sizeof(d->m));
	memcpy(d->p, f->p, sizeof(d->p));
	d->mode = pd_park_mode_lookup(f->m, strlen(f->m));
	d->prov = pd_provoke_parse(f->p, strlen(f->p));
	d->has_mode = d->mode >= 0;
	d->has_prov = d->prov >= 0;
	if (!d->has_mode)
		d->mode = 0;
	if (!d->has_prov)
		d->prov = 0;
	/* The handover starts the next boot: anything from it means the
	 * cycle got that far. */
	snprintf(d->phase, sizeof(d->phase), "%s",
		 run->boot > f->boot ? RL_PHASE_AFTER_HANDOVER : RL_PHASE_BEFORE_HANDOVER);
	return 1;
}

size_t runlog_cycle_index(const struct rl_run *run, int64_t n)
{
	size_t i;

	if (n < 0 || n > UINT32_MAX)
		return run->ncycles;
	i = runlog_lower_bound_u32(run->cycles, run->ncycles, sizeof(run->cycles[0]),
				   offsetof(struct rl_cycle, n), (uint32_t)n);
	return i < run->ncycles && run->cycles[i].n == n ? i : run->ncycles;
}
