/* SPDX-License-Identifier: MIT */
/*
 * Collecting the raw CPUID leaves of one logical CPU, looking them up, and
 * printing one in the dump line form.  Freestanding: no libc.
 *
 * Leaf numbers and subleaf end markers: Intel SDM Vol. 2A, CPUID (Table 3-8),
 * and AMD APM Vol. 3, Appendix E.
 */
#include "cpuid/cpuid.h"

/* Bounds against CPUs (or hypervisors) that report nonsense maxima. */
#define MAX_BASIC_CAP 0x30u
#define MAX_HYPER_CAP 0x40000010u
#define MAX_EXT_CAP   0x80000028u

int cpuid_raw_add(struct cpuid_raw *raw, uint32_t leaf, uint32_t subleaf, const uint32_t regs[4],
		  int has_subleaf)
{
	struct cpuid_leaf *l;
	int i;

	if (raw->n >= CPUID_RAW_MAX) {
		raw->truncated = 1;
		return 0;
	}
	l = &raw->l[raw->n++];
	l->leaf = leaf;
	l->subleaf = subleaf;
	for (i = 0; i < 4; i++)
		l->regs[i] = regs[i];
	l->has_subleaf = has_subleaf ? 1 : 0;
	return 1;
}

const struct cpuid_leaf *cpuid_raw_find(const struct cpuid_raw *raw, uint32_t leaf,
					uint32_t subleaf)
{
	uint32_t i, n = raw->n < CPUID_RAW_MAX ? raw->n : CPUID_RAW_MAX;

	for (i = 0; i < n; i++)
		if (raw->l[i].leaf == leaf && raw->l[i].subleaf == subleaf)
			return &raw->l[i];
	return NULL;
}

struct collector {
	struct cpuid_raw *out;
	cpuid_fn fn;
	void *ctx;
	int full;
};

/* Executes one CPUID (nothing once the table is full: that bounds the calls). */
static int query(struct collector *c, uint32_t leaf, uint32_t sub, uint32_t regs[4])
{
	int i;

	for (i = 0; i < 4; i++)
		regs[i] = 0;
	if (c->full)
		return 0;
	c->fn(leaf, sub, regs, c->ctx);
	return 1;
}

static void store(struct collector *c, uint32_t leaf, uint32_t sub, int has_sub,
		  const uint32_t regs[4])
{
	if (!c->full && !cpuid_raw_add(c->out, leaf, sub, regs, has_sub))
		c->full = 1;
}

static void take(struct collector *c, uint32_t leaf, uint32_t sub, int has_sub, uint32_t regs[4])
{
	if (query(c, leaf, sub, regs))
		store(c, leaf, sub, has_sub, regs);
}

/* Subleaves 1..last of a leaf whose subleaf 0 EAX holds the last index. */
static void take_upto(struct collector *c, uint32_t leaf, uint32_t last, uint32_t cap)
{
	uint32_t r[4], s;

	if (last > cap)
		last = cap;
	for (s = 1; s <= last && !c->full; s++)
		take(c, leaf, s, 1, r);
}

/*
 * Cache-descriptor style leaves (4, 0x8000001D): subleaves until the cache
 * type field EAX[4:0] reads 0 ("no more caches"); the terminator is not kept.
 */
static void take_caches(struct collector *c, uint32_t leaf, uint32_t cap)
{
	uint32_t r[4], s;

	take(c, leaf, 0, 1, r);
	if ((r[CPUID_EAX] & 0x1f) == 0)
		return;
	for (s = 1; s < cap && query(c, leaf, s, r); s++) {
		if ((r[CPUID_EAX] & 0x1f) == 0)
			return;
		store(c, leaf, s, 1, r);
	}
}

/*
 * Topology style leaves (0xB, 0x1F, 0x80000026): subleaves until the level
 * type ECX[15:8] reads 0 (SDM: "invalid level type"); subleaf 0 is kept
 * always, later terminators are not.
 */
static void take_levels(struct collector *c, uint32_t leaf, uint32_t cap)
{
	uint32_t r[4], s;

	take(c, leaf, 0, 1, r);
	if (((r[CPUID_ECX] >> 8) & 0xff) == 0)
		return;
	for (s = 1; s < cap && query(c, leaf, s, r); s++) {
		if (((r[CPUID_ECX] >> 8) & 0xff) == 0)
			return;
		store(c, leaf, s, 1, r);
	}
}

static void take_basic(struct collector *c, uint32_t leaf, int sgx)
{
	uint32_t r[4], s;
	uint64_t mask;

	switch (leaf) {
	case 0x4: /* deterministic cache parameters */
		take_caches(c, leaf, 16);
		break;
	case 0x7:  /* structured features: EAX of subleaf 0 = last subleaf */
	case 0x14: /* processor trace */
	case 0x17: /* SoC vendor attributes */
	case 0x18: /* deterministic address translation */
	case 0x1D: /* tile information */
	case 0x20: /* processor history reset */
	case 0x24: /* AVX10 */
		take(c, leaf, 0, 1, r);
		take_upto(c, leaf, r[CPUID_EAX], 7);
		break;
	case 0x23: /* arch. perfmon extended: subleaf 0 EAX is a bitmap of valid subleaves */
		take(c, leaf, 0, 1, r);
		mask = r[CPUID_EAX];
		for (s = 1; s < 8 && !c->full; s++)
			if (mask & (1ull << s))
				take(c, leaf, s, 1, r);
		break;
	case 0xB:  /* extended topology */
	case 0x1F: /* V2 extended topology */
		take_levels(c, leaf, 8);
		break;
	case 0xD: {
		/* XSAVE: subleaf n exists for every state component n set in
		 * XCR0-supported (sub 0 EDX:EAX) or IA32_XSS-supported (sub 1
		 * EDX:ECX) bitmaps; SDM Vol. 1, 13.2. */
		uint32_t r1[4];

		take(c, leaf, 0, 1, r);
		take(c, leaf, 1, 1, r1);
		mask = ((uint64_t)r[CPUID_EDX] << 32 | r[CPUID_EAX]) |
		       ((uint64_t)r1[CPUID_EDX] << 32 | r1[CPUID_ECX]);
		for (s = 2; s < 64 && !c->full; s++)
			if (mask & (1ull << s))
				take(c, leaf, s, 1, r);
		break;
	}
	case 0xF: /* RDT monitoring: L3 resource in subleaf 1 */
		take(c, leaf, 0, 1, r);
		take(c, leaf, 1, 1, r);
		break;
	case 0x10: /* RDT allocation: L3, L2, MBA in subleaves 1..3 */
		for (s = 0; s < 4; s++)
			take(c, leaf, s, 1, r);
		break;
	case 0x12: /* SGX: capabilities, attributes, EPC sections */
		take(c, leaf, 0, 1, r);
		if (sgx)
			for (s = 1; s < 4; s++)
				take(c, leaf, s, 1, r);
		break;
	default:
		take(c, leaf, 0, 0, r);
		break;
	}
}

static void take_ext(struct collector *c, uint32_t leaf)
{
	uint32_t r[4], s;

	switch (leaf) {
	case 0x8000001D: /* AMD cache topology, like leaf 4 */
		take_caches(c, leaf, 8);
		break;
	case 0x80000020: /* AMD platform QoS: subleaves 0..3 */
		for (s = 0; s < 4; s++)
			take(c, leaf, s, 1, r);
		break;
	case 0x80000026: /* AMD extended CPU topology, like 0xB */
		take_levels(c, leaf, 8);
		break;
	default:
		take(c, leaf, 0, 0, r);
		break;
	}
}

void cpuid_raw_collect(struct cpuid_raw *out, cpuid_fn fn, void *ctx)
{
	struct collector c = {out, fn, ctx, 0};
	uint32_t r[4], max_basic, max_hyper, max_ext, leaf;
	int sgx = 0, hypervisor = 0;

	out->n = 0;
	out->truncated = 0;

	take(&c, 0, 0, 0, r);
	max_basic = r[CPUID_EAX];
	if (max_basic > MAX_BASIC_CAP)
		max_basic = MAX_BASIC_CAP;
	for (leaf = 1; leaf <= max_basic && !c.full; leaf++) {
		if (leaf == 1) {
			take(&c, 1, 0, 0, r);
			hypervisor = (r[CPUID_ECX] >> 31) & 1; /* 1 ECX[31] */
			continue;
		}
		if (leaf == 7) {
			take_basic(&c, 7, 0);
			{
				const struct cpuid_leaf *l7 = cpuid_raw_find(out, 7, 0);
				/* SGX: CPUID.(EAX=7,ECX=0):EBX[2] */
				sgx = l7 ? (l7->regs[CPUID_EBX] >> 2) & 1 : 0;
			}
			continue;
		}
		take_basic(&c, leaf, sgx);
	}

	/* Hypervisor range 0x40000000..: only meaningful under a hypervisor. */
	if (hypervisor && !c.full) {
		take(&c, 0x40000000, 0, 0, r);
		max_hyper = r[CPUID_EAX];
		if (max_hyper < 0x40000000)
			max_hyper = 0x40000000;
		if (max_hyper > MAX_HYPER_CAP)
			max_hyper = MAX_HYPER_CAP;
		for (leaf = 0x40000001; leaf <= max_hyper && !c.full; leaf++)
			take(&c, leaf, 0, 0, r);
	}

	take(&c, 0x80000000, 0, 0, r);
	max_ext = r[CPUID_EAX];
	/* A CPU without the extended range returns something else here (old
	 * Intel parts repeat the highest basic leaf); accept only 0x8000xxxx. */
	if ((max_ext & 0xffff0000) != 0x80000000)
		max_ext = 0x80000000;
	if (max_ext > MAX_EXT_CAP)
		max_ext = MAX_EXT_CAP;
	for (leaf = 0x80000001; leaf <= max_ext && !c.full; leaf++)
		take_ext(&c, leaf);
}

static char *put_hex(char *p, uint32_t v, int digits)
{
	static const char hex[] = "0123456789ABCDEF";
	int i;

	for (i = digits - 1; i >= 0; i--)
		*p++ = hex[(v >> (4 * i)) & 0xf];
	return p;
}

static char *put_str(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

size_t cpuid_format_leaf(const struct cpuid_leaf *l, char *buf)
{
	char *p = buf;
	int i;

	p = put_str(p, "CPUID ");
	p = put_hex(p, l->leaf, 8);
	p = put_str(p, ": ");
	for (i = 0; i < 4; i++) {
		if (i)
			*p++ = '-';
		p = put_hex(p, l->regs[i], 8);
	}
	/* A nonzero subleaf is printed even when has_subleaf is clear, so the
	 * line never loses which subleaf it was. */
	if (l->has_subleaf || l->subleaf) {
		uint32_t sub = l->subleaf & 0xffffff; /* 6 digits keep the line in 64 bytes */
		int digits = 2;

		while (digits < 6 && (sub >> (4 * digits)))
			digits++;
		p = put_str(p, " [SL ");
		p = put_hex(p, sub, digits);
		*p++ = ']';
	}
	*p = '\0';
	return (size_t)(p - buf);
}
