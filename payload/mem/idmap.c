/* SPDX-License-Identifier: MIT */
/*
 * Identity paging (SDM Vol. 3A, 4.5: 4-level paging) of a plan: RAM
 * write-back, what the payload touches besides uncached, holes unmapped.
 * A large page only where every 4 KiB page under it is of one kind: a
 * large page over ranges of different memory types is undefined (SDM Vol.
 * 3A, 12.11.9), and a large write-back page over a hole maps the hole.
 * Freestanding and self-contained: the EFI loader and the host's unit test
 * link it too.
 */
#include "mem/idmap.h"
#include "arch/x86/paging.h"
#include "arch/x86/insn.h"

#define PTE_ADDR 0x000ffffffffff000ull /* bits 51:12: the frame (SDM Vol. 3A, 4.5) */

/* Bytes one entry maps at each level: PT, PD, PDPT, PML4. */
static const uint64_t entry_size[5] = {0, PAGE_SIZE_4K, PAGE_SIZE_2M, PAGE_SIZE_1G,
				       0x8000000000ull /* 512 GiB */};

static uint64_t down_4k(uint64_t a)
{
	return a & ~(uint64_t)(PAGE_SIZE_4K - 1);
}

static uint64_t up_4k(uint64_t a)
{
	return a >= IDMAP_LIMIT ? IDMAP_LIMIT : down_4k(a + PAGE_SIZE_4K - 1);
}

void idmap_plan_init(struct idmap_plan *p, struct idmap_range *r, uint32_t cap)
{
	p->r = r;
	p->n = 0;
	p->cap = cap;
}

int idmap_plan_add(struct idmap_plan *p, uint64_t base, uint64_t end, enum idmap_kind kind)
{
	uint32_t i;

	if (end > IDMAP_LIMIT)
		end = IDMAP_LIMIT;
	if (kind == IDMAP_WB) {
		base = up_4k(base);
		end = down_4k(end);
	} else {
		base = down_4k(base);
		end = up_4k(end);
	}
	if (base >= end)
		return 0;
	/* One range per run of a kind: absorb every one it overlaps or
	 * touches, so that a run split over entries still makes large pages. */
	for (i = 0; i < p->n;) {
		const struct idmap_range *r = &p->r[i];

		if (r->kind == (uint32_t)kind && r->base <= end && r->end >= base) {
			if (r->base < base)
				base = r->base;
			if (r->end > end)
				end = r->end;
			p->r[i] = p->r[--p->n];
			continue;
		}
		i++;
	}
	if (p->n >= p->cap)
		return -1;
	p->r[p->n++] = (struct idmap_range){base, end, kind};
	return 0;
}

int idmap_plan_mmap(struct idmap_plan *p, uint64_t base, uint64_t len, uint32_t e820_type)
{
	uint64_t end = base + len < base ? IDMAP_LIMIT : base + len;

	if (e820_type != 1 && e820_type != 3 && e820_type != 4)
		return 0;
	return idmap_plan_add(p, base, end, IDMAP_WB);
}

enum idmap_kind idmap_plan_kind(const struct idmap_plan *p, uint64_t lo, uint64_t hi)
{
	int wb_touch = 0, wb_cover = 0, uc_touch = 0, uc_cover = 0;
	uint32_t i;

	for (i = 0; i < p->n; i++) {
		const struct idmap_range *r = &p->r[i];
		int cover = r->base <= lo && r->end >= hi;

		if (r->base >= hi || r->end <= lo)
			continue;
		if (r->kind == IDMAP_UC) {
			uc_touch = 1;
			uc_cover |= cover;
		} else {
			wb_touch = 1;
			wb_cover |= cover;
		}
	}
	if (uc_cover)
		return IDMAP_UC;
	if (uc_touch)
		return IDMAP_MIXED;
	if (wb_cover)
		return IDMAP_WB;
	return wb_touch ? IDMAP_MIXED : IDMAP_NONE;
}

int idmap_plan_touch(struct idmap_plan *p, uint64_t base, uint64_t end)
{
	uint64_t a;

	if (end < base || end > IDMAP_LIMIT)
		return -1;
	if (idmap_plan_kind(p, down_4k(base), up_4k(end)) == IDMAP_WB)
		return 0;
	/* Page by page: RAM beside a table or register stays write-back. */
	for (a = down_4k(base); a < end; a += PAGE_SIZE_4K)
		if (idmap_plan_kind(p, a, a + PAGE_SIZE_4K) != IDMAP_WB &&
		    idmap_plan_add(p, a, a + PAGE_SIZE_4K, IDMAP_UC))
			return -1;
	return 0;
}

int idmap_has_1g_pages(void)
{
	uint32_t r[4];

	cpuid_count(0x80000000, 0, r);
	if (r[0] < 0x80000001)
		return 0;
	cpuid_count(0x80000001, 0, r);
	return !!(r[3] & (1u << 26)); /* Page1GB */
}

struct build {
	const struct idmap_plan *p;
	int use_1g;
	idmap_table_fn new_table; /* 0: count only */
	void *ctx;
	uint64_t top;
	struct paging_stats *st;
};

static uint64_t plan_top(const struct idmap_plan *p)
{
	uint64_t top = 0;
	uint32_t i;

	for (i = 0; i < p->n; i++)
		if (p->r[i].end > top)
			top = p->r[i].end;
	return top;
}

static void count_leaf(struct paging_stats *st, int level, enum idmap_kind k)
{
	if (level == 3)
		st->pages_1g++;
	else if (level == 2)
		st->pages_2m++;
	else
		st->pages_4k++;
	if (k == IDMAP_UC)
		st->pages_uc++;
}

/* Fills table t (0 when counting) of level (4: PML4 .. 1: PT) mapping from
 * base. */
static int fill(struct build *b, uint64_t *t, int level, uint64_t base)
{
	uint64_t size = entry_size[level];
	unsigned i;

	for (i = 0; i < PT_ENTRIES; i++) {
		uint64_t lo = base + i * size, *child = 0;
		enum idmap_kind k;

		if (lo >= b->top)
			break;
		k = idmap_plan_kind(b->p, lo, lo + size);
		if (k == IDMAP_NONE)
			continue;
		/* The fixed-range MTRRs split the first MiB into 4-16 KiB
		 * ranges of their own types: 4 KiB pages there, whatever the
		 * plan says (SDM Vol. 3A, 12.11.2.2 and 12.11.9). */
		if (lo < PAGE_SIZE_2M && level > 1)
			k = IDMAP_MIXED;
		/* Ranges are whole 4 KiB pages: a PT entry is never mixed. */
		if (k != IDMAP_MIXED && (level <= 2 || (level == 3 && b->use_1g))) {
			if (t)
				t[i] = lo | PTE_P | PTE_RW | (k == IDMAP_UC ? PTE_UC : 0) |
				       (level > 1 ? PTE_PS : 0);
			count_leaf(b->st, level, k);
			continue;
		}
		b->st->table_pages++;
		if (b->new_table) {
			child = b->new_table(b->ctx);
			if (!child)
				return -1;
			t[i] = (uint64_t)(uintptr_t)child | PTE_P | PTE_RW;
		}
		if (fill(b, child, level - 1, lo))
			return -1;
	}
	return 0;
}

uint64_t idmap_table_pages(const struct idmap_plan *p, int use_1g)
{
	struct paging_stats st = {0};
	struct build b = {p, use_1g, 0, 0, plan_top(p), &st};

	fill(&b, 0, 4, 0);
	return 1 + st.table_pages;
}

uint64_t idmap_build(const struct idmap_plan *p, int use_1g, idmap_table_fn new_table, void *ctx,
		     struct paging_stats *st)
{
	struct build b = {p, use_1g, new_table, ctx, plan_top(p), st};
	uint64_t *pml4;

	*st = (struct paging_stats){0};
	pml4 = new_table(ctx);
	if (!pml4)
		return 0;
	st->table_pages = 1;
	if (fill(&b, pml4, 4, 0))
		return 0;
	st->top = b.top;
	return (uint64_t)(uintptr_t)pml4;
}

int idmap_map_pages(uint64_t cr3, const struct idmap_plan *p, uint64_t base, uint64_t end,
		    idmap_table_fn new_table, void *ctx)
{
	uint64_t a = down_4k(base), stop = up_4k(end);

	while (a < stop) {
		uint64_t *t = (uint64_t *)(uintptr_t)(cr3 & PTE_ADDR);
		enum idmap_kind kind = idmap_plan_kind(p, a, a + PAGE_SIZE_4K);
		int level;

		if (kind == IDMAP_NONE) {
			a += PAGE_SIZE_4K;
			continue;
		}
		for (level = 4; level >= 1; level--) {
			uint64_t size = entry_size[level], *e = &t[(a / size) % PT_ENTRIES];

			if (level == 1) {
				if (!(*e & PTE_P))
					*e = a | PTE_P | PTE_RW | (kind == IDMAP_UC ? PTE_UC : 0);
				a += size;
			} else if ((*e & PTE_P) && (*e & PTE_PS)) {
				a = (a & ~(size - 1)) + size; /* a large page maps it */
				break;
			} else if (*e & PTE_P) {
				t = (uint64_t *)(uintptr_t)(*e & PTE_ADDR);
			} else {
				t = new_table(ctx);
				if (!t)
					return -1;
				*e = (uint64_t)(uintptr_t)t | PTE_P | PTE_RW;
			}
		}
	}
	return 0;
}
