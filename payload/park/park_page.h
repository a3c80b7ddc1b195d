/* SPDX-License-Identifier: MIT */
/*
 * The park page, in reserved memory: the trampoline and spin park loops,
 * their GDT and IDT (NMIs counted, anything else halts), using the identity
 * page tables of the control pages.  Nothing here lives in an image that a
 * handover overwrites.  Offsets shared by park_page.S and park_page.c.
 */
#ifndef PD_PARK_PARK_PAGE_H
#define PD_PARK_PARK_PAGE_H

#define PARK_CODE    0x0000 /* park_page_start .. park_page_end */
#define PARK_GDT     0x0800
#define PARK_GDT_PTR 0x0820 /* u16 limit, u64 base */
#define PARK_IDT_PTR 0x0830 /* u16 limit, u64 base */
#define PARK_CR3     0x0840 /* u64 */
#define PARK_IDT     0x1000 /* 256 gates */
#define PARK_SIZE    0x2000

#define PARK_LOOP_HLT  0 /* trampoline mode */
#define PARK_LOOP_SPIN 1 /* spin mode */

/* Bytes of stack per CPU in reserved memory, for NMIs taken while parked. */
#define PARK_STACK_SIZE 1024

#ifndef __ASSEMBLER__
#include <stdint.h>

extern char park_page_start[], park_page_end[], park_nmi[], park_mce[], park_fault[];

/* Builds the park page: its loops, GDT and IDT, and cr3 (identity page
 * tables in reserved memory, the control pages'). */
void park_page_build(uint64_t cr3);
/* Top of the park stack of CPU idx. */
uint64_t park_stack_top(uint32_t idx);
#endif

#endif
