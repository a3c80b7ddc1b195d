/* SPDX-License-Identifier: MIT */
/* The payload's identity map of all memory (mem/idmap.c), in tables from
 * the allocator. */
#include "mem/paging.h"
#include "mem/memalloc.h"
#include "arch/x86/insn.h"

static uint64_t *new_table(void *ctx)
{
	(void)ctx;
	return memalloc(4096, 4096); /* zeroed */
}

int paging_identity_map(uint64_t top, int use_1g, struct paging_stats *st)
{
	uint64_t cr3 = idmap_build(idmap_gib(top), use_1g, new_table, 0, st);

	if (!cr3)
		return -1;
	write_cr3(cr3);
	return 0;
}
