/* SPDX-License-Identifier: MIT */
/*
 * The HTML report's schedule sections (see report_html.c): the expected
 * matrix of mode x provocation set, the heat map of CPU x mode and the
 * timeline of cycle x CPU.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "host/model/idlist.h"
#include "host/report/report.h"
#include "host/report/report_html_parts.h"
#include "results/fields.h"
#include "results/park.h"

/* Heat map: cores of one package per row, cell size and gaps (px). */
#define HM_CORES_PER_ROW 16
#define HM_CELL		 10
#define HM_THREAD_GAP	 1
#define HM_CORE_GAP	 4
#define HM_LABEL_W	 170
#define HM_ROW_H	 (HM_CELL + 3)
#define HM_MAX_THREADS	 8 /* threads per core drawn side by side; more wrap the core */
/* Timeline: at most this many cycles (columns) and CPUs (rows). */
#define TL_MAX_CYCLES 160
#define TL_MAX_CPUS   64
#define TL_CELL	      9
#define TL_LABEL_W    170

static const char *outcome_class(int o)
{
	return o >= 0 && o < PD_OUTCOME_COUNT ? pd_outcome_name((enum pd_outcome)o) : "none";
}

/* ---- expected matrix: mode x provocation set ---- */

/* Index of s in list (adding it), at most cap. */
static size_t name_slot(char (*list)[48], size_t *n, size_t cap, const char *s)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp(list[i], s))
			return i;
	if (*n >= cap)
		return cap;
	snprintf(list[*n], sizeof(list[0]), "%s", s);
	return (*n)++;
}

static void matrix_cell(FILE *f, const struct runlog *rl, const char *m, const char *p)
{
	const struct rl_summary *s = &rl->sum;
	const struct rl_group *g = NULL;
	struct pd_expect e;
	int mode, prov;
	size_t i;

	for (i = 0; i < s->ngroups && !g; i++)
		if (!strcmp(s->groups[i].m, m) && !strcmp(s->groups[i].p, p))
			g = &s->groups[i];
	if (!g) {
		mode = pd_park_mode_lookup(m, strlen(m));
		prov = pd_provoke_parse(p, strlen(p));
		fputs("<td class=\"notrun\">not run", f);
		if (mode >= 0 && prov >= 0) {
			pd_expect((enum pd_park_mode)mode, (unsigned)prov, s->platform, &e);
			fprintf(f, "; expected %s", runlog_pass_name(e.pass));
			if (!e.pass)
				fputs("<span class=\"neg\">negative control</span>", f);
		}
		fputs("</td>", f);
		return;
	}
	fputs("<td class=\"", f);
	fputs(!g->known ? "unknown" : g->observed_pass == g->expected_pass ? "same" : "differs", f);
	fputs("\" data-mode=\"", f);
	esc(f, m);
	fputs("\" data-provoke=\"", f);
	esc(f, p);
	fprintf(f, "\" data-expected=\"%s\" data-observed=\"%s\" data-negative=\"%d\">",
		g->known ? runlog_pass_name(g->expected_pass) : "unknown",
		runlog_pass_name(g->observed_pass), g->known && !g->expected_pass);
	if (g->known)
		fprintf(f, "expected <b>%s</b>, observed <b>%s</b>",
			runlog_pass_name(g->expected_pass), runlog_pass_name(g->observed_pass));
	else
		fprintf(f, "observed <b>%s</b>, no expectation (unknown here)",
			runlog_pass_name(g->observed_pass));
	if (g->known && !g->expected_pass)
		fputs("<span class=\"neg\">negative control</span>", f);
	fprintf(f, "<br>%" PRIu64 " %s (%" PRIu64 " passed): ", g->cycles,
		g->cycles == 1 ? "cycle" : "cycles", g->passed);
	report_fact_counts(f, g->counts);
	if (g->scribbled)
		fprintf(f, ", scribbled %" PRIu64, g->scribbled);
	if (g->exceptions)
		fprintf(f, ", exceptions %" PRIu64, g->exceptions);
	if (g->smi.count)
		fprintf(f, "<br>SMI %" PRIu64 "/%" PRIu64 "/%" PRIu64 " us (min/median/max)",
			g->smi.min, g->smi.median, g->smi.max);
	if (g->nfailing) {
		fputs("<br>failing CPUs: ", f);
		for (i = 0; i < g->nfailing && i < 16; i++) {
			if (i)
				fputs(", ", f);
			report_fact_cpu(f, rl, g->failing[i]);
		}
		if (g->nfailing > 16)
			fprintf(f, " and %zu more", g->nfailing - 16);
	}
	if (g->why && g->known && g->observed_pass != g->expected_pass) {
		fputs("<br><span class=\"note\">", f);
		esc(f, g->why);
		fputs("</span>", f);
	}
	fputs("</td>", f);
}

void html_matrix(FILE *f, const struct runlog *rl)
{
	const struct rl_summary *s = &rl->sum;
	static char modes[RL_MAX_GROUPS][48], provs[RL_MAX_GROUPS][48];
	size_t nm = 0, np = 0, i, j;

	fputs("<section id=\"matrix\"><h2>Expected against observed</h2>\n", f);
	if (!s->ngroups) {
		fputs("<p>No cycles: nothing parked (the probe only, or the schedule never "
		      "ran).</p></section>\n",
		      f);
		return;
	}
	for (i = 0; i < s->ngroups; i++) {
		name_slot(modes, &nm, RL_MAX_GROUPS, s->groups[i].m);
		name_slot(provs, &np, RL_MAX_GROUPS, s->groups[i].p);
	}
	fputs("<p>Each cell: one mode and provocation set over the cycles that ran it, "
	      "against the expected matrix (<code>pd_expect()</code>). A negative control is "
	      "expected to fail: caught failing, it passes.</p>\n",
	      f);
	fputs("<table id=\"matrix-table\"><thead><tr><th>mode \\ provocation</th>", f);
	for (j = 0; j < np; j++) {
		fputs("<th scope=\"col\">", f);
		esc(f, provs[j][0] ? provs[j] : "?");
		fputs("</th>", f);
	}
	fputs("</tr></thead><tbody>\n", f);
	for (i = 0; i < nm; i++) {
		fputs("<tr><th scope=\"row\">", f);
		esc(f, modes[i][0] ? modes[i] : "?");
		fputs("</th>", f);
		for (j = 0; j < np; j++)
			matrix_cell(f, rl, modes[i], provs[j]);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></section>\n", f);
}

/* ---- heat map: CPU x mode ---- */

struct hm_cpu {
	const struct rl_cpumodes *cm;
	uint32_t pkg, core, thread, apic;
	int topo;
	size_t row;	 /* row group within the mode block */
	unsigned slot;	 /* core position within the row */
	unsigned tslot;	 /* thread position within the core */
	uint32_t failed; /* bit per mode: in a failing list of a group of it */
};

static int cmp_hm(const void *a, const void *b)
{
	const struct hm_cpu *x = a, *y = b;

	if (x->pkg != y->pkg)
		return x->pkg < y->pkg ? -1 : 1;
	if (x->core != y->core)
		return x->core < y->core ? -1 : 1;
	if (x->thread != y->thread)
		return x->thread < y->thread ? -1 : 1;
	return x->apic < y->apic ? -1 : x->apic > y->apic;
}

/* The outcome a cell shows: the worst present (reset first, ok last). */
static int worst_outcome(const uint64_t *counts)
{
	static const int order[] = {PD_OUTCOME_RESET,	 PD_OUTCOME_LOST, PD_OUTCOME_STRAY,
				    PD_OUTCOME_MISMATCH, PD_OUTCOME_LATE, PD_OUTCOME_WOKE,
				    PD_OUTCOME_SKIPPED,	 PD_OUTCOME_OK};
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (counts[order[i]])
			return order[i];
	return -1;
}

static int in_ids(const uint32_t *ids, size_t n, uint32_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (ids[mid] == id)
			return 1;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static void legend(FILE *f, int exception, int pass_fail)
{
	int o;

	fputs("<p class=\"legend\">", f);
	for (o = 0; o < PD_OUTCOME_COUNT; o++)
		fprintf(f, "<span class=\"sw o-%s\"></span>%s", outcome_class(o),
			pd_outcome_name((enum pd_outcome)o));
	fputs("<span class=\"sw o-none\"></span>no counts", f);
	if (exception)
		fputs("<span class=\"sw o-exception\"></span>exception", f);
	if (pass_fail)
		fputs("<span class=\"sw o-pass\"></span>cycle passed"
		      "<span class=\"sw o-fail\"></span>cycle not passed",
		      f);
	fputs("</p>\n", f);
}

/* Places the CPUs: rows of HM_CORES_PER_ROW cores of one package. */
static size_t hm_layout(struct hm_cpu *c, size_t n, unsigned *threads)
{
	size_t i, rows = 0, ord = 0;
	unsigned t = 0;

	*threads = 1;
	for (i = 0; i < n; i++) {
		int new_pkg = !i || c[i].pkg != c[i - 1].pkg;
		int new_core = new_pkg || c[i].core != c[i - 1].core || !c[i].topo;

		if (new_pkg)
			ord = 0;
		else if (new_core)
			ord++;
		t = new_core ? 0 : t + 1;
		if (t + 1 > *threads)
			*threads = t + 1;
		if (new_pkg || (new_core && ord % HM_CORES_PER_ROW == 0))
			rows++;
		c[i].row = rows - 1;
		c[i].slot = (unsigned)(ord % HM_CORES_PER_ROW);
		c[i].tslot = t;
	}
	if (*threads > HM_MAX_THREADS)
		*threads = HM_MAX_THREADS;
	return rows;
}

static void hm_title(FILE *f, const struct runlog *rl, const struct hm_cpu *c, int m)
{
	fputs("<title>", f);
	report_fact_cpu(f, rl, c->apic);
	fprintf(f, " %s: ", pd_park_mode_name((enum pd_park_mode)m));
	if (c->cm->modes & (1u << m))
		report_fact_counts(f, c->cm->counts[m]);
	else
		fputs("not in the table", f);
	if (c->failed & (1u << m))
		fputs("; failing", f);
	fputs("</title>", f);
}

static void heatmap_svg(FILE *f, const struct runlog *rl, const struct hm_cpu *c, size_t n,
			uint32_t modes, size_t rows, unsigned threads)
{
	unsigned core_w = threads * (HM_CELL + HM_THREAD_GAP) + HM_CORE_GAP;
	unsigned width = HM_LABEL_W + HM_CORES_PER_ROW * core_w;
	size_t nmodes = 0, y = 0, i, first;
	int m;

	for (m = 0; m < PD_PARK_MODE_COUNT; m++)
		nmodes += (modes >> m) & 1;
	fprintf(f,
		"<svg id=\"heatmap-svg\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" "
		"height=\"%zu\" role=\"img\" aria-label=\"CPU by mode outcomes, %zu CPUs; the "
		"table below holds the same counts\">\n",
		width, nmodes * (rows + 1) * HM_ROW_H + 4, n);
	for (m = 0; m < PD_PARK_MODE_COUNT; m++) {
		if (!(modes & (1u << m)))
			continue;
		fprintf(f, "<text class=\"h\" x=\"0\" y=\"%zu\">%s</text>\n", y + HM_CELL,
			pd_park_mode_name((enum pd_park_mode)m));
		y += HM_ROW_H;
		for (i = 0; i < n; i = first) {
			size_t row = c[i].row;

			first = i;
			while (first < n && c[first].row == row)
				first++;
			fprintf(f, "<g class=\"hm-row\" data-mode=\"%s\">",
				pd_park_mode_name((enum pd_park_mode)m));
			if (c[i].topo)
				fprintf(f,
					"<text x=\"8\" y=\"%zu\">pkg %" PRIu32 " core %" PRIu32
					"&#8211;%" PRIu32 "</text>",
					y + HM_CELL, c[i].pkg, c[i].core, c[first - 1].core);
			else
				fprintf(f,
					"<text x=\"8\" y=\"%zu\">APIC %" PRIu32 "&#8211;%" PRIu32
					"</text>",
					y + HM_CELL, c[i].apic, c[first - 1].apic);
			for (; i < first; i++) {
				int o = c[i].cm->modes & (1u << m)
					    ? worst_outcome(c[i].cm->counts[m])
					    : -1;
				unsigned ts = c[i].tslot % threads;

				fprintf(f,
					"<rect x=\"%u\" y=\"%zu\" width=\"%d\" height=\"%d\" "
					"class=\"o-%s%s\">",
					HM_LABEL_W + c[i].slot * core_w +
					    ts * (HM_CELL + HM_THREAD_GAP),
					y, HM_CELL, HM_CELL, outcome_class(o),
					c[i].failed & (1u << m) ? " bad" : "");
				hm_title(f, rl, &c[i], m);
				fputs("</rect>", f);
			}
			fputs("</g>\n", f);
			y += HM_ROW_H;
		}
	}
	fputs("</svg>\n", f);
}

static void heatmap_table(FILE *f, const struct runlog *rl, const struct hm_cpu *c, size_t n,
			  uint32_t modes)
{
	size_t i;
	int m;

	fputs("<details><summary>The same counts as a table</summary>\n"
	      "<table id=\"heatmap-table\"><caption>Outcome counts per CPU and mode over the "
	      "run</caption><thead><tr><th scope=\"col\">CPU (pkg/core/thread)</th>",
	      f);
	for (m = 0; m < PD_PARK_MODE_COUNT; m++)
		if (modes & (1u << m))
			fprintf(f, "<th scope=\"col\">%s</th>",
				pd_park_mode_name((enum pd_park_mode)m));
	fputs("</tr></thead><tbody>\n", f);
	for (i = 0; i < n; i++) {
		fputs("<tr><th scope=\"row\">", f);
		report_fact_cpu(f, rl, c[i].apic);
		fputs("</th>", f);
		for (m = 0; m < PD_PARK_MODE_COUNT; m++) {
			if (!(modes & (1u << m)))
				continue;
			fputs("<td>", f);
			if (c[i].cm->modes & (1u << m))
				report_fact_counts(f, c[i].cm->counts[m]);
			else
				fputs("&mdash;", f);
			if (c[i].failed & (1u << m))
				fputs(" (failing)", f);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></details>\n", f);
}

void html_heatmap(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	const struct rl_summary *s = &rl->sum;
	struct hm_cpu *c;
	uint32_t modes = 0;
	size_t i, j, rows;
	unsigned threads;

	fputs("<section id=\"heatmap\"><h2>CPU &times; mode</h2>\n", f);
	if (!run->ncpumodes) {
		fputs("<p>No per-CPU table (no cpumodes records: no schedule ran to its "
		      "end).</p></section>\n",
		      f);
		return;
	}
	c = calloc(run->ncpumodes, sizeof(*c));
	if (!c) {
		fputs("<p>out of memory</p></section>\n", f);
		return;
	}
	for (i = 0; i < run->ncpumodes; i++) {
		const struct rl_cpu *cpu = runlog_cpu_by_apic(rl, run->cpumodes[i].apic);

		c[i].cm = &run->cpumodes[i];
		c[i].apic = run->cpumodes[i].apic;
		c[i].topo = cpu && cpu->has_topo;
		if (c[i].topo) {
			c[i].pkg = cpu->pkg;
			c[i].core = cpu->core;
			c[i].thread = cpu->thread;
		} else {
			/* No topology: one group by APIC ID, after those with one. */
			c[i].pkg = UINT32_MAX;
			c[i].core = c[i].apic;
		}
		modes |= run->cpumodes[i].modes;
		for (j = 0; j < s->ngroups; j++)
			if (s->groups[j].has_mode &&
			    in_ids(s->groups[j].failing, s->groups[j].nfailing, c[i].apic))
				c[i].failed |= 1u << s->groups[j].mode;
	}
	qsort(c, run->ncpumodes, sizeof(*c), cmp_hm);
	rows = hm_layout(c, run->ncpumodes, &threads);
	fprintf(f,
		"<p>Each square is one CPU in one mode, coloured by the worst outcome it had over "
		"the run (hover for the counts); a black frame: the CPU is in the failing list of "
		"a group of that mode. Rows: up to %d cores of one package, their threads side by "
		"side.</p>\n",
		HM_CORES_PER_ROW);
	legend(f, 0, 0);
	heatmap_svg(f, rl, c, run->ncpumodes, modes, rows, threads);
	heatmap_table(f, rl, c, run->ncpumodes, modes);
	fputs("</section>\n", f);
	free(c);
}

/* ---- timeline: cycle x CPU, anomalies ---- */

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static long find_u32(const uint32_t *v, size_t n, uint32_t x)
{
	const uint32_t *p = bsearch(&x, v, n, sizeof(*v), cmp_u32);

	return p ? (long)(p - v) : -1;
}

static void tl_cell(FILE *f, const struct runlog *rl, long col, size_t row, const char *cls,
		    uint32_t n, uint32_t apic, const char *what)
{
	const struct rl_run *run = &rl->cur;
	size_t ci = runlog_cycle_index(run, n);

	fprintf(f, "<rect x=\"%ld\" y=\"%zu\" width=\"%d\" height=\"%d\" class=\"o-%s\"><title>",
		TL_LABEL_W + col * (TL_CELL + 1), (row + 1) * (TL_CELL + 3), TL_CELL, TL_CELL, cls);
	fprintf(f, "cycle %" PRIu32, n);
	if (ci < run->ncycles) {
		fputs(" (", f);
		esc(f, run->cycles[ci].m);
		fputs(" ", f);
		esc(f, run->cycles[ci].p);
		fputs(")", f);
	}
	fputs(", ", f);
	report_fact_cpu(f, rl, apic);
	fputs(": ", f);
	esc(f, what);
	fputs("</title></rect>", f);
}

void html_timeline(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	uint32_t *cols, *cpus;
	size_t ncols = 0, ncpus = 0, i, anomalous = 0, ncpus_all;
	unsigned width;

	fputs("<section id=\"timeline\"><h2>Timeline of anomalies (cycle &times; CPU)</h2>\n", f);
	if (!run->ncycles) {
		fputs("<p>No cycles.</p></section>\n", f);
		return;
	}
	for (i = 0; i < run->ncycles; i++)
		anomalous += !run->cycles[i].passed;
	cols = calloc(run->ncycles, sizeof(*cols));
	cpus = calloc(run->noutcomes + run->nexceptions + 1, sizeof(*cpus));
	if (!cols || !cpus) {
		free(cols);
		free(cpus);
		fputs("<p>out of memory</p></section>\n", f);
		return;
	}
	/* Columns: every cycle when they fit, else the ones not passed first. */
	for (i = 0; i < run->ncycles && ncols < TL_MAX_CYCLES; i++)
		if (run->ncycles <= TL_MAX_CYCLES || !run->cycles[i].passed)
			cols[ncols++] = run->cycles[i].n;
	for (i = 0; i < run->noutcomes; i++)
		cpus[ncpus++] = run->outcomes[i].apic;
	for (i = 0; i < run->nexceptions; i++)
		if (run->exceptions[i].has_apic && run->exceptions[i].has_cycle)
			cpus[ncpus++] = run->exceptions[i].apic;
	ncpus = idlist_sort_unique(cpus, ncpus);
	ncpus_all = ncpus;
	if (ncpus > TL_MAX_CPUS)
		ncpus = TL_MAX_CPUS;
	fprintf(f,
		"<p>%zu %s, %zu not passed; %zu %s with an anomaly (outcome records and "
		"exceptions). The first row is the cycle itself.",
		run->ncycles, run->ncycles == 1 ? "cycle" : "cycles", anomalous, ncpus_all,
		ncpus_all == 1 ? "CPU" : "CPUs");
	if (run->ncycles > ncols)
		fprintf(f, " Shown: %zu of the cycles (those not passed first).", ncols);
	if (ncpus_all > ncpus)
		fprintf(f, " Shown: the first %zu CPUs by APIC ID.", ncpus);
	fputs("</p>\n", f);
	legend(f, 1, 1);
	width = TL_LABEL_W + (unsigned)ncols * (TL_CELL + 1) + 4;
	fprintf(f,
		"<svg id=\"timeline-svg\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" "
		"height=\"%zu\" role=\"img\" aria-label=\"anomalies per cycle and CPU\">\n",
		width, (ncpus + 2) * (TL_CELL + 3));
	fputs("<g class=\"tl-row\" data-row=\"cycle\"><text x=\"8\" y=\"9\">cycle</text>", f);
	for (i = 0; i < ncols; i++) {
		const struct rl_cycle *cy = &run->cycles[runlog_cycle_index(run, cols[i])];

		fprintf(f,
			"<rect x=\"%zu\" y=\"0\" width=\"%d\" height=\"%d\" class=\"o-%s\"><title>"
			"cycle %" PRIu32 " ",
			TL_LABEL_W + i * (TL_CELL + 1), TL_CELL, TL_CELL,
			cy->reset    ? "reset"
			: cy->passed ? "pass"
				     : "fail",
			cy->n);
		esc(f, cy->m);
		fputs(" ", f);
		esc(f, cy->p);
		fputs(": ", f);
		report_fact_counts(f, cy->counts);
		if (cy->reset && cy->phase[0]) {
			fputs(", reset in phase ", f);
			esc(f, cy->phase);
		}
		fputs(cy->passed ? "; passed" : "; not passed", f);
		fputs("</title></rect>", f);
	}
	fputs("</g>\n", f);
	for (i = 0; i < ncpus; i++) {
		fprintf(f, "<g class=\"tl-row\" data-apic=\"%" PRIu32 "\"><text x=\"8\" y=\"%zu\">",
			cpus[i], (i + 1) * (TL_CELL + 3) + TL_CELL - 1);
		report_fact_cpu(f, rl, cpus[i]);
		fputs("</text>", f);
		fputs("</g>\n", f);
	}
	/* The cells, by record: a CPU's outcome, or an exception it took. */
	fputs("<g class=\"tl-cells\">", f);
	for (i = 0; i < run->noutcomes; i++) {
		const struct rl_outcome *x = &run->outcomes[i];
		long col = find_u32(cols, ncols, x->n), row = find_u32(cpus, ncpus, x->apic);
		char what[64];

		if (col < 0 || row < 0)
			continue;
		/* -1: a count the record lacks, as printed before it had its flag */
		snprintf(what, sizeof(what), "%s, wake-ups before %" PRId64 " after %" PRId64,
			 x->name[0] ? x->name : "?", x->has_before ? x->before : -1,
			 x->has_after ? x->after : -1);
		tl_cell(f, rl, col, (size_t)row, x->has_o ? outcome_class(x->o) : "none", x->n,
			x->apic, what);
	}
	for (i = 0; i < run->nexceptions; i++) {
		const struct rl_exception *x = &run->exceptions[i];
		long col, row;
		char what[64];

		if (!x->has_apic || !x->has_cycle)
			continue;
		col = find_u32(cols, ncols, (uint32_t)x->cycle);
		row = find_u32(cpus, ncpus, x->apic);
		if (col < 0 || row < 0)
			continue;
		snprintf(what, sizeof(what), "exception %s (vector %" PRIu64 ")",
			 x->name[0] ? x->name : "?", x->vector);
		tl_cell(f, rl, col, (size_t)row, "exception", (uint32_t)x->cycle, x->apic, what);
	}
	fputs("</g>\n</svg>\n</section>\n", f);
	free(cols);
	free(cpus);
}
