/* SPDX-License-Identifier: MIT */
/*
 * The fleet view as one self-contained HTML page: a machine x group table
 * whose cells are coloured by the share of runs in which the group did not
 * do what the expected matrix says (green none, red all).  Every string from
 * a log is escaped; nothing is loaded from elsewhere.
 */
#include "host/fleet/fleet.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "host/report/report.h"

#define esc report_markup

static const char style[] =
    "body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}"
    "td,th{border:1px solid #999;padding:3px 6px;font-size:90%;text-align:center}"
    "th.m,td.m{text-align:left}td.none{background:#eee;color:#999}"
    "small{color:#333}";

/* The distinct groups over all machines, in the order of fleet_sort(). */
static size_t columns(const struct fleet *f, const struct fleet_group ***cols)
{
	size_t n = 0, cap = 0, i, j, k;
	const struct fleet_group **c = NULL;

	for (i = 0; i < f->nmachines; i++) {
		for (j = 0; j < f->machines[i].ngroups; j++) {
			const struct fleet_group *g = &f->machines[i].groups[j];

			for (k = 0; k < n; k++)
				if (!strcmp(c[k]->m, g->m) && !strcmp(c[k]->p, g->p))
					break;
			if (k < n)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				c = realloc(c, cap * sizeof(*c));
				if (!c) {
					*cols = NULL;
					return 0;
				}
			}
			c[n++] = g;
		}
	}
	*cols = c;
	return n;
}

static const struct fleet_group *find(const struct fleet_machine *m, const struct fleet_group *c)
{
	size_t j;

	for (j = 0; j < m->ngroups; j++)
		if (!strcmp(m->groups[j].m, c->m) && !strcmp(m->groups[j].p, c->p))
			return &m->groups[j];
	return NULL;
}

static void cell(FILE *out, const struct fleet_group *g)
{
	unsigned red, green;
	size_t j;

	if (!g) {
		fputs("<td class=none>-</td>", out);
		return;
	}
	/* 0: every run as expected; 255: none */
	red = g->runs ? (unsigned)(g->runs_unexpected * 255 / g->runs) : 0;
	green = 255 - red;
	fprintf(out,
		"<td style=\"background:rgb(%u,%u,96)\" title=\"%" PRIu64 " runs, %" PRIu64
		" cycles, %" PRIu64 " failed",
		96 + red * 159 / 255, 96 + green * 110 / 255, g->runs, g->cycles, g->cycles_failed);
	if (g->nfailing) {
		fputs("; failing APIC IDs:", out);
		for (j = 0; j < g->nfailing && j < 64; j++)
			fprintf(out, " %" PRIu32 "x%" PRIu64, g->failing[j].apic,
				g->failing[j].runs);
	}
	fprintf(out, "\">%" PRIu64 "/%" PRIu64 "%s</td>", g->runs_unexpected, g->runs,
		g->expected_pass ? "" : " <small>neg</small>");
}

void fleet_html(FILE *out, const struct fleet *f)
{
	const struct fleet_group **cols;
	size_t n = columns(f, &cols), i, j;

	report_page_open(out, style, "playdead fleet");
	fprintf(out,
		"<h1>playdead fleet</h1>\n<p>%" PRIu64 " logs read, %" PRIu64
		" not usable, %" PRIu64
		" runs, %zu machines. A cell is runs not as the expected matrix says / runs of "
		"that mode and provocation set (<small>neg</small>: a negative control, which "
		"must fail); hover for cycles and failing CPUs.</p>\n",
		f->logs_read, f->logs_bad, f->runs, f->nmachines);
	fputs("<table>\n<tr><th class=m>machine</th><th class=m>BIOS</th><th>runs</th>", out);
	for (j = 0; j < n; j++) {
		fputs("<th>", out);
		esc(out, cols[j]->m);
		fputs("<br>", out);
		esc(out, cols[j]->p);
		fputs("</th>", out);
	}
	fputs("</tr>\n", out);
	for (i = 0; i < f->nmachines; i++) {
		const struct fleet_machine *m = &f->machines[i];
		const struct fleet_machine_key *k = &m->key;
		char fms[96];

		fms[0] = 0;
		if (k->family >= 0)
			snprintf(fms, sizeof(fms),
				 " family %" PRIx64 "h model %" PRIx64 "h stepping %" PRId64,
				 k->family, k->model, k->stepping);
		if (k->microcode >= 0)
			snprintf(fms + strlen(fms), sizeof(fms) - strlen(fms),
				 " microcode %" PRIx64 "h", k->microcode);
		fputs("<tr><td class=m>", out);
		report_markupf(out, "%s %s", k->sys_vendor, k->sys_product);
		fputs("<br><small>", out);
		report_markupf(out, "%s %s%s", k->cpu_vendor, k->codename, fms);
		fputs("</small></td><td class=m>", out);
		report_markupf(out, "%s %s", k->bios_vendor, k->bios_version);
		fputs("<br><small>", out);
		esc(out, k->bios_date);
		fprintf(out, "</small></td><td>%" PRIu64 "</td>", m->runs);
		for (j = 0; j < n; j++)
			cell(out, find(m, cols[j]));
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
	if (f->nbad) {
		fputs("<h2>Not usable</h2>\n<ul>\n", out);
		for (i = 0; i < f->nbad; i++) {
			fputs("<li>", out);
			esc(out, f->bad[i].path);
			fputs(": ", out);
			esc(out, f->bad[i].why);
			fputs("</li>\n", out);
		}
		fputs("</ul>\n", out);
	}
	report_page_close(out);
	free(cols);
}
