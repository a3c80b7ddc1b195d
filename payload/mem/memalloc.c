/* SPDX-License-Identifier: MIT */
#include "mem/memalloc.h"
#include "boot/bootinfo.h"
#include "lib/string.h"

#define LIMIT_4G 0x100000000ull

static uint64_t img_start, img_end, cursor, used;

#define MAX_EXCLUDED 4
static struct {
	uint64_t base, end;
} excluded[MAX_EXCLUDED];
static uint32_t nexcluded;

void memalloc_exclude(uint64_t base, uint64_t size)
{
	if (nexcluded < MAX_EXCLUDED) {
		excluded[nexcluded].base = base;
		excluded[nexcluded].end = base + size;
		nexcluded++;
	}
}

void memalloc_init(uint64_t image_start, uint64_t image_end)
{
	img_start = image_start;
	img_end = image_end;
	cursor = image_end;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

void *memalloc(uint64_t size, uint64_t align)
{
	uint32_t i;

	if (!align)
		align = 16;
	for (i = 0; i < bootinfo.nmmap; i++) {
		const struct mmap_entry *e = &bootinfo.mmap[i];
		uint64_t start, end = e->base + e->len;

		if (e->type != MMAP_RAM)
			continue;
		if (end > LIMIT_4G)
			end = LIMIT_4G;
		start = e->base > cursor ? e->base : cursor;
		if (start < 0x100000)
			start = 0x100000;
		start = align_up(start, align);
		if (start < img_end && start + size > img_start)
			start = align_up(img_end, align);
		for (uint32_t k = 0; k < nexcluded; k++)
			if (start < excluded[k].end && start + size > excluded[k].base)
				start = align_up(excluded[k].end, align);
		if (start + size > end || start + size < start)
			continue;
		cursor = start + size;
		used += size;
		memset((void *)(uintptr_t)start, 0, size);
		return (void *)(uintptr_t)start;
	}
	return 0;
}

uint64_t memalloc_low_pages(uint32_t n)
{
	uint64_t size = (uint64_t)n * 0x1000;
	uint32_t i;

	/* Page 0 holds the real-mode IVT and BIOS data area: start at 4 KiB. */
	for (i = 0; i < bootinfo.nmmap; i++) {
		const struct mmap_entry *e = &bootinfo.mmap[i];
		uint64_t start = align_up(e->base < 0x1000 ? 0x1000 : e->base, 0x1000);

		if (e->type == MMAP_RAM && start + size <= e->base + e->len &&
		    start + size <= 0x9f000)
			return start;
	}
	return 0;
}

uint64_t memalloc_used(void)
{
	return used;
}
