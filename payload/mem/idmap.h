/* SPDX-License-Identifier: MIT */
/*
 * Identity page tables, built the same way by the payload (mem/paging.c)
 * and the EFI loader (efi/): each gives the tables' memory.
 */
#ifndef PD_MEM_IDMAP_H
#define PD_MEM_IDMAP_H

#include <stdint.h>

struct paging_stats {
	uint64_t top;	   /* identity-mapped from 0 up to here */
	uint32_t pages_1g; /* 1 GiB mappings */
	uint32_t pages_2m;
	uint32_t pages_4k;
	uint32_t table_pages;
};

/* A zeroed, 4 KiB-aligned page for one table, or 0 when there is none. */
typedef uint64_t *(*idmap_table_fn)(void *ctx);

/* GiB to map so that [0, top) is covered: at least 4, and no more than
 * 48-bit linear addresses reach (256 TiB). */
uint64_t idmap_gib(uint64_t top);
/* The CPU has 1 GiB pages (CPUID.80000001H:EDX[26], SDM Vol. 2A). */
int idmap_has_1g_pages(void);
/* Most table pages idmap_build() takes for ngib GiB. */
uint64_t idmap_table_pages(uint64_t ngib, int use_1g);
/*
 * Builds the identity map of the first ngib GiB: 4 KiB pages for the first
 * 2 MiB, 2 MiB pages to 4 GiB, then 1 GiB pages where use_1g, else 2 MiB
 * pages.  Returns the PML4's address (a CR3), or 0 when new_table ran out;
 * counts in *st.
 */
uint64_t idmap_build(uint64_t ngib, int use_1g, idmap_table_fn new_table, void *ctx,
		     struct paging_stats *st);

#endif
