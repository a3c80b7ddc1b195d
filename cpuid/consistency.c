/* SPDX-License-Identifier: MIT */
/*
 * Which CPUID registers differ between the logical CPUs of one machine
 * (see consistency.h).  Freestanding: no libc.
 */
#include "cpuid/consistency.h"

int cpuid_leaf_by_core_type(uint32_t leaf)
{
	switch (leaf) {
	case 0x4:	  /* deterministic cache parameters (SDM Vol. 2A, 04H) */
	case 0xA:	  /* architectural performance monitoring (0AH) */
	case 0x10:	  /* resource director technology allocation (10H) */
	case 0x14:	  /* Intel Processor Trace (14H) */
	case 0x16:	  /* processor frequency information (16H) */
	case 0x18:	  /* deterministic address translation parameters (18H) */
	case 0x1A:	  /* hybrid information: the core type itself (1AH) */
	case 0x1C:	  /* architectural LBR (1CH) */
	case 0x23:	  /* architectural performance monitoring extended (23H) */
	case 0x80000005u: /* L1 cache and TLB (APM Vol. 3 Fn8000_0005) */
	case 0x80000006u: /* L2/L3 cache and TLB (SDM 80000006H, APM Fn8000_0006) */
	case 0x8000001Du: /* cache topology (APM Fn8000_001D) */
	case 0x80000026u: /* extended CPU topology: core type, ranking (Fn8000_0026) */
		return 1;
	default:
		return 0;
	}
}

/* Both views have the same core type, or the leaf is the machine's. */
static int comparable(uint32_t leaf, const struct cpuid_cpu_view *a, const struct cpuid_cpu_view *b)
{
	return a->core_type == b->core_type || !cpuid_leaf_by_core_type(leaf);
}

struct found {
	struct cpuid_diff *out;
	uint32_t max, n;
};

static void note(struct found *f, uint32_t leaf, uint32_t sub, enum cpuid_reg reg,
		 const struct cpuid_cpu_view *c)
{
	struct cpuid_diff d = {leaf, sub, reg, 0, 0};
	uint32_t i;

	if (leaf != CPUID_KEY_UCODE && cpuid_leaf_by_core_type(leaf)) {
		d.by_type = 1;
		d.core_type = c->core_type;
	}
	for (i = 0; i < f->n && i < f->max; i++)
		if (f->out[i].leaf == d.leaf && f->out[i].sub == d.sub && f->out[i].reg == d.reg &&
		    f->out[i].by_type == d.by_type && f->out[i].core_type == d.core_type)
			return;
	if (f->n < f->max)
		f->out[f->n] = d;
	f->n++;
}

/* The reference's leaf matching l: same index first (the usual case). */
static const struct cpuid_leaf *ref_leaf(const struct cpuid_raw *r, uint32_t j,
					 const struct cpuid_leaf *l)
{
	if (j < r->n && j < CPUID_RAW_MAX && r->l[j].leaf == l->leaf &&
	    r->l[j].subleaf == l->subleaf)
		return &r->l[j];
	return cpuid_raw_find(r, l->leaf, l->subleaf);
}

/* Notes the registers where c differs from ref, among the leaves that
 * want(leaf) accepts. */
static void diff_pair(struct found *f, const struct cpuid_cpu_view *c,
		      const struct cpuid_cpu_view *ref, int by_type_only)
{
	const struct cpuid_raw *a = c->raw, *b = ref->raw;
	uint32_t j, na = a->n < CPUID_RAW_MAX ? a->n : CPUID_RAW_MAX;
	uint32_t nb = b->n < CPUID_RAW_MAX ? b->n : CPUID_RAW_MAX;
	int r;

	for (j = 0; j < na; j++) {
		const struct cpuid_leaf *l = &a->l[j], *bl;

		if (!comparable(l->leaf, c, ref) ||
		    (by_type_only && !cpuid_leaf_by_core_type(l->leaf)))
			continue;
		bl = ref_leaf(b, j, l);
		for (r = CPUID_EAX; r <= CPUID_EDX; r++) {
			uint32_t m = ~cpuid_per_cpu_mask(l->leaf, l->subleaf, (enum cpuid_reg)r);

			if (!bl || (l->regs[r] & m) != (bl->regs[r] & m))
				note(f, l->leaf, l->subleaf, (enum cpuid_reg)r, c);
		}
	}
	for (j = 0; j < nb; j++) {
		const struct cpuid_leaf *l = &b->l[j];

		if (!comparable(l->leaf, c, ref) ||
		    (by_type_only && !cpuid_leaf_by_core_type(l->leaf)))
			continue;
		if (!cpuid_raw_find(a, l->leaf, l->subleaf))
			note(f, l->leaf, l->subleaf, CPUID_EAX, c);
	}
}

uint32_t cpuid_find_diffs(uint32_t ncpus, cpuid_view_fn view, void *ctx, struct cpuid_diff *out,
			  uint32_t max)
{
	struct cpuid_cpu_view ref, first[CPUID_MAX_CORE_TYPES], c;
	uint32_t types[CPUID_MAX_CORE_TYPES], ntypes = 0, i, t;
	struct found f = {out, max, 0};
	int have_ref = 0;

	for (i = 0; i < ncpus; i++) {
		if (!view(ctx, i, &c))
			continue;
		if (!have_ref) {
			ref = c;
			have_ref = 1;
		}
		for (t = 0; t < ntypes && types[t] != c.core_type; t++)
			;
		if (t == ntypes && ntypes < CPUID_MAX_CORE_TYPES) {
			types[ntypes] = c.core_type;
			first[ntypes++] = c;
		}
		diff_pair(&f, &c, &ref, 0);
		/* Another core type than the reference: its own leaves against
		 * the first CPU of its type (more types than we keep: against
		 * nobody, the common leaves are still compared). */
		if (c.core_type != ref.core_type && t < ntypes)
			diff_pair(&f, &c, &first[t], 1);
		if (c.ucode_ok != ref.ucode_ok || c.ucode != ref.ucode)
			note(&f, CPUID_KEY_UCODE, 0, CPUID_EAX, &c);
	}
	return f.n;
}

uint32_t cpuid_count_core_types(uint32_t ncpus, cpuid_view_fn view, void *ctx, uint32_t *types,
				uint32_t *counts, uint32_t max)
{
	struct cpuid_cpu_view c;
	uint32_t n = 0, i, t;
	int hybrid = 0;

	for (i = 0; i < ncpus; i++) {
		if (!view(ctx, i, &c))
			continue;
		hybrid |= c.core_type != 0;
		for (t = 0; t < n && types[t] != c.core_type; t++)
			;
		if (t == n) {
			if (n == max)
				continue;
			types[n] = c.core_type;
			counts[n++] = 0;
		}
		counts[t]++;
	}
	return hybrid ? n : 0;
}

static uint32_t put(char *buf, uint32_t cap, uint32_t len, const char *s)
{
	while (*s && len + 1 < cap)
		buf[len++] = *s++;
	return len;
}

uint32_t cpuid_format_core_types(const uint32_t *types, const uint32_t *counts, uint32_t n,
				 char *buf, uint32_t cap)
{
	uint32_t len = 0, t, v, k;
	char num[12];

	if (!cap)
		return 0;
	for (t = 0; t < n; t++) {
		if (t)
			len = put(buf, cap, len, ",");
		len = put(buf, cap, len, types[t] ? cpuid_core_type_name(types[t]) : "none");
		len = put(buf, cap, len, ":");
		k = sizeof(num) - 1;
		num[k] = 0;
		v = counts[t];
		do {
			num[--k] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		len = put(buf, cap, len, &num[k]);
	}
	buf[len] = 0;
	return len;
}

int cpuid_diff_in_scope(const struct cpuid_diff *d, const struct cpuid_cpu_view *c)
{
	return !d->by_type || c->core_type == d->core_type;
}

int cpuid_diff_value(const struct cpuid_diff *d, const struct cpuid_cpu_view *c, uint64_t *v)
{
	const struct cpuid_leaf *l;

	*v = 0;
	if (d->leaf == CPUID_KEY_UCODE) {
		*v = c->ucode;
		return c->ucode_ok;
	}
	l = cpuid_raw_find(c->raw, d->leaf, d->sub);
	if (!l)
		return 0;
	*v = l->regs[d->reg] & ~cpuid_per_cpu_mask(d->leaf, d->sub, d->reg);
	return 1;
}

uint32_t cpuid_diff_values(const struct cpuid_diff *d, uint32_t ncpus, cpuid_view_fn view,
			   void *ctx, uint8_t *present, uint64_t *vals, uint32_t max)
{
	struct cpuid_cpu_view c;
	uint32_t n = 0, i, j;
	uint64_t v;
	uint8_t p;

	for (i = 0; i < ncpus; i++) {
		if (!view(ctx, i, &c) || !cpuid_diff_in_scope(d, &c))
			continue;
		p = (uint8_t)cpuid_diff_value(d, &c, &v);
		for (j = 0; j < n && j < max; j++)
			if (present[j] == p && (!p || vals[j] == v))
				break;
		if (j < n && j < max)
			continue;
		if (n < max) {
			present[n] = p;
			vals[n] = v;
		}
		n++;
	}
	return n;
}
