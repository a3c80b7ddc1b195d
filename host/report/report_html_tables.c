/* SPDX-License-Identifier: MIT */
/*
 * The HTML report's tables (see report_html.c): CPUs, mismatches, errors,
 * exceptions, resets and hangs, phase times and the record counts.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "host/model/idlist.h"
#include "host/report/report.h"
#include "host/report/report_html_parts.h"
#include "results/fields.h"
#include "results/park.h"

/* The CPU table lists every CPU up to this count, anomalies beyond. */
#define HTML_CPU_TABLE_MAX 64
/* Phase-time table rows. */
#define PHASE_ROWS_MAX 200

/* ---- CPUs, mismatches, errors, exceptions, phase times, records ---- */

void html_cpus(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	const struct rl_summary *s = &rl->sum;
	int all = run->ncpus <= HTML_CPU_TABLE_MAX;
	size_t i, lost = 0, shown = 0;

	fputs("<section id=\"cpus\"><h2>CPUs</h2>\n", f);
	fputs("<p>", f);
	report_fact_cpus(f, rl);
	fputc('.', f);
	if (s->up.count)
		fprintf(f,
			" AP bring-up %" PRIu64 " / %" PRIu64 " / %" PRIu64
			" us (min / median / max of %zu).",
			s->up.min, s->up.median, s->up.max, s->up.count);
	fputs("</p>\n<p id=\"lost-cpus\">Lost CPUs: ", f);
	for (i = 0; i < run->ncpus; i++) {
		const struct rl_cpu *c = &run->cpus[i];

		if (!rl_cpu_in_state(c, PD_CPU_LOST))
			continue;
		fputs(lost++ ? ", " : "<strong>", f);
		fprintf(f, "<span class=\"lost\">idx %" PRIu32, c->idx);
		if (c->has_apic) {
			fputs(" ", f);
			report_fact_cpu(f, rl, c->apic);
		}
		fputs("</span>", f);
	}
	fputs(lost ? "</strong></p>\n" : "none</p>\n", f);
	if (!all)
		fprintf(f, "<p>%zu CPUs: the table lists anomalies only.</p>\n", run->ncpus);
	for (i = 0; i < run->ncpus; i++) {
		const struct rl_cpu *c = &run->cpus[i];
		const char *note = report_cpu_anomaly(rl, c);

		if (!all && !note)
			continue;
		if (!shown++)
			fputs(
			    "<table id=\"cpu-table\"><thead><tr><th>idx</th><th>APIC</th>"
			    "<th>pkg/core/thr</th><th>state</th><th>up (us)</th><th>microcode</th>"
			    "<th>note</th></tr></thead><tbody>\n",
			    f);
		fprintf(f, "<tr%s><td>%" PRIu32 "</td><td>", note ? " class=\"anomaly\"" : "",
			c->idx);
		if (c->has_apic)
			fprintf(f, "%" PRIu32, c->apic);
		fputs("</td><td>", f);
		if (c->has_topo)
			fprintf(f, "%" PRIu32 "/%" PRIu32 "/%" PRIu32, c->pkg, c->core, c->thread);
		fputs("</td><td>", f);
		esc(f, html_or_unknown(c->state_name));
		fputs("</td><td>", f);
		if (c->has_up_us && rl_cpu_in_state(c, PD_CPU_ONLINE))
			fprintf(f, "%" PRIu64, c->up_us);
		fputs("</td><td>", f);
		if (c->has_ucode)
			fprintf(f, "0x%" PRIx64, c->ucode);
		fputs("</td><td>", f);
		esc(f, note ? note : "");
		fputs("</td></tr>\n", f);
	}
	if (shown)
		fputs("</tbody></table>\n", f);
	fputs("</section>\n", f);
}

void html_mismatches(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	size_t i;

	fputs("<section id=\"mismatches\"><h2>CPUID, microcode and MSR mismatches</h2>\n", f);
	if (run->msrs.have) {
		fputs("<p id=\"msr-check\">MSRs: ", f);
		report_fact_msrs(f, rl, report_markup);
		fputs(".</p>\n", f);
	}
	if (!run->nmismatches) {
		fputs("<p>None: every CPU reported the same values.</p></section>\n", f);
		return;
	}
	fputs("<p>", f);
	report_fact_mismatch_count(f, rl);
	fputs(".</p>\n", f);
	fputs("<table id=\"mismatch-table\"><thead><tr><th>what</th><th>value</th><th>on "
	      "APIC</th></tr></thead><tbody>\n",
	      f);
	for (i = 0; i < run->nmismatches; i++) {
		const struct rl_mismatch *m = &run->mismatches[i];

		fputs("<tr><td>", f);
		report_fact_mismatch_what(f, m, report_markup);
		fputs("</td><td class=\"mono\">", f);
		if (strcmp(m->kind, "msr"))
			fprintf(f, "0x%08" PRIx64, m->val);
		else if (m->has_val)
			fprintf(f, "0x%016" PRIx64, m->val);
		else
			fputs("absent", f);
		fprintf(f, "%s</td><td>", report_mismatch_has_bsp(rl, m) ? " (the BSP's)" : "");
		html_put_ids(f, m->apics, m->napics);
		if (m->bad_list)
			fputs(" (list unreadable or too long)", f);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table></section>\n", f);
}

void html_errors(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	size_t i;

	fputs("<section id=\"errors\"><h2>Errors</h2>\n", f);
	if (!run->nerrors && !run->errors_dropped) {
		fputs("<p>None.</p></section>\n", f);
		return;
	}
	fprintf(f, "<p>%" PRIu64 " fail, %" PRIu64 " warn.</p>\n", run->errors_fail,
		run->errors_warn);
	fputs("<table id=\"error-table\"><thead><tr><th>level</th><th>code</th><th>what</th>"
	      "<th>detail</th><th>when</th></tr></thead><tbody>\n",
	      f);
	for (i = 0; i < run->nerrors; i++) {
		const struct rl_error *e = &run->errors[i];

		fputs("<tr class=\"err-", f);
		esc(f, e->level);
		fputs("\"><td>", f);
		esc(f, html_or_unknown(e->level));
		fputs("</td><td><code>", f);
		esc(f, html_or_unknown(e->code));
		fputs("</code></td><td>", f);
		esc(f, e->what);
		fputs("</td><td>", f);
		if (e->key[0]) {
			esc(f, e->key);
			fputs("=&ldquo;", f);
			esc(f, e->value);
			fputs("&rdquo; ", f);
		}
		if (e->has_apic)
			report_fact_cpu(f, rl, e->apic);
		if (e->table[0]) {
			fputs(" table ", f);
			esc(f, e->table);
		}
		if (e->has_addr)
			fprintf(f, " at 0x%" PRIx64, e->addr);
		if (e->has_esr)
			fprintf(f, " ESR 0x%" PRIx64, e->esr);
		if (e->has_dropped)
			fprintf(f, " (%" PRIu64 " more not sent)", e->dropped);
		fprintf(f, "</td><td>boot %" PRIu32 "%s</td></tr>\n", e->boot,
			e->in_schedule ? ", schedule" : "");
	}
	fputs("</tbody></table>\n", f);
	if (run->errors_dropped)
		fprintf(f, "<p>&hellip; and %" PRIu64 " more.</p>\n", run->errors_dropped);
	fputs("</section>\n", f);
}

void html_exceptions(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	size_t i;

	fputs("<section id=\"exceptions\"><h2>Exceptions</h2>\n", f);
	if (!run->exceptions_total) {
		fputs("<p>None.</p></section>\n", f);
		return;
	}
	fputs("<table id=\"exception-table\"><thead><tr><th>exception</th><th>CPU</th><th>RIP"
	      "</th><th>CR2</th><th>error code</th><th>RSP</th><th>when</th></tr></thead><tbody>\n",
	      f);
	for (i = 0; i < run->nexceptions; i++) {
		const struct rl_exception *x = &run->exceptions[i];

		fputs("<tr><td>", f);
		esc(f, report_exception_name(x));
		if (x->has_vector)
			fprintf(f, " (vector %" PRIu64 ")", x->vector);
		fputs("</td><td>", f);
		if (x->has_apic)
			report_fact_cpu(f, rl, x->apic);
		fputs("</td><td class=\"mono\">", f);
		if (x->has_rip)
			fprintf(f, "0x%" PRIx64, x->rip);
		fputs("</td><td class=\"mono\">", f);
		if (x->has_cr2)
			fprintf(f, "0x%" PRIx64, x->cr2);
		fputs("</td><td class=\"mono\">", f);
		if (x->has_err)
			fprintf(f, "0x%" PRIx64, x->err);
		fputs("</td><td class=\"mono\">", f);
		if (x->has_rsp)
			fprintf(f, "0x%" PRIx64, x->rsp);
		fprintf(f, "</td><td>boot %" PRIu32, x->boot);
		if (x->has_cycle)
			fprintf(f, ", cycle %" PRId64, x->cycle);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
	if (run->exceptions_total > run->nexceptions)
		fprintf(f, "<p>&hellip; and %" PRIu64 " more.</p>\n",
			run->exceptions_total - run->nexceptions);
	fputs("</section>\n", f);
}

/* One row per cycle that reset or hung; only for logs that carry the
 * watchdog's records. */
void html_resets_hangs(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	size_t i, shown = 0;

	if (!rl->sum.hang_records)
		return;
	fputs("<section id=\"resets-hangs\"><h2>Resets and hangs</h2>\n", f);
	for (i = 0; i < run->ncycles; i++) {
		const struct rl_cycle *c = &run->cycles[i];

		if (!report_cycle_is_event(c))
			continue;
		if (!shown++)
			fputs("<table id=\"reset-table\"><thead><tr><th>cycle</th><th>mode</th>"
			      "<th>provoke</th><th>phase</th><th>what</th><th>recovery</th>"
			      "<th>evidence (the BMC, at the next boot)</th></tr></thead><tbody>\n",
			      f);
		fprintf(f, "<tr%s data-injected=\"%d\" data-hang=\"%d\"><td>%" PRIu32 "</td><td>",
			c->injected ? "" : " class=\"anomaly\"", c->injected, c->hang, c->n);
		esc(f, html_or_unknown(c->m));
		fputs("</td><td>", f);
		esc(f, html_or_unknown(c->p));
		fputs("</td><td>", f);
		esc(f, html_or_unknown(c->phase));
		fputs("</td><td>", f);
		report_fact_event_what(f, c);
		fputs("</td><td>", f);
		report_fact_event_recovery(f, rl, c);
		fputs("</td><td>", f);
		report_fact_event_evidence(f, rl, c, report_markup);
		report_fact_event_mce(f, rl, c, report_markup);
		fputs("</td></tr>\n", f);
		html_sel_of_cycle(f, rl, c);
	}
	fputs(shown ? "</tbody></table>\n</section>\n" : "<p>None.</p></section>\n", f);
}

void html_phase_times(FILE *f, const struct runlog *rl)
{
	static const char *const names[] = {
#define PD_X(e, s) s,
	    PD_TIMES(PD_X)
#undef PD_X
	};
	const struct rl_run *run = &rl->cur;
	size_t i, with = 0, shown = 0;
	int k;

	for (i = 0; i < run->ncycles; i++)
		with += run->cycles[i].has_t;
	if (!with)
		return; /* not recorded (timing=1 asks the payload for them) */
	fputs("<section id=\"phases\"><h2>Phase times (us)</h2>\n", f);
	fputs("<table id=\"phase-table\"><thead><tr><th>cycle</th><th>mode</th><th>provocation"
	      "</th>",
	      f);
	for (k = 0; k < PD_TIMES_COUNT; k++)
		fprintf(f, "<th>%s</th>", names[k]);
	fputs("</tr></thead><tbody>\n", f);
	for (i = 0; i < run->ncycles && shown < PHASE_ROWS_MAX; i++) {
		const struct rl_cycle *c = &run->cycles[i];

		if (!c->has_t)
			continue;
		shown++;
		fprintf(f, "<tr><td>%" PRIu32 "</td><td>", c->n);
		esc(f, c->m);
		fputs("</td><td>", f);
		esc(f, c->p);
		fputs("</td>", f);
		for (k = 0; k < PD_TIMES_COUNT; k++)
			fprintf(f, "<td>%" PRIu64 "</td>", c->t_us[k]);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
	if (with > shown)
		fprintf(f, "<p>The first %zu of %zu cycles with times.</p>\n", shown, with);
	fputs("</section>\n", f);
}

void html_records(FILE *f, const struct runlog *rl)
{
	size_t i;

	fputs("<section id=\"records\"><h2>Records</h2>\n<p>", f);
	report_fact_records(f, rl);
	fputc('.', f);
	if (rl->nothers)
		fprintf(f, " %zu other %s in the log, not reported.", rl->nothers,
			rl->nothers == 1 ? "run" : "runs");
	fputs("</p>\n", f);
	if (rl->nnotes) {
		fputs("<ul id=\"notes\">\n", f);
		for (i = 0; i < rl->nnotes; i++) {
			fputs("<li>", f);
			esc(f, rl->notes[i]);
			fputs("</li>\n", f);
		}
		fputs("</ul>\n", f);
	}
	fputs("</section>\n", f);
}
