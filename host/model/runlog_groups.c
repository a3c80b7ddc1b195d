/* SPDX-License-Identifier: MIT */
/*
 * The payload's group records (one verdict per mode x provocation set, then
 * bring-up and consistency; FORMAT.md) kept, and compared with what the host
 * judges from the cycle, cpu and mismatch records.  The host's judgement
 * decides the verdict; a disagreement is a note (one side has a bug, or
 * records were lost on the line).
 */
#include "host/model/runlog.h"
#include "host/model/runlog_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "results/fields.h"

void runlog_rec_group(struct rl_run *run, const struct pd_record *r)
{
	struct rl_group_rec *g;
	char name[sizeof(g->name)];
	size_t i;

	if (!pd_record_field_str(r, PD_F_CASE, name, sizeof(name)) || !name[0]) {
		run->group_recs_bad++;
		return;
	}
	/* A case sent again (a later boot finishing the run again) replaces. */
	for (i = 0; i < run->ngroup_recs; i++)
		if (!strcmp(run->group_recs[i].name, name))
			break;
	if (i == run->ngroup_recs) {
		if (run->ngroup_recs >= RL_MAX_GROUP_RECS) {
			run->group_recs_bad++;
			return;
		}
		run->ngroup_recs++;
	}
	g = &run->group_recs[i];
	memset(g, 0, sizeof(*g));
	memcpy(g->name, name, sizeof(g->name));
	g->has_cycles = runlog_field_int(r, PD_F_CYCLES, &g->cycles);
	g->has_failed = runlog_field_int(r, PD_F_FAILED, &g->failed);
	if (!pd_record_field_str(r, PD_F_EXPECTED, g->expected, sizeof(g->expected)))
		g->expected[0] = 0;
	if (!pd_record_field_str(r, PD_F_RESULT, g->result, sizeof(g->result)))
		g->result[0] = 0;
	g->boot = r->boot;
}

/* The host's result for a mode group: skip when no CPU counted anything but
 * skipped (the mode unsupported, or no AP to park: the payload's rule), or
 * when no machine check of a provoke=mce set was delivered. */
static const char *host_result(const struct rl_group *g)
{
	int o, other = 0;

	if (g->observed_skipped)
		return PD_RESULT_SKIP;
	for (o = 0; o < PD_OUTCOME_COUNT; o++)
		other |= o != PD_OUTCOME_SKIPPED && g->counts[o];
	if (!other && !g->exceptions && !g->scribbled)
		return PD_RESULT_SKIP;
	return g->observed_pass == g->expected_pass ? PD_VERDICT_PASS : PD_VERDICT_FAIL;
}

static const struct rl_group *find_group(const struct rl_summary *s, const char *name)
{
	size_t i;
	char buf[sizeof(((struct rl_group_rec *)0)->name)];

	for (i = 0; i < s->ngroups; i++) {
		snprintf(buf, sizeof(buf), "%s/%s", s->groups[i].m, s->groups[i].p);
		if (!strcmp(buf, name))
			return &s->groups[i];
	}
	return NULL;
}

static void disagree(struct runlog *rl, const char *name, const char *payload, const char *host)
{
	rl->sum.groups_disagree++;
	runlog_note(rl, "group %s: the payload says %s, the host judges %s", name,
		    payload[0] ? payload : "nothing", host);
}

void runlog_check_groups(struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	const struct rl_summary *s = &rl->sum;
	size_t i, mode_recs = 0;

	if (run->group_recs_bad)
		runlog_note(rl, "%llu group %s without a case or beyond %d kept",
			    (unsigned long long)run->group_recs_bad,
			    runlog_plural(run->group_recs_bad, "record", "records"),
			    RL_MAX_GROUP_RECS);
	if (!run->ngroup_recs)
		return; /* older payloads send none */
	for (i = 0; i < run->ngroup_recs; i++) {
		const struct rl_group_rec *r = &run->group_recs[i];
		const char *host;

		if (!strcmp(r->name, PD_CASE_BRINGUP)) {
			host = s->lost_cpus || s->fail_errors ? PD_VERDICT_FAIL : PD_VERDICT_PASS;
		} else if (!strcmp(r->name, PD_CASE_CONSISTENCY)) {
			host = s->mismatch_regs ? PD_VERDICT_FAIL : PD_VERDICT_PASS;
		} else {
			const struct rl_group *g = find_group(s, r->name);

			mode_recs++;
			if (!g) {
				disagree(rl, r->name, r->result, "nothing (no cycle record of it)");
				continue;
			}
			host = host_result(g);
			if (r->has_cycles && (uint64_t)r->cycles != g->cycles)
				runlog_note(rl,
					    "group %s: the payload counts %lld cycles, %llu have "
					    "a cycle record",
					    r->name, (long long)r->cycles,
					    (unsigned long long)g->cycles);
		}
		if (strcmp(r->result, host))
			disagree(rl, r->name, r->result, host);
	}
	if (mode_recs < s->ngroups)
		runlog_note(rl, "%zu mode and provocation %s without a group record",
			    s->ngroups - mode_recs, s->ngroups - mode_recs == 1 ? "set" : "sets");
}
