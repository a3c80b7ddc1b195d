/* SPDX-License-Identifier: MIT */
/*
 * The HTML report: what a firmware engineer who did not run the test reads
 * in a bug ticket.  One self-contained page: inline CSS and SVG, no script,
 * nothing fetched.  Every string from the machine goes through
 * report_markup().  Element ids and classes are what tests/report/ checks.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "host/model/idlist.h"
#include "host/report/report.h"
#include "results/fields.h"
#include "results/park.h"

#define esc  report_markup
#define escf report_markupf

/* The CPU table lists every CPU up to this count, anomalies beyond. */
#define HTML_CPU_TABLE_MAX 64
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
/* Phase-time table rows. */
#define PHASE_ROWS_MAX 200

static const char style[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:0 1em "
    "2em;color:#1b1b1b}"
    "h1{margin:.2em 0}h2{border-bottom:1px solid #ccc;margin-top:1.6em}"
    "table{border-collapse:collapse;margin:.4em 0}"
    "th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}"
    "table.kv th{background:#f4f4f4;white-space:nowrap}"
    "code,.mono{font-family:ui-monospace,monospace;overflow-wrap:anywhere}"
    ".verdict{padding:.6em 1em;border-radius:6px;color:#fff;margin-top:1em}"
    ".v-pass{background:#2e7d32}.v-fail{background:#c62828}.v-broken{background:#6a1b9a}"
    ".verdict p{margin:.2em 0;font-size:1.1em}"
    "td.same{background:#e8f5e9}td.differs{background:#ffcdd2;font-weight:bold}"
    "td.notrun{color:#777;background:#fafafa}td.unknown{background:#fff3e0}"
    ".neg{display:inline-block;font-size:.8em;border:1px solid #555;border-radius:3px;"
    "padding:0 3px;margin-left:4px}"
    ".o-ok{fill:#66bb6a;background:#66bb6a}.o-woke{fill:#ffca28;background:#ffca28}"
    ".o-late{fill:#ff7043;background:#ff7043}.o-lost{fill:#b71c1c;background:#b71c1c}"
    ".o-stray{fill:#8e24aa;background:#8e24aa}.o-mismatch{fill:#d81b60;background:#d81b60}"
    ".o-skipped{fill:#bdbdbd;background:#bdbdbd}.o-reset{fill:#212121;background:#212121}"
    ".o-none{fill:#eeeeee;background:#eeeeee}.o-exception{fill:#0d47a1;background:#0d47a1}"
    ".o-pass{fill:#a5d6a7;background:#a5d6a7}.o-fail{fill:#ef9a9a;background:#ef9a9a}"
    "rect.bad{stroke:#000;stroke-width:2}"
    ".legend span.sw{display:inline-block;width:12px;height:12px;margin:0 4px 0 10px;"
    "vertical-align:middle;border:1px solid #999}"
    "svg text{font:11px system-ui,sans-serif;fill:#333}svg text.h{font-weight:bold}"
    ".note{color:#555}details{margin:.4em 0}";

/* ---- small pieces ---- */

static const char *yn(int64_t v)
{
	return v < 0 ? "unknown" : v ? "yes" : "no";
}

static const char *or_unknown(const char *s)
{
	return s[0] ? s : "?";
}

/* <tr><th>label</th><td id="id"> ... the caller writes the value ... */
static void kv_open(FILE *f, const char *id, const char *label)
{
	fprintf(f, "<tr><th>%s</th><td id=\"%s\">", label, id);
}

static void kv_close(FILE *f)
{
	fputs("</td></tr>\n", f);
}

/* A whole row whose value is one machine string. */
static void kv_str(FILE *f, const char *id, const char *label, const char *value)
{
	kv_open(f, id, label);
	esc(f, or_unknown(value));
	kv_close(f);
}

static void put_ids(FILE *f, const uint32_t *ids, size_t n)
{
	char *s = idlist_format(ids, n);

	esc(f, s ? s : "?");
	free(s);
}

static const char *outcome_class(int o)
{
	return o >= 0 && o < PD_OUTCOME_COUNT ? pd_outcome_name((enum pd_outcome)o) : "none";
}

/* ---- top: verdict, machine, run ---- */

static void verdict(FILE *f, const struct runlog *rl)
{
	const struct rl_summary *s = &rl->sum;
	const char *v = runlog_verdict_name(s->verdict);

	fprintf(f, "<header id=\"verdict\" class=\"verdict v-%s\" data-verdict=\"%s\">\n", v, v);
	fprintf(f, "<h1>%s</h1>\n",
		s->verdict == RL_PASS	? "PASS"
		: s->verdict == RL_FAIL ? "FAIL"
					: "BROKEN");
	fputs("<p id=\"verdict-reason\">", f);
	esc(f, s->reason[0] ? s->reason : "no reason given");
	fputs("</p>\n", f);
	if (rl->cur.started)
		fprintf(f, "<p>run %08" PRIx32 ", %zu %s</p>\n", rl->cur.run, rl->cur.nboots,
			rl->cur.nboots == 1 ? "boot" : "boots");
	fputs("</header>\n", f);
}

static void machine_cpu(FILE *f, const struct runlog *rl)
{
	const struct rl_summary *s = &rl->sum;
	const struct rl_features *ft = &rl->cur.features;
	const struct cpu_identity *id = &s->identity;
	size_t i;

	kv_open(f, "m-cpu", "CPU");
	if (s->identity_tried && id->ok) {
		esc(f, id->brand);
		fputs(" &mdash; ", f);
		esc(f, id->vendor);
		char ctext[256];

		fputs(", codename ", f);
		esc(f, identify_codename_text(id, ctext, sizeof(ctext)));
		fprintf(f,
			", family %d model %d stepping %d (libcpuid %s; raw family %d model %d, "
			"%zu CPUs in the dump)",
			id->ext_family, id->ext_model, id->stepping, id->libcpuid, id->family,
			id->model, s->dump_cpus);
	} else if (s->identity_tried) {
		fputs("libcpuid could not name it: ", f);
		esc(f, id->error[0] ? id->error : "unknown error");
	} else {
		fputs("no CPUID dump received", f);
	}
	kv_close(f);
	if (ft->have) {
		kv_open(f, "m-cpuid", ft->from_dump ? "CPUID (dump)" : "CPUID (payload)");
		esc(f, or_unknown(ft->vendor));
		if (ft->family >= 0)
			fprintf(f, ", family %" PRId64 " (0x%" PRIx64 ")", ft->family, ft->family);
		if (ft->model >= 0)
			fprintf(f, ", model %" PRId64 " (0x%" PRIx64 ")", ft->model, ft->model);
		if (ft->stepping >= 0)
			fprintf(f, ", stepping %" PRId64, ft->stepping);
		if (ft->brand[0]) {
			fputs(", &ldquo;", f);
			esc(f, ft->brand);
			fputs("&rdquo;", f);
		}
		kv_close(f);
	}
	kv_open(f, "m-microcode", "Microcode");
	if (!s->nucode)
		fputs(ft->ucode >= 0 ? "" : "unknown", f);
	if (!s->nucode && ft->ucode >= 0)
		fprintf(f, "0x%" PRIx64, ft->ucode);
	for (i = 0; i < s->nucode; i++) {
		fprintf(f, "%s<span class=\"mono\">0x%" PRIx64 "</span> on APIC ", i ? "; " : "",
			s->ucode[i].ucode);
		put_ids(f, s->ucode[i].apics, s->ucode[i].n);
	}
	if (s->nucode > 1)
		fputs(" <strong>(differs between CPUs)</strong>", f);
	kv_close(f);
}

static void machine_features(FILE *f, const struct runlog *rl)
{
	const struct rl_features *ft = &rl->cur.features;
	const struct rl_topology *t = &rl->cur.topology;

	if (ft->have) {
		kv_open(f, "m-memenc", "Memory encryption");
		report_fact_memenc(f, ft);
		kv_close(f);

		kv_open(f, "m-mwait", "MWAIT");
		report_fact_mwait(f, ft);
		kv_close(f);
	}
	kv_open(f, "m-topology", "Topology");
	if (t->have) {
		report_fact_topology(f, t, report_markup);
	} else {
		fputs("unknown (no topology record)", f);
	}
	kv_close(f);
	kv_open(f, "m-x2apic", "x2APIC");
	fprintf(f, "CPUID %s", ft->have ? yn(ft->x2apic) : "unknown");
	if (rl->cur.apic.have) {
		fputs("; APIC mode in use ", f);
		esc(f, or_unknown(rl->cur.apic.mode));
		if (rl->cur.apic.has_bsp)
			fprintf(f, ", BSP APIC ID %" PRIu64, rl->cur.apic.bsp);
	}
	kv_close(f);
}

static void machine(FILE *f, const struct runlog *rl)
{
	const struct rl_smbios *s = &rl->cur.smbios;
	const struct rl_acpi *a = &rl->cur.acpi;

	fputs("<section id=\"machine\"><h2>Machine</h2>\n<table class=\"kv\">\n", f);
	if (s->have) {
		kv_open(f, "m-system", "System (SMBIOS)");
		esc(f, or_unknown(s->sys_vendor));
		fputs(" ", f);
		esc(f, or_unknown(s->sys_product));
		kv_close(f);
		kv_open(f, "m-board", "Board");
		if (s->board_vendor[0] || s->board_product[0]) {
			esc(f, or_unknown(s->board_vendor));
			fputs(" ", f);
			esc(f, or_unknown(s->board_product));
		} else {
			fputs("not given (no SMBIOS type 2)", f);
		}
		kv_close(f);
		kv_open(f, "m-bios", "BIOS");
		esc(f, or_unknown(s->bios_vendor));
		fputs(", version ", f);
		esc(f, or_unknown(s->bios_version));
		fputs(", date ", f);
		esc(f, or_unknown(s->bios_date));
		if (s->ver[0]) {
			fputs(" (SMBIOS ", f);
			esc(f, s->ver);
			fputs(")", f);
		}
		kv_close(f);
		if (s->cpu_socket[0] || s->cpu_version[0]) {
			kv_open(f, "m-socket", "Socket");
			esc(f, or_unknown(s->cpu_socket));
			fputs(": ", f);
			esc(f, or_unknown(s->cpu_version));
			kv_close(f);
		}
	} else {
		kv_str(f, "m-system", "System (SMBIOS)", "unknown (no smbios record)");
	}
	machine_cpu(f, rl);
	machine_features(f, rl);
	if (a->have) {
		kv_open(f, "m-acpi", "ACPI");
		fputs("OEM ", f);
		esc(f, or_unknown(a->oem));
		fputs(", ", f);
		esc(f, or_unknown(a->sdt));
		fprintf(f, ", MADT %s", a->has_madt ? (a->madt ? "yes" : "no") : "unknown");
		if (a->has_entries)
			fprintf(f, " (%" PRIu64 " CPU entries)", a->entries);
		fprintf(f, ", FADT %s", a->has_fadt ? (a->fadt ? "yes" : "no") : "unknown");
		if (a->has_smi_cmd)
			fprintf(f, ", SMI command port 0x%" PRIx64, a->smi_cmd);
		kv_close(f);
	}
	if (rl->cur.tsc.have) {
		kv_open(f, "m-tsc", "TSC");
		fprintf(f, "%" PRIu64 " kHz (", rl->cur.tsc.khz);
		esc(f, or_unknown(rl->cur.tsc.source));
		fputs(")", f);
		kv_close(f);
	}
	fputs("</table></section>\n", f);
}

static void run_facts(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	const struct rl_summary *s = &rl->sum;
	const struct rl_kexec *k = &run->kexec;
	const struct rl_boot_info *i = &run->info;

	fputs("<section id=\"run\"><h2>Run</h2>\n<table class=\"kv\">\n", f);
	kv_open(f, "r-payload", "Payload");
	if (i->have) {
		esc(f, or_unknown(i->version));
		fputs(", boot path ", f);
		esc(f, or_unknown(i->path));
		fputs(", loader ", f);
		esc(f, or_unknown(i->loader));
		if (i->has_mem_kb)
			fprintf(f, ", %" PRIu64 " MiB", i->mem_kb / 1024);
	} else {
		fputs("unknown (no boot record)", f);
	}
	kv_close(f);
	kv_open(f, "r-cmdline", "Options (boot line)");
	fputs("<code>", f);
	esc(f, i->have ? i->cmdline : "");
	fputs("</code>", f);
	kv_close(f);
	kv_open(f, "r-schedule", "Schedule");
	if (k->have) {
		fputs("modes <code>", f);
		esc(f, or_unknown(k->modes));
		fputs("</code>, provocations <code>", f);
		esc(f, or_unknown(k->provoke));
		fputs("</code>, ", f);
		if (k->cycles >= 0)
			fprintf(f, "%" PRId64 " cycles planned, ", k->cycles);
		fprintf(f,
			"%" PRIu64 " run (%" PRIu64 " reset, %" PRIu64 " scribbled, %" PRIu64
			" not passed); load ",
			s->cycles_run, s->cycles_reset, s->cycles_scribbled, s->cycles_failed);
		esc(f, or_unknown(k->load));
		fputs(", on reset ", f);
		esc(f, or_unknown(k->on_reset));
		if (k->mwait_hint >= 0)
			fprintf(f, ", MWAIT hint in use 0x%02" PRIx64, (uint64_t)k->mwait_hint);
	} else if (s->schedule) {
		fprintf(f, "no kexec record: the schedule is unknown (%" PRIu64 " cycles seen)",
			s->cycles_run);
	} else {
		fputs("none (no kexec record: the probe only)", f);
	}
	kv_close(f);
	kv_open(f, "r-platform", "Judged by");
	if (s->schedule) {
		fprintf(f, "the <strong>%s</strong> column of the expected matrix",
			s->platform == PD_QEMU_TCG ? "qemu-tcg" : "hardware");
		if (k->have) {
			fputs(" (the payload said <code>", f);
			esc(f, or_unknown(k->platform));
			fputs("</code>)", f);
		}
	} else {
		fputs("no schedule", f);
	}
	kv_close(f);
	kv_open(f, "r-wbinvd", "WBINVD before handover");
	if (k->have) {
		fputs(k->wbinvd < 0 ? "unknown" : k->wbinvd ? "yes" : "no", f);
		if (k->why[0]) {
			fputs(" &mdash; ", f);
			esc(f, k->why);
		}
	} else {
		fputs("unknown (no kexec record)", f);
	}
	kv_close(f);
	if (rl->stop_reason[0]) {
		kv_open(f, "r-stop", "Collection stopped");
		esc(f, rl->stop_reason);
		kv_close(f);
	}
	fputs("</table></section>\n", f);
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

static void matrix(FILE *f, const struct runlog *rl)
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

static void heatmap(FILE *f, const struct runlog *rl)
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
		c[i].topo = cpu && (cpu->has & RL_CPU_TOPO);
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
			if (s->groups[j].mode >= 0 &&
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

static void timeline(FILE *f, const struct runlog *rl)
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
		if (run->exceptions[i].has_apic && run->exceptions[i].cycle >= 0)
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
		snprintf(what, sizeof(what), "%s, wake-ups before %" PRId64 " after %" PRId64,
			 x->name[0] ? x->name : "?", x->before, x->after);
		tl_cell(f, rl, col, (size_t)row, outcome_class(x->o), x->n, x->apic, what);
	}
	for (i = 0; i < run->nexceptions; i++) {
		const struct rl_exception *x = &run->exceptions[i];
		long col, row;
		char what[64];

		if (!x->has_apic || x->cycle < 0)
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

/* ---- CPUs, mismatches, errors, exceptions, phase times, records ---- */

static void cpus(FILE *f, const struct runlog *rl)
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

		if (c->state != PD_CPU_LOST)
			continue;
		fputs(lost++ ? ", " : "<strong>", f);
		fprintf(f, "<span class=\"lost\">idx %" PRIu32, c->idx);
		if (c->has & RL_CPU_APIC) {
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
		if (c->has & RL_CPU_APIC)
			fprintf(f, "%" PRIu32, c->apic);
		fputs("</td><td>", f);
		if (c->has & RL_CPU_TOPO)
			fprintf(f, "%" PRIu32 "/%" PRIu32 "/%" PRIu32, c->pkg, c->core, c->thread);
		fputs("</td><td>", f);
		esc(f, or_unknown(c->state_name));
		fputs("</td><td>", f);
		if ((c->has & RL_CPU_UP) && c->state == PD_CPU_ONLINE)
			fprintf(f, "%" PRIu64, c->up_us);
		fputs("</td><td>", f);
		if (c->has & RL_CPU_UCODE)
			fprintf(f, "0x%" PRIx64, c->ucode);
		fputs("</td><td>", f);
		esc(f, note ? note : "");
		fputs("</td></tr>\n", f);
	}
	if (shown)
		fputs("</tbody></table>\n", f);
	fputs("</section>\n", f);
}

static void mismatches(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	size_t i;

	fputs("<section id=\"mismatches\"><h2>CPUID and microcode mismatches</h2>\n", f);
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
		fprintf(f, "</td><td class=\"mono\">0x%08" PRIx64 "%s</td><td>", m->val,
			report_mismatch_has_bsp(rl, m) ? " (the BSP's)" : "");
		put_ids(f, m->apics, m->napics);
		if (m->bad_list)
			fputs(" (list unreadable or too long)", f);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table></section>\n", f);
}

static void errors(FILE *f, const struct runlog *rl)
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
		esc(f, or_unknown(e->level));
		fputs("</td><td><code>", f);
		esc(f, or_unknown(e->code));
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

static void exceptions(FILE *f, const struct runlog *rl)
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
		if (x->cycle >= 0)
			fprintf(f, ", cycle %" PRId64, x->cycle);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
	if (run->exceptions_total > run->nexceptions)
		fprintf(f, "<p>&hellip; and %" PRIu64 " more.</p>\n",
			run->exceptions_total - run->nexceptions);
	fputs("</section>\n", f);
}

static void phase_times(FILE *f, const struct runlog *rl)
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

static void records(FILE *f, const struct runlog *rl)
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

void report_html(FILE *f, const struct runlog *rl)
{
	const struct rl_smbios *s = &rl->cur.smbios;

	if (s->have)
		report_page_open(f, style, "playdead %s: %s %s",
				 runlog_verdict_name(rl->sum.verdict), or_unknown(s->sys_vendor),
				 or_unknown(s->sys_product));
	else
		report_page_open(f, style, "playdead %s", runlog_verdict_name(rl->sum.verdict));
	verdict(f, rl);
	machine(f, rl);
	run_facts(f, rl);
	matrix(f, rl);
	heatmap(f, rl);
	timeline(f, rl);
	cpus(f, rl);
	mismatches(f, rl);
	errors(f, rl);
	exceptions(f, rl);
	phase_times(f, rl);
	records(f, rl);
	fputs("<footer class=\"note\"><p>playdead report, format ", f);
	fprintf(f, "%d</p></footer>\n", PD_FORMAT_VERSION);
	report_page_close(f);
}

int report_html_save(const char *path, const struct runlog *rl)
{
	return report_save(path, rl, report_html);
}
