/* SPDX-License-Identifier: MIT */
/*
 * AP start: real mode -> protected mode -> long mode (SDM vol. 3A, 9.9 and
 * 10.4 "MP initialization").  Runs at page P = SIPI vector * 4 KiB with
 * CS = P >> 4, IP = 0.  Only position-independent references: offsets from
 * trampoline_start, plus the data block the BSP fills in (trampoline.h).
 */
#include "cpus/trampoline.h"
#include "boot/layout.h"
#include "arch/x86/cr.h"
#include "arch/x86/msr.h"
#include "arch/x86/apic.h"

#define OFF(x) ((x) - trampoline_start)

/*
 * \dst = this CPU's APIC ID: leaf 0xB's x2APIC ID (EDX) when the leaf
 * enumerates (subleaf 0 EBX[15:0] != 0), else the initial APIC ID in
 * CPUID.1:EBX[31:24] (SDM Vol. 2A, CPUID leaves 01H and 0BH).  Clobbers
 * EAX-EDX; assembles alike in 16- and 64-bit code.
 */
.macro own_apic_id dst
	xor %eax, %eax
	cpuid
	cmp $0xb, %eax
	jb 101f
	mov $0xb, %eax
	xor %ecx, %ecx
	cpuid
	test $0xffff, %ebx
	jz 101f
	mov %edx, \dst
	jmp 102f
101:	mov $1, %eax
	cpuid
	shr $24, %ebx
	mov %ebx, \dst
102:
.endm

/*
 * \dst = this CPU's APIC ID as its local APIC answers to it: the x2APIC ID
 * register (MSR 802H) in x2APIC mode, which INIT keeps, else the xAPIC ID
 * register's bits 31:24 (SDM Vol. 3A, 11.4.6 and 11.12.5.1).  Firmware may
 * have rewritten an xAPIC ID, and CPUID's initial ID does not follow (Linux
 * stopped trusting it for the same reason); the MADT and the IPIs use the
 * register's.  With the APIC globally disabled, CPUID's.  64-bit code only
 * (the xAPIC page is read through the page tables); clobbers RAX-RDX.
 */
.macro apic_register_id dst
	mov $MSR_IA32_APIC_BASE, %ecx
	rdmsr
	test $APIC_BASE_EXTD, %eax
	jz 103f
	mov $X2APIC_MSR(APIC_ID), %ecx
	rdmsr
	mov %eax, \dst
	jmp 105f
103:	test $APIC_BASE_EN, %eax
	jz 104f
	shl $32, %rdx
	or %rdx, %rax
	mov $APIC_BASE_ADDR, %rdx
	and %rdx, %rax
	mov APIC_ID(%rax), %eax
	shr $24, %eax
	mov %eax, \dst
	jmp 105f
104:	own_apic_id \dst
105:
.endm

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
	/* Whole values from here on, never ORed into the inherited ones: an
	 * AP that never ran since reset has CD = NW = 1 (arch/x86/cr.h). */
	mov $CR0_PROTECTED, %eax
	mov %eax, %cr0
	ljmpl *TR_PM32_PTR
real_end_code: /* an NMI taken before here interrupted the trampoline */

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
	mov $MSR_EFER, %ecx
	mov TR_EFER(%ebx), %eax
	xor %edx, %edx
	wrmsr
	mov $CR0_LONG_MODE, %eax
	mov %eax, %cr0
	ljmpl *TR_LM64_PTR(%ebx)

	.code64
lm64:
	mov $PD_SEL_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ebx, %r12d /* zero-extends: P */
	apic_register_id %r13d
	mov TR_TABLE(%r12), %r8
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
	 * IVT[2]: an NMI sent to a CPU in wait-for-SIPI.  Hardware holds it
	 * pending (SDM Vol. 3A, 10.4 MP initialization: only SIPI leaves
	 * wait-for-SIPI) and takes it right after the SIPI has started the CPU
	 * here, in real mode: the interrupted CS:IP is in the real-mode part of
	 * this page.  Count it and IRET: start-up goes on.  QEMU (TCG) delivers
	 * it in wait-for-SIPI, at the reset vector (CS:IP elsewhere), after which
	 * the firmware's reset code would run on the AP: count it apart and halt
	 * until the SIPI comes.  After INIT, SS:SP is 0:0 (SDM Vol. 3A, table
	 * "IA-32 processor states following power-up, reset, or INIT"), so the
	 * frame sits just below 64 KiB, which nothing of ours uses.
	 */
	.code16
wfs_nmi:
	pushl %eax
	pushl %ebx
	pushl %ecx
	pushl %edx
	pushl %esi
	push %ds
	push %bp
	mov %sp, %bp
	mov %cs, %ax
	mov %ax, %ds
	/* The ID lm64 matches, where real mode can read it: the x2APIC ID
	 * register; in xAPIC mode the register's page is out of real mode's
	 * reach, so CPUID's initial ID (differs only where firmware rewrote
	 * the xAPIC ID: that CPU's NMIs then go uncounted). */
	mov $MSR_IA32_APIC_BASE, %ecx
	rdmsr
	test $APIC_BASE_EXTD, %eax
	jz 1f
	mov $X2APIC_MSR(APIC_ID), %ecx
	rdmsr
	jmp 2f
1:	own_apic_id %eax
2:
	/* Its slot: where the BSP put that ID in TR_APIC_IDS (SI = 4 * slot);
	 * not there: nothing to count. */
	xor %esi, %esi
	movzwl TR_NIDS, %ecx
	shl $2, %ecx
3:	cmp %ecx, %esi
	jae 4f
	cmp %eax, TR_APIC_IDS(%si)
	je 4f
	add $4, %si
	jmp 3b
	/* Found when ESI < ECX; SI / 2 = 2 * slot indexes the u16 counts.
	 * Interrupted IP at 24(%bp), CS at 26(%bp) (SS-relative). */
4:	mov %cs, %ax
	cmp %ax, 26(%bp)
	jne 6f
	cmpw $OFF(real_end_code), 24(%bp)
	jae 6f
	cmp %ecx, %esi
	jae 5f
	shr $1, %si
	lock incw TR_SIPI_NMI_HITS(%si)
5:	pop %bp
	pop %ds
	popl %esi
	popl %edx
	popl %ecx
	popl %ebx
	popl %eax
	iret
6:	cmp %ecx, %esi
	jae 7f
	shr $1, %si
	lock incw TR_WFS_HITS(%si)
7:	cli
	hlt
	jmp 7b

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
