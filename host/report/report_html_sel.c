/* SPDX-License-Identifier: MIT */
/*
 * The HTML report's BMC event log entries (sel records): a row each under
 * their cycle's row of the resets and hangs table, and the others in a
 * "BMC event log" section.  Nothing for logs without sel records.
 */
#include <inttypes.h>

#include "host/report/report.h"
#include "host/report/report_html_parts.h"

void html_sel_of_cycle(FILE *f, const struct runlog *rl, const struct rl_cycle *c)
{
	size_t i, n, first = report_sel_of_cycle(&rl->cur, c->n, &n);

	/* Under the evidence column of the cycle's row (7 columns). */
	for (i = first; i < first + n; i++) {
		fprintf(f,
			"<tr class=\"sel\" data-cycle=\"%" PRIu32 "\"><td colspan=\"6\"></td><td>",
			c->n);
		report_fact_sel(f, &rl->cur.sels[i], report_markup);
		fputs("</td></tr>\n", f);
	}
}

void html_sel_others(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	size_t i, shown = 0;

	for (i = 0; i < run->nsels; i++) {
		const struct rl_sel *e = &run->sels[i];

		if (report_sel_listed_with_cycle(rl, e))
			continue;
		if (!shown++)
			fputs(
			    "<section id=\"bmc-sel\"><h2>BMC event log</h2>\n"
			    "<p class=\"note\">Entries the BMC logged in cycles without a reset or "
			    "hang above.</p>\n<table id=\"sel-table\"><thead><tr><th>cycle</th>"
			    "<th>entry</th></tr></thead><tbody>\n",
			    f);
		fprintf(f, "<tr><td>%" PRIu32 "%s</td><td>", e->n,
			runlog_cycle_index(run, e->n) < run->ncycles ? "" : " (no cycle record)");
		report_fact_sel(f, e, report_markup);
		fputs("</td></tr>\n", f);
	}
	if (shown)
		fputs("</tbody></table>\n</section>\n", f);
}
