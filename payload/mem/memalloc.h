/* SPDX-License-Identifier: MIT */
/* A bump allocator over the RAM the memory map reports, above the image and
 * below 4 GiB (AP page tables must be reachable with a 32-bit CR3). */
#ifndef PD_MEM_MEMALLOC_H
#define PD_MEM_MEMALLOC_H

#include <stdint.h>

void memalloc_init(uint64_t image_start, uint64_t image_end);
/* Zeroed memory, or 0 when none is left. */
void *memalloc(uint64_t size, uint64_t align);
/* n free RAM pages below 1 MiB for the real-mode AP trampoline, or 0. */
uint64_t memalloc_low_pages(uint32_t n);
uint64_t memalloc_used(void);
/* Never hand out [base, base + size) (the reserved block, the other load
 * address). */
void memalloc_exclude(uint64_t base, uint64_t size);

#endif
