/* SPDX-License-Identifier: MIT */
/*
 * AP start: real mode -> protected mode -> long mode (SDM vol. 3A, 9.9 and
 * 10.4 "MP initialization").  Runs at page P = SIPI vector * 4 KiB with
 * CS = P >> 4, IP = 0.  Only position-independent references: offsets from
 * trampoline_start, plus the data block the BSP fills in (trampoline.h).
 */
#include "cpus/trampoline.h"
#include "boot/layout.h"

#define OFF(x) ((x) - trampoline_start)

	.section .rodata
	.balign 16
	.globl trampoline_start
trampoline_start:
	.code16
	cli
	cld
	mov %cs, %ax
	mov %ax, %ds
	xor %ebx, %ebx
	mov %ax, %bx
	shl $4, %ebx /* ebx = P, kept through the mode switches */
	lgdtl TR_GDT_PTR
	mov %cr0, %eax
	or $1, %eax /* PE */
	mov %eax, %cr0
	ljmpl *TR_PM32_PTR

	.code32
pm32:
	mov $PD_SEL_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov TR_CR4(%ebx), %eax
	mov %eax, %cr4
	mov TR_CR3(%ebx), %eax
	mov %eax, %cr3
	mov $0xC0000080, %ecx /* EFER */
	rdmsr
	or TR_EFER(%ebx), %eax
	wrmsr
	mov %cr0, %eax
	or $0x80000001, %eax /* PG | PE */
	mov %eax, %cr0
	ljmpl *TR_LM64_PTR(%ebx)

	.code64
lm64:
	mov $PD_SEL_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ebx, %r12d /* zero-extends: P */
	/* Own APIC ID: x2APIC ID from leaf 0xB when it is there, else the
	 * initial APIC ID in CPUID.1:EBX[31:24]. */
	xor %eax, %eax
	cpuid
	cmp $0xb, %eax
	jb 1f
	mov $0xb, %eax
	xor %ecx, %ecx
	cpuid
	test $0xffff, %ebx
	jz 1f
	mov %edx, %r13d
	jmp 2f
1:	mov $1, %eax
	cpuid
	shr $24, %ebx
	mov %ebx, %r13d
2:	mov TR_TABLE(%r12), %r8
	mov TR_COUNT(%r12), %r9d
3:	test %r9d, %r9d
	jz 5f
	cmp (%r8), %r13d
	je 4f
	add $16, %r8
	dec %r9d
	jmp 3b
4:	mov 8(%r8), %rsp
	mov 4(%r8), %edi
	jmp *TR_ENTRY(%r12)
	/* Not a CPU we started on purpose: count it and stay out of the way. */
5:	lock incl TR_UNKNOWN(%r12)
6:	cli
	hlt
	jmp 6b

	/*
	 * An NMI that reaches a CPU in wait-for-SIPI.  Hardware holds it
	 * pending; QEMU (TCG) delivers it with the CPU at the reset vector,
	 * in real mode, through IVT[2], after which the firmware's reset code
	 * would run on the AP.  IVT[2] points here instead: count it by APIC
	 * ID (CPUID works in real mode) and halt until the SIPI comes.
	 */
	.code16
wfs_nmi:
	mov %cs, %ax
	mov %ax, %ds
	mov $1, %eax
	cpuid
	shr $24, %ebx
	add %bx, %bx
	lock incw TR_WFS_HITS(%bx)
1:	cli
	hlt
	jmp 1b

	/* Data block: the BSP adds P to the two offsets and fills the rest. */
	.org TR_GDT_PTR
	.word 4 * 8 - 1
	.org TR_PM32_PTR
	.long OFF(pm32)
	.word PD_SEL_CODE32
	.org TR_LM64_PTR
	.long OFF(lm64)
	.word PD_SEL_CODE64
	.org TR_WFS_NMI
	.word OFF(wfs_nmi)
	.org TR_SIZE
	.globl trampoline_end
trampoline_end:
