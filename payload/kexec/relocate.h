/* SPDX-License-Identifier: MIT */
/*
 * The control pages of the handover, in reserved memory (as Linux's kexec
 * control page): the relocation stub's code, its GDT and IDT, a parameter
 * block, identity page tables for the first 4 GiB and a stack.  Offsets
 * shared by relocate_kernel.S, control.c and kexec.c.
 */
#ifndef PD_KEXEC_RELOCATE_H
#define PD_KEXEC_RELOCATE_H

#define CTRL_CODE      0x0000 /* relocate_kernel, up to 2 KiB */
#define CTRL_GDT       0x0800 /* 4 descriptors, as boot/entry.S */
#define CTRL_GDT_PTR   0x0820 /* u16 limit, u64 base */
#define CTRL_IDT_PTR   0x0830 /* u16 limit, u64 base */
#define CTRL_PARAMS    0x0900
#define P_SRC	       0x00 /* pristine image */
#define P_DST	       0x08 /* where the next instance runs */
#define P_SIZE	       0x10 /* bytes to copy */
#define P_BSS	       0x18 /* bytes to zero after them */
#define P_POISON       0x20 /* old image: poisoned when it is not the destination */
#define P_POISON_SIZE  0x28
#define P_ENTRY	       0x30   /* absolute address of the next instance's entry64 */
#define P_AREA	       0x38   /* results area, handed over in RSI */
#define P_WBINVD       0x40   /* u32: flush caches before and after the copy */
#define P_UART_ADDR    0x44   /* u32: console UART for the exception message: I/O port or
				 MMIO address (below 4 GiB: options/uartspec.c), 0: none */
#define P_SCRIBBLE     0x48   /* u64: 0, or an address the stub writes after the copy */
#define P_UART_KIND    0x50   /* u32: UART_KIND_* */
#define P_UART_SHIFT   0x54   /* u32: registers are 1 << shift bytes apart */
#define P_UART_WAIT    0x58   /* u64: TSC cycles one byte may wait for THRE */
#define UART_KIND_NONE	 0
#define UART_KIND_IO	 1 /* port I/O, 8-bit */
#define UART_KIND_MMIO8	 2 /* MMIO, 8-bit accesses */
#define UART_KIND_MMIO32 3 /* MMIO, 32-bit accesses */
#define CTRL_IDT       0x1000 /* 32 gates of 16 bytes */
#define CTRL_PML4      0x2000 /* PML4, PDPT, 4 PDs: 0-4 GiB in 2 MiB pages */
#define CTRL_PDPT      0x3000
#define CTRL_PD	       0x4000
#define CTRL_STACK_TOP 0x9000
#define CTRL_SIZE      0x9000

#define PD_KEXEC_MAGIC 0x4b584450 /* "PDXK": entry64 came from the stub */
#define POISON_BYTE    0xcc	  /* INT3: a CPU running poison traps */

#endif
