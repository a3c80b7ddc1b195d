/* SPDX-License-Identifier: MIT */
/*
 * The run model's shared helpers (see runlog.c): memory that never comes
 * back NULL, sorted arrays, wording.
 */
#include "host/model/runlog_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where a record's key and arrival order stand in it (both uint32_t). */
struct key_order {
	size_t key, order;
};

void *runlog_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q) {
		fprintf(stderr, "playdead: out of memory\n");
		exit(2);
	}
	return q;
}

/* Grows *arr (of elem-size items) so that it holds at least need items. */
void runlog_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap ? *cap : 16;

	if (need <= *cap)
		return;
	while (c < need)
		c *= 2;
	*arr = runlog_xrealloc(*arr, c * elem);
	*cap = c;
}

/* The uint32_t at off in a record. */
static uint32_t u32_at(const void *rec, size_t off)
{
	uint32_t v;

	memcpy(&v, (const char *)rec + off, sizeof(v));
	return v;
}

/* The first of n records (size bytes each, sorted by the uint32_t at off)
 * whose uint32_t at off is not below key; n when there is none. */
size_t runlog_lower_bound_u32(const void *base, size_t n, size_t size, size_t off, uint32_t key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (u32_at((const char *)base + mid * size, off) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int cmp_key_order(const void *a, const void *b, void *ctx)
{
	const struct key_order *k = ctx;
	uint32_t x = u32_at(a, k->key), y = u32_at(b, k->key);

	if (x != y)
		return x < y ? -1 : 1;
	x = u32_at(a, k->order);
	y = u32_at(b, k->order);
	return x < y ? -1 : x > y;
}

/*
 * Sorts n records of size bytes by the uint32_t key at key_off and keeps, of
 * those with one key, the latest by the uint32_t arrival order at order_off:
 * a thing reported twice keeps its latest record.  Returns how many are left.
 */
size_t runlog_sort_keep_latest(void *base, size_t n, size_t size, size_t key_off, size_t order_off)
{
	struct key_order k = {key_off, order_off};
	char *v = base;
	size_t i, o = 0;

	if (n < 2)
		return n;
	qsort_r(v, n, size, cmp_key_order, &k);
	for (i = 0; i < n; i++) {
		if (!o || u32_at(v + (o - 1) * size, key_off) != u32_at(v + i * size, key_off))
			o++;
		if (o - 1 != i)
			memcpy(v + (o - 1) * size, v + i * size, size);
	}
	return o;
}

const char *runlog_plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}
