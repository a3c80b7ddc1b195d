/* SPDX-License-Identifier: MIT */
/*
 * Page-table entry bits of 4-level paging (SDM Vol. 3A, 4.5, tables 4-15
 * to 4-20; APM Vol. 2, 5.3); assembly can include it.
 */
#ifndef PD_ARCH_X86_PAGING_H
#define PD_ARCH_X86_PAGING_H

#define PTE_P	0x001 /* present */
#define PTE_RW	0x002 /* writable */
#define PTE_PWT 0x008 /* page-level write-through: PAT index bit 0 */
#define PTE_PCD 0x010 /* page-level cache disable: PAT index bit 1 */
#define PTE_PS	0x080 /* page size: a 1 GiB (PDPTE) or 2 MiB (PDE) page */
/* Uncached: PAT index 3 (PAT=0, PCD=1, PWT=1), which holds UC after reset
 * and in Linux's PAT (SDM Vol. 3A, 12.12.3, Table 12-11; 12.12.4, Table
 * 12-12).  Write-back is index 0: none of the three bits. */
#define PTE_UC (PTE_PCD | PTE_PWT)

#define PAGE_SIZE_4K 0x1000
#define PAGE_SIZE_2M 0x200000
#define PAGE_SIZE_1G 0x40000000
#define PT_ENTRIES   512 /* entries in one table at every level */

#endif
