/* SPDX-License-Identifier: MIT */
/*
 * The wording of the facts that more than one report states: each written
 * once here, whatever the renderer.  A string from the wire goes through
 * the renderer's put (report_plain for text, report_markup for HTML and
 * XML); numbers and fixed words are safe in all of them.
 */
#include <inttypes.h>
#include <string.h>

#include "host/report/report.h"
#include "results/fields.h"
#include "results/ipmi.h"
#include "results/vectors.h"

void report_plain(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f ? *s : '?', f);
}

static const char *yn(int has, int64_t v)
{
	return !has ? "unknown" : v ? "yes" : "no";
}

void report_fact_memenc(FILE *f, const struct rl_features *ft)
{
	fprintf(f, "SME %s, SEV %s, SEV-ES %s, SNP %s, C-bit ", yn(ft->has_sme, ft->sme),
		yn(ft->has_sev, ft->sev), yn(ft->has_sev_es, ft->sev_es), yn(ft->has_snp, ft->snp));
	if (ft->cbit > 0)
		fprintf(f, "%" PRId64, ft->cbit);
	else
		fputs(ft->has_cbit ? "none" : "unknown", f);
	fprintf(f, "; TME %s", yn(ft->has_tme, ft->tme));
	if (ft->tme > 0)
		fprintf(f, " (%s)",
			!ft->has_tme_active ? "activation unknown"
			: ft->tme_active    ? "active"
					    : "not active");
	fprintf(f, "; TDX host %s", yn(ft->has_tdx_host, ft->tdx_host));
	if (ft->tdx_host > 0 && ft->has_tdx_keyids)
		fprintf(f, " (%" PRId64 " KeyIDs)", ft->tdx_keyids);
	fprintf(f, ", TDX guest %s", yn(ft->has_tdx_guest, ft->tdx_guest));
}

void report_fact_mwait(FILE *f, const struct rl_features *ft)
{
	int i;

	fprintf(f, "MONITOR/MWAIT %s", yn(ft->has_monitor_mwait, ft->monitor_mwait));
	if (!ft->has_monitor_mwait || !ft->monitor_mwait)
		return; /* no hint either: it means nothing without MWAIT */
	/* -1: a bound the record lacks, as printed before it had its flag */
	if (ft->has_mwait_min || ft->has_mwait_max)
		fprintf(f, ", monitor line %" PRId64 "..%" PRId64 " bytes",
			ft->has_mwait_min ? ft->mwait_min : -1,
			ft->has_mwait_max ? ft->mwait_max : -1);
	if (ft->has_mwait_line)
		fprintf(f, " (park lines %" PRId64 ")", ft->mwait_line);
	fprintf(f, ", EMX %s, IBE %s", yn(ft->has_mwait_emx, ft->mwait_emx),
		yn(ft->has_mwait_ibe, ft->mwait_ibe));
	if (ft->has_mwait_cstates) {
		fputs(", sub-states", f);
		for (i = 0; i < 8; i++)
			fprintf(f, " C%d:%u", i,
				(unsigned)((uint64_t)ft->mwait_cstates >> (4 * i)) & 15);
	}
	/* SDM Vol. 2B MWAIT: EAX[7:4] is the target C-state minus 1. */
	if (ft->has_mwait_hint)
		fprintf(f, "; deepest hint (features.mwait_hint) 0x%02" PRIx64 " = C%" PRId64,
			ft->mwait_hint, ((ft->mwait_hint >> 4) & 15) + 1);
	else
		fputs("; deepest hint (features.mwait_hint) unknown", f);
}

/* A count the record may lack, as the reports have always printed it: -1. */
static int64_t count_or_minus1(int has, int64_t v)
{
	return has ? v : -1;
}

void report_fact_topology(FILE *f, const struct rl_topology *t, report_put_fn *put)
{
	int64_t packages = count_or_minus1(t->has_packages, t->packages);
	int64_t cores = count_or_minus1(t->has_cores, t->cores);
	int64_t threads = count_or_minus1(t->has_threads, t->threads);

	fprintf(f, "%" PRId64 " %s x %" PRId64 " %s x %" PRId64 " %s = %" PRId64 " CPUs", packages,
		packages == 1 ? "package" : "packages", cores, cores == 1 ? "core" : "cores",
		threads, threads == 1 ? "thread" : "threads",
		count_or_minus1(t->has_cpus, t->cpus));
	if (t->has_smt)
		fprintf(f, " (SMT %s)", t->smt ? "on" : "off");
	if (t->core_types[0]) {
		fputs(", hybrid core types ", f);
		put(f, t->core_types);
	}
}

void report_fact_cpus(FILE *f, const struct runlog *rl)
{
	fprintf(f, "%zu listed, %" PRIu64 " up (BSP included), %" PRIu64 " lost", rl->cur.ncpus,
		rl->sum.online_cpus, rl->sum.lost_cpus);
}

void report_fact_records(FILE *f, const struct runlog *rl)
{
	const struct rl_stats *st = &rl->st;

	fprintf(f,
		"%" PRIu64 " good (%" PRIu64 " in this run), %" PRIu64 " corrupt, %" PRIu64
		" noise lines, %" PRIu64 " duplicates, %" PRIu64 " gaps (%" PRIu64 " records lost)",
		st->good, rl->cur.records, st->corrupt, st->noise, st->duplicates, st->gaps,
		st->lost);
}

void report_fact_mismatch_count(FILE *f, const struct runlog *rl)
{
	fprintf(f, "%" PRIu64 " %s between CPUs", rl->sum.mismatch_regs,
		rl->sum.mismatch_regs == 1 ? "register or revision differs"
					   : "registers or revisions differ");
}

void report_fact_mismatch_what(FILE *f, const struct rl_mismatch *m, report_put_fn *put)
{
	if (!strcmp(m->kind, "ucode")) {
		fputs("microcode", f);
		return;
	}
	if (!strcmp(m->kind, "msr")) {
		char name[32];

		pd_msr_name((uint32_t)m->msr, name, sizeof(name));
		if (m->has_msr && m->msr <= 0xffffffffu)
			fprintf(f, "MSR 0x%" PRIx64 " %s", m->msr, name);
		else
			fputs("MSR ?", f);
		return;
	}
	put(f, m->kind[0] ? m->kind : "?");
	fprintf(f, " leaf 0x%" PRIx64 " sub 0x%" PRIx64 " ", m->leaf, m->sub);
	put(f, m->reg[0] ? m->reg : "?");
	if (m->core_type[0]) {
		fputs(" among ", f);
		put(f, m->core_type);
		fputs(" cores", f);
	}
}

void report_fact_msr_list(FILE *f, const uint32_t *msrs, size_t n)
{
	size_t i, fixed = 0, var = 0, shown = 0;
	char name[32];

	for (i = 0; i < n; i++) {
		fixed += pd_msr_is_fixed_mtrr(msrs[i]);
		var += pd_msr_is_var_mtrr(msrs[i]);
	}
	/* In list order, each MTRR group where its first member is. */
	for (i = 0; i < n; i++) {
		const char *sep = shown++ ? ", " : "";

		if (pd_msr_is_fixed_mtrr(msrs[i])) {
			if (fixed)
				fprintf(f, "%s%zu fixed-range MTRR%s", sep, fixed,
					fixed == 1 ? "" : "s");
			else
				shown--;
			fixed = 0;
		} else if (pd_msr_is_var_mtrr(msrs[i])) {
			if (var)
				fprintf(f, "%s%zu variable-range MTRR%s", sep, var,
					var == 1 ? "" : "s");
			else
				shown--;
			var = 0;
		} else {
			pd_msr_name(msrs[i], name, sizeof(name));
			fprintf(f, "%s%s", sep, name);
		}
	}
	if (!shown)
		fputs("none", f);
}

uint64_t report_msrs_differing(const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < run->nmismatches; i++)
		if (!strcmp(run->mismatches[i].kind, "msr") &&
		    (i == 0 ||
		     !runlog_mismatch_same_reg(&run->mismatches[i - 1], &run->mismatches[i])))
			n++;
	return n;
}

void report_fact_msrs(FILE *f, const struct runlog *rl, report_put_fn *put)
{
	const struct rl_msrs *m = &rl->cur.msrs;
	uint64_t differ = report_msrs_differing(rl);

	if (m->has_count)
		fprintf(f, "%lld", (long long)m->count);
	else
		fputc('?', f);
	fputs(" compared on ", f);
	if (m->has_cpus)
		fprintf(f, "%lld CPU%s", (long long)m->cpus, m->cpus == 1 ? "" : "s");
	else
		fputs("? CPUs", f);
	fputs(" (", f);
	report_fact_msr_list(f, m->msrs, m->nmsrs);
	fprintf(f, "), %" PRIu64 " differ%s", differ, differ == 1 ? "s" : "");
	if (m->nnot_compared) {
		fputs("; not compared", f);
		if (m->why[0]) {
			fputs(" (", f);
			put(f, m->why);
			fputc(')', f);
		}
		fputs(": ", f);
		report_fact_msr_list(f, m->not_compared, m->nnot_compared);
	}
	if (m->bad_list)
		fputs(" (list unreadable)", f);
}

/* A wire string, or "?" when it was not sent. */
static void put_or_unknown(FILE *f, const char *s, report_put_fn *put)
{
	put(f, s[0] ? s : "?");
}

/* The interface type in capitals ("KCS"), or "interface NAME" for one
 * without a type (unknown, reserved, or a name this tool does not know). */
static void bmc_iface(FILE *f, const char *iface, report_put_fn *put)
{
	static const unsigned types[] = {PD_IPMI_IF_KCS, PD_IPMI_IF_SMIC, PD_IPMI_IF_BT,
					 PD_IPMI_IF_SSIF};
	const char *c;
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (strcmp(iface, pd_ipmi_iface_name(types[i])))
			continue;
		for (c = iface; *c; c++)
			fputc(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c, f);
		return;
	}
	fputs("interface ", f);
	put_or_unknown(f, iface, put);
}

/* Where the payload learned of the interface (results/ipmi.h's via names). */
static void bmc_via(FILE *f, const char *via, report_put_fn *put)
{
	static const struct {
		enum pd_ipmi_via via;
		const char *words;
	} vias[] = {
	    {PD_IPMI_VIA_SMBIOS, "SMBIOS type 38"},
	    {PD_IPMI_VIA_SPMI, "ACPI SPMI table"},
	    {PD_IPMI_VIA_PROBE, "probed at the KCS default address"},
	    {PD_IPMI_VIA_OPTION, "bmc= option"},
	};
	size_t i;

	for (i = 0; i < sizeof(vias) / sizeof(vias[0]); i++)
		if (!strcmp(via, pd_ipmi_via_name(vias[i].via))) {
			fputs(vias[i].words, f);
			return;
		}
	fputs("found via ", f);
	put_or_unknown(f, via, put);
}

void report_fact_bmc(FILE *f, const struct rl_bmc *b, report_put_fn *put)
{
	if (b->has_found && !b->found) {
		fputs("none", f);
		if (b->why[0]) {
			fputs(" (", f);
			put(f, b->why);
			fputc(')', f);
		}
		return;
	}
	bmc_iface(f, b->iface, put);
	fputs(" at ", f);
	if (!strcmp(b->space, "io"))
		fputs("I/O ", f);
	else if (!strcmp(b->space, "mem"))
		fputs("memory ", f);
	else {
		put_or_unknown(f, b->space, put);
		fputc(' ', f);
	}
	if (b->has_addr)
		fprintf(f, "0x%" PRIx64, b->addr);
	else
		fputc('?', f);
	fputs(" (", f);
	bmc_via(f, b->via, put);
	if (b->has_spacing)
		fprintf(f, ", spacing %" PRId64, b->spacing);
	if (b->spec[0]) {
		fputs(", table says IPMI ", f);
		put(f, b->spec);
	}
	fputs("): ", f);
	if (b->has_answer && b->answer) {
		fputs("IPMI ", f);
		put_or_unknown(f, b->ipmi, put);
		if (b->has_dev)
			fprintf(f, ", device 0x%" PRIx64, b->dev);
		else
			fputs(", device ?", f);
		if (b->has_dev_rev)
			fprintf(f, " rev %" PRId64, b->dev_rev);
		else
			fputs(" rev ?", f);
		fputs(", firmware ", f);
		put_or_unknown(f, b->fw, put);
		if (b->has_mfg)
			fprintf(f, ", manufacturer %" PRId64, b->mfg);
		else
			fputs(", manufacturer ?", f);
		if (b->has_product)
			fprintf(f, ", product %" PRId64, b->product);
		else
			fputs(", product ?", f);
		return;
	}
	/* The payload drives KCS only: another interface was never asked. */
	if (!b->has_answer)
		fputs("answer unknown", f);
	else if (b->iface[0] && strcmp(b->iface, pd_ipmi_iface_name(PD_IPMI_IF_KCS)))
		fputs("not asked", f);
	else
		fputs("did not answer", f);
	if (b->why[0]) {
		fputs(": ", f);
		put(f, b->why);
	}
}

int report_mismatch_has_bsp(const struct runlog *rl, const struct rl_mismatch *m)
{
	const struct rl_cpu *bsp = rl->sum.bsp;
	size_t i;

	for (i = 0; bsp && bsp->has_apic && i < m->napics; i++)
		if (m->apics[i] == bsp->apic)
			return 1;
	return 0;
}

void report_fact_cpu(FILE *f, const struct runlog *rl, uint32_t apic)
{
	const struct rl_cpu *c = runlog_cpu_by_apic(rl, apic);

	fprintf(f, "APIC %" PRIu32, apic);
	if (c && c->has_topo)
		fprintf(f, " (%" PRIu32 "/%" PRIu32 "/%" PRIu32 ")", c->pkg, c->core, c->thread);
}

const char *report_cpu_anomaly(const struct runlog *rl, const struct rl_cpu *c)
{
	const struct rl_summary *s = &rl->sum;

	if (!rl_cpu_in_state(c, PD_CPU_BSP) && !rl_cpu_in_state(c, PD_CPU_ONLINE))
		return rl_cpu_in_state(c, PD_CPU_LOST) ? "LOST" : "not started";
	if (c->canary_bad)
		return "STACK CANARY DAMAGED";
	if (s->has_bsp_ucode && c->has_ucode && c->ucode != (uint64_t)s->bsp_ucode)
		return "microcode differs from the BSP";
	return NULL;
}

void report_fact_counts(FILE *f, const uint64_t *counts)
{
	int o, n = 0;

	for (o = 0; o < PD_OUTCOME_COUNT; o++)
		if (counts[o])
			fprintf(f, "%s%s %" PRIu64, n++ ? ", " : "",
				pd_outcome_name((enum pd_outcome)o), counts[o]);
	if (!n)
		fputs("no counts", f);
}

const char *report_exception_name(const struct rl_exception *x)
{
	const char *vn = x->name[0] ? x->name : x->has_vector ? pd_vector_name(x->vector) : NULL;

	return vn ? vn : "exception";
}
