/* SPDX-License-Identifier: MIT */
/*
 * What the files of the run model share.  Private to them: other users of
 * the run model include host/model/runlog.h only.
 *
 * The files call one another in one direction only, each the ones below it:
 *   runlog_verdict.c    runlog_finish(): choose the run, judge, cross-check
 *   runlog.c            lines in; each record accepted, then applied
 *   runlog_schedule.c   cycles settled and grouped
 *   runlog_records.c    a record's type to its handler; error, exception, mce
 *   runlog_records_probe.c, runlog_records_schedule.c   the handlers
 *   runlog_inject.c     injected records matched to their cycles
 *   runlog_sel.c        the BMC's event log entries (sel records) kept, given to their cycles
 *   runlog_restart.c    restart records matched to their cycles, the watchdog's part
 *   runlog_mce_boot.c   machine-check banks at boot kept, given to their cycles
 *   runlog_silence.c    --silence: the cycle in flight, the host's resets matched
 *   runlog_groups.c     group records kept, compared with the host's groups
 *   runlog_runs.c       runs, boots, seq sets; queries on a run
 *   runlog_fields.c, runlog_notes.c, runlog_util.c
 */
#ifndef PD_HOST_RUNLOG_INTERNAL_H
#define PD_HOST_RUNLOG_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "host/model/runlog.h"

/* ---- runlog_util.c ---- */

void *runlog_xrealloc(void *p, size_t n);
void runlog_grow(void **arr, size_t *cap, size_t need, size_t elem);
size_t runlog_lower_bound_u32(const void *base, size_t n, size_t size, size_t off, uint32_t key);
size_t runlog_sort_keep_latest(void *base, size_t n, size_t size, size_t key_off, size_t order_off);
const char *runlog_plural(uint64_t n, const char *one, const char *many);

/* (boot, seq) order: where a record stands in the run. */
static inline int runlog_pos_before(uint32_t b1, uint32_t s1, uint32_t b2, uint32_t s2)
{
	return b1 < b2 || (b1 == b2 && s1 < s2);
}

/* ---- runlog_runs.c ---- */

/* Places a parsed record in its run and boot: the run it belongs to, or
 * NULL when it is dropped (a duplicate, or late for a run left behind). */
struct rl_run *runlog_accept_record(struct runlog *rl, const struct pd_record *r);
void runlog_run_free(struct rl_run *run);
struct rl_boot_seqs *runlog_boot_get(struct rl_run *run, uint32_t boot);
const struct rl_boot_seqs *runlog_boot_find(const struct rl_run *run, uint32_t boot);
void runlog_archive_run(struct runlog *rl, const struct rl_run *run);
void runlog_unarchive_run(struct runlog *rl, uint64_t serial);
/* A run without an end record whose last start record has no cycle record:
 * that cycle, the phase the stream tells (1), else 0. */
int runlog_run_died(const struct rl_run *run, struct rl_died *d);

/* ---- runlog_records.c ---- */

/* The one way records enter the model: a record runlog_accept_record()
 * placed in run, turned into the run's entries. */
void runlog_apply_record(struct runlog *rl, struct rl_run *run, const struct pd_record *r);

/* ---- runlog_records_probe.c, runlog_records_schedule.c: one handler a
 * record type, called by runlog_apply_record() ---- */

void runlog_rec_boot(struct rl_run *run, const struct pd_record *r);
void runlog_rec_tsc(struct rl_run *run, const struct pd_record *r);
void runlog_rec_acpi(struct rl_run *run, const struct pd_record *r);
void runlog_rec_smbios(struct rl_run *run, const struct pd_record *r);
void runlog_rec_bmc(struct rl_run *run, const struct pd_record *r);
void runlog_rec_watchdog(struct rl_run *run, const struct pd_record *r);
void runlog_rec_apic(struct rl_run *run, const struct pd_record *r);
void runlog_rec_cpu(struct runlog *rl, struct rl_run *run, const struct pd_record *r);
void runlog_rec_features(struct rl_run *run, const struct pd_record *r);
void runlog_rec_topology(struct rl_run *run, const struct pd_record *r);
void runlog_rec_dump(struct rl_run *run, const struct pd_record *r);
void runlog_rec_mismatch(struct rl_run *run, const struct pd_record *r);
void runlog_rec_msrs(struct rl_run *run, const struct pd_record *r);
void runlog_rec_dumpset(struct rl_run *run, const struct pd_record *r);
void runlog_rec_limits(struct rl_run *run, const struct pd_record *r);

void runlog_rec_end(struct rl_run *run, const struct pd_record *r);
void runlog_rec_kexec(struct rl_run *run, const struct pd_record *r);
void runlog_rec_inject(struct runlog *rl, const struct pd_record *r);
void runlog_rec_start(struct rl_run *run, const struct pd_record *r);
void runlog_rec_injected(struct rl_run *run, const struct pd_record *r);
void runlog_rec_restart(struct rl_run *run, const struct pd_record *r);
void runlog_rec_cycle(struct rl_run *run, const struct pd_record *r);
void runlog_rec_outcome(struct rl_run *run, const struct pd_record *r);
void runlog_rec_cpumodes(struct runlog *rl, struct rl_run *run, const struct pd_record *r);

/* ---- runlog_fields.c: a record's fields ---- */

/* The string, or "" when absent. */
void runlog_field_str(const struct pd_record *r, const char *key, char *dst, size_t cap);
/* The value, or -1 when absent or malformed (values beyond INT64_MAX too). */
int64_t runlog_field_opt(const struct pd_record *r, const char *key);
/* 1 with the value, or 0 with *v = 0 when absent or out of range. */
int runlog_field_u64(const struct pd_record *r, const char *key, uint64_t *v);
/* Same, for values at most INT64_MAX (larger ones read as absent). */
int runlog_field_int(const struct pd_record *r, const char *key, int64_t *v);
/* The p= field of start, cycle and injected records: "none" when absent. */
void runlog_field_provoke(const struct pd_record *r, char *dst, size_t cap);
int runlog_field_u32(const struct pd_record *r, const char *key, uint32_t *v);
/* Records of one kind may come split over several (a long one is
 * continued): the merge helpers change only what a record carries. */
void runlog_merge_str(const struct pd_record *r, const char *key, char *dst, size_t cap);
void runlog_merge_u64(const struct pd_record *r, const char *key, uint64_t *v, int *has);
void runlog_merge_int(const struct pd_record *r, const char *key, int64_t *v, int *has);

/* ---- runlog_groups.c ---- */

/* Group records kept, then compared with the host's own judgement (after
 * runlog_judge_schedule and the verdict). */
void runlog_rec_group(struct rl_run *run, const struct pd_record *r);
void runlog_check_groups(struct runlog *rl);

/* ---- runlog_inject.c ---- */

/* Marks the cycles an injected record names; after the cycle records are
 * settled. */
void runlog_attribute_injected(struct runlog *rl);

/* ---- runlog_sel.c ---- */

void runlog_rec_sel(struct rl_run *run, const struct pd_record *r);
/* Orders the sel records by cycle, gives each to its cycle
 * (rl_cycle.sel_entries) and notes what could not be; after the cycle
 * records are settled. */
void runlog_attribute_sel(struct runlog *rl);

/* ---- runlog_restart.c ---- */

/* Gives each restart record to its cycle and marks the cycles the BMC's
 * watchdog reset; after runlog_attribute_injected(). */
void runlog_attribute_restarts(struct runlog *rl);
/* Gives each reset the host made after --silence to its cycle and marks
 * those it recovered; after runlog_attribute_restarts(). */
void runlog_attribute_host_resets(struct runlog *rl);

/* ---- runlog_mce_boot.c ---- */

void runlog_rec_mce_boot(struct rl_run *run, const struct pd_record *r);
/* Gives each mce_boot record to its cycle (rl_cycle.mce_boot, reset_mce)
 * and notes what they say; after the cycle records are settled. */
void runlog_attribute_mce_boot(struct runlog *rl);

/* ---- runlog_schedule.c ---- */

void runlog_judge_schedule(struct runlog *rl);

/* ---- runlog.c ---- */

void runlog_line_flush(struct runlog *rl);

#endif
