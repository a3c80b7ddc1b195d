/* SPDX-License-Identifier: MIT */
/*
 * One machine, one CPUID: every logical CPU should report what the BSP
 * reports, apart from the fields that differ by design, and on hybrid parts
 * what the first CPU of its core type reports in the leaves that describe
 * a core type (cpuid/consistency.c decides, for the host's dump check too).
 * A difference, or a different microcode revision, is a firmware bug worth
 * a ticket: it is reported with each value and the APIC IDs that report it.
 */
#include "cpus/consistency.h"
#include "cpus/cpu.h"
#include "cpuid/consistency.h"
#include "options/options.h"
#include "report/report.h"
#include "lib/idrun.h"
#include "lib/string.h"

#define MAX_VALUES 16
#define MAX_DIFFS  64
#define LIST_ROOM  200 /* characters of ID list per record */

int cpu_cpuid_view(void *ctx, uint32_t i, struct cpuid_cpu_view *v)
{
	const struct cpu *c = &cpus[i];

	(void)ctx;
	if (!cpu_probed(c))
		return 0;
	v->raw = &c->raw;
	v->ucode = c->msrs.ucode;
	v->ucode_ok = c->msrs.ucode_ok;
	v->core_type = c->facts.core_type;
	return 1;
}

static void send_group(const struct cpuid_diff *d, int present, uint64_t val, const char *list,
		       size_t len)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_MISMATCH);
	if (d->leaf == CPUID_KEY_UCODE) {
		pd_rec_s(&w, PD_F_WHAT_KIND, "ucode");
	} else {
		pd_rec_s(&w, PD_F_WHAT_KIND, "cpuid");
		pd_rec_x(&w, PD_F_LEAF, d->leaf);
		pd_rec_x(&w, PD_F_SUB, d->sub);
		pd_rec_s(&w, PD_F_REG, cpuid_reg_name(d->reg));
	}
	if (present)
		pd_rec_x(&w, PD_F_VAL, val);
	else
		pd_rec_s(&w, PD_F_VAL, "absent");
	if (d->by_type && d->core_type)
		pd_rec_s(&w, PD_F_CORE_TYPE, cpuid_core_type_name(d->core_type));
	pd_rec_sn(&w, PD_F_APICS, list, len);
	rec_send(&w);
}

struct value_ctx {
	const struct cpuid_diff *d;
	int present;
	uint64_t val;
};

static void value_piece(void *ctx, const char *list, size_t n)
{
	const struct value_ctx *v = ctx;

	send_group(v->d, v->present, v->val, list, n);
}

/* One or more records listing the CPUs in d's scope that report (present, val). */
static void report_value(const struct cpuid_diff *d, int present, uint64_t val)
{
	char list[LIST_ROOM + IDRUN_SLACK];
	struct value_ctx vc = {d, present, val};
	struct idrun r = {list, 0, LIST_ROOM, 0, 0, 0, value_piece, &vc};
	uint32_t i;

	for (i = 0; i < ncpus; i++) {
		struct cpuid_cpu_view v;
		uint64_t x = 0;

		if (cpu_cpuid_view(0, i, &v) && cpuid_diff_in_scope(d, &v)) {
			int p = cpuid_diff_value(d, &v, &x);

			if (p == present && (!p || x == val))
				idrun_add(&r, cpus[i].apic_id);
		}
	}
	idrun_finish(&r);
}

uint32_t check_consistency(void)
{
	static struct cpuid_diff diffs[MAX_DIFFS];
	uint64_t vals[MAX_VALUES];
	uint8_t pres[MAX_VALUES];
	uint32_t ndiffs, nreported = 0, i, j, nvals;

	/* Cheap pass over every CPU for the registers that differ at all,
	 * then the grouping (which CPU reports what) only for those. */
	ndiffs = cpuid_find_diffs(ncpus, cpu_cpuid_view, 0, diffs, MAX_DIFFS);
	if (ndiffs > MAX_DIFFS) {
		report_error(PD_LEVEL_WARN, PD_ERR_MISMATCH_OVERFLOW,
			     "more CPUID registers differ than are reported one by one");
		ndiffs = MAX_DIFFS;
	}
	for (i = 0; i < ndiffs; i++) {
		nvals =
		    cpuid_diff_values(&diffs[i], ncpus, cpu_cpuid_view, 0, pres, vals, MAX_VALUES);
		if (nvals <= 1)
			continue;
		if (nvals > MAX_VALUES)
			nvals = MAX_VALUES;
		for (j = 0; j < nvals; j++)
			report_value(&diffs[i], pres[j], vals[j]);
		nreported++;
	}
	return nreported;
}

void inject_fake_mismatch(void)
{
	uint32_t i;

	for (i = 1; i < ncpus; i++) {
		struct cpu *c = &cpus[i];
		struct cpuid_leaf *l;

		if (!id_list_has(&opts.fake_mismatch, c->apic_id) || !cpu_probed(c))
			continue;
		/* As a CPU with an SSE3 bit and a microcode patch of its own
		 * would report them. */
		l = (struct cpuid_leaf *)cpuid_raw_find(&c->raw, 1, 0);
		if (l)
			l->regs[CPUID_ECX] ^= 1u;
		c->msrs.ucode += 1;
		c->msrs.ucode_ok = 1;
	}
}
