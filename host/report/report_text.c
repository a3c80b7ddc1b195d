/* SPDX-License-Identifier: MIT */
/*
 * The text report: what a person reads on a terminal or in a bug ticket.
 * This file: the header, the machine, CPUs, mismatches, errors and records;
 * the schedule's sections in report_text_schedule.c.
 */
#include "host/report/report.h"
#include "host/report/report_text_parts.h"

#include <inttypes.h>
#include <string.h>

#include "host/model/idlist.h"
#include "results/fields.h"
#include "results/park.h"

/* Strings come from the wire: control bytes must not reach a terminal
 * (report_plain). */
static void put_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	report_plain(f, s);
	fputc('"', f);
}

/* pre and v in hex, when the value is had. */
static void put_hex_opt(FILE *f, int has, const char *pre, uint64_t v)
{
	if (has)
		fprintf(f, "%s0x%" PRIx64, pre, v);
}

/* pre, s (quoted when quote) and post, when s is not empty. */
void text_put_opt(FILE *f, const char *pre, const char *s, int quote, const char *post)
{
	if (!s[0])
		return;
	fputs(pre, f);
	if (quote)
		put_quoted(f, s);
	else
		report_plain(f, s);
	fputs(post, f);
}

/* The run's TSC frequency and its cross-check; then, when the record
 * listed them, what each source gave or why not. */
static void text_tsc(FILE *f, const struct rl_tsc *t)
{
	int s, listed = 0;

	for (s = PD_TSC_NONE + 1; s < PD_TSC_SOURCE_COUNT; s++)
		listed |= t->src[s].has_khz || t->src[s].why[0];
	text_label(f, "tsc:");
	if (t->has_khz)
		fprintf(f, "%" PRIu64 " kHz", t->khz);
	else
		fputs("not measured", f);
	text_put_opt(f, " (", t->source, 0, ")");
	if (t->check[0] && t->has_diff_ppm) {
		text_put_opt(f, ", checked against ", t->check, 0, "");
		fprintf(f, ": %s by %" PRIu64 ".%02" PRIu64 " %%",
			t->diff_ppm > PD_TSC_AGREE_PPM ? "DISAGREE" : "agree", t->diff_ppm / 10000,
			t->diff_ppm / 100 % 100);
		if (t->outvoted)
			fputs(", the preferred source outvoted", f);
	} else if (listed && t->has_khz) {
		fputs(", no second source to check against", f);
	}
	fputc('\n', f);
	if (!listed)
		return;
	text_label(f, "tsc sources:");
	for (s = PD_TSC_NONE + 1; s < PD_TSC_SOURCE_COUNT; s++) {
		fprintf(f, "%s%s ", s > PD_TSC_NONE + 1 ? "; " : "", pd_tsc_source_name(s));
		if (t->src[s].has_khz)
			fprintf(f, "%" PRIu64 " kHz", t->src[s].khz);
		else
			text_put_opt(f, "", t->src[s].why[0] ? t->src[s].why : "unknown", 0, "");
	}
	fputc('\n', f);
}

static const char *yn(int64_t v)
{
	return v < 0 ? "?" : v ? "yes" : "no";
}

void text_label(FILE *f, const char *l)
{
	fprintf(f, "%-12s", l);
}

static void header(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	const struct rl_boot_info *i = &run->info;

	fprintf(f, "playdead report");
	if (run->started && run->nboots > 1)
		fprintf(f, ": run %08" PRIx32 ", %zu boots (the last %" PRIu32 ")", run->run,
			run->nboots, run->boot);
	else if (run->started)
		fprintf(f, ": run %08" PRIx32 ", boot %" PRIu32, run->run, run->boot);
	fputc('\n', f);
	if (i->have) {
		text_label(f, "payload:");
		report_plain(f, i->version[0] ? i->version : "?");
		text_put_opt(f, ", ", i->path, 0, "");
		text_put_opt(f, " from ", i->loader, 1, "");
		if (i->has_mem_kb)
			fprintf(f, ", %" PRIu64 " MiB", i->mem_kb / 1024);
		put_hex_opt(f, i->has_base, ", at ", i->base);
		text_put_opt(f, ", console ", i->console, 0, "");
		text_put_opt(f, " (from ", i->console_from, 0, ")");
		if (i->has_baud)
			fprintf(f, " %" PRIu64 " baud", i->baud);
		text_put_opt(f, ", cmdline ", i->cmdline, 1, "");
		if (i->has_ignored && i->ignored)
			fprintf(f, " (%" PRIu64 " Linux/farm parameters ignored)", i->ignored);
		fputc('\n', f);
	}
}

static void machine(FILE *f, const struct runlog *rl)
{
	const struct rl_smbios *s = &rl->cur.smbios;

	if (!s->have) {
		text_label(f, "machine:");
		fputs("unknown (no smbios record)\n", f);
		return;
	}
	text_label(f, "machine:");
	report_plain(f, s->sys_vendor[0] ? s->sys_vendor : "?");
	fputc(' ', f);
	report_plain(f, s->sys_product[0] ? s->sys_product : "?");
	if (s->board_vendor[0] || s->board_product[0]) {
		fputs("; board ", f);
		report_plain(f, s->board_vendor);
		if (s->board_vendor[0] && s->board_product[0])
			fputc(' ', f);
		report_plain(f, s->board_product);
	}
	fputc('\n', f);
	text_label(f, "firmware:");
	report_plain(f, s->bios_vendor[0] ? s->bios_vendor : "?");
	fputs(", version ", f);
	report_plain(f, s->bios_version[0] ? s->bios_version : "?");
	fputs(", ", f);
	report_plain(f, s->bios_date[0] ? s->bios_date : "date ?");
	text_put_opt(f, " (SMBIOS ", s->ver, 0, ")");
	fputc('\n', f);
	if (s->cpu_socket[0] || s->cpu_version[0]) {
		text_label(f, "socket:");
		report_plain(f, s->cpu_socket[0] ? s->cpu_socket : "?");
		text_put_opt(f, ": ", s->cpu_version, 0, "");
		fputc('\n', f);
	}
}

/* The BMC: only in runs whose payload looked for one. */
static void bmc(FILE *f, const struct runlog *rl)
{
	if (!rl->cur.bmc.have)
		return;
	text_label(f, "bmc:");
	report_fact_bmc(f, &rl->cur.bmc, report_plain);
	fputc('\n', f);
}

/* The BMC's watchdog around the cycles: only in runs whose payload says. */
static void watchdog(FILE *f, const struct runlog *rl)
{
	if (!rl->cur.watchdog.have)
		return;
	text_label(f, "watchdog:");
	report_fact_watchdog(f, &rl->cur.watchdog, report_plain);
	fputc('\n', f);
}

static void identity(FILE *f, const struct runlog *rl)
{
	const struct rl_summary *s = &rl->sum;
	const struct rl_features *ft = &rl->cur.features;

	text_label(f, "cpu:");
	if (s->identity_tried && s->identity.ok) {
		const struct cpu_identity *id = &s->identity;

		report_plain(f, id->vendor);
		fputs(" ", f);
		put_quoted(f, id->brand);
		if (id->known == CPU_KNOWN_YES) {
			fputs(", codename ", f);
			put_quoted(f, id->codename);
		} else {
			fprintf(f, ", codename unknown to libcpuid %s (nearest entry ",
				id->libcpuid);
			put_quoted(f, id->codename);
			fputs(id->known == CPU_KNOWN_UNSURE ? ", match not reported)" : ")", f);
		}
		fprintf(f, ", family %d model %d stepping %d (libcpuid %s", id->ext_family,
			id->ext_model, id->stepping, id->libcpuid);
		if (s->dump_cpus)
			fprintf(f, ", %zu CPUs in the dump", s->dump_cpus);
		fputs(")\n", f);
	} else if (s->identity_tried) {
		fputs("libcpuid could not name it: ", f);
		report_plain(f, s->identity.error[0] ? s->identity.error : "unknown error");
		fputc('\n', f);
	} else {
		fputs("no CPUID dump received\n", f);
	}
	if (ft->have) {
		text_label(f, ft->from_dump ? "cpuid:" : "payload:");
		report_plain(f, ft->vendor[0] ? ft->vendor : "?");
		if (ft->has_family)
			fprintf(f, ", family %" PRId64 " (0x%" PRIx64 ")", ft->family, ft->family);
		if (ft->has_model)
			fprintf(f, " model %" PRId64 " (0x%" PRIx64 ")", ft->model, ft->model);
		if (ft->has_stepping)
			fprintf(f, " stepping %" PRId64, ft->stepping);
		text_put_opt(f, ", ", ft->brand, 1, "");
		if (ft->has_ucode)
			fprintf(f, ", microcode 0x%" PRIx64, ft->ucode);
		fputc('\n', f);
	}
}

static void microcode(FILE *f, const struct runlog *rl)
{
	const struct rl_summary *s = &rl->sum;
	size_t i;

	if (!s->nucode)
		return;
	text_label(f, "microcode:");
	for (i = 0; i < s->nucode; i++) {
		if (i)
			fputs("; ", f);
		fprintf(f, "0x%" PRIx64 " on APIC ", s->ucode[i].ucode);
		idlist_print(f, s->ucode[i].apics, s->ucode[i].n);
	}
	if (s->nucode > 1)
		fputs("  (differs between CPUs)", f);
	fputc('\n', f);
}

static void features(FILE *f, const struct runlog *rl)
{
	const struct rl_features *ft = &rl->cur.features;

	if (!ft->have)
		return;
	text_label(f, "memory enc:");
	report_fact_memenc(f, ft);
	fputc('\n', f);

	text_label(f, "mwait:");
	report_fact_mwait(f, ft);
	fputc('\n', f);

	text_label(f, "cpu flags:");
	fprintf(f, "SMT %s, x2APIC %s, hypervisor %s, 1 GiB pages %s", yn(ft->smt), yn(ft->x2apic),
		yn(ft->hypervisor), yn(ft->pdpe1gb));
	if (ft->has_smt_shift && ft->has_core_shift)
		fprintf(f, ", APIC ID shifts %" PRId64 "/%" PRId64, ft->smt_shift, ft->core_shift);
	if (ft->has_cpuid_max)
		fprintf(f, ", CPUID max leaf 0x%" PRIx64, ft->cpuid_max);
	if (ft->has_cpuid_limit && ft->cpuid_limit)
		fprintf(f, " (Limit CPUID Maxval was set%s)",
			ft->has_cpuid_limit_cleared && ft->cpuid_limit_cleared ? ", cleared"
									       : ", NOT cleared");
	fputc('\n', f);
}

static void platform(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	const struct rl_topology *t = &run->topology;

	if (t->have) {
		text_label(f, "topology:");
		report_fact_topology(f, t, report_plain);
		fputc('\n', f);
	}
	if (run->apic.have) {
		text_label(f, "apic:");
		report_plain(f, run->apic.mode[0] ? run->apic.mode : "?");
		if (run->apic.has_bsp)
			fprintf(f, ", BSP APIC ID %" PRIu64, run->apic.bsp);
		if (run->apic.has_init_udelay)
			fprintf(f, ", INIT delay %" PRIu64 " us", run->apic.init_udelay);
		if (run->apic.has_all_up_us)
			fprintf(f, ", all APs up in %" PRIu64 " us", run->apic.all_up_us);
		put_hex_opt(f, run->apic.has_trampoline, ", trampoline at ", run->apic.trampoline);
		fputc('\n', f);
	}
	if (run->acpi.have) {
		const struct rl_acpi *a = &run->acpi;

		text_label(f, "acpi:");
		if (a->has_rev)
			fprintf(f, "rev %" PRIu64 ", ", a->rev);
		text_put_opt(f, "", a->sdt, 0, ", ");
		text_put_opt(f, "OEM ", a->oem, 1, ", ");
		fprintf(f, "MADT %s", a->has_madt ? (a->madt ? "yes" : "no") : "?");
		if (a->has_entries)
			fprintf(f, " (%" PRIu64 " CPU entries)", a->entries);
		fprintf(f, ", FADT %s", a->has_fadt ? (a->fadt ? "yes" : "no") : "?");
		put_hex_opt(f, a->has_smi_cmd, ", SMI command port ", a->smi_cmd);
		put_hex_opt(f, a->has_pm_tmr, ", PM timer ", a->pm_tmr);
		put_hex_opt(f, a->has_lapic, ", LAPIC ", a->lapic);
		put_hex_opt(f, a->has_rsdp, ", RSDP ", a->rsdp);
		fputc('\n', f);
	}
	if (run->tsc.have)
		text_tsc(f, &run->tsc);
}

/* Copies a wire string into dst, control bytes replaced. */
void text_safe_copy(char *dst, size_t cap, const char *s)
{
	size_t i;

	snprintf(dst, cap, "%s", s);
	for (i = 0; dst[i]; i++)
		if ((unsigned char)dst[i] < 0x20 || (unsigned char)dst[i] >= 0x7f)
			dst[i] = '?';
}

static void cpu_head(FILE *f)
{
	fprintf(f, "  %5s %10s  %-14s %-9s %9s  %-12s %s\n", "idx", "apic", "pkg/core/thr", "state",
		"up_us", "ucode", "");
}

static void cpu_row(FILE *f, const struct rl_cpu *c, const char *note)
{
	char topo[40], up[24], ucode[24], apic[16], st[12];

	if (c->has_topo)
		snprintf(topo, sizeof(topo), "%" PRIu32 "/%" PRIu32 "/%" PRIu32, c->pkg, c->core,
			 c->thread);
	else
		snprintf(topo, sizeof(topo), "-");
	if (c->has_up_us && rl_cpu_in_state(c, PD_CPU_ONLINE))
		snprintf(up, sizeof(up), "%" PRIu64, c->up_us);
	else
		snprintf(up, sizeof(up), "-");
	if (c->has_ucode)
		snprintf(ucode, sizeof(ucode), "0x%" PRIx64, c->ucode);
	else
		snprintf(ucode, sizeof(ucode), "-");
	if (c->has_apic)
		snprintf(apic, sizeof(apic), "%" PRIu32, c->apic);
	else
		snprintf(apic, sizeof(apic), "-");
	text_safe_copy(st, sizeof(st), c->state_name[0] ? c->state_name : "?");
	fprintf(f, "  %5" PRIu32 " %10s  %-14s %-9s %9s  %-12s", c->idx, apic, topo, st, up, ucode);
	if (c->canary_bad)
		fputs(" canary BAD", f);
	if (note)
		fprintf(f, " %s", note);
	fputc('\n', f);
}

static void cpus(FILE *f, const struct runlog *rl, const struct report_opts *o)
{
	const struct rl_run *run = &rl->cur;
	const struct rl_summary *s = &rl->sum;
	int all = run->ncpus <= REPORT_TABLE_MAX || (o && o->verbose);
	size_t i, shown = 0, lost_shown = 0;

	text_label(f, "cpus:");
	if (!run->ncpus) {
		fputs("no cpu records\n", f);
		return;
	}
	report_fact_cpus(f, rl);
	if (s->bsp && s->bsp->has_apic)
		fprintf(f, ", BSP APIC ID %" PRIu32, s->bsp->apic);
	fputc('\n', f);
	if (s->up.count) {
		text_label(f, "bring-up:");
		fprintf(f,
			"%" PRIu64 " / %" PRIu64 " / %" PRIu64
			" us (min / median / max of %zu APs, the slowest idx %" PRIu32 ")\n",
			s->up.min, s->up.median, s->up.max, s->up.count, s->up_max_idx);
	}
	for (i = 0; i < run->ncpus; i++) {
		const struct rl_cpu *c = &run->cpus[i];
		const char *note = report_cpu_anomaly(rl, c);

		if (!all && !note)
			continue;
		if (!shown++) {
			if (!all)
				fprintf(f, "  (%zu CPUs: anomalies only, --verbose for all)\n",
					run->ncpus);
			cpu_head(f);
		}
		cpu_row(f, c,
			all ? (note && !rl_cpu_in_state(c, PD_CPU_LOST) ? note : NULL) : note);
	}
	if (!all && !shown)
		fprintf(f, "  (%zu CPUs, no anomalies; --verbose lists them)\n", run->ncpus);

	text_label(f, "lost CPUs:");
	for (i = 0; i < run->ncpus; i++) {
		const struct rl_cpu *c = &run->cpus[i];

		if (!rl_cpu_in_state(c, PD_CPU_LOST))
			continue;
		if (lost_shown++)
			fputs(", ", f);
		fprintf(f, "idx %" PRIu32, c->idx);
		if (c->has_apic)
			fprintf(f, " (APIC %" PRIu32 ")", c->apic);
	}
	fputs(lost_shown ? "\n" : "none\n", f);
}

static void mismatches(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	size_t i;

	text_label(f, "mismatches:");
	if (!run->nmismatches) {
		fputs("none\n", f);
		return;
	}
	report_fact_mismatch_count(f, rl);
	fputc('\n', f);
	for (i = 0; i < run->nmismatches; i++) {
		const struct rl_mismatch *m = &run->mismatches[i];

		if (i == 0 || !runlog_mismatch_same_reg(&run->mismatches[i - 1], m)) {
			fputs("  ", f);
			report_fact_mismatch_what(f, m, report_plain);
			fputs(":\n", f);
		}
		if (strcmp(m->kind, "msr"))
			fprintf(f, "    0x%08" PRIx64 " on APIC ", m->val);
		else if (m->has_val)
			fprintf(f, "    0x%016" PRIx64 " on APIC ", m->val);
		else
			fputs("    absent on APIC ", f);
		idlist_print(f, m->apics, m->napics);
		if (!m->napics)
			fputs("?", f);
		if (report_mismatch_has_bsp(rl, m))
			fputs(" (the BSP's)", f);
		if (m->bad_list)
			fputs(" (list unreadable or too long)", f);
		fputc('\n', f);
	}
}

/* The MSRs compared across CPUs: only in runs whose payload sent them. */
static void msrs(FILE *f, const struct runlog *rl)
{
	if (!rl->cur.msrs.have)
		return;
	text_label(f, "msrs:");
	report_fact_msrs(f, rl, report_plain);
	fputc('\n', f);
}

static void errors(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	size_t i;

	text_label(f, "errors:");
	if (!run->nerrors && !run->errors_dropped) {
		fputs("none\n", f);
	} else {
		fprintf(f, "%llu fail, %llu warn\n", (unsigned long long)run->errors_fail,
			(unsigned long long)run->errors_warn);
		for (i = 0; i < run->nerrors; i++) {
			const struct rl_error *e = &run->errors[i];

			fputs("  ", f);
			report_plain(f, e->level[0] ? e->level : "?");
			fputc(' ', f);
			report_plain(f, e->code[0] ? e->code : "?");
			text_put_opt(f, ": ", e->what, 0, "");
			if (e->key[0]) {
				fputs(" (", f);
				report_plain(f, e->key);
				fputc('=', f);
				put_quoted(f, e->value);
				fputc(')', f);
			}
			if (e->has_apic)
				fprintf(f, " on APIC %" PRIu32, e->apic);
			text_put_opt(f, ", table ", e->table, 0, "");
			put_hex_opt(f, e->has_addr, " at ", e->addr);
			put_hex_opt(f, e->has_esr, ", ESR ", e->esr);
			if (e->has_dropped)
				fprintf(f, " (%" PRIu64 " more not sent)", e->dropped);
			if (e->boot != 1)
				fprintf(f, " [boot %" PRIu32 "%s]", e->boot,
					e->in_schedule ? ", schedule" : "");
			else if (e->in_schedule)
				fputs(" [schedule]", f);
			fputc('\n', f);
		}
		if (run->errors_dropped)
			fprintf(f, "  ... and %llu more\n",
				(unsigned long long)run->errors_dropped);
	}

	text_label(f, "exceptions:");
	if (!run->exceptions_total) {
		fputs("none\n", f);
		return;
	}
	fprintf(f, "%llu\n", (unsigned long long)run->exceptions_total);
	for (i = 0; i < run->nexceptions; i++) {
		const struct rl_exception *x = &run->exceptions[i];

		fputs("  ", f);
		report_plain(f, report_exception_name(x));
		if (x->has_vector)
			fprintf(f, " (vector %" PRIu64 ")", x->vector);
		if (x->has_apic)
			fprintf(f, " on APIC %" PRIu32, x->apic);
		put_hex_opt(f, x->has_rip, ": RIP ", x->rip);
		put_hex_opt(f, x->has_cr2, ", CR2 ", x->cr2);
		put_hex_opt(f, x->has_err, ", error code ", x->err);
		put_hex_opt(f, x->has_rsp, ", RSP ", x->rsp);
		if (x->has_cycle)
			fprintf(f, " [boot %" PRIu32 ", cycle %" PRId64 "%s]", x->boot, x->cycle,
				runlog_cycle_index(run, x->cycle) < run->ncycles
				    ? ""
				    : ", no cycle record");
		else if (x->boot != 1)
			fprintf(f, " [boot %" PRIu32 "]", x->boot);
		fputc('\n', f);
	}
	if (run->exceptions_total > run->nexceptions)
		fprintf(f, "  ... and %llu more\n",
			(unsigned long long)(run->exceptions_total - run->nexceptions));
}

static void records(FILE *f, const struct runlog *rl)
{
	size_t i;

	text_label(f, "records:");
	report_fact_records(f, rl);
	if (rl->cur.unknown)
		fprintf(f, ", %llu of unknown type", (unsigned long long)rl->cur.unknown);
	fputc('\n', f);
	if (rl->nothers) {
		text_label(f, "other runs:");
		if (rl->others_dropped)
			fprintf(f, "(%llu older ones not listed) ",
				(unsigned long long)rl->others_dropped);
		for (i = 0; i < rl->nothers; i++) {
			const struct rl_other_boot *o = &rl->others[i];
			char v[8];

			text_safe_copy(v, sizeof(v), o->verdict[0] ? o->verdict : "?");
			fprintf(f, "%srun %08" PRIx32 " (to boot %" PRIu32 "): %llu records, %s",
				i ? "; " : "", o->run, o->boot, (unsigned long long)o->records,
				o->had_end ? "ended " : "no end record");
			if (o->had_end)
				fputs(v, f);
			if (o->errors_fail)
				fprintf(f, ", %llu failed errors",
					(unsigned long long)o->errors_fail);
			if (o->exceptions)
				fprintf(f, ", %llu exceptions", (unsigned long long)o->exceptions);
			if (o->cycles)
				fprintf(f, ", %llu cycle records", (unsigned long long)o->cycles);
		}
		fputs(" (not reported: see the notes)\n", f);
	}
	if (rl->nnotes) {
		fputs("notes:\n", f);
		for (i = 0; i < rl->nnotes; i++) {
			fputs("  - ", f);
			report_plain(f, rl->notes[i]);
			fputc('\n', f);
		}
	}
}

void report_text(FILE *f, const struct runlog *rl, const struct report_opts *o)
{
	const struct rl_summary *s = &rl->sum;

	header(f, rl);
	machine(f, rl);
	bmc(f, rl);
	watchdog(f, rl);
	identity(f, rl);
	text_dumpsets(f, rl);
	microcode(f, rl);
	features(f, rl);
	platform(f, rl);
	cpus(f, rl, o);
	mismatches(f, rl);
	msrs(f, rl);
	errors(f, rl);
	text_mce_boot(f, rl);
	text_limits(f, rl);
	text_schedule(f, rl);
	text_resets_hangs(f, rl);
	text_sel_others(f, rl);
	text_cpu_modes(f, rl, o);
	if (rl->input.name[0] || rl->input.format != LW_SERIAL) {
		char in[320];

		logwrap_describe(&rl->input, in, sizeof(in));
		text_label(f, "input:");
		fprintf(f, "%s\n", in);
	}
	records(f, rl);
	fprintf(f, "verdict: %s",
		s->verdict == RL_PASS	? "PASS"
		: s->verdict == RL_FAIL ? "FAIL"
					: "BROKEN");
	text_put_opt(f, " (", s->reason, 0, ")");
	fputc('\n', f);
}
