/* SPDX-License-Identifier: MIT */
/*
 * The last instance's view of every cycle: the per-CPU x mode table, and
 * each mode and provocation group judged against what the matrix expects.
 */
#include "cycle/verdict.h"
#include "cycle/schedule.h"
#include "platform/sel.h"
#include "results/ipmi.h"
#include "mem/reserved.h"
#include "cpus/cpu.h"
#include "options/options.h"
#include "report/report.h"
#include "lib/fmt.h"
#include "lib/string.h"

void cycles_report_table(void)
{
	uint32_t modes = schedule_modes(cpus[0].facts.monitor), i;
	int m;

	for (i = 0; i < rsv.area->h.ncpus; i++) {
		struct pd_rec_writer w;

		rec_start(&w, PD_REC_CPUMODES);
		pd_rec_u(&w, PD_F_APIC, rsv.area->cpu[i].apic_id);
		for (m = 0; m < PD_PARK_MODE_COUNT; m++) {
			char list[8 * 11 + 8];
			size_t n = 0;
			int o;

			if (!(modes & (1u << m)))
				continue;
			for (o = 0; o < PD_OUTCOME_COUNT; o++) {
				if (o)
					list[n++] = ',';
				n += fmt_dec(list + n, rsv.area->cpu[i].counts[m][o]);
			}
			pd_rec_sn(&w, pd_park_mode_name((enum pd_park_mode)m), list, n);
		}
		rec_send(&w);
	}
}

/* Nothing parked: the mode was unsupported, or there was no AP to park
 * (a one-CPU machine): the cycle cannot show anything, pass or fail. */
static int only_skipped(const struct pd_area_cycle *cy)
{
	int o;

	for (o = 0; o < PD_OUTCOME_COUNT; o++)
		if (o != PD_OUTCOME_SKIPPED && cy->counts[o])
			return 0;
	return !(cy->flags & (PD_CYCLE_RESET | PD_CYCLE_SCRIBBLED));
}

static int cycle_passed(const struct pd_area_cycle *cy, const struct pd_expect *ex)
{
	int o;

	if (cy->flags & (PD_CYCLE_RESET | PD_CYCLE_SCRIBBLED))
		return 0;
	for (o = 0; o < PD_OUTCOME_COUNT; o++)
		if (cy->counts[o] && !(ex->allowed & (1u << o)))
			return 0;
	return 1;
}

/* One mode and provocation set: its cycles judged by the matrix. */
struct group_result {
	uint16_t mode, provoke;
	uint32_t first; /* its first cycle */
	struct pd_expect ex;
	uint32_t cycles, failed;
	int skipped; /* every cycle only skipped: the mode is unsupported */
};

/* A schedule has at most every mode times every provocation set. */
#define MAX_GROUPS (PD_PARK_MODE_COUNT * OPT_MAX_PROVOKE_SETS)

/* Every group, in the order of its first cycle, in one pass over the
 * cycles (a group per distinct mode and provocation set, so the lookup is
 * bounded by MAX_GROUPS, not by the cycles).  Returns how many. */
static uint32_t judge_groups(struct group_result *g)
{
	const struct pd_area_header *h = &rsv.area->h;
	uint32_t n, k, ng = 0;

	for (n = 0; n < h->cycles_logged; n++) {
		const struct pd_area_cycle *cy = &rsv.area->cycle[n];

		for (k = 0; k < ng && (g[k].mode != cy->mode || g[k].provoke != cy->provoke); k++)
			;
		if (k == ng) {
			if (ng == MAX_GROUPS)
				continue; /* not a schedule this payload makes */
			g[k].mode = cy->mode;
			g[k].provoke = cy->provoke;
			g[k].first = n;
			pd_expect((enum pd_park_mode)cy->mode, cy->provoke,
				  (enum pd_platform)h->platform, &g[k].ex);
			g[k].cycles = g[k].failed = 0;
			g[k].skipped = 1;
			ng++;
		}
		/* provoke=mce with no machine check delivered: nothing was
		 * provoked, so nothing is judged. */
		if ((cy->flags & PD_CYCLE_MCE_SKIPPED) && cycle_passed(cy, &g[k].ex))
			continue;
		/* An injected reset: the payload's doing, not the machine's. */
		if (cy->flags & PD_CYCLE_INJECTED)
			continue;
		g[k].cycles++;
		g[k].failed += !cycle_passed(cy, &g[k].ex);
		g[k].skipped &= only_skipped(cy);
	}
	return ng;
}

/* A group passes when all of its cycles pass; it must do what the matrix
 * expects.  A mode this machine cannot run is reported, not judged. */
static int group_as_expected(const struct group_result *g)
{
	return g->skipped || (g->failed == 0) == g->ex.pass;
}

static struct group_result groups[MAX_GROUPS];

int cycles_as_expected(void)
{
	uint32_t n, ng = judge_groups(groups);

	for (n = 0; n < ng; n++)
		if (!group_as_expected(&groups[n]))
			return 0;
	return 1;
}

/* Every cycle that did not do what the matrix expects gets a mark in the
 * BMC's SEL (bounded), so a lab reading the BMC's log finds them. */
static void mark_failed_cycles(void)
{
	const struct pd_area_header *h = &rsv.area->h;
	uint32_t n, marked = 0;

	for (n = 0; n < h->cycles_logged && marked < PD_SEL_MARKS_FAILED_MAX; n++) {
		const struct pd_area_cycle *cy = &rsv.area->cycle[n];
		struct pd_expect ex;

		if (cy->flags & (PD_CYCLE_INJECTED | PD_CYCLE_MCE_SKIPPED) || only_skipped(cy))
			continue;
		pd_expect((enum pd_park_mode)cy->mode, cy->provoke, (enum pd_platform)h->platform,
			  &ex);
		if (cycle_passed(cy, &ex) != ex.pass) {
			sel_mark(PD_SEL_MARK_CYCLE_FAILED, h->run_id, n);
			marked++;
		}
	}
}

void cycles_report_groups(void)
{
	uint32_t n, ng = judge_groups(groups);

	mark_failed_cycles();

	for (n = 0; n < ng; n++) {
		const struct group_result g = groups[n];
		const struct pd_area_cycle *cy = &rsv.area->cycle[g.first];
		struct pd_rec_writer w;
		char name[24 + 48];
		size_t len;

		len = strlen(pd_park_mode_name((enum pd_park_mode)cy->mode));
		memcpy(name, pd_park_mode_name((enum pd_park_mode)cy->mode), len);
		name[len++] = '/';
		pd_provoke_format(cy->provoke, name + len, sizeof(name) - len);
		rec_start(&w, PD_REC_GROUP);
		pd_rec_s(&w, PD_F_CASE, name);
		pd_rec_u(&w, PD_F_CYCLES, g.cycles);
		pd_rec_u(&w, PD_F_FAILED, g.failed);
		pd_rec_s(&w, PD_F_EXPECTED, g.ex.pass ? PD_VERDICT_PASS : PD_VERDICT_FAIL);
		pd_rec_s(&w, PD_F_RESULT,
			 g.skipped		 ? PD_RESULT_SKIP
			 : group_as_expected(&g) ? PD_VERDICT_PASS
						 : PD_VERDICT_FAIL);
		rec_send(&w);
	}
}
