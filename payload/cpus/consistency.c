/* SPDX-License-Identifier: MIT */
/*
 * One machine, one CPUID: every logical CPU should report what the BSP
 * reports, apart from per-CPU fields (APIC IDs and the like, masked by
 * cpuid_per_cpu_mask()).  A difference, or a different microcode revision,
 * is a firmware bug worth a ticket: it is reported with each value and the
 * APIC IDs that report it.
 */
#include "cpus/consistency.h"
#include "cpus/cpu.h"
#include "platform/options.h"
#include "platform/report.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define MAX_VALUES 16
#define LIST_ROOM  200	       /* characters of ID list per record */
#define UCODE_LEAF 0xffffffffu /* pseudo-leaf for the microcode revision */

struct probe_key {
	uint32_t leaf, sub;
	enum cpuid_reg reg;
};

static int probed(const struct cpu *c)
{
	return c->state == PD_CPU_BSP || (c->state == PD_CPU_ONLINE && c->probed);
}

/* The value a CPU reports for key; 0 when it does not have the leaf. */
static int value_of(const struct cpu *c, const struct probe_key *k, uint64_t *v)
{
	const struct cpuid_leaf *l;

	if (k->leaf == UCODE_LEAF) {
		*v = c->msrs.ucode;
		return c->msrs.ucode_ok;
	}
	l = cpuid_raw_find(&c->raw, k->leaf, k->sub);
	if (!l)
		return 0;
	*v = l->regs[k->reg] & ~cpuid_per_cpu_mask(k->leaf, k->sub, k->reg);
	return 1;
}

static void send_group(const struct probe_key *k, int present, uint64_t val, const char *list,
		       size_t len)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_MISMATCH);
	if (k->leaf == UCODE_LEAF) {
		pd_rec_s(&w, PD_F_WHAT_KIND, "ucode");
	} else {
		pd_rec_s(&w, PD_F_WHAT_KIND, "cpuid");
		pd_rec_x(&w, PD_F_LEAF, k->leaf);
		pd_rec_x(&w, PD_F_SUB, k->sub);
		pd_rec_s(&w, PD_F_REG, cpuid_reg_name(k->reg));
	}
	if (present)
		pd_rec_x(&w, PD_F_VAL, val);
	else
		pd_rec_s(&w, PD_F_VAL, "absent");
	pd_rec_sn(&w, PD_F_APICS, list, len);
	rec_send(&w);
}

/* One or more records listing the CPUs that report (present, val). */
static void report_value(const struct probe_key *k, int present, uint64_t val)
{
	char list[LIST_ROOM + 32];
	size_t n = 0;
	uint32_t i, run_start = 0, prev = 0;
	int in_run = 0;

	for (i = 0; i <= ncpus; i++) {
		const struct cpu *c = i < ncpus ? &cpus[i] : 0;
		uint64_t v = 0;
		int match = 0;

		if (c && probed(c)) {
			int p = value_of(c, k, &v);

			match = p == present && (!p || v == val);
		}
		if (match && in_run && c->apic_id == prev + 1) {
			prev = c->apic_id;
			continue;
		}
		if (in_run) { /* close the run [run_start, prev] */
			if (n)
				list[n++] = ',';
			n += fmt_dec(list + n, run_start);
			if (prev != run_start) {
				list[n++] = '-';
				n += fmt_dec(list + n, prev);
			}
			in_run = 0;
			if (n > LIST_ROOM) {
				send_group(k, present, val, list, n);
				n = 0;
			}
		}
		if (match) {
			in_run = 1;
			run_start = prev = c->apic_id;
		}
	}
	if (n)
		send_group(k, present, val, list, n);
}

/* Reports key if some probed CPU differs from the BSP; returns 1 if so. */
static int compare_key(const struct probe_key *k)
{
	uint64_t vals[MAX_VALUES], v;
	int pres[MAX_VALUES], p;
	uint32_t nvals = 0, i, j;

	for (i = 0; i < ncpus; i++) {
		if (!probed(&cpus[i]))
			continue;
		p = value_of(&cpus[i], k, &v);
		for (j = 0; j < nvals; j++)
			if (pres[j] == p && (!p || vals[j] == v))
				break;
		if (j == nvals && nvals < MAX_VALUES) {
			pres[nvals] = p;
			vals[nvals++] = v;
		}
	}
	if (nvals <= 1)
		return 0;
	for (j = 0; j < nvals; j++)
		report_value(k, pres[j], vals[j]);
	return 1;
}

#define MAX_KEYS 64

static struct probe_key diff_keys[MAX_KEYS];
static uint32_t ndiff_keys;

static void note_key(uint32_t leaf, uint32_t sub, enum cpuid_reg reg)
{
	uint32_t i;

	for (i = 0; i < ndiff_keys; i++)
		if (diff_keys[i].leaf == leaf && diff_keys[i].sub == sub && diff_keys[i].reg == reg)
			return;
	if (ndiff_keys < MAX_KEYS)
		diff_keys[ndiff_keys++] = (struct probe_key){leaf, sub, reg};
}

/* BSP's leaf matching l: same index first (the usual case), else a search. */
static const struct cpuid_leaf *bsp_leaf(uint32_t j, const struct cpuid_leaf *l)
{
	const struct cpuid_raw *b = &cpus[0].raw;

	if (j < b->n && b->l[j].leaf == l->leaf && b->l[j].subleaf == l->subleaf)
		return &b->l[j];
	return cpuid_raw_find(b, l->leaf, l->subleaf);
}

/* Finds the registers where cpu c differs from the BSP. */
static void diff_with_bsp(const struct cpu *c)
{
	const struct cpuid_raw *b = &cpus[0].raw;
	uint32_t j;
	int r;

	for (j = 0; j < c->raw.n; j++) {
		const struct cpuid_leaf *l = &c->raw.l[j], *bl = bsp_leaf(j, l);

		for (r = CPUID_EAX; r <= CPUID_EDX; r++) {
			uint32_t m = ~cpuid_per_cpu_mask(l->leaf, l->subleaf, (enum cpuid_reg)r);

			if (!bl || (l->regs[r] & m) != (bl->regs[r] & m))
				note_key(l->leaf, l->subleaf, (enum cpuid_reg)r);
		}
	}
	for (j = 0; j < b->n; j++)
		if (!cpuid_raw_find(&c->raw, b->l[j].leaf, b->l[j].subleaf))
			note_key(b->l[j].leaf, b->l[j].subleaf, CPUID_EAX);
	if (c->msrs.ucode_ok != cpus[0].msrs.ucode_ok || c->msrs.ucode != cpus[0].msrs.ucode)
		note_key(UCODE_LEAF, 0, CPUID_EAX);
}

uint32_t check_consistency(void)
{
	uint32_t diffs = 0, i;

	/* Cheap pass over every CPU for the registers that differ at all,
	 * then the grouping (which CPU reports what) only for those. */
	ndiff_keys = 0;
	for (i = 1; i < ncpus; i++)
		if (probed(&cpus[i]))
			diff_with_bsp(&cpus[i]);
	for (i = 0; i < ndiff_keys; i++)
		diffs += (uint32_t)compare_key(&diff_keys[i]);
	return diffs;
}

void inject_fake_mismatch(void)
{
	uint32_t i;

	for (i = 1; i < ncpus; i++) {
		struct cpu *c = &cpus[i];
		struct cpuid_leaf *l;

		if (!id_list_has(&opts.fake_mismatch, c->apic_id) || !probed(c))
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
