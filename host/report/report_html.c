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
#include "host/report/report_html_parts.h"
#include "results/fields.h"
#include "results/park.h"

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

const char *html_or_unknown(const char *s)
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
	esc(f, html_or_unknown(value));
	kv_close(f);
}

void html_put_ids(FILE *f, const uint32_t *ids, size_t n)
{
	char *s = idlist_format(ids, n);

	esc(f, s ? s : "?");
	free(s);
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
		esc(f, html_or_unknown(ft->vendor));
		if (ft->has_family)
			fprintf(f, ", family %" PRId64 " (0x%" PRIx64 ")", ft->family, ft->family);
		if (ft->has_model)
			fprintf(f, ", model %" PRId64 " (0x%" PRIx64 ")", ft->model, ft->model);
		if (ft->has_stepping)
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
		fputs(ft->has_ucode ? "" : "unknown", f);
	if (!s->nucode && ft->has_ucode)
		fprintf(f, "0x%" PRIx64, ft->ucode);
	for (i = 0; i < s->nucode; i++) {
		fprintf(f, "%s<span class=\"mono\">0x%" PRIx64 "</span> on APIC ", i ? "; " : "",
			s->ucode[i].ucode);
		html_put_ids(f, s->ucode[i].apics, s->ucode[i].n);
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
		esc(f, html_or_unknown(rl->cur.apic.mode));
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
		esc(f, html_or_unknown(s->sys_vendor));
		fputs(" ", f);
		esc(f, html_or_unknown(s->sys_product));
		kv_close(f);
		kv_open(f, "m-board", "Board");
		if (s->board_vendor[0] || s->board_product[0]) {
			esc(f, html_or_unknown(s->board_vendor));
			fputs(" ", f);
			esc(f, html_or_unknown(s->board_product));
		} else {
			fputs("not given (no SMBIOS type 2)", f);
		}
		kv_close(f);
		kv_open(f, "m-bios", "BIOS");
		esc(f, html_or_unknown(s->bios_vendor));
		fputs(", version ", f);
		esc(f, html_or_unknown(s->bios_version));
		fputs(", date ", f);
		esc(f, html_or_unknown(s->bios_date));
		if (s->ver[0]) {
			fputs(" (SMBIOS ", f);
			esc(f, s->ver);
			fputs(")", f);
		}
		kv_close(f);
		if (s->cpu_socket[0] || s->cpu_version[0]) {
			kv_open(f, "m-socket", "Socket");
			esc(f, html_or_unknown(s->cpu_socket));
			fputs(": ", f);
			esc(f, html_or_unknown(s->cpu_version));
			kv_close(f);
		}
	} else {
		kv_str(f, "m-system", "System (SMBIOS)", "unknown (no smbios record)");
	}
	if (rl->cur.bmc.have) {
		kv_open(f, "m-bmc", "BMC");
		report_fact_bmc(f, &rl->cur.bmc, report_markup);
		kv_close(f);
	}
	if (rl->cur.watchdog.have) {
		kv_open(f, "m-watchdog", "BMC watchdog");
		report_fact_watchdog(f, &rl->cur.watchdog, report_markup);
		kv_close(f);
	}
	machine_cpu(f, rl);
	machine_features(f, rl);
	if (a->have) {
		kv_open(f, "m-acpi", "ACPI");
		fputs("OEM ", f);
		esc(f, html_or_unknown(a->oem));
		fputs(", ", f);
		esc(f, html_or_unknown(a->sdt));
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
		if (rl->cur.tsc.has_khz)
			fprintf(f, "%" PRIu64 " kHz (", rl->cur.tsc.khz);
		else
			fputs("not measured (", f);
		esc(f, html_or_unknown(rl->cur.tsc.source));
		fputs(")", f);
		if (rl->cur.tsc.check[0] && rl->cur.tsc.has_diff_ppm) {
			fputs(", checked against ", f);
			esc(f, rl->cur.tsc.check);
			fprintf(f, ": %s by %" PRIu64 " ppm",
				rl->cur.tsc.diff_ppm > PD_TSC_AGREE_PPM ? "DISAGREE" : "agree",
				rl->cur.tsc.diff_ppm);
		}
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
		esc(f, html_or_unknown(i->version));
		fputs(", boot path ", f);
		esc(f, html_or_unknown(i->path));
		fputs(", loader ", f);
		esc(f, html_or_unknown(i->loader));
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
		esc(f, html_or_unknown(k->modes));
		fputs("</code>, provocations <code>", f);
		esc(f, html_or_unknown(k->provoke));
		fputs("</code>, ", f);
		if (k->has_cycles)
			fprintf(f, "%" PRId64 " cycles planned, ", k->cycles);
		fprintf(f,
			"%" PRIu64 " run (%" PRIu64 " reset, %" PRIu64 " scribbled, %" PRIu64
			" not passed); ",
			s->cycles_run, s->cycles_reset, s->cycles_scribbled, s->cycles_failed);
		if (s->cycles_hung) {
			report_fact_hung(f, s);
			fputs("; ", f);
		}
		fputs("load ", f);
		esc(f, html_or_unknown(k->load));
		if (k->has_load_at)
			fprintf(f, " at 0x%" PRIx64, (uint64_t)k->load_at);
		if (k->load_why[0]) {
			fputs(" (", f);
			esc(f, k->load_why);
			fputc(')', f);
		}
		fputs(", on reset ", f);
		esc(f, html_or_unknown(k->on_reset));
		if (k->has_mwait_hint)
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
			esc(f, html_or_unknown(k->platform));
			fputs("</code>)", f);
		}
	} else {
		fputs("no schedule", f);
	}
	kv_close(f);
	kv_open(f, "r-wbinvd", "WBINVD before handover");
	if (k->have) {
		fputs(!k->has_wbinvd ? "unknown" : k->wbinvd ? "yes" : "no", f);
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

void report_html(FILE *f, const struct runlog *rl)
{
	const struct rl_smbios *s = &rl->cur.smbios;

	if (s->have)
		report_page_open(f, style, "playdead %s: %s %s",
				 runlog_verdict_name(rl->sum.verdict),
				 html_or_unknown(s->sys_vendor), html_or_unknown(s->sys_product));
	else
		report_page_open(f, style, "playdead %s", runlog_verdict_name(rl->sum.verdict));
	verdict(f, rl);
	machine(f, rl);
	run_facts(f, rl);
	html_matrix(f, rl);
	html_heatmap(f, rl);
	html_timeline(f, rl);
	html_cpus(f, rl);
	html_mismatches(f, rl);
	html_errors(f, rl);
	html_exceptions(f, rl);
	html_resets_hangs(f, rl);
	html_mce_boot(f, rl);
	html_phase_times(f, rl);
	html_sel_others(f, rl);
	html_records(f, rl);
	fputs("<footer class=\"note\"><p>playdead report, format ", f);
	fprintf(f, "%d</p></footer>\n", PD_FORMAT_VERSION);
	report_page_close(f);
}

int report_html_save(const char *path, const struct runlog *rl)
{
	return report_save(path, rl, report_html);
}
