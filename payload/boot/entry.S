/* SPDX-License-Identifier: MIT */
/*
 * Multiboot v1 entry: 32-bit protected mode, paging off (multiboot 3.2).
 * Sets up an early IDT, a stack, identity page tables for the first 4 GiB
 * (2 MiB pages), enters long mode, relocates the image if it runs away from
 * its link address, loads the 64-bit IDT and calls kmain(magic, mbi).
 *
 * Everything the 32-bit code touches lives in this section and is reached
 * as base + (symbol - image_base); other sections are reached through
 * PC-relative slots (".long sym - ."), which a static PIE resolves at link
 * time, so no absolute relocation is needed.
 */
#include "boot/layout.h"
#include "arch/x86/cr.h"
#include "arch/x86/desc.h"
#include "arch/x86/msr.h"
#include "arch/x86/paging.h"

#define COM1 0x3f8

#define OFF(sym) ((sym) - image_base)

	.section .multiboot, "ax"
	.code32
	.globl image_base
image_base:
	.align 4
multiboot_header:
	.long MULTIBOOT_HEADER_MAGIC
	.long MULTIBOOT_HEADER_FLAGS
	.long -(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_HEADER_FLAGS)
/* For loaders that take the flat image (boot/layout.h, PD_IMAGE_*). */
image_header:
	.long PD_IMAGE_MAGIC
	.long entry64 - .
	.long __image_load_end - .
	.long __image_end - .

	.globl _start
_start:
	cli
	cld
	mov %eax, %edi /* multiboot magic */
	mov %ebx, %esi /* multiboot info */
	/* Multiboot gives no stack: use ours at the link address, then find
	 * where we really are and move it there. */
	mov $(PD_LINK_BASE + OFF(early_stack_top)), %esp
	call 1f
1:	pop %ebp
	sub $OFF(1b), %ebp /* ebp = runtime image base from here on */
	lea OFF(early_stack_top)(%ebp), %esp

	call early_idt_init

	/* Long mode present?  CPUID 0x80000001 EDX[29] (SDM vol. 2A, CPUID). */
	mov $0x80000000, %eax
	cpuid
	cmp $0x80000001, %eax
	jb no_long_mode
	mov $0x80000001, %eax
	cpuid
	bt $29, %edx
	jnc no_long_mode

	/* Identity map 0-4 GiB with 2 MiB pages (SDM vol. 3A, 4.5). */
	lea OFF(slot_pml4)(%ebp), %ebx
	add (%ebx), %ebx /* ebx = early_pml4 */
	mov %ebx, %edx
	mov $(3 * 4096 + 4 * 4096) / 4, %ecx
	push %edi
	mov %ebx, %edi
	xor %eax, %eax
	rep stosl
	pop %edi
	/* pml4 at ebx, pdpt at ebx+4K, 4 PDs at ebx+8K.. (early_pml4 is 7 pages) */
	lea 0x1000 + (PTE_P | PTE_RW)(%ebx), %eax
	mov %eax, (%ebx)
	lea 0x2000 + (PTE_P | PTE_RW)(%ebx), %eax
	mov %eax, 0x1000(%ebx)
	add $0x1000, %eax
	mov %eax, 0x1008(%ebx)
	add $0x1000, %eax
	mov %eax, 0x1010(%ebx)
	add $0x1000, %eax
	mov %eax, 0x1018(%ebx)
	/* 2048 PDEs: entry i maps i * 2 MiB */
	xor %ecx, %ecx
2:	mov %ecx, %eax
	shl $21, %eax
	or $(PTE_P | PTE_RW | PTE_PS), %eax
	mov %eax, 0x2000(%ebx, %ecx, 8)
	mov %ecx, %eax
	shr $11, %eax /* high dword: bits 32+ of i * 2 MiB */
	mov %eax, 0x2004(%ebx, %ecx, 8)
	inc %ecx
	cmp $2048, %ecx
	jb 2b

	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov %ebx, %cr3
	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
	wrmsr
	/* A whole CR0, caches on whatever the loader left (arch/x86/cr.h). */
	mov $CR0_LONG_MODE, %eax
	mov %eax, %cr0

	/* GDT descriptor base is a linear address: fill it in now. */
	lea OFF(gdt64)(%ebp), %eax
	mov %eax, OFF(gdt64_ptr) + 2(%ebp)
	lgdt OFF(gdt64_ptr)(%ebp)
	lea OFF(slot_entry64)(%ebp), %eax
	add (%eax), %eax
	push $PD_SEL_CODE64
	push %eax
	lret

no_long_mode:
	lea OFF(msg_no_lm)(%ebp), %esi
	call early_puts
	jmp early_halt

/* Prints the NUL-terminated string at esi on COM1 (no init: the loader or
 * firmware set it up, or nothing is listening anyway). */
early_puts:
	mov $COM1, %dx
3:	lodsb
	test %al, %al
	jz 4f
	out %al, %dx
	jmp 3b
4:	ret

early_halt:
	cli
	hlt
	jmp early_halt

/* 32-bit IDT: every exception before long mode prints its vector and halts,
 * so nothing fails silently (SDM vol. 3A, 6.11). */
early_idt_init:
	lea OFF(early_idt)(%ebp), %ebx
	lea OFF(early_stubs)(%ebp), %eax
	xor %ecx, %ecx
5:	mov %eax, %edx
	mov %dx, (%ebx, %ecx, 8) /* offset 15:0 */
	movw $PD_SEL_CODE32, 2(%ebx, %ecx, 8)
	movw $(GATE_INTR << 8), 4(%ebx, %ecx, 8) /* type byte at 5 */
	shr $16, %edx
	mov %dx, 6(%ebx, %ecx, 8)
	add $8, %eax
	inc %ecx
	cmp $32, %ecx
	jb 5b
	mov %ebx, OFF(early_idt_ptr) + 2(%ebp)
	/* Our GDT must be loaded for the gates' selector to be ours. */
	lea OFF(gdt64)(%ebp), %eax
	mov %eax, OFF(gdt64_ptr) + 2(%ebp)
	lgdt OFF(gdt64_ptr)(%ebp)
	mov $PD_SEL_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	/* CS keeps the loader's cached descriptor until the far return into
	 * long mode; the gates name our own PD_SEL_CODE32. */
	lidt OFF(early_idt_ptr)(%ebp)
	ret

	.align 8
early_stubs:
	.set vec, 0
	.rept 32
	push $vec /* 2 bytes */
	jmp early_exception /* up to 5 bytes */
	.balign 8, 0x90
	.set vec, vec + 1
	.endr

early_exception:
	call 6f
6:	pop %ebp
	sub $OFF(6b), %ebp
	lea OFF(msg_early_fault)(%ebp), %esi
	call early_puts
	pop %eax /* vector */
	mov $COM1, %dx
	mov %al, %bl
	shr $4, %al
	call 7f
	mov %bl, %al
	and $15, %al
	call 7f
	mov $'\n', %al
	out %al, %dx
	jmp early_halt
7:	cmp $10, %al
	jb 8f
	add $('a' - 10 - '0'), %al
8:	add $'0', %al
	out %al, %dx
	ret

msg_no_lm:
	.asciz "playdead: this CPU has no long mode (CPUID 0x80000001 EDX[29]); halted\r\n"
msg_early_fault:
	.asciz "playdead: exception before long mode, vector 0x"

/* Null, code64, data, code32 (SDM vol. 3A, 3.4.5 and 5.2.1). */
	.align 16
	.globl gdt64
gdt64:
	.quad 0
	.quad SEG_DESC_CODE64 /* PD_SEL_CODE64 */
	.quad SEG_DESC_DATA /* PD_SEL_DATA */
	.quad SEG_DESC_CODE32 /* PD_SEL_CODE32 */
gdt64_end:
	.globl gdt64_ptr
gdt64_ptr:
	.word gdt64_end - gdt64 - 1
	.quad 0
early_idt_ptr:
	.word 32 * 8 - 1
	.long 0

	.align 4
slot_pml4:
	.long early_pml4 - .
slot_entry64:
	.long entry64 - .

	.align 16
early_idt:
	.skip 32 * 8
	.align 16
early_stack:
	.skip 512
early_stack_top:

/* ---- 64-bit ---- */
	.text
	.code64
	.globl entry64
entry64:
	mov $PD_SEL_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %eax, %eax
	mov %ax, %fs
	mov %ax, %gs
	mov %edi, %edi /* zero-extend magic and mbi */
	mov %esi, %esi
	lea bsp_stack_top(%rip), %rsp

	/* Apply R_X86_64_RELATIVE relocations for the distance between where
	 * we run and where we were linked (ELF x86-64 psABI, 4.4). */
	/* Every field is rewritten from its addend, so this is right whatever
	 * the image held before (a copy of an image relocated elsewhere). */
	lea image_base(%rip), %r8
	sub $PD_LINK_BASE, %r8 /* delta */
	lea __rela_start(%rip), %rcx
	lea __rela_end(%rip), %rdx
9:	cmp %rdx, %rcx
	jae 10f
	cmpl $8, 8(%rcx) /* R_X86_64_RELATIVE */
	jne 11f
	mov (%rcx), %rax /* r_offset (link address) */
	add %r8, %rax
	mov 16(%rcx), %r9 /* r_addend */
	add %r8, %r9
	mov %r9, (%rax)
11:	add $24, %rcx
	jmp 9b
10:
	push %rdi
	push %rsi
	call idt_init
	pop %rsi
	pop %rdi
	call kmain
12:	cli
	hlt
	jmp 12b

	.bss
	.align 4096
	.globl early_pml4
early_pml4:
	.skip 7 * 4096
	.align 16
bsp_stack:
	.skip PD_BSP_STACK_SIZE
	.globl bsp_stack_top
bsp_stack_top:
