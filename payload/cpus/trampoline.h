/* SPDX-License-Identifier: MIT */
/*
 * The real-mode AP trampoline: code at offset 0 of a page below 1 MiB (the
 * SIPI vector is its page number), data at fixed offsets filled in by the
 * BSP before the SIPIs.  Offsets shared by ap_start.S and trampoline.c.
 */
#ifndef PD_CPUS_TRAMPOLINE_H
#define PD_CPUS_TRAMPOLINE_H

#define TR_GDT	    0x800 /* copy of the image's GDT, 4 descriptors */
#define TR_GDT_PTR  0x820 /* u16 limit, u32 base */
#define TR_PM32_PTR 0x828 /* far pointer: u32 offset, u16 selector */
#define TR_LM64_PTR 0x830 /* far pointer: u32 offset, u16 selector */
#define TR_CR3	    0x838 /* u32: page tables below 4 GiB */
#define TR_CR4	    0x83c /* u32 */
#define TR_ENTRY    0x840 /* u64: ap_entry(idx) */
#define TR_TABLE    0x848 /* u64: struct tr_cpu[] */
#define TR_COUNT    0x850 /* u32: entries in the table */
#define TR_UNKNOWN  0x854 /* u32: APs that found no entry (counted, then halt) */
#define TR_EFER	    0x858 /* u32: EFER bits to set (LME, NXE) */
#define TR_WFS_NMI  0x85c /* u16: offset of the real-mode NMI handler below */
#define TR_NIDS	    0x85e /* u16: entries in TR_APIC_IDS */
#define TR_SIZE	    0x860 /* code and data copied from trampoline_start */
/*
 * The NMI counts, per CPU slot (the index in TR_APIC_IDS, which is the
 * CPU's idx and its results-area slot): as many CPUs as the results area
 * holds, found by APIC ID in real mode, so CPUs whose APIC IDs share the
 * low byte keep counts of their own.  Reachable from CS = page >> 4.
 */
#define TR_MAX_CPUS 2048   /* PD_AREA_MAX_CPUS (checked in trampoline.c) */
#define TR_APIC_IDS 0x1000 /* u32[TR_MAX_CPUS]: APIC ID of each slot */
#define TR_WFS_HITS 0x3000 /* u16[TR_MAX_CPUS]: NMIs taken in wait-for-SIPI */
#define TR_SIPI_NMI_HITS                                                                           \
	0x4000	   /* u16[TR_MAX_CPUS]: NMIs held across wait-for-SIPI, taken after                \
		      the SIPI */
#define TR_PAGES 5 /* the trampoline's pages below 1 MiB */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* One AP the trampoline may meet: its APIC ID, index and stack. */
struct tr_cpu {
	uint32_t apic_id;
	uint32_t idx;
	uint64_t stack_top;
};

extern char trampoline_start[], trampoline_end[];

/* The page the APs start in, once installed (0 before). */
extern uint64_t trampoline_page;
/* Copies the trampoline to page p (below 1 MiB) and fills its data block:
 * the APs of table go to entry(idx).  -1 when the page tables are above
 * 4 GiB, out of the trampoline's reach. */
int trampoline_install(uint64_t p, struct tr_cpu *table, uint32_t count,
		       void (*entry)(uint32_t idx));
/* Points the real-mode NMI vector at the trampoline's halt loop (see
 * ap_start.S), before APs are put in wait-for-SIPI. */
void trampoline_catch_wfs_nmi(void);
/* Zeroes the wait-for-SIPI NMI counts: a cycle counts only its own. */
void trampoline_clear_wfs_hits(void);
/* NMIs the CPU of slot idx (APIC ID apic_id) took in wait-for-SIPI since
 * the trampoline was installed; 0 when the slot holds another CPU. */
uint32_t trampoline_wfs_hits(uint32_t idx, uint32_t apic_id);
/* NMIs it held pending in wait-for-SIPI and took in the trampoline right
 * after its SIPI, since the trampoline was installed. */
uint32_t trampoline_sipi_nmi_hits(uint32_t idx, uint32_t apic_id);
#endif

#endif
