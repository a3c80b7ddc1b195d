/* SPDX-License-Identifier: MIT */
/*
 * park_enter(page, wakes, stack_top, loop): switch to the park page's GDT,
 * IDT and CR3 and the CPU's stack in reserved memory, then loop for good.
 * Copied to the park page; position independent.
 *   trampoline (PARK_LOOP_HLT):  cli; hlt; count every return from HLT
 *   spin (PARK_LOOP_SPIN):       PAUSE loop; NMIs are counted by the handler
 * RBX holds the wake counter and R12 the loop kind for the handlers.
 */
#include "park/park_page.h"
#include "boot/segments.h"
#include "arch/x86/msr.h"

	.section .rodata
	.balign 16
	.globl park_page_start, park_page_end, park_nmi, park_mce, park_fault
park_page_start:
	.code64
	cli
	load_gdt_and_segments PARK_GDT_PTR(%rdi)
	lidt PARK_IDT_PTR(%rdi)
	mov PARK_CR3(%rdi), %rax
	mov %rax, %cr3
	mov %rdx, %rsp
	mov %rsi, %rbx
	mov %ecx, %r12d
	cmp $PARK_LOOP_SPIN, %r12d
	je spin
halt:	hlt
	lock incl (%rbx)
	jmp halt
spin:	pause
	jmp spin

/* NMI: counted in spin mode (in trampoline mode the HLT loop counts the
 * return), then back to the loop. */
park_nmi:
	cmp $PARK_LOOP_SPIN, %r12d
	jne 2f
	lock incl (%rbx)
2:	iretq

/* #MC (provoke=mce): CR4.MCE is still set here, so a broadcast machine
 * check lands in reserved memory.  Clear IA32_MCG_STATUS (MCIP) so the
 * next one is an #MC again, not a shutdown (SDM Vol. 3B, Machine-Check
 * Exception), count it like an NMI, and go back to the loop. */
park_mce:
	push %rax
	push %rcx
	push %rdx
	mov $MSR_IA32_MCG_STATUS, %ecx
	xor %eax, %eax
	xor %edx, %edx
	wrmsr
	pop %rdx
	pop %rcx
	pop %rax
	cmp $PARK_LOOP_SPIN, %r12d
	jne 4f
	lock incl (%rbx)
4:	iretq

/* Anything else: count it (the BSP sees a wake), then stop here. */
park_fault:
	lock incl (%rbx)
3:	cli
	hlt
	jmp 3b
park_page_end:
