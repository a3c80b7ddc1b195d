/* SPDX-License-Identifier: MIT */
#ifndef PD_MEM_PAGING_H
#define PD_MEM_PAGING_H

#include <stdint.h>
#include "mem/idmap.h"

/*
 * Replaces the boot-time map (0-4 GiB) with an identity map of everything
 * below top (at least 4 GiB), 1 GiB pages above 4 GiB where use_1g.
 * Returns 0, or -1 (early map kept) when page-table memory ran out.
 */
int paging_identity_map(uint64_t top, int use_1g, struct paging_stats *st);

#endif
