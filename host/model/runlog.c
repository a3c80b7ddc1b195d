/* SPDX-License-Identifier: MIT */
/*
 * The run model: lines in, records out, kept per boot; the verdict at the
 * end.  Any byte sequence is valid input: what does not parse is counted,
 * what is too much is bounded (RL_MAX_*), nothing is trusted to be in order.
 *
 * This file: shared helpers, seq sets, runs and boots, lines in and the
 * public accessors.  Records become model entries in runlog_records.c, the
 * schedule is judged in runlog_schedule.c, runlog_finish() and the verdict
 * are in runlog_verdict.c.
 */
#include "host/model/runlog.h"
#include "host/model/runlog_internal.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *runlog_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q) {
		fprintf(stderr, "playdead: out of memory\n");
		exit(2);
	}
	return q;
}

/* Grows *arr (of elem-size items) so that it holds at least need items. */
void runlog_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap ? *cap : 16;

	if (need <= *cap)
		return;
	while (c < need)
		c *= 2;
	*arr = runlog_xrealloc(*arr, c * elem);
	*cap = c;
}

/* The uint32_t at off in a record. */
static uint32_t u32_at(const void *rec, size_t off)
{
	uint32_t v;

	memcpy(&v, (const char *)rec + off, sizeof(v));
	return v;
}

/* The first of n records (size bytes each, sorted by the uint32_t at off)
 * whose uint32_t at off is not below key; n when there is none. */
size_t runlog_lower_bound_u32(const void *base, size_t n, size_t size, size_t off, uint32_t key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (u32_at((const char *)base + mid * size, off) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Where a record's key and arrival order stand in it (both uint32_t). */
struct key_order {
	size_t key, order;
};

static int cmp_key_order(const void *a, const void *b, void *ctx)
{
	const struct key_order *k = ctx;
	uint32_t x = u32_at(a, k->key), y = u32_at(b, k->key);

	if (x != y)
		return x < y ? -1 : 1;
	x = u32_at(a, k->order);
	y = u32_at(b, k->order);
	return x < y ? -1 : x > y;
}

/*
 * Sorts n records of size bytes by the uint32_t key at key_off and keeps, of
 * those with one key, the latest by the uint32_t arrival order at order_off:
 * a thing reported twice keeps its latest record.  Returns how many are left.
 */
size_t runlog_sort_keep_latest(void *base, size_t n, size_t size, size_t key_off, size_t order_off)
{
	struct key_order k = {key_off, order_off};
	char *v = base;
	size_t i, o = 0;

	if (n < 2)
		return n;
	qsort_r(v, n, size, cmp_key_order, &k);
	for (i = 0; i < n; i++) {
		if (!o || u32_at(v + (o - 1) * size, key_off) != u32_at(v + i * size, key_off))
			o++;
		if (o - 1 != i)
			memcpy(v + (o - 1) * size, v + i * size, size);
	}
	return o;
}

int runlog_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

const char *runlog_plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* ---- seq sets ---- */

/* Adds seq; returns 0 when it was there already. */
int runlog_seqset_add(struct rl_seqset *s, uint32_t seq)
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

/* ---- runs ---- */

static void run_free(struct rl_run *b)
{
	size_t i;

	for (i = 0; i < b->nmismatches; i++)
		free(b->mismatches[i].apics);
	for (i = 0; i < b->ndumpsets; i++)
		free(b->dumpsets[i].apics);
	free(b->dumpsets);
	for (i = 0; i < b->nboots; i++)
		free(b->boots[i].seqs.r);
	free(b->boots);
	free(b->mismatches);
	free(b->cpus);
	free(b->errors);
	free(b->exceptions);
	free(b->dump);
	free(b->cycles);
	free(b->injected);
	free(b->outcomes);
	free(b->cpumodes);
	free(b->mces);
	memset(b, 0, sizeof(*b));
}

void runlog_run_start(struct runlog *rl, struct rl_run *b, uint32_t run)
{
	run_free(b);
	b->started = 1;
	b->run = run;
	b->serial = ++rl->runs;
}

/* Where boot stands, or would stand, in b->boots (sorted by boot). */
static size_t boot_index(const struct rl_run *b, uint32_t boot)
{
	return runlog_lower_bound_u32(b->boots, b->nboots, sizeof(b->boots[0]),
				      offsetof(struct rl_boot_seqs, boot), boot);
}

/* The seq bookkeeping of one boot, made when first seen; NULL beyond
 * RL_MAX_BOOTS.  Boots mostly arrive in order: the last one is tried first. */
struct rl_boot_seqs *runlog_boot_get(struct rl_run *b, uint32_t boot)
{
	size_t lo;
	struct rl_boot_seqs *x;

	if (b->nboots && b->boots[b->nboots - 1].boot == boot)
		return &b->boots[b->nboots - 1];
	if (b->nboots && b->boots[b->nboots - 1].boot < boot) {
		lo = b->nboots;
	} else {
		lo = boot_index(b, boot);
		if (lo < b->nboots && b->boots[lo].boot == boot)
			return &b->boots[lo];
	}
	if (b->nboots >= RL_MAX_BOOTS)
		return NULL;
	runlog_grow((void **)&b->boots, &b->boots_cap, b->nboots + 1, sizeof(b->boots[0]));
	memmove(&b->boots[lo + 1], &b->boots[lo], (b->nboots - lo) * sizeof(b->boots[0]));
	b->nboots++;
	x = &b->boots[lo];
	memset(x, 0, sizeof(*x));
	x->boot = boot;
	x->end_records = -1;
	return x;
}

const struct rl_boot_seqs *runlog_boot_find(const struct rl_run *b, uint32_t boot)
{
	size_t lo = boot_index(b, boot);

	return lo < b->nboots && b->boots[lo].boot == boot ? &b->boots[lo] : NULL;
}

static void summary_free(struct rl_summary *s)
{
	size_t i;

	for (i = 0; i < s->nucode; i++)
		free(s->ucode[i].apics);
	for (i = 0; i < s->ngroups; i++)
		free(s->groups[i].failing);
	free(s->groups);
	free(s->ucode);
	free(s->by_apic);
	memset(s, 0, sizeof(*s));
}

struct runlog *runlog_new(void)
{
	struct runlog *rl = calloc(1, sizeof(*rl));

	if (!rl)
		return NULL;
	rl->qemu_status = -1;
	return rl;
}

void runlog_free(struct runlog *rl)
{
	size_t i;

	if (!rl)
		return;
	run_free(&rl->cur);
	run_free(&rl->prev);
	free(rl->others);
	for (i = 0; i < rl->nnotes; i++)
		free(rl->notes[i]);
	summary_free(&rl->sum);
	free(rl);
}

static void vnote(struct runlog *rl, const char *fmt, va_list ap)
{
	char *s = NULL;

	if (rl->nnotes >= RL_MAX_NOTES)
		return;
	if (vasprintf(&s, fmt, ap) < 0)
		return;
	rl->notes[rl->nnotes++] = s;
}

void runlog_note(struct runlog *rl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnote(rl, fmt, ap);
	va_end(ap);
}

void runlog_set_stop_reason(struct runlog *rl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rl->stop_reason, sizeof(rl->stop_reason), fmt, ap);
	va_end(ap);
}

void runlog_set_qemu_status(struct runlog *rl, int status)
{
	rl->qemu_status = status;
}

/* Remembers a run in the others list. */
void runlog_archive_run(struct runlog *rl, const struct rl_run *b)
{
	struct rl_other_boot *o;

	if (!b->started)
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
	o->run = b->run;
	o->boot = b->boot;
	o->serial = b->serial;
	o->records = b->records;
	o->had_end = b->end.have;
	memcpy(o->verdict, b->end.verdict, sizeof(o->verdict));
	o->errors_fail = b->errors_fail;
	o->exceptions = b->exceptions_total;
	o->cycles = b->cycle_records;
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
int runlog_is_old_run(const struct runlog *rl, uint32_t run)
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
void runlog_new_run(struct runlog *rl, const struct pd_record *r)
{
	struct rl_run *b = &rl->cur;

	runlog_archive_run(rl, b);
	if (!b->end.have && r->boot == 1 && rl->ndied < RL_MAX_DIED &&
	    runlog_run_died(b, &rl->died[rl->ndied])) {
		const struct rl_died *d = &rl->died[rl->ndied++];

		runlog_note(rl,
			    "run %08" PRIx32 " continues run %08" PRIx32
			    " on the same machine, which reset or hung in cycle %" PRIu32
			    " (%s %s, %s) and started afresh",
			    r->run, b->run, d->n, d->m, d->p, d->phase);
	}
	if (!b->end.have) {
		if (r->boot == 1) {
			rl->restarts++;
			runlog_note(
			    rl,
			    "machine reset outside a cycle: a new run started (run %08" PRIx32
			    " after run %08" PRIx32 " boot %" PRIu32 ", which has no end record)",
			    r->run, b->run, b->boot);
		} else {
			runlog_note(rl,
				    "run %08" PRIx32 " has no end record; run %08" PRIx32
				    " follows from boot %" PRIu32,
				    b->run, r->run, r->boot);
		}
		if (!rl->prev.started || b->records > rl->prev.records) {
			run_free(&rl->prev);
			rl->prev = *b;
			memset(b, 0, sizeof(*b));
		}
	} else {
		run_free(&rl->prev);
	}
	runlog_run_start(rl, b, r->run);
}

/* ---- lines ---- */

static void process_line(struct runlog *rl, const char *line, size_t n, int cut, int cut_prefix)
{
	struct pd_record r;
	enum pd_parse_result res;

	rl->st.lines++;
	if (cut)
		rl->st.overlong++;
	while (n && (line[n - 1] == '\r' || line[n - 1] == '\n'))
		n--;
	if (!n && !cut)
		return;
	res = pd_record_parse(line, n, &r);
	if (res == PD_PARSE_CORRUPT) {
		/* Two records run together (a lost line end) or a cut record
		 * before a whole one: the last prefix may still hold a record. */
		const char *first = pd_record_find_prefix(line, n, 0),
			   *last = pd_record_find_prefix(line, n, 1);

		if (last && last != first)
			res = pd_record_parse(last, n - (size_t)(last - line), &r);
	}
	if (res == PD_PARSE_NONE) {
		if (cut_prefix)
			rl->st.corrupt++;
		else
			rl->st.noise++;
		return;
	}
	if (res == PD_PARSE_CORRUPT) {
		rl->st.corrupt++;
		return;
	}
	runlog_handle_record(rl, &r);
}

void runlog_line(struct runlog *rl, const char *line, size_t n)
{
	rl->st.bytes += n;
	process_line(rl, line, n, 0, 0);
}

/* Drops the first d bytes of the line being assembled, noting a prefix. */
static void line_drop_head(struct runlog *rl, size_t d)
{
	/* A prefix starting before d needs its 3 following bytes in view. */
	size_t scan =
	    d + PD_RECORD_PREFIX_LEN < rl->line_len ? d + PD_RECORD_PREFIX_LEN : rl->line_len;

	if (pd_record_find_prefix(rl->line, scan, 0))
		rl->line_cut_prefix = 1;
	memmove(rl->line, rl->line + d, rl->line_len - d);
	rl->line_len -= d;
	rl->line_cut = 1;
}

static void line_append(struct runlog *rl, const char *s, size_t m)
{
	while (m) {
		size_t room = RL_LINE_KEEP - rl->line_len, k;

		if (!room) {
			line_drop_head(rl, RL_LINE_KEEP / 2);
			continue;
		}
		k = m < room ? m : room;
		memcpy(rl->line + rl->line_len, s, k);
		rl->line_len += k;
		s += k;
		m -= k;
	}
}

void runlog_line_flush(struct runlog *rl)
{
	process_line(rl, rl->line, rl->line_len, rl->line_cut, rl->line_cut_prefix);
	rl->line_len = 0;
	rl->line_cut = 0;
	rl->line_cut_prefix = 0;
}

void runlog_feed(struct runlog *rl, const void *buf, size_t n)
{
	const char *p = buf, *end = p + n;

	rl->st.bytes += n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t seg = (size_t)((nl ? nl : end) - p);

		if (!nl) {
			line_append(rl, p, seg);
			break;
		}
		/* Whole lines straight from the buffer, without a copy. */
		if (!rl->line_len && !rl->line_cut && seg <= RL_LINE_KEEP) {
			process_line(rl, p, seg, 0, 0);
		} else {
			line_append(rl, p, seg);
			runlog_line_flush(rl);
		}
		p = nl + 1;
	}
}

int runlog_end_seen(const struct runlog *rl)
{
	return rl->cur.started && rl->cur.end.have;
}

size_t runlog_cpu_count(const struct runlog *rl)
{
	return rl->cur.ncpus;
}

size_t runlog_cycle_count(const struct runlog *rl)
{
	return rl->cur.ncycles;
}

uint64_t runlog_restarts(const struct runlog *rl)
{
	return rl->restarts;
}

void runlog_set_reboot_loop(struct runlog *rl)
{
	rl->reboot_loop = 1;
}
