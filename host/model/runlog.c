/* SPDX-License-Identifier: MIT */
/*
 * The run model: lines in, records out, kept per boot; the verdict at the
 * end.  Any byte sequence is valid input: what does not parse is counted,
 * what is too much is bounded (RL_MAX_*), nothing is trusted to be in order.
 *
 * This file: the model made and freed, lines in and the public accessors.
 * Each parsed record is first placed in its run and boot (runlog_runs.c),
 * then turned into model entries (runlog_records.c); the schedule is judged
 * in runlog_schedule.c, runlog_finish() and the verdict are in
 * runlog_verdict.c.  Calls go one way: this file and runlog_verdict.c at
 * the top, the shared helpers (runlog_util.c, runlog_notes.c) at the bottom.
 */
#include "host/model/runlog.h"
#include "host/model/runlog_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- the model ---- */

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

	return rl;
}

void runlog_free(struct runlog *rl)
{
	size_t i;

	if (!rl)
		return;
	runlog_run_free(&rl->cur);
	runlog_run_free(&rl->prev);
	free(rl->others);
	for (i = 0; i < rl->nnotes; i++)
		free(rl->notes[i]);
	summary_free(&rl->sum);
	free(rl);
}

void runlog_set_qemu_status(struct runlog *rl, int status)
{
	rl->qemu_status = status;
	rl->has_qemu_status = 1;
}

/* ---- lines ---- */

static void process_line(struct runlog *rl, const char *line, size_t n, int cut, int cut_prefix)
{
	struct pd_record r;
	struct rl_run *run;
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
	run = runlog_accept_record(rl, &r);
	if (run)
		runlog_apply_record(rl, run, &r);
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
