/* SPDX-License-Identifier: MIT */
/*
 * The reserved block: results area, pristine image copy, control pages, park
 * page and park stacks, at one place that every instance derives the same
 * way (top of the highest RAM region below 4 GiB, or results=ADDR).  No
 * instance allocates from it or loads an image over it.
 */
#ifndef PD_MEM_RESERVED_H
#define PD_MEM_RESERVED_H

#include <stdint.h>
#include "results/area.h"

#define RESERVED_SIZE	   (8ull << 20)
#define RESERVED_ALIGN	   (2ull << 20)
#define RESERVED_IMAGE_MAX (1ull << 20)
/* The park stacks take the block from here to its end. */
#define RESERVED_STACKS_OFF (4ull << 20)

struct reserved {
	uint64_t base;
	struct pd_area *area;
	uint8_t *image; /* pristine copy, RESERVED_IMAGE_MAX bytes */
	uint8_t *ctrl;	/* control pages (kexec/relocate.h) */
	uint8_t *park;	/* park page (park/park_page.h) */
	uint8_t *stacks;
};

extern struct reserved rsv;

/* Finds the block; 0, or -1 (reported) when RAM has no room for it. */
int reserved_locate(void);

#endif
