/* SPDX-License-Identifier: MIT */
/*
 * Identity paging (SDM vol. 3A, 4.5: 4-level paging).  The first 2 MiB are
 * mapped with 4 KiB pages and the rest of the first 4 GiB with 2 MiB pages,
 * because large pages that span regions of different MTRR memory types
 * (fixed-range MTRRs below 1 MiB, the MMIO hole below 4 GiB) are undefined
 * (SDM vol. 3A, 12.11.9).  Above 4 GiB, RAM is uniform: 1 GiB pages.
 */
#include "mem/paging.h"
#include "mem/memalloc.h"
#include "lib/x86.h"
#include "arch/x86/paging.h"

#define GIB  (1ull << 30)
#define MIB2 (1ull << 21)

static uint64_t *new_table(struct paging_stats *st)
{
	uint64_t *t = memalloc(4096, 4096);

	if (t)
		st->table_pages++;
	return t;
}

int paging_identity_map(uint64_t top, int use_1g, struct paging_stats *st)
{
	uint64_t *pml4, *pdpt = 0, g, ngib;

	*st = (struct paging_stats){0};
	if (top < 4 * GIB)
		top = 4 * GIB;
	/* 48-bit linear addresses: 256 TiB at most. */
	if (top > (1ull << 47))
		top = 1ull << 47;
	ngib = (top + GIB - 1) / GIB;
	pml4 = new_table(st);
	if (!pml4)
		return -1;
	for (g = 0; g < ngib; g++) {
		uint64_t base = g * GIB;

		if (g % 512 == 0) {
			pdpt = new_table(st);
			if (!pdpt)
				return -1;
			pml4[g / 512] = (uint64_t)(uintptr_t)pdpt | PTE_P | PTE_RW;
		}
		if (g >= 4 && use_1g) {
			pdpt[g % 512] = base | PTE_P | PTE_RW | PTE_PS;
			st->pages_1g++;
			continue;
		}
		uint64_t *pd = new_table(st);
		unsigned i;

		if (!pd)
			return -1;
		pdpt[g % 512] = (uint64_t)(uintptr_t)pd | PTE_P | PTE_RW;
		for (i = 0; i < 512; i++) {
			uint64_t a = base + i * MIB2;

			if (a == 0) {
				uint64_t *pt = new_table(st);
				unsigned j;

				if (!pt)
					return -1;
				for (j = 0; j < 512; j++)
					pt[j] = (uint64_t)j * 4096 | PTE_P | PTE_RW;
				st->pages_4k += 512;
				pd[i] = (uint64_t)(uintptr_t)pt | PTE_P | PTE_RW;
			} else {
				pd[i] = a | PTE_P | PTE_RW | PTE_PS;
				st->pages_2m++;
			}
		}
	}
	st->top = ngib * GIB;
	write_cr3((uint64_t)(uintptr_t)pml4);
	return 0;
}
