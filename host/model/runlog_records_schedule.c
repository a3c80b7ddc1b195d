/* SPDX-License-Identifier: MIT */
/*
 * The run model: the records of the schedule turned into entries of the
 * run (see runlog_records.c): kexec, start, cycle, outcome, cpumodes,
 * inject, injected and restart, and the end record.
 */
#include "host/model/runlog.h"
#include "host/model/runlog_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/model/idlist.h"
#include "results/fields.h"

void runlog_rec_end(struct rl_run *run, const struct pd_record *r)
{
	struct rl_end *e = &run->end;
	struct rl_boot_seqs *bs = runlog_boot_get(run, r->boot);
	int64_t records;
	int has_records = runlog_field_int(r, PD_F_RECORDS, &records);

	run->end_records++;
	if (bs && has_records) {
		bs->has_end_records = 1;
		bs->end_records = (uint64_t)records;
	}
	/* The last boot's end record is the run's. */
	if (e->have && runlog_pos_before(r->boot, r->seq, e->boot, e->seq))
		return;
	if (!e->have || e->boot != r->boot) {
		memset(e, 0, sizeof(*e));
	}
	e->have = 1;
	e->boot = r->boot;
	e->seq = r->seq;
	runlog_merge_int(r, PD_F_CPUS, &e->cpus, &e->has_cpus);
	runlog_merge_int(r, PD_F_ONLINE, &e->online, &e->has_online);
	runlog_merge_int(r, PD_F_LOST, &e->lost, &e->has_lost);
	runlog_merge_int(r, PD_F_ERRORS, &e->errors, &e->has_errors);
	runlog_merge_int(r, PD_F_MISMATCHES, &e->mismatches, &e->has_mismatches);
	runlog_merge_int(r, PD_F_CYCLES, &e->cycles, &e->has_cycles);
	runlog_merge_int(r, PD_F_RECORDS, &e->records, &e->has_records);
	runlog_merge_str(r, PD_F_VERDICT, e->verdict, sizeof(e->verdict));
}

void runlog_rec_kexec(struct rl_run *run, const struct pd_record *r)
{
	struct rl_kexec *k = &run->kexec;

	uint64_t n = k->records + 1;

	k->records = n;
	/* Once per run: the first one stands. */
	if (k->have && !runlog_pos_before(r->boot, r->seq, k->boot, k->seq))
		return;
	memset(k, 0, sizeof(*k));
	k->have = 1;
	k->records = n;
	k->boot = r->boot;
	k->seq = r->seq;
	runlog_field_str(r, PD_F_LOAD, k->load, sizeof(k->load));
	runlog_field_str(r, PD_F_LOAD_WHY, k->load_why, sizeof(k->load_why));
	k->has_load_at = runlog_field_int(r, PD_F_LOAD_AT, &k->load_at);
	runlog_field_str(r, PD_F_WHY, k->why, sizeof(k->why));
	runlog_field_str(r, PD_F_ON_RESET, k->on_reset, sizeof(k->on_reset));
	runlog_field_str(r, PD_F_PLATFORM, k->platform, sizeof(k->platform));
	runlog_field_str(r, PD_F_MODES, k->modes, sizeof(k->modes));
	runlog_field_str(r, PD_F_PROVOKE, k->provoke, sizeof(k->provoke));
	k->has_wbinvd = runlog_field_int(r, PD_F_WBINVD, &k->wbinvd);
	k->has_area = runlog_field_int(r, PD_F_AREA, &k->area);
	k->has_cycles = runlog_field_int(r, PD_F_CYCLES, &k->cycles);
	k->has_mwait_hint = runlog_field_int(r, PD_F_MWAIT_HINT, &k->mwait_hint);
}

/* Kept for the collector, which owns the means to inject (QEMU's monitor). */
void runlog_rec_inject(struct runlog *rl, const struct pd_record *r)
{
	struct rl_inject q;

	rl->inject_requests++;
	memset(&q, 0, sizeof(q));
	if (!runlog_field_u32(r, PD_F_N, &q.n))
		return;
	runlog_field_str(r, PD_F_WHAT_KIND, q.kind, sizeof(q.kind));
	runlog_field_str(r, PD_F_WHEN, q.when, sizeof(q.when));
	if (rl->ninject >= RL_MAX_INJECT_PENDING) {
		rl->inject_dropped++;
		return;
	}
	rl->inject_q[rl->ninject++] = q;
}

int runlog_take_inject(struct runlog *rl, struct rl_inject *out)
{
	if (!rl->ninject)
		return 0;
	*out = rl->inject_q[0];
	memmove(&rl->inject_q[0], &rl->inject_q[1], --rl->ninject * sizeof(rl->inject_q[0]));
	return 1;
}

void runlog_rec_start(struct rl_run *run, const struct pd_record *r)
{
	struct rl_inflight *f = &run->inflight;
	uint32_t n;

	if (!runlog_field_u32(r, PD_F_N, &n)) {
		run->cycle_records_bad++;
		return;
	}
	if (f->have && runlog_pos_before(r->boot, r->seq, f->boot, f->seq))
		return; /* an older start arriving late */
	memset(f, 0, sizeof(*f));
	f->have = 1;
	f->n = n;
	f->boot = r->boot;
	f->seq = r->seq;
	runlog_field_str(r, PD_F_M, f->m, sizeof(f->m));
	runlog_field_provoke(r, f->p, sizeof(f->p));
}

void runlog_rec_injected(struct rl_run *run, const struct pd_record *r)
{
	struct rl_injected x;

	memset(&x, 0, sizeof(x));
	if (!runlog_field_u32(r, PD_F_N, &x.n)) {
		run->injected_records_bad++;
		return;
	}
	if (run->ninjected >= RL_MAX_CYCLES) {
		run->injected_dropped++;
		return;
	}
	x.boot = r->boot;
	x.seq = r->seq;
	runlog_field_str(r, PD_F_M, x.m, sizeof(x.m));
	runlog_field_provoke(r, x.p, sizeof(x.p));
	runlog_field_str(r, PD_F_PHASE, x.phase, sizeof(x.phase));
	x.hang = runlog_field_opt(r, PD_F_HANG) > 0;
	runlog_grow((void **)&run->injected, &run->injected_cap, run->ninjected + 1, sizeof(x));
	run->injected[run->ninjected++] = x;
}

void runlog_rec_restart(struct rl_run *run, const struct pd_record *r)
{
	struct rl_restart x;
	char wd[12];

	memset(&x, 0, sizeof(x));
	if (!runlog_field_u32(r, PD_F_N, &x.n)) {
		run->restart_records_bad++;
		return;
	}
	if (run->nrestarts >= RL_MAX_CYCLES) {
		run->restarts_dropped++;
		return;
	}
	x.boot = r->boot;
	x.seq = r->seq;
	runlog_field_str(r, PD_F_PHASE, x.phase, sizeof(x.phase));
	runlog_field_str(r, PD_F_WD, wd, sizeof(wd));
	x.wd = !strcmp(wd, PD_WD_EXPIRED) ? RL_WD_EXPIRED
	       : !strcmp(wd, PD_WD_QUIET) ? RL_WD_QUIET
					  : RL_WD_UNKNOWN;
	x.has_flags = runlog_field_u64(r, PD_F_WD_FLAGS, &x.flags) && x.flags <= 0xff;
	if (!x.has_flags)
		x.flags = 0;
	runlog_field_str(r, PD_F_CAUSE, x.cause, sizeof(x.cause));
	x.has_cause_cc = runlog_field_u64(r, PD_F_CAUSE_CC, &x.cause_cc) && x.cause_cc <= 0xff;
	if (!x.has_cause_cc)
		x.cause_cc = 0;
	runlog_grow((void **)&run->restarts, &run->restarts_cap, run->nrestarts + 1, sizeof(x));
	run->restarts[run->nrestarts++] = x;
}

/* t=: PD_TIMES_COUNT decimal microseconds, '/'-separated; 1 when all parse. */
static int cycle_times(const struct pd_record *r, uint64_t *t)
{
	char buf[96], *p = buf, *end;
	int k;

	runlog_field_str(r, PD_F_TIMES, buf, sizeof(buf));
	for (k = 0; k < PD_TIMES_COUNT; k++) {
		if (*p < '0' || *p > '9')
			return 0;
		t[k] = strtoull(p, &end, 10);
		if (*end != (k + 1 < PD_TIMES_COUNT ? '/' : 0))
			return 0;
		p = end + 1;
	}
	return 1;
}

void runlog_rec_cycle(struct rl_run *run, const struct pd_record *r)
{
	struct rl_cycle c;
	int o;

	run->cycle_records++;
	memset(&c, 0, sizeof(c));
	if (!runlog_field_u32(r, PD_F_N, &c.n)) {
		run->cycle_records_bad++;
		return;
	}
	if (run->ncycles >= RL_MAX_CYCLES) {
		run->cycles_dropped++;
		return;
	}
	c.boot = r->boot;
	c.seq = r->seq;
	c.records = 1;
	runlog_field_str(r, PD_F_M, c.m, sizeof(c.m));
	runlog_field_provoke(r, c.p, sizeof(c.p));
	runlog_field_str(r, PD_F_PHASE, c.phase, sizeof(c.phase));
	c.mode = pd_park_mode_lookup(c.m, strlen(c.m));
	c.prov = pd_provoke_parse(c.p, strlen(c.p));
	c.has_mode = c.mode >= 0;
	c.has_prov = c.prov >= 0;
	if (!c.has_mode)
		c.mode = 0;
	if (!c.has_prov)
		c.prov = 0;
	for (o = 0; o < PD_OUTCOME_COUNT; o++)
		runlog_field_u64(r, pd_outcome_name((enum pd_outcome)o), &c.counts[o]);
	c.has_smi_us = runlog_field_int(r, PD_F_SMI_US, &c.smi_us);
	c.has_t = cycle_times(r, c.t_us);
	c.sipi_nmi = runlog_field_opt(r, PD_F_SIPI_NMI) > 0
			 ? (uint64_t)runlog_field_opt(r, PD_F_SIPI_NMI)
			 : 0;
	c.scribbled = runlog_field_opt(r, PD_F_SCRIBBLED) > 0;
	c.injected = runlog_field_opt(r, PD_F_INJECTED) > 0;
	/* hang=1 is sent for inject_hang only: the payload's doing too. */
	c.hang = runlog_field_opt(r, PD_F_HANG) > 0;
	c.injected |= c.hang;
	{
		char by[16];

		runlog_field_str(r, PD_F_BY, by, sizeof(by));
		c.by_watchdog = !strcmp(by, PD_BY_WATCHDOG);
	}
	{
		char mce[12];

		runlog_field_str(r, PD_F_MCE, mce, sizeof(mce));
		c.mce_skipped = !strcmp(mce, "skipped");
	}
	c.reset = c.counts[PD_OUTCOME_RESET] > 0;
	runlog_grow((void **)&run->cycles, &run->cycles_cap, run->ncycles + 1, sizeof(c));
	run->cycles[run->ncycles++] = c;
}

void runlog_rec_outcome(struct rl_run *run, const struct pd_record *r)
{
	struct rl_outcome x;

	run->outcome_records++;
	memset(&x, 0, sizeof(x));
	if (!runlog_field_u32(r, PD_F_N, &x.n) || !runlog_field_u32(r, PD_F_APIC, &x.apic)) {
		run->outcome_records_bad++;
		return;
	}
	if (run->noutcomes >= RL_MAX_OUTCOMES) {
		run->outcomes_dropped++;
		return;
	}
	runlog_field_str(r, PD_F_O, x.name, sizeof(x.name));
	x.o = pd_outcome_lookup(x.name, strlen(x.name));
	x.has_o = x.o >= 0;
	if (!x.has_o)
		x.o = 0;
	x.has_before = runlog_field_int(r, PD_F_BEFORE, &x.before);
	x.has_after = runlog_field_int(r, PD_F_AFTER, &x.after);
	x.has_sipi_nmi = runlog_field_int(r, PD_F_SIPI_NMI, &x.sipi_nmi);
	runlog_grow((void **)&run->outcomes, &run->outcomes_cap, run->noutcomes + 1, sizeof(x));
	run->outcomes[run->noutcomes++] = x;
}

/* "3,0,0,0,0,0,0,0": PD_OUTCOME_COUNT decimal counts. */
static int parse_counts(const char *s, uint64_t *out)
{
	int i;

	for (i = 0; i < PD_OUTCOME_COUNT; i++) {
		uint64_t v = 0;
		const char *p = s;

		while (*s >= '0' && *s <= '9' && s - p < 19)
			v = v * 10 + (uint64_t)(*s++ - '0');
		if (s == p || *s != (i + 1 < PD_OUTCOME_COUNT ? ',' : 0))
			return 0;
		out[i] = v;
		if (*s)
			s++;
	}
	return 1;
}

void runlog_rec_cpumodes(struct runlog *rl, struct rl_run *run, const struct pd_record *r)
{
	struct rl_cpumodes c;
	char val[PD_RECORD_MAX + 1];
	int m, bad = 0;

	memset(&c, 0, sizeof(c));
	if (!runlog_field_u32(r, PD_F_APIC, &c.apic) || run->ncpumodes >= RL_MAX_CPUS) {
		run->cpumodes_bad++;
		return;
	}
	for (m = 0; m < PD_PARK_MODE_COUNT; m++) {
		if (!pd_record_field_str(r, pd_park_mode_name((enum pd_park_mode)m), val,
					 sizeof(val)))
			continue;
		if (parse_counts(val, c.counts[m]))
			c.modes |= 1u << m;
		else
			bad = 1;
	}
	if (bad)
		run->cpumodes_bad++;
	c.order = rl->order++;
	runlog_grow((void **)&run->cpumodes, &run->cpumodes_cap, run->ncpumodes + 1, sizeof(c));
	run->cpumodes[run->ncpumodes++] = c;
}
