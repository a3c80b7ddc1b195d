/* SPDX-License-Identifier: MIT */
/*
 * What the files of the run model share (runlog.c, runlog_records.c,
 * runlog_schedule.c, runlog_verdict.c).  Private to them: other users of
 * the run model include host/model/runlog.h only.
 */
#ifndef PD_HOST_RUNLOG_INTERNAL_H
#define PD_HOST_RUNLOG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "host/model/runlog.h"

/* ---- runlog.c: helpers ---- */

void *runlog_xrealloc(void *p, size_t n);
void runlog_grow(void **arr, size_t *cap, size_t need, size_t elem);
size_t runlog_lower_bound_u32(const void *base, size_t n, size_t size, size_t off, uint32_t key);
size_t runlog_sort_keep_latest(void *base, size_t n, size_t size, size_t key_off, size_t order_off);
int runlog_cmp_u64(const void *a, const void *b);
const char *runlog_plural(uint64_t n, const char *one, const char *many);

/* (boot, seq) order: where a record stands in the run. */
static inline int runlog_pos_before(uint32_t b1, uint32_t s1, uint32_t b2, uint32_t s2)
{
	return b1 < b2 || (b1 == b2 && s1 < s2);
}

/* ---- runlog.c: seq sets, runs and boots, lines ---- */

int runlog_seqset_add(struct rl_seqset *s, uint32_t seq);
void runlog_run_start(struct runlog *rl, struct rl_run *b, uint32_t run);
struct rl_boot_seqs *runlog_boot_get(struct rl_run *b, uint32_t boot);
const struct rl_boot_seqs *runlog_boot_find(const struct rl_run *b, uint32_t boot);
void runlog_archive_run(struct runlog *rl, const struct rl_run *b);
void runlog_unarchive_run(struct runlog *rl, uint64_t serial);
int runlog_is_old_run(const struct runlog *rl, uint32_t run);
void runlog_new_run(struct runlog *rl, const struct pd_record *r);
void runlog_line_flush(struct runlog *rl);

/* ---- runlog_records.c ---- */

void runlog_features_unknown(struct rl_features *f);
void runlog_handle_record(struct runlog *rl, const struct pd_record *r);

/* ---- runlog_schedule.c ---- */

void runlog_judge_schedule(struct runlog *rl);
/* Marks the cycles an injected record names (runlog_inject.c); after the
 * cycle records are settled. */
void runlog_attribute_injected(struct runlog *rl);
/* runlog_groups.c: group records kept, then compared with the host's own
 * judgement (after runlog_judge_schedule and the verdict). */
void runlog_rec_group(struct rl_run *b, const struct pd_record *r);
void runlog_check_groups(struct runlog *rl);
/* A run without an end record whose last start record has no cycle record:
 * that cycle, the phase the stream tells (1), else 0. */
int runlog_run_died(const struct rl_run *b, struct rl_died *d);

#endif
