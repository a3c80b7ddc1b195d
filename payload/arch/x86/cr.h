/* SPDX-License-Identifier: MIT */
/* Control register bits (SDM Vol. 3A, 2.5 "Control Registers"); assembly
 * can include it. */
#ifndef PD_ARCH_X86_CR_H
#define PD_ARCH_X86_CR_H

#define CR0_PE 0x00000001 /* protection enable */
#define CR0_PG 0x80000000 /* paging */

#define CR4_PAE	 0x00000020 /* physical address extension */
#define CR4_MCE	 0x00000040 /* machine-check enable */
#define CR4_LA57 0x00001000 /* 5-level paging */

#endif
