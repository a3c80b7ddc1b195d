/* SPDX-License-Identifier: MIT */
#ifndef PD_MEM_PAGING_H
#define PD_MEM_PAGING_H

#include <stdint.h>
#include "mem/idmap.h"

/*
 * Replaces the boot-time map (0-4 GiB after multiboot or a kexec, RAM after
 * the EFI loader) with the payload's own identity map (mem/idmap.c): RAM
 * and ACPI memory of the memory map and this image write-back, every range
 * paging_map() was given uncached, nothing else; 1 GiB pages where use_1g.
 * Returns 0, or -1 (boot map kept) when page-table memory ran out.
 */
int paging_identity_map(int use_1g, struct paging_stats *st);
/*
 * Maps [base, base + len) before the payload reads or writes it: RAM is
 * mapped already (write-back); anything else (MMIO, tables in reserved
 * memory, the BIOS area) is mapped uncached, into the map in use now and
 * into the one paging_identity_map() builds.  0, or -1: not mapped (no room
 * for tables, or beyond 4-level paging), do not touch it.
 */
int paging_map(uint64_t base, uint64_t len);

#endif
