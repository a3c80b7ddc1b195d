/* SPDX-License-Identifier: MIT */
#ifndef PD_MEM_PAGING_H
#define PD_MEM_PAGING_H

#include <stdint.h>

struct paging_stats {
	uint64_t top;	   /* identity-mapped from 0 up to here */
	uint32_t pages_1g; /* 1 GiB mappings */
	uint32_t pages_2m;
	uint32_t pages_4k;
	uint32_t table_pages;
};

/*
 * Replaces the boot-time map (0-4 GiB) with an identity map of everything
 * below top (at least 4 GiB), 1 GiB pages above 4 GiB where use_1g.
 * Returns 0, or -1 (early map kept) when page-table memory ran out.
 */
int paging_identity_map(uint64_t top, int use_1g, struct paging_stats *st);

#endif
