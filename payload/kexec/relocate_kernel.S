/* SPDX-License-Identifier: MIT */
/*
 * relocate_kernel: the last code of an instance, run from the control pages
 * (relocate.h) with every other CPU parked.  In the order of Linux's
 * relocate_kernel_64.S: own GDT, IDT and identity CR3; WBINVD when the
 * platform needs it; copy the pristine image; zero its .bss; poison the
 * old image; WBINVD again; jump with clean registers.  Position independent:
 * it is copied to the control pages and entered there.
 *
 * In: RDI = control pages.  Never returns.
 */
#include "kexec/relocate.h"
#include "boot/segments.h"

	.section .rodata
	.balign 16
	.globl relocate_kernel, relocate_kernel_end, relocate_exception_stubs
relocate_kernel:
	.code64
	cli
	mov %rdi, %rbx
	load_gdt_and_segments CTRL_GDT_PTR(%rbx)
	lidt CTRL_IDT_PTR(%rbx)
	lea CTRL_PML4(%rbx), %rax
	mov %rax, %cr3
	lea CTRL_STACK_TOP(%rbx), %rsp

	cmpl $0, CTRL_PARAMS + P_WBINVD(%rbx)
	je 2f
	wbinvd
2:	/* copy */
	mov CTRL_PARAMS + P_SRC(%rbx), %rsi
	mov CTRL_PARAMS + P_DST(%rbx), %rdi
	mov CTRL_PARAMS + P_SIZE(%rbx), %rcx
	cld
	rep movsb
	/* .bss: RDI is just past the copy */
	mov CTRL_PARAMS + P_BSS(%rbx), %rcx
	xor %eax, %eax
	rep stosb
	/* poison the old image */
	mov CTRL_PARAMS + P_POISON(%rbx), %rdi
	mov CTRL_PARAMS + P_POISON_SIZE(%rbx), %rcx
	mov $POISON_BYTE, %al
	rep stosb
	/* fault injection: a stray write into the new image */
	mov CTRL_PARAMS + P_SCRIBBLE(%rbx), %rdi
	test %rdi, %rdi
	jz 3f
	notb (%rdi)
3:	cmpl $0, CTRL_PARAMS + P_WBINVD(%rbx)
	je 4f
	wbinvd
4:	mov CTRL_PARAMS + P_ENTRY(%rbx), %r8
	mov CTRL_PARAMS + P_AREA(%rbx), %rsi
	mov $PD_KEXEC_MAGIC, %edi
	xor %eax, %eax
	xor %ecx, %ecx
	xor %edx, %edx
	xor %ebx, %ebx
	xor %ebp, %ebp
	xor %r9d, %r9d
	xor %r10d, %r10d
	xor %r11d, %r11d
	xor %r12d, %r12d
	xor %r13d, %r13d
	xor %r14d, %r14d
	xor %r15d, %r15d
	jmp *%r8

/* Exceptions in the stub: "playdead: relocation stub exception 0xNN" on
 * the serial port, then halt (as Linux's kexec debug handler does). */
	.balign 16
relocate_exception_stubs:
	.set vec, 0
	.rept 32
	push $vec
	jmp relocate_exception
	.balign 8, 0xcc
	.set vec, vec + 1
	.endr

relocate_exception:
	call 5f
5:	pop %rbx
	and $~0xfff, %rbx /* the control page: this code is in its first 4 KiB */
	mov CTRL_PARAMS + P_COM(%rbx), %edx
	test %edx, %edx /* 0: an MMIO console, no port to write to */
	jz 8f
	lea msg(%rip), %rsi
6:	lodsb
	test %al, %al
	jz 7f
	out %al, %dx
	jmp 6b
7:	mov (%rsp), %rcx /* the vector the stub pushed */
	mov %cl, %al
	shr $4, %al
	call hexdigit
	mov %cl, %al
	and $15, %al
	call hexdigit
	mov $'\r', %al
	out %al, %dx
	mov $'\n', %al
	out %al, %dx
8:	cli
	hlt
	jmp 8b
hexdigit:
	cmp $10, %al
	jb 9f
	add $('a' - 10 - '0'), %al
9:	add $'0', %al
	out %al, %dx
	ret
msg:
	.asciz "\r\nplaydead: relocation stub exception 0x"
relocate_kernel_end:
