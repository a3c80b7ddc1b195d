/* SPDX-License-Identifier: MIT */
/*
 * The text report (see report_text.c): the schedule, each mode and
 * provocation set and its outcome, machine checks, dump sets, limits and the
 * CPUs' outcome counts by mode.
 */
#include "host/report/report.h"
#include "host/report/report_text_parts.h"

#include <inttypes.h>
#include <string.h>

#include "host/model/idlist.h"
#include "results/fields.h"
#include "results/park.h"

#define FAILING_SHOWN 8

static void group_line(FILE *f, const struct runlog *rl, const struct rl_group *g)
{
	int o, n = 0,
	       differs = g->known && !g->observed_skipped && !g->not_applicable &&
			 g->observed_pass != g->expected_pass;
	char m[24], p[48], cyc[32];
	size_t i;

	text_safe_copy(m, sizeof(m), g->m[0] ? g->m : "?");
	text_safe_copy(p, sizeof(p), g->p[0] ? g->p : "?");
	snprintf(cyc, sizeof(cyc), "%llu %s:", (unsigned long long)g->cycles,
		 g->cycles == 1 ? "cycle" : "cycles");
	fprintf(f, "  %-11s %-22s %12s ", m, p, cyc);
	for (o = 0; o < PD_OUTCOME_COUNT; o++)
		if (g->counts[o])
			fprintf(f, "%s%s %llu", n++ ? ", " : "",
				pd_outcome_name((enum pd_outcome)o),
				(unsigned long long)g->counts[o]);
	if (g->died)
		fprintf(f, " (%llu reset or hang, from the stream alone)",
			(unsigned long long)g->died);
	if (g->hangs_watchdog)
		fprintf(f, " (%llu %s, reset by the BMC watchdog)",
			(unsigned long long)g->hangs_watchdog,
			g->hangs_watchdog == 1 ? "hang" : "hangs");
	if (g->hangs_host)
		fprintf(f, " (%llu %s, reset by the host)", (unsigned long long)g->hangs_host,
			g->hangs_host == 1 ? "hang" : "hangs");
	if (g->sipi_nmi)
		fprintf(f, "%sNMIs taken after SIPI %llu", n++ ? ", " : "",
			(unsigned long long)g->sipi_nmi);
	if (g->scribbled)
		fprintf(f, "%sscribbled %llu", n++ ? ", " : "", (unsigned long long)g->scribbled);
	if (g->exceptions)
		fprintf(f, "%sexceptions %llu", n++ ? ", " : "", (unsigned long long)g->exceptions);
	if (g->mce_skipped)
		fprintf(f, "%s%llu without a machine check", n++ ? ", " : "",
			(unsigned long long)g->mce_skipped);
	if (g->injected)
		fprintf(f, "%s%llu reset on purpose (not judged)", n++ ? ", " : "",
			(unsigned long long)g->injected);
	if (g->hung)
		fprintf(f, "%s%llu hung on purpose (not judged)", n++ ? ", " : "",
			(unsigned long long)g->hung);
	if (!n)
		fputs("no counts", f);
	if (g->smi.count)
		fprintf(f, "; SMI %" PRIu64 "/%" PRIu64 "/%" PRIu64 " us (min/median/max)",
			g->smi.min, g->smi.median, g->smi.max);
	if (g->observed_skipped)
		fprintf(f, "; expected %s, observed SKIPPED (%s)",
			runlog_pass_name(g->expected_pass),
			g->injected && g->hung ? "every cycle reset or hung on purpose"
			: g->injected	       ? "every cycle reset on purpose"
			: g->hung	       ? "every cycle hung on purpose"
					       : "no machine check could be delivered");
	else if (g->not_applicable)
		fputs("; not applicable: no AP to park", f);
	else if (g->known)
		fprintf(f, "; expected %s, observed %s", runlog_pass_name(g->expected_pass),
			differs ? (g->observed_pass ? "PASS" : "FAIL")
				: runlog_pass_name(g->observed_pass));
	else
		fprintf(f, "; observed %s, no expectation (unknown here)",
			runlog_pass_name(g->observed_pass));
	if (g->known && !g->expected_pass)
		fputs(" [negative control]", f);
	if (g->nfailing) {
		fputs("; failing CPUs: ", f);
		for (i = 0; i < g->nfailing && i < FAILING_SHOWN; i++) {
			if (i)
				fputs(", ", f);
			report_fact_cpu(f, rl, g->failing[i]);
		}
		if (g->nfailing > FAILING_SHOWN)
			fprintf(f, " and %zu more", g->nfailing - FAILING_SHOWN);
	}
	fputc('\n', f);
	if (differs && g->why) {
		fputs("      expectation: ", f);
		report_plain(f, g->why);
		fputc('\n', f);
	}
}

/* provoke=mce: how many were delivered, and why the others were not. */
static void machine_checks(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	uint64_t injected = 0;
	const char *why = NULL;
	size_t i;

	if (!run->nmces)
		return;
	for (i = 0; i < run->nmces; i++) {
		if (run->mces[i].injected)
			injected++;
		else if (!why && run->mces[i].why[0])
			why = run->mces[i].why;
	}
	text_label(f, "mce:");
	fprintf(f, "%llu of %zu machine checks delivered (via %s)", (unsigned long long)injected,
		run->nmces, run->mces[0].via[0] ? run->mces[0].via : "?");
	if (run->einj_actions)
		fprintf(f, ", %llu EINJ actions run", (unsigned long long)run->einj_actions);
	if (why) {
		fputs("; not delivered: ", f);
		report_plain(f, why);
	}
	fputc('\n', f);
}

/* cpuid_dump=distinct: which CPUs each dumped CPU stands for. */
void text_dumpsets(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	size_t i;

	for (i = 0; i < run->ndumpsets; i++) {
		const struct rl_dumpset *d = &run->dumpsets[i];

		text_label(f, i ? "" : "cpuid sets:");
		fprintf(f, "Logical CPU #%u stands for %zu CPU%s", d->idx, d->napics,
			d->napics == 1 ? "" : "s");
		text_put_opt(f, " (", d->core_type, 0, ")");
		fputs(": APIC ", f);
		idlist_print(f, d->apics, d->napics);
		if (d->bad_list || (d->has_cpus && (size_t)d->cpus != d->napics))
			/* -1 announced: as printed before the count had its flag */
			fprintf(f, " [list incomplete: %lld announced]",
				d->has_cpus ? (long long)d->cpus : -1LL);
		fputc('\n', f);
	}
}

/* Which limits the payload's bounded waits used (results/limits.h). */
void text_limits(FILE *f, const struct runlog *rl)
{
	const struct rl_limits *l = &rl->cur.limits;
	int w;

	if (!l->have)
		return;
	text_label(f, "waits:");
	for (w = 0; w < PD_WAIT_COUNT; w++) {
		const char *name = pd_wait_name((enum pd_wait)w);

		fprintf(f, "%s%.*s ", w ? ", " : "", (int)(strlen(name) - 3), name);
		if (l->has_us[w])
			fprintf(f, "%.3f s", (double)l->us[w] / 1e6);
		else
			fputc('?', f);
	}
	/* -1 CPUs, -1 vCPUs: as printed before the counts had their flags */
	fprintf(f, " (for %lld CPUs, ", l->has_cpus ? (long long)l->cpus : -1LL);
	if (l->has_emulated && l->emulated > 0) {
		fprintf(f, "emulated: %lld vCPUs per host CPU",
			l->has_per_core ? (long long)l->per_core : -1LL);
		if (l->has_host_cpus && l->host_cpus > 0)
			fprintf(f, ", %lld host CPUs", (long long)l->host_cpus);
		else
			fputs(", host CPUs not told", f);
	} else {
		fputs("hardware", f);
	}
	if (l->has_wbinvd_us)
		fprintf(f, "; stop and nmi cover %d x the BSP's %lld us WBINVD", PD_WBINVD_MARGIN,
			(long long)l->wbinvd_us);
	fputs(")\n", f);
}

void text_schedule(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	const struct rl_summary *s = &rl->sum;
	const struct rl_kexec *k = &run->kexec;
	size_t i;

	text_label(f, "schedule:");
	if (!s->schedule) {
		fputs("none (no kexec record: the probe only)\n", f);
		return;
	}
	if (k->have) {
		fputs("load ", f);
		report_plain(f, k->load[0] ? k->load : "?");
		if (k->has_load_at)
			fprintf(f, " at 0x%" PRIx64, (uint64_t)k->load_at);
		text_put_opt(f, " (", k->load_why, 0, ")");
		fprintf(f, ", WBINVD %s", !k->has_wbinvd ? "?" : k->wbinvd ? "yes" : "no");
		text_put_opt(f, " (", k->why, 0, ")");
		fputs(", platform ", f);
		report_plain(f, k->platform[0] ? k->platform : "?");
		text_put_opt(f, ", on reset ", k->on_reset, 0, "");
		if (k->has_area)
			fprintf(f, ", results area 0x%" PRIx64, (uint64_t)k->area);
		if (k->has_mwait_hint)
			fprintf(f, ", MWAIT hint 0x%02" PRIx64, (uint64_t)k->mwait_hint);
		fputc('\n', f);
	} else {
		fputs("no kexec record: the schedule is unknown\n", f);
	}
	text_label(f, "cycles:");
	fprintf(f, "%llu of ", (unsigned long long)s->cycles_run);
	if (k->have && k->has_cycles)
		fprintf(f, "%lld", (long long)k->cycles);
	else
		fputs("?", f);
	fprintf(f, " run, %llu reset", (unsigned long long)s->cycles_reset);
	if (s->hangs_watchdog)
		fprintf(f, " (%llu %s, reset by the BMC watchdog)",
			(unsigned long long)s->hangs_watchdog,
			s->hangs_watchdog == 1 ? "a hang" : "hangs");
	if (s->hangs_host)
		fprintf(f, " (%llu %s, reset by the host)", (unsigned long long)s->hangs_host,
			s->hangs_host == 1 ? "hang" : "hangs");
	fprintf(f, ", %llu scribbled, %llu not passed", (unsigned long long)s->cycles_scribbled,
		(unsigned long long)s->cycles_failed);
	if (s->cycles_injected)
		fprintf(f, ", %llu reset on purpose (inject_reset)",
			(unsigned long long)s->cycles_injected);
	if (s->cycles_hung) {
		fputs(", ", f);
		report_fact_hung(f, s);
	}
	if (s->cycle_exceptions || s->orphan_exceptions)
		fprintf(f, ", %llu %s in cycles",
			(unsigned long long)(s->cycle_exceptions + s->orphan_exceptions),
			s->cycle_exceptions + s->orphan_exceptions == 1 ? "exception"
									: "exceptions");
	fputc('\n', f);
	for (i = 0; i < s->ngroups; i++)
		group_line(f, rl, &s->groups[i]);
	machine_checks(f, rl);
}

/* One line per cycle that reset or hung: what it was, what recovered it and
 * what the BMC said; only for logs that carry the watchdog's records. */
void text_resets_hangs(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	size_t i, shown = 0;

	if (!rl->sum.hang_records)
		return;
	fputs("resets and hangs:", f);
	for (i = 0; i < run->ncycles; i++) {
		const struct rl_cycle *c = &run->cycles[i];

		if (!report_cycle_is_event(c))
			continue;
		if (!shown++)
			fputc('\n', f);
		fprintf(f, "  cycle %" PRIu32 " (", c->n);
		report_plain(f, c->m[0] ? c->m : "?");
		fputs(", provoke ", f);
		report_plain(f, c->p[0] ? c->p : "?");
		fputs("), phase ", f);
		report_plain(f, c->phase[0] ? c->phase : "?");
		fputs(": ", f);
		report_fact_event_what(f, c);
		fputs("; ", f);
		report_fact_event_recovery(f, rl, c);
		fputs("; evidence: ", f);
		report_fact_event_evidence(f, rl, c, report_plain);
		report_fact_event_mce(f, rl, c, report_plain);
		fputc('\n', f);
		text_sel_of_cycle(f, rl, c);
	}
	if (!shown)
		fputs(" none\n", f);
}

/* "ok=2 woke=1", "-" when the CPU has no counts for the mode. */
static void mode_cell(char *buf, size_t cap, const struct rl_cpumodes *c, int m)
{
	size_t n = 0;
	int o;

	buf[0] = 0;
	if (!(c->modes & (1u << m))) {
		snprintf(buf, cap, "-");
		return;
	}
	for (o = 0; o < PD_OUTCOME_COUNT && n < cap; o++)
		if (c->counts[m][o])
			n += (size_t)snprintf(buf + n, cap - n, "%s%s=%llu", n ? " " : "",
					      pd_outcome_name((enum pd_outcome)o),
					      (unsigned long long)c->counts[m][o]);
	if (!buf[0])
		snprintf(buf, cap, "0");
}

static int cpumodes_anomaly(const struct rl_cpumodes *c)
{
	int m, o;

	for (m = 0; m < PD_PARK_MODE_COUNT; m++)
		for (o = 0; o < PD_OUTCOME_COUNT; o++)
			if (o != PD_OUTCOME_OK && (c->modes & (1u << m)) && c->counts[m][o])
				return 1;
	return 0;
}

#define CPUMODES_ALL 16
#define CELL_MAX     128

void text_cpu_modes(FILE *f, const struct runlog *rl, const struct report_opts *o)
{
	const struct rl_run *run = &rl->cur;
	int all = run->ncpumodes <= CPUMODES_ALL || (o && o->verbose);
	size_t width[PD_PARK_MODE_COUNT], i, shown = 0;
	uint32_t modes = 0;
	char cell[CELL_MAX];
	int m, last = 0;

	if (!run->ncpumodes)
		return;
	for (i = 0; i < run->ncpumodes; i++)
		modes |= run->cpumodes[i].modes;
	for (m = 0; m < PD_PARK_MODE_COUNT; m++) {
		if (modes & (1u << m))
			last = m;
		width[m] = strlen(pd_park_mode_name((enum pd_park_mode)m));
		for (i = 0; i < run->ncpumodes && (modes & (1u << m)); i++) {
			if (!all && !cpumodes_anomaly(&run->cpumodes[i]))
				continue;
			mode_cell(cell, sizeof(cell), &run->cpumodes[i], m);
			if (strlen(cell) > width[m])
				width[m] = strlen(cell);
		}
	}
	text_label(f, "cpu modes:");
	fprintf(f, "outcomes per CPU and mode over the run%s\n",
		all ? "" : " (CPUs with anomalies only, --verbose for all)");
	for (i = 0; i < run->ncpumodes; i++) {
		const struct rl_cpumodes *c = &run->cpumodes[i];
		const struct rl_cpu *cpu;
		char topo[40];

		if (!all && !cpumodes_anomaly(c))
			continue;
		if (!shown++) {
			fprintf(f, "  %10s  %-14s", "apic", "pkg/core/thr");
			for (m = 0; m < PD_PARK_MODE_COUNT; m++)
				if (modes & (1u << m))
					fprintf(f, "  %-*s", m == last ? 0 : (int)width[m],
						pd_park_mode_name((enum pd_park_mode)m));
			fputc('\n', f);
		}
		cpu = runlog_cpu_by_apic(rl, c->apic);
		if (cpu && cpu->has_topo)
			snprintf(topo, sizeof(topo), "%" PRIu32 "/%" PRIu32 "/%" PRIu32, cpu->pkg,
				 cpu->core, cpu->thread);
		else
			snprintf(topo, sizeof(topo), "-");
		fprintf(f, "  %10" PRIu32 "  %-14s", c->apic, topo);
		for (m = 0; m < PD_PARK_MODE_COUNT; m++) {
			if (!(modes & (1u << m)))
				continue;
			mode_cell(cell, sizeof(cell), c, m);
			fprintf(f, "  %-*s", m == last ? 0 : (int)width[m], cell);
		}
		fputc('\n', f);
	}
	if (!shown)
		fprintf(f, "  (%zu CPUs, every outcome ok; --verbose lists them)\n",
			run->ncpumodes);
}
