/* SPDX-License-Identifier: MIT */
/*
 * Identity paging (SDM vol. 3A, 4.5: 4-level paging).  The first 2 MiB are
 * mapped with 4 KiB pages and the rest of the first 4 GiB with 2 MiB pages,
 * because large pages that span regions of different MTRR memory types
 * (fixed-range MTRRs below 1 MiB, the MMIO hole below 4 GiB) are undefined
 * (SDM vol. 3A, 12.11.9).  Above 4 GiB, RAM is uniform: 1 GiB pages.
 * Freestanding and self-contained: the EFI loader links it too.
 */
#include "mem/idmap.h"
#include "arch/x86/paging.h"
#include "arch/x86/insn.h"

#define LOW_GIB 4 /* mapped with small pages whatever the CPU has */

uint64_t idmap_gib(uint64_t top)
{
	if (top < LOW_GIB * (uint64_t)PAGE_SIZE_1G)
		top = LOW_GIB * (uint64_t)PAGE_SIZE_1G;
	if (top > (1ull << 47))
		top = 1ull << 47;
	return (top + PAGE_SIZE_1G - 1) / PAGE_SIZE_1G;
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

uint64_t idmap_table_pages(uint64_t ngib, int use_1g)
{
	/* PML4, the PDPTs, a PD per small-page GiB, the first 2 MiB's PT */
	return 1 + (ngib + PT_ENTRIES - 1) / PT_ENTRIES + (use_1g ? LOW_GIB : ngib) + 1;
}

static uint64_t *table(idmap_table_fn new_table, void *ctx, struct paging_stats *st)
{
	uint64_t *t = new_table(ctx);

	if (t)
		st->table_pages++;
	return t;
}

uint64_t idmap_build(uint64_t ngib, int use_1g, idmap_table_fn new_table, void *ctx,
		     struct paging_stats *st)
{
	uint64_t *pml4, *pdpt = 0, g;

	*st = (struct paging_stats){0};
	pml4 = table(new_table, ctx, st);
	if (!pml4)
		return 0;
	for (g = 0; g < ngib; g++) {
		uint64_t base = g * PAGE_SIZE_1G, *pd;
		unsigned i;

		if (g % PT_ENTRIES == 0) {
			pdpt = table(new_table, ctx, st);
			if (!pdpt)
				return 0;
			pml4[g / PT_ENTRIES] = (uint64_t)(uintptr_t)pdpt | PTE_P | PTE_RW;
		}
		if (g >= LOW_GIB && use_1g) {
			pdpt[g % PT_ENTRIES] = base | PTE_P | PTE_RW | PTE_PS;
			st->pages_1g++;
			continue;
		}
		pd = table(new_table, ctx, st);
		if (!pd)
			return 0;
		pdpt[g % PT_ENTRIES] = (uint64_t)(uintptr_t)pd | PTE_P | PTE_RW;
		for (i = 0; i < PT_ENTRIES; i++) {
			uint64_t a = base + (uint64_t)i * PAGE_SIZE_2M;

			if (a == 0) {
				uint64_t *pt = table(new_table, ctx, st);
				unsigned j;

				if (!pt)
					return 0;
				for (j = 0; j < PT_ENTRIES; j++)
					pt[j] = (uint64_t)j * PAGE_SIZE_4K | PTE_P | PTE_RW;
				st->pages_4k += PT_ENTRIES;
				pd[i] = (uint64_t)(uintptr_t)pt | PTE_P | PTE_RW;
			} else {
				pd[i] = a | PTE_P | PTE_RW | PTE_PS;
				st->pages_2m++;
			}
		}
	}
	st->top = ngib * PAGE_SIZE_1G;
	return (uint64_t)(uintptr_t)pml4;
}
