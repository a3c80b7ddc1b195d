/* SPDX-License-Identifier: MIT */
/* The MSRs compared across CPUs: slots, names, comparison, list (msrs.h). */
#include "results/msrs.h"

static const uint32_t fixed_msr[PD_MTRR_FIXED_COUNT] = {
    PD_MSR_MTRR_FIX64K_00000,	 PD_MSR_MTRR_FIX16K_80000,    PD_MSR_MTRR_FIX16K_A0000,
    PD_MSR_MTRR_FIX4K_C0000,	 PD_MSR_MTRR_FIX4K_C0000 + 1, PD_MSR_MTRR_FIX4K_C0000 + 2,
    PD_MSR_MTRR_FIX4K_C0000 + 3, PD_MSR_MTRR_FIX4K_C0000 + 4, PD_MSR_MTRR_FIX4K_C0000 + 5,
    PD_MSR_MTRR_FIX4K_C0000 + 6, PD_MSR_MTRR_FIX4K_C0000 + 7,
};

/* The fixed ranges' names carry the start address they map. */
static const char *const fixed_name[PD_MTRR_FIXED_COUNT] = {
    "IA32_MTRR_FIX64K_00000", "IA32_MTRR_FIX16K_80000", "IA32_MTRR_FIX16K_A0000",
    "IA32_MTRR_FIX4K_C0000",  "IA32_MTRR_FIX4K_C8000",	"IA32_MTRR_FIX4K_D0000",
    "IA32_MTRR_FIX4K_D8000",  "IA32_MTRR_FIX4K_E0000",	"IA32_MTRR_FIX4K_E8000",
    "IA32_MTRR_FIX4K_F0000",  "IA32_MTRR_FIX4K_F8000",
};

uint32_t pd_msr_slot_number(unsigned slot)
{
	if (slot == PD_MSR_SLOT_MTRRCAP)
		return PD_MSR_MTRRCAP;
	if (slot == PD_MSR_SLOT_DEF_TYPE)
		return PD_MSR_MTRR_DEF_TYPE;
	if (slot >= PD_MSR_SLOT_FIXED && slot < PD_MSR_SLOT_VAR)
		return fixed_msr[slot - PD_MSR_SLOT_FIXED];
	if (slot >= PD_MSR_SLOT_VAR && slot < PD_MSR_SLOT_PAT)
		return PD_MSR_MTRR_PHYSBASE0 + (slot - PD_MSR_SLOT_VAR);
	if (slot == PD_MSR_SLOT_PAT)
		return PD_MSR_PAT;
	if (slot == PD_MSR_SLOT_MISC_ENABLE)
		return PD_MSR_MISC_ENABLE;
	return PD_MSR_FEATURE_CONTROL;
}

void pd_msr_put(struct pd_msr_values *v, unsigned slot, uint64_t val)
{
	v->val[slot] = val;
	v->have[slot / 64] |= 1ull << (slot % 64);
}

/* ---- names ---- */

struct out {
	char *buf;
	size_t cap, len;
};

static void put_s(struct out *o, const char *s)
{
	while (*s && o->len + 1 < o->cap)
		o->buf[o->len++] = *s++;
	if (o->cap)
		o->buf[o->len] = 0;
}

static void put_u(struct out *o, uint32_t v)
{
	char d[11];
	int n = 0;

	do
		d[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < 10);
	while (n && o->len + 1 < o->cap)
		o->buf[o->len++] = d[--n];
	if (o->cap)
		o->buf[o->len] = 0;
}

static void put_x(struct out *o, uint32_t v)
{
	static const char hex[] = "0123456789abcdef";
	char d[8];
	int n = 0;

	do
		d[n++] = hex[v & 0xf];
	while ((v >>= 4) && n < 8);
	while (n && o->len + 1 < o->cap)
		o->buf[o->len++] = d[--n];
	if (o->cap)
		o->buf[o->len] = 0;
}

int pd_msr_name(uint32_t msr, char *buf, size_t cap)
{
	struct out o = {buf, cap, 0};
	unsigned i;

	put_s(&o, "");
	for (i = 0; i < PD_MTRR_FIXED_COUNT; i++)
		if (msr == fixed_msr[i]) {
			put_s(&o, fixed_name[i]);
			return 1;
		}
	if (pd_msr_is_var_mtrr(msr)) {
		put_s(&o, msr & 1 ? "IA32_MTRR_PHYSMASK" : "IA32_MTRR_PHYSBASE");
		put_u(&o, (msr - PD_MSR_MTRR_PHYSBASE0) / 2);
		return 1;
	}
	switch (msr) {
	case PD_MSR_FEATURE_CONTROL:
		put_s(&o, "IA32_FEATURE_CONTROL");
		return 1;
	case PD_MSR_MTRRCAP:
		put_s(&o, "IA32_MTRRCAP");
		return 1;
	case PD_MSR_MISC_ENABLE:
		put_s(&o, "IA32_MISC_ENABLE");
		return 1;
	case PD_MSR_PAT:
		put_s(&o, "IA32_PAT");
		return 1;
	case PD_MSR_MTRR_DEF_TYPE:
		put_s(&o, "IA32_MTRR_DEF_TYPE");
		return 1;
	default:
		put_s(&o, "MSR_0x");
		put_x(&o, msr);
		return 0;
	}
}

/* ---- comparison ---- */

/* The slot's (present, value) on one CPU. */
static int slot_value(const struct pd_msr_values *v, unsigned slot, uint64_t *val)
{
	*val = pd_msr_has(v, slot) ? v->val[slot] : 0;
	return pd_msr_has(v, slot);
}

int pd_msr_slot_differs(unsigned slot, uint32_t ncpus, pd_msr_view_fn view, void *ctx)
{
	const struct pd_msr_values *ref = ncpus ? view(ctx, 0) : 0;
	uint64_t r, x;
	int rp;
	uint32_t i;

	if (!ref)
		return 0;
	rp = slot_value(ref, slot, &r);
	for (i = 1; i < ncpus; i++) {
		const struct pd_msr_values *v = view(ctx, i);

		if (v && (slot_value(v, slot, &x) != rp || x != r))
			return 1;
	}
	return 0;
}

uint32_t pd_msr_slot_values(unsigned slot, uint32_t ncpus, pd_msr_view_fn view, void *ctx,
			    uint8_t *present, uint64_t *vals, uint32_t max)
{
	uint32_t i, n = 0, k;

	for (i = 0; i < ncpus; i++) {
		const struct pd_msr_values *v = view(ctx, i);
		uint64_t x;
		int p;

		if (!v)
			continue;
		p = slot_value(v, slot, &x);
		for (k = 0; k < n && k < max; k++)
			if (present[k] == p && vals[k] == x)
				break;
		if (k < n && k < max)
			continue;
		if (n < max) {
			present[n] = (uint8_t)p;
			vals[n] = x;
		}
		n++;
	}
	return n;
}

uint32_t pd_msr_compared(uint32_t ncpus, pd_msr_view_fn view, void *ctx,
			 uint64_t have[(PD_MSR_SLOTS + 63) / 64], uint32_t *ncpus_read)
{
	uint32_t i, w;

	for (w = 0; w < (PD_MSR_SLOTS + 63) / 64; w++)
		have[w] = 0;
	*ncpus_read = 0;
	for (i = 0; i < ncpus; i++) {
		const struct pd_msr_values *v = view(ctx, i);

		if (!v)
			continue;
		(*ncpus_read)++;
		for (w = 0; w < (PD_MSR_SLOTS + 63) / 64; w++)
			have[w] |= v->have[w];
	}
	return pd_msr_count(have);
}

uint32_t pd_msr_count(const uint64_t have[(PD_MSR_SLOTS + 63) / 64])
{
	uint32_t n = 0;
	unsigned s;

	for (s = 0; s < PD_MSR_SLOTS; s++)
		n += (unsigned)((have[s / 64] >> (s % 64)) & 1);
	return n;
}

/* ---- the list of compared MSRs ---- */

size_t pd_msr_format_list(const uint64_t have[(PD_MSR_SLOTS + 63) / 64], char *buf, size_t cap)
{
	struct out o = {buf, cap, 0};
	unsigned s = 0;

	put_s(&o, "");
	while (s < PD_MSR_SLOTS) {
		uint32_t first, last;
		size_t before = o.len;

		if (!((have[s / 64] >> (s % 64)) & 1)) {
			s++;
			continue;
		}
		first = last = pd_msr_slot_number(s++);
		while (s < PD_MSR_SLOTS && ((have[s / 64] >> (s % 64)) & 1) &&
		       pd_msr_slot_number(s) == last + 1)
			last = pd_msr_slot_number(s++);
		if (before)
			put_s(&o, ",");
		put_x(&o, first);
		if (last != first) {
			put_s(&o, "-");
			put_x(&o, last);
		}
		/* Cut before an item that did not fit, never inside it. */
		if (o.len + 1 >= o.cap) {
			o.len = before;
			if (o.cap)
				o.buf[o.len] = 0;
			break;
		}
	}
	return o.len;
}

/* One hex number of up to 8 digits at s[*i]. */
static int hex_at(const char *s, size_t n, size_t *i, uint32_t *v)
{
	size_t start = *i;

	*v = 0;
	while (*i < n && *i - start < 8) {
		char c = s[*i];
		uint32_t d;

		if (c >= '0' && c <= '9')
			d = (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (uint32_t)(c - 'A' + 10);
		else
			break;
		*v = *v << 4 | d;
		(*i)++;
	}
	return *i > start;
}

int pd_msr_parse_list(const char *s, size_t n, void (*fn)(uint32_t msr, void *ctx), void *ctx)
{
	size_t i = 0;
	uint32_t items = 0;

	while (i < n) {
		uint32_t first, last, m;

		if (!hex_at(s, n, &i, &first))
			return 0;
		last = first;
		if (i < n && s[i] == '-') {
			i++;
			if (!hex_at(s, n, &i, &last) || last < first)
				return 0;
		}
		/* No more MSRs than a reading has slots: a hostile list costs
		 * no more than a true one. */
		if (last - first >= PD_MSR_SLOTS - items)
			return 0;
		items += last - first + 1;
		for (m = first;; m++) {
			fn(m, ctx);
			if (m == last)
				break;
		}
		if (i < n && (s[i] != ',' || ++i == n))
			return 0;
	}
	return 1;
}
