/* SPDX-License-Identifier: MIT */
/*
 * The text report's BMC event log entries (sel records): under the reset or
 * hang line of their cycle, and the others in a "BMC event log:" list.
 * Nothing for logs without sel records.
 */
#include <inttypes.h>

#include "host/report/report_text_parts.h"

void text_sel_of_cycle(FILE *f, const struct runlog *rl, const struct rl_cycle *c)
{
	size_t i, n, first = report_sel_of_cycle(&rl->cur, c->n, &n);

	for (i = first; i < first + n; i++) {
		fputs("    ", f);
		report_fact_sel(f, &rl->cur.sels[i], report_plain);
		fputc('\n', f);
	}
}

void text_sel_others(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	size_t i, shown = 0;

	for (i = 0; i < run->nsels; i++) {
		const struct rl_sel *e = &run->sels[i];

		if (report_sel_listed_with_cycle(rl, e))
			continue;
		if (!shown++)
			fputs("BMC event log:\n", f);
		fprintf(f, "  cycle %" PRIu32 "%s: ", e->n,
			runlog_cycle_index(run, e->n) < run->ncycles ? "" : " (no cycle record)");
		report_fact_sel(f, e, report_plain);
		fputc('\n', f);
	}
}
