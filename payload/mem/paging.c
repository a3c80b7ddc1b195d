/* SPDX-License-Identifier: MIT */
/* The payload's identity map (mem/idmap.c) of the memory map's RAM and of
 * what the payload touches, in tables from the allocator. */
#include "mem/paging.h"
#include "mem/memalloc.h"
#include "boot/bootinfo.h"
#include "arch/x86/paging.h"
#include "arch/x86/insn.h"

extern char image_base[], __image_end[];

/* The memory map, the image and up to this many ranges touched (merged
 * when they touch: the UART, APIC, HPET, ACPI tables, EINJ registers). */
#define TOUCHED_MAX 64
static struct idmap_range ranges[BOOTINFO_MMAP_MAX + 1 + TOUCHED_MAX];
static struct idmap_plan plan;
static int built; /* the payload's map is in CR3: tables from memalloc */

/* Tables for what paging_map() adds to a boot map, before memalloc is set
 * up: a few mappings take three each (PDPT, PD, PT) at most. */
#define EARLY_TABLES 8
static uint64_t early_tables[EARLY_TABLES][PT_ENTRIES] __attribute__((aligned(PAGE_SIZE_4K)));
static unsigned early_used;

static uint64_t *new_table(void *ctx)
{
	(void)ctx;
	if (built)
		return memalloc(PAGE_SIZE_4K, PAGE_SIZE_4K); /* zeroed */
	if (early_used >= EARLY_TABLES)
		return 0;
	return early_tables[early_used++]; /* .bss: zero */
}

static void plan_memory(void)
{
	uint32_t i;

	if (plan.r)
		return;
	idmap_plan_init(&plan, ranges, sizeof(ranges) / sizeof(ranges[0]));
	for (i = 0; i < bootinfo.nmmap; i++)
		idmap_plan_mmap(&plan, bootinfo.mmap[i].base, bootinfo.mmap[i].len,
				bootinfo.mmap[i].type);
	/* In RAM by construction; listed should a map leave it out. */
	idmap_plan_add(&plan, (uint64_t)(uintptr_t)image_base, (uint64_t)(uintptr_t)__image_end,
		       IDMAP_WB);
}

int paging_map(uint64_t base, uint64_t len)
{
	if (!len)
		return 0;
	plan_memory();
	if (base + len < base || idmap_plan_touch(&plan, base, base + len))
		return -1;
	return idmap_map_pages(read_cr3(), &plan, base, base + len, new_table, 0);
}

int paging_identity_map(int use_1g, struct paging_stats *st)
{
	uint64_t cr3;

	plan_memory();
	built = 1; /* tables from memalloc from here on */
	cr3 = idmap_build(&plan, use_1g, new_table, 0, st);
	if (!cr3) {
		built = 0;
		return -1;
	}
	write_cr3(cr3);
	return 0;
}
