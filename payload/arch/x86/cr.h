/* SPDX-License-Identifier: MIT */
/* Control register bits (SDM Vol. 3A, 2.5 "Control Registers"); assembly
 * can include it. */
#ifndef PD_ARCH_X86_CR_H
#define PD_ARCH_X86_CR_H

#define CR0_PE 0x00000001 /* protection enable */
#define CR0_MP 0x00000002 /* monitor coprocessor */
#define CR0_ET 0x00000010 /* extension type: reads as 1 */
#define CR0_NE 0x00000020 /* numeric error */
#define CR0_WP 0x00010000 /* write protect */
#define CR0_NW 0x20000000 /* not write-through */
#define CR0_CD 0x40000000 /* cache disable */
#define CR0_PG 0x80000000 /* paging */

/*
 * CR0 as every CPU runs in long mode, loaded whole rather than ORed into
 * what the CPU had: after power-up, reset and INIT (which leaves CD and NW
 * as they were) CR0 is 60000010H, CD = NW = 1, caches off (SDM Vol. 3A,
 * 9.1.1 and table 9-1), and an AP the firmware never started still has
 * it.  Linux's trampoline loads a whole value too (CR0_STATE, which adds
 * AM: alignment checks matter only in user mode, which playdead has not).
 */
#define CR0_LONG_MODE (CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG)
/* CR0 for the trampoline's step from real to protected mode. */
#define CR0_PROTECTED (CR0_PE | CR0_ET)

#define CR4_PAE	 0x00000020 /* physical address extension */
#define CR4_MCE	 0x00000040 /* machine-check enable */
#define CR4_LA57 0x00001000 /* 5-level paging */

#endif
