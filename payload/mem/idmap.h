/* SPDX-License-Identifier: MIT */
/*
 * Identity page tables, built the same way by the payload (mem/paging.c)
 * and the EFI loader (efi/): each gives the tables' memory.  Only what a
 * plan lists is mapped: RAM write-back, the MMIO and firmware ranges the
 * payload touches uncached, nothing else (as Linux maps only RAM: a
 * write-back mapping of a hole, such as AMD's HyperTransport range just
 * below 1 TiB, lets the CPU speculate into it, and that raised machine
 * checks).
 */
#ifndef PD_MEM_IDMAP_H
#define PD_MEM_IDMAP_H

#include <stdint.h>

struct paging_stats {
	uint64_t top;	   /* nothing mapped from here up */
	uint32_t pages_1g; /* 1 GiB mappings */
	uint32_t pages_2m;
	uint32_t pages_4k;
	uint32_t pages_uc; /* of all those, uncached ones */
	uint32_t table_pages;
};

/* What a range of physical memory is mapped as. */
enum idmap_kind {
	IDMAP_NONE,  /* not mapped */
	IDMAP_WB,    /* RAM: write-back */
	IDMAP_UC,    /* MMIO, firmware areas: uncached */
	IDMAP_MIXED, /* idmap_plan_kind() only: pages of more than one kind */
};

struct idmap_range {
	uint64_t base, end;
	uint32_t kind;
};

/*
 * The ranges to map, in memory the caller gives.  Ranges of one kind are
 * kept disjoint and apart (adding merges what touches); where a WB and a
 * UC range overlap, the page is UC.
 */
struct idmap_plan {
	struct idmap_range *r;
	uint32_t n, cap;
};

/* Linear addresses of 4-level paging reach 256 TiB (SDM Vol. 3A, 4.5). */
#define IDMAP_LIMIT (1ull << 47)

/* A zeroed, 4 KiB-aligned page for one table, or 0 when there is none. */
typedef uint64_t *(*idmap_table_fn)(void *ctx);

void idmap_plan_init(struct idmap_plan *p, struct idmap_range *r, uint32_t cap);
/* Adds [base, end) as kind (WB: whole 4 KiB pages inside it, as a partial
 * page of RAM may share its page with a hole; UC: every page it touches).
 * 0, or -1 when the plan is full. */
int idmap_plan_add(struct idmap_plan *p, uint64_t base, uint64_t end, enum idmap_kind kind);
/* A memory map entry of E820 type (ACPI 6.5, Table 15.1): RAM (1), ACPI
 * reclaimable (3, the tables the payload reads) and ACPI NVS (4, where
 * firmware keeps tables too) are write-back; anything else is not mapped
 * for being listed. */
int idmap_plan_mmap(struct idmap_plan *p, uint64_t base, uint64_t len, uint32_t e820_type);
/* The payload touches [base, end): its pages that are not RAM (WB) are
 * added as UC.  0, or -1 when the plan is full or end is out of reach. */
int idmap_plan_touch(struct idmap_plan *p, uint64_t base, uint64_t end);
/* The kind of every 4 KiB page of [lo, hi), or IDMAP_MIXED. */
enum idmap_kind idmap_plan_kind(const struct idmap_plan *p, uint64_t lo, uint64_t hi);

/* The CPU has 1 GiB pages (CPUID.80000001H:EDX[26], SDM Vol. 2A). */
int idmap_has_1g_pages(void);
/* Table pages idmap_build() takes for the plan. */
uint64_t idmap_table_pages(const struct idmap_plan *p, int use_1g);
/*
 * Builds the identity map of the plan: a 1 GiB page (where use_1g) or a
 * 2 MiB page where every page under it is of one kind, 4 KiB pages where
 * kinds meet; WB with PAT index 0, UC with index 3 (arch/x86/paging.h).
 * Returns the PML4's address (a CR3), or 0 when new_table ran out; counts
 * in *st.
 */
uint64_t idmap_build(const struct idmap_plan *p, int use_1g, idmap_table_fn new_table, void *ctx,
		     struct paging_stats *st);
/*
 * Maps the pages of [base, end) into the live tables at cr3 as the plan
 * has them, 4 KiB pages, leaving alone whatever is mapped already (a large
 * page over it included) and pages the plan does not map.  Tables from
 * new_table; 0, or -1 when it ran out.
 */
int idmap_map_pages(uint64_t cr3, const struct idmap_plan *p, uint64_t base, uint64_t end,
		    idmap_table_fn new_table, void *ctx);

#endif
