/* SPDX-License-Identifier: MIT */
/*
 * The real-mode AP trampoline: code at offset 0 of a page below 1 MiB (the
 * SIPI vector is its page number), data at fixed offsets filled in by the
 * BSP before the SIPIs.  Offsets shared by trampoline.S and smpboot.c.
 */
#ifndef PD_CPUS_TRAMPOLINE_H
#define PD_CPUS_TRAMPOLINE_H

#define TR_GDT		 0x800 /* copy of the image's GDT, 4 descriptors */
#define TR_GDT_PTR	 0x820 /* u16 limit, u32 base */
#define TR_PM32_PTR	 0x828 /* far pointer: u32 offset, u16 selector */
#define TR_LM64_PTR	 0x830 /* far pointer: u32 offset, u16 selector */
#define TR_CR3		 0x838 /* u32: page tables below 4 GiB */
#define TR_CR4		 0x83c /* u32 */
#define TR_ENTRY	 0x840 /* u64: ap_entry(idx) */
#define TR_TABLE	 0x848 /* u64: struct tr_cpu[] */
#define TR_COUNT	 0x850 /* u32: entries in the table */
#define TR_UNKNOWN	 0x854 /* u32: APs that found no entry (counted, then halt) */
#define TR_EFER		 0x858 /* u32: EFER bits to set (LME, NXE) */
#define TR_WFS_NMI	 0x85c /* u16: offset of the real-mode NMI handler below */
#define TR_WFS_HITS	 0x860 /* u16[256]: NMIs taken in wait-for-SIPI, by APIC ID mod 256 */
#define TR_SIPI_NMI_HITS 0xa60 /* u16[256]: NMIs held across wait-for-SIPI, taken after the SIPI   \
				*/
#define TR_SIZE 0xc60

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
/* Points the real-mode NMI vector at the trampoline's halt loop (see
 * trampoline.S), before APs are put in wait-for-SIPI. */
void trampoline_catch_wfs_nmi(void);
/* Zeroes the wait-for-SIPI NMI counts: a cycle counts only its own. */
void trampoline_clear_wfs_hits(void);
/* NMIs a CPU took in wait-for-SIPI since the trampoline was installed. */
uint32_t trampoline_wfs_hits(uint32_t apic_id);
/* NMIs a CPU held pending in wait-for-SIPI and took in the trampoline right
 * after its SIPI, since the trampoline was installed. */
uint32_t trampoline_sipi_nmi_hits(uint32_t apic_id);
#endif

#endif
