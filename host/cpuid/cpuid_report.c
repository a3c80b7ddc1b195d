/* SPDX-License-Identifier: MIT */
/* The facts of every CPU in a CPUID dump file, decoded and named. */
#include "host/cpuid/cpuid_report.h"

#include <inttypes.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "cpuid/consistency.h"
#include "host/cpuid/identify.h"
#include "host/model/idlist.h"
#include "host/report/report.h"

/* Registers of a dump told apart one by one; more are counted. */
#define DUMP_MAX_DIFFS	64
#define DUMP_MAX_VALUES 16

/* The dump's CPUs as the shared consistency check sees them. */
struct dump_check {
	const struct cpuid_dump *d;
	const struct cpuid_facts *facts;
	char core_types[128]; /* "core:2,atom:1"; "" when not hybrid */
	struct rl_mismatch *m;
	size_t nm;
	uint32_t regs;	  /* registers (or leaves) that differ */
	uint32_t dropped; /* differing registers beyond DUMP_MAX_DIFFS */
};

static int dump_view(void *ctx, uint32_t i, struct cpuid_cpu_view *v)
{
	const struct dump_check *k = ctx;

	v->raw = &k->d->cpu[i];
	v->ucode = 0;
	v->ucode_ok = 0; /* a dump has no microcode revision */
	v->core_type = k->facts[i].core_type;
	return 1;
}

/* The CPUs of the diff's scope that report (present, val), by x2APIC ID. */
static void collect_value(struct dump_check *k, const struct cpuid_diff *df, int present,
			  uint64_t val)
{
	struct rl_mismatch *m = &k->m[k->nm++];
	uint32_t i, n = (uint32_t)k->d->ncpus;

	memset(m, 0, sizeof(*m));
	snprintf(m->kind, sizeof(m->kind), "cpuid");
	snprintf(m->reg, sizeof(m->reg), "%s", cpuid_reg_name(df->reg));
	if (df->by_type && df->core_type)
		snprintf(m->core_type, sizeof(m->core_type), "%s",
			 cpuid_core_type_name(df->core_type));
	m->leaf = df->leaf;
	m->sub = df->sub;
	m->has_leaf = m->has_sub = 1;
	m->val = val;
	m->has_val = present;
	m->apics = calloc(n ? n : 1, sizeof(*m->apics));
	if (!m->apics)
		return;
	for (i = 0; i < n; i++) {
		struct cpuid_cpu_view v;
		uint64_t x;
		int p;

		dump_view(k, i, &v);
		if (!cpuid_diff_in_scope(df, &v))
			continue;
		p = cpuid_diff_value(df, &v, &x);
		if (p == present && (!p || x == val))
			m->apics[m->napics++] = k->facts[i].x2apic_id;
	}
	m->napics = idlist_sort_unique(m->apics, m->napics);
}

/* The same check the payload runs on live CPUs, over the dump's CPUs. */
static int check_dump(struct dump_check *k)
{
	struct cpuid_diff diffs[DUMP_MAX_DIFFS];
	uint32_t types[CPUID_MAX_CORE_TYPES], counts[CPUID_MAX_CORE_TYPES];
	uint64_t vals[DUMP_MAX_VALUES];
	uint8_t pres[DUMP_MAX_VALUES];
	uint32_t n = (uint32_t)k->d->ncpus, nd, nt, i, j, nv;

	nt = cpuid_count_core_types(n, dump_view, k, types, counts, CPUID_MAX_CORE_TYPES);
	cpuid_format_core_types(types, counts, nt, k->core_types, sizeof(k->core_types));
	nd = cpuid_find_diffs(n, dump_view, k, diffs, DUMP_MAX_DIFFS);
	if (nd > DUMP_MAX_DIFFS) {
		k->dropped = nd - DUMP_MAX_DIFFS;
		nd = DUMP_MAX_DIFFS;
	}
	k->m = calloc((size_t)nd * DUMP_MAX_VALUES + 1, sizeof(*k->m));
	if (!k->m)
		return -1;
	for (i = 0; i < nd; i++) {
		nv = cpuid_diff_values(&diffs[i], n, dump_view, k, pres, vals, DUMP_MAX_VALUES);
		if (nv <= 1)
			continue;
		if (nv > DUMP_MAX_VALUES)
			nv = DUMP_MAX_VALUES;
		k->regs++;
		for (j = 0; j < nv; j++)
			collect_value(k, &diffs[i], pres[j], vals[j]);
	}
	return 0;
}

static void check_free(struct dump_check *k)
{
	size_t i;

	for (i = 0; i < k->nm; i++)
		free(k->m[i].apics);
	free(k->m);
}

static const char *yn(int v)
{
	return v ? "yes" : "no";
}

static void text_facts(FILE *f, const struct cpuid_facts *x)
{
	int i;

	fprintf(f, "vendor:     %s (%s)\n", x->vendor_id[0] ? x->vendor_id : "?",
		cpuid_vendor_name(x->vendor));
	fprintf(f, "brand:      %s\n", x->brand[0] ? x->brand : "(none)");
	fprintf(f,
		"signature:  0x%08" PRIx32 ": family %" PRIu32 " (0x%" PRIx32 "), model %" PRIu32
		" (0x%" PRIx32 "), stepping %" PRIu32 "\n",
		x->signature, x->family, x->family, x->model, x->model, x->stepping);
	fprintf(f, "microcode:  unknown (CPUID does not report it; the payload reads the MSR)\n");
	fprintf(f, "memory enc: SME %s, SEV %s, SEV-ES %s, SNP %s, C-bit ", yn(x->sme), yn(x->sev),
		yn(x->sev_es), yn(x->snp));
	if (x->cbit)
		fprintf(f, "%u (physical address bits reduced by %u)\n", x->cbit,
			x->phys_addr_reduction);
	else
		fprintf(f, "none\n");
	fprintf(f, "tme:        %s (activation is an MSR: unknown from a dump)\n", yn(x->tme));
	fprintf(f, "tdx guest:  %s\n", yn(x->tdx_guest));
	fprintf(f, "mwait:      MONITOR/MWAIT %s", yn(x->monitor));
	if (x->mwait_leaf) {
		fprintf(f,
			", monitor line %u..%u bytes (park lines %u%s), EMX %s, IBE %s, sub-states",
			x->mwait_line_min, x->mwait_line_max, x->mwait_line,
			x->mwait_line_capped ? ", capped" : "", yn(x->mwait_emx), yn(x->mwait_ibe));
		for (i = 0; i < 8; i++)
			fprintf(f, " C%d:%u", i, x->mwait_substate[i]);
	} else if (x->monitor) {
		fprintf(f, " (no leaf 5)");
	}
	if (x->monitor)
		fprintf(f, ", hint 0x%02x (C%u sub-state %u)", x->mwait_hint,
			((x->mwait_hint >> 4) & 0xf) + 1, x->mwait_hint & 0xf);
	fputc('\n', f);
	fprintf(f, "topology:   leaf 0x%x, SMT %s, APIC ID shifts smt %u core %u\n", x->topo_leaf,
		yn(x->smt), x->smt_shift, x->core_shift);
	fprintf(f, "apic:       x2APIC %s, hypervisor %s, 1 GiB pages %s\n", yn(x->x2apic),
		yn(x->hypervisor), yn(x->pdpe1gb));
}

static void text_mismatches(FILE *f, const struct dump_check *k)
{
	size_t i, j;

	if (k->core_types[0])
		fprintf(f, "core types: %s (hybrid: their own leaves compared within a type)\n",
			k->core_types);
	if (!k->regs) {
		fprintf(f, "mismatches: none (every CPU reports what CPU 0 reports, per-CPU "
			   "fields aside)\n");
		return;
	}
	fprintf(f, "mismatches: %u register%s differ%s\n", k->regs, k->regs == 1 ? "" : "s",
		k->regs == 1 ? "s" : "");
	for (i = 0; i < k->nm; i++) {
		const struct rl_mismatch *m = &k->m[i];

		fprintf(f, "  leaf 0x%" PRIx64 " sub 0x%" PRIx64 " %s%s%s: ", m->leaf, m->sub,
			m->reg, m->core_type[0] ? " among " : "", m->core_type);
		if (m->has_val)
			fprintf(f, "0x%08" PRIx64, m->val);
		else
			fprintf(f, "absent");
		fprintf(f, " on x2APIC");
		for (j = 0; j < m->napics; j++)
			fprintf(f, "%s%" PRIu32, j ? "," : " ", m->apics[j]);
		fputc('\n', f);
	}
	if (k->dropped)
		fprintf(f, "  ... and %u more registers\n", k->dropped);
}

/* Distinct packages over the dump's CPUs, by each CPU's own topology. */
static size_t count_packages(const struct cpuid_dump *d, const struct cpuid_facts *facts)
{
	size_t i, j, n = 0;
	uint32_t *seen = calloc(d->ncpus, sizeof(*seen));

	if (!seen)
		return 0;
	for (i = 0; i < d->ncpus; i++) {
		uint32_t pkg, core, thread;

		cpuid_topology_split(&facts[i], facts[i].x2apic_id, &pkg, &core, &thread);
		for (j = 0; j < n && seen[j] != pkg; j++)
			;
		if (j == n)
			seen[n++] = pkg;
	}
	free(seen);
	return n;
}

static const char *topo_source(uint32_t leaf)
{
	switch (leaf) {
	case 0x1F:
		return "leaf 0x1F";
	case 0xB:
		return "leaf 0xB";
	case 0x8000001E:
		return "AMD leaves 0x80000008/0x8000001E";
	default:
		return "leaves 1 and 4";
	}
}

/*
 * Why the topology does not come from the best leaf (cpuid_decode skipped an
 * incomplete one), or "" when it does.  From CPU 0, which names the leaf for
 * the report; any CPU's skip is mentioned.
 */
static const char *topo_note(const struct cpuid_dump *d, const struct cpuid_facts *facts, char *buf,
			     size_t n)
{
	unsigned cut = 0;
	size_t i;

	for (i = 0; i < d->ncpus; i++)
		cut |= facts[i].topo_cut;
	buf[0] = '\0';
	if (cut)
		snprintf(buf, n,
			 "the dump does not hold the subleaves of %s%s%s up to their end marker "
			 "(libcpuid's raw.txt keeps subleaf 0 only), so its levels may stop short "
			 "of the package; topology from %s",
			 cut & CPUID_TOPO_CUT_1F ? "leaf 0x1F" : "",
			 cut == (CPUID_TOPO_CUT_1F | CPUID_TOPO_CUT_B) ? " and " : "",
			 cut & CPUID_TOPO_CUT_B ? "leaf 0xB" : "", topo_source(facts[0].topo_leaf));
	return buf;
}

static int text(FILE *f, const struct cpuid_dump *d, const struct cpuid_facts *facts,
		const struct cpu_identity *id, const struct dump_check *k)
{
	char buf[400];
	size_t i;

	fprintf(f, "cpuid dump: %zu logical CPU%s%s", d->ncpus, d->ncpus == 1 ? "" : "s",
		d->libcpuid_form ? " (libcpuid form)" : "");
	if (d->bad_lines)
		fprintf(f, ", %zu unreadable lines", d->bad_lines);
	fputc('\n', f);
	if (id->ok && id->known == CPU_KNOWN_YES)
		fprintf(f,
			"libcpuid:   %s \"%s\", codename \"%s\" (libcpuid %s), family %d model %d "
			"stepping %d, core purpose %s\n",
			id->vendor, id->brand, id->codename, id->libcpuid, id->ext_family,
			id->ext_model, id->stepping, id->purpose);
	else if (id->ok)
		fprintf(f, "libcpuid:   %s \"%s\", codename %s, core purpose %s\n", id->vendor,
			id->brand, identify_codename_text(id, buf, sizeof(buf)), id->purpose);
	else
		fprintf(f, "libcpuid:   could not identify CPU 0 (libcpuid %s): %s\n", id->libcpuid,
			id->error[0] ? id->error : "unknown error");
	fprintf(f, "CPU 0:\n");
	text_facts(f, &facts[0]);
	fprintf(f, "packages:   %zu over the dump's CPUs\n", count_packages(d, facts));
	if (*topo_note(d, facts, buf, sizeof(buf)))
		fprintf(f, "note:       %s\n", buf);
	fprintf(f, "cpus:\n  %5s %10s  %-14s %s\n", "cpu", "x2apic_id", "pkg/core/thr", "differs");
	for (i = 0; i < d->ncpus; i++) {
		const struct cpuid_facts *x = &facts[i];
		uint32_t pkg, core, thread;
		char topo[40];

		cpuid_topology_split(x, x->x2apic_id, &pkg, &core, &thread);
		snprintf(topo, sizeof(topo), "%" PRIu32 "/%" PRIu32 "/%" PRIu32, pkg, core, thread);
		fprintf(f, "  %5zu %10" PRIu32 "  %-14s %s\n", i, x->x2apic_id, topo,
			x->signature != facts[0].signature || x->vendor != facts[0].vendor
			    ? "signature differs from CPU 0"
			    : "");
	}
	text_mismatches(f, k);
	return ferror(f) ? -1 : 0;
}

static struct json_object *jfacts(const struct cpuid_facts *x)
{
	struct json_object *o = json_object_new_object();
	struct rl_features feat; /* for the MWAIT object the reports share */
	char sig[16];

	runlog_features_from_facts(x, &feat);
	snprintf(sig, sizeof(sig), "0x%08" PRIx32, x->signature);
	json_object_object_add(o, "vendor_id", json_object_new_string(x->vendor_id));
	json_object_object_add(o, "vendor", json_object_new_string(cpuid_vendor_name(x->vendor)));
	json_object_object_add(o, "brand", json_object_new_string(x->brand));
	json_object_object_add(o, "signature", json_object_new_string(sig));
	json_object_object_add(o, "family", json_object_new_int64(x->family));
	json_object_object_add(o, "model", json_object_new_int64(x->model));
	json_object_object_add(o, "stepping", json_object_new_int64(x->stepping));
	json_object_object_add(o, "sme", json_object_new_boolean(x->sme));
	json_object_object_add(o, "sev", json_object_new_boolean(x->sev));
	json_object_object_add(o, "sev_es", json_object_new_boolean(x->sev_es));
	json_object_object_add(o, "snp", json_object_new_boolean(x->snp));
	json_object_object_add(o, "cbit", json_object_new_boolean(x->cbit != 0));
	json_object_object_add(o, "cbit_pos", x->cbit ? json_object_new_int(x->cbit) : NULL);
	json_object_object_add(o, "tme", json_object_new_boolean(x->tme));
	json_object_object_add(o, "tdx_guest", json_object_new_boolean(x->tdx_guest));
	json_object_object_add(o, "monitor_mwait", json_object_new_boolean(x->monitor));
	json_object_object_add(o, "mwait", report_json_mwait(&feat));
	json_object_object_add(o, "smt", json_object_new_boolean(x->smt));
	json_object_object_add(o, "x2apic", json_object_new_boolean(x->x2apic));
	json_object_object_add(o, "hypervisor", json_object_new_boolean(x->hypervisor));
	json_object_object_add(o, "pdpe1gb", json_object_new_boolean(x->pdpe1gb));
	json_object_object_add(o, "topo_leaf", json_object_new_int64(x->topo_leaf));
	json_object_object_add(o, "smt_shift", json_object_new_int(x->smt_shift));
	json_object_object_add(o, "core_shift", json_object_new_int(x->core_shift));
	json_object_object_add(o, "x2apic_id", json_object_new_int64(x->x2apic_id));
	return o;
}

/* What a ticket quotes: the codename only when libcpuid really knows it. */
static struct json_object *jidentity(const struct cpu_identity *id)
{
	struct json_object *o = json_object_new_object();
	char buf[256];
	int known = id->ok && id->known == CPU_KNOWN_YES;

	json_object_object_add(o, "libcpuid", json_object_new_string(id->libcpuid));
	json_object_object_add(o, "vendor", id->ok ? json_object_new_string(id->vendor) : NULL);
	json_object_object_add(o, "brand", id->ok ? json_object_new_string(id->brand) : NULL);
	json_object_object_add(o, "codename", known ? json_object_new_string(id->codename) : NULL);
	json_object_object_add(
	    o, "codename_text",
	    json_object_new_string(identify_codename_text(id, buf, sizeof(buf))));
	json_object_object_add(
	    o, "codename_known",
	    id->ok && id->known != CPU_KNOWN_UNSURE ? json_object_new_boolean(known) : NULL);
	json_object_object_add(o, "purpose", id->ok ? json_object_new_string(id->purpose) : NULL);
	json_object_object_add(o, "family", id->ok ? json_object_new_int(id->ext_family) : NULL);
	json_object_object_add(o, "model", id->ok ? json_object_new_int(id->ext_model) : NULL);
	json_object_object_add(o, "stepping", id->ok ? json_object_new_int(id->stepping) : NULL);
	return o;
}

static struct json_object *jtopology(const struct cpuid_dump *d, const struct cpuid_facts *facts)
{
	struct json_object *o = json_object_new_object();
	char buf[400];

	json_object_object_add(o, "packages",
			       json_object_new_int64((int64_t)count_packages(d, facts)));
	json_object_object_add(o, "leaf", json_object_new_int64(facts[0].topo_leaf));
	json_object_object_add(
	    o, "note", *topo_note(d, facts, buf, sizeof(buf)) ? json_object_new_string(buf) : NULL);
	return o;
}

static int json(FILE *f, const struct cpuid_dump *d, const struct cpuid_facts *facts,
		const struct cpu_identity *id, const struct dump_check *k)
{
	struct json_object *o = json_object_new_object(), *cpus = json_object_new_array();
	struct json_object *mm = json_object_new_array();
	struct rl_features feat;
	size_t i;
	int rc = 0;

	json_object_object_add(o, "cpus_in_dump", json_object_new_int64((int64_t)d->ncpus));
	json_object_object_add(o, "bad_lines", json_object_new_int64((int64_t)d->bad_lines));
	json_object_object_add(o, "libcpuid", report_json_libcpuid(id, 0, json_object_new_string));
	json_object_object_add(o, "identity", jidentity(id));
	json_object_object_add(o, "topology", jtopology(d, facts));
	json_object_object_add(o, "microcode", NULL);
	json_object_object_add(o, "facts", jfacts(&facts[0]));
	runlog_features_from_facts(&facts[0], &feat);
	json_object_object_add(o, "features", report_json_features(&feat));
	json_object_object_add(o, "core_types", report_json_core_types(k->core_types));
	for (i = 0; i < k->nm; i++)
		json_object_array_add(mm, report_json_mismatch(&k->m[i], NULL));
	json_object_object_add(o, "mismatches", mm);
	json_object_object_add(o, "mismatch_registers", json_object_new_int64(k->regs));
	json_object_object_add(o, "mismatch_registers_not_listed",
			       json_object_new_int64(k->dropped));
	for (i = 0; i < d->ncpus; i++) {
		struct json_object *c = json_object_new_object();
		uint32_t pkg, core, thread;

		cpuid_topology_split(&facts[i], facts[i].x2apic_id, &pkg, &core, &thread);
		json_object_object_add(c, "cpu", json_object_new_int64((int64_t)i));
		json_object_object_add(c, "x2apic_id", json_object_new_int64(facts[i].x2apic_id));
		json_object_object_add(c, "package", json_object_new_int64(pkg));
		json_object_object_add(c, "core", json_object_new_int64(core));
		json_object_object_add(c, "thread", json_object_new_int64(thread));
		json_object_object_add(
		    c, "core_type",
		    facts[i].core_type
			? json_object_new_string(cpuid_core_type_name(facts[i].core_type))
			: NULL);
		json_object_object_add(
		    c, "signature_matches_cpu0",
		    json_object_new_boolean(facts[i].signature == facts[0].signature));
		json_object_array_add(cpus, c);
	}
	json_object_object_add(o, "cpus", cpus);
	if (fprintf(f, "%s\n",
		    json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE)) < 0)
		rc = -1;
	json_object_put(o);
	return rc;
}

int cpuid_report(FILE *f, const struct cpuid_dump *d, int as_json)
{
	struct cpuid_facts *facts;
	struct cpu_identity id;
	struct dump_check k;
	size_t i;
	int rc;

	if (!d->ncpus)
		return -1;
	facts = calloc(d->ncpus, sizeof(*facts));
	if (!facts)
		return -1;
	for (i = 0; i < d->ncpus; i++)
		cpuid_decode(&d->cpu[i], &facts[i]);
	memset(&id, 0, sizeof(id));
	identify_cpu(&d->cpu[0], &id);
	memset(&k, 0, sizeof(k));
	k.d = d;
	k.facts = facts;
	if (check_dump(&k) != 0)
		rc = -1;
	else
		rc = as_json ? json(f, d, facts, &id, &k) : text(f, d, facts, &id, &k);
	check_free(&k);
	free(facts);
	return rc;
}
