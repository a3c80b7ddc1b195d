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
	/* Eight bytes at a time, the rest by bytes: a REP iteration costs as
	 * much whatever its width (under TCG most of all), and the image and
	 * its .bss are most of a megabyte. */
	mov %rcx, %rdx
	shr $3, %rcx
	rep movsq
	mov %rdx, %rcx
	and $7, %rcx
	rep movsb
	/* .bss: RDI is just past the copy */
	xor %eax, %eax
	mov CTRL_PARAMS + P_BSS(%rbx), %rcx
	call fill
	/* poison the old image */
	mov CTRL_PARAMS + P_POISON(%rbx), %rdi
	mov CTRL_PARAMS + P_POISON_SIZE(%rbx), %rcx
	mov $POISON_BYTE * 0x0101010101010101, %rax
	call fill
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

/* RCX bytes at RDI = AL (RAX: the byte in all eight lanes), eight at a
 * time then the rest.  Clobbers RCX, RDX, RDI. */
fill:
	mov %rcx, %rdx
	shr $3, %rcx
	rep stosq
	mov %rdx, %rcx
	and $7, %rcx
	rep stosb
	ret

/* Exceptions in the stub: "playdead: relocation stub exception 0xNN" on
 * the console UART, then halt (as Linux's kexec debug handler does). */
	.balign 16
relocate_exception_stubs:
	.set vec, 0
	.rept 32
	push $vec
	jmp relocate_exception
	.balign 8, 0xcc
	.set vec, vec + 1
	.endr

/* 16550 registers and LSR bits (PC16550D data sheet, 8.4 and 8.6.3). */
#define UART_THR 0
#define UART_LSR 5
#define LSR_THRE 0x20

relocate_exception:
	call 5f
5:	pop %rbx
	and $~0xfff, %rbx /* the control page: this code is in its first 4 KiB */
	mov (%rsp), %r12 /* the vector the stub pushed */
	lea msg(%rip), %rsi
6:	lodsb
	test %al, %al
	jz 7f
	call uart_putc
	jmp 6b
7:	mov %r12d, %eax
	shr $4, %al
	call hexdigit
	mov %r12d, %eax
	and $15, %al
	call hexdigit
	mov $'\r', %al
	call uart_putc
	mov $'\n', %al
	call uart_putc
8:	cli
	hlt
	jmp 8b
hexdigit:
	cmp $10, %al
	jb 9f
	add $('a' - 10 - '0'), %al
9:	add $'0', %al
	/* fall through */

/*
 * AL to the UART of the parameter block (RBX: control page), after waiting
 * for THRE (LSR bit 5): a 16550 FIFO holds 16 bytes and the shift register
 * one, and the message is longer.  The wait is bounded by P_UART_WAIT TSC
 * cycles (a dead UART must not hang the stub); then the byte is written
 * anyway, as the payload's driver does.  Clobbers RAX, RCX, RDX, R8-R10.
 */
uart_putc:
	cmpl $UART_KIND_NONE, CTRL_PARAMS + P_UART_KIND(%rbx)
	je 3f
	movzbl %al, %r10d
	rdtsc
	shl $32, %rdx
	or %rax, %rdx
	mov %rdx, %r8 /* start */
1:	mov $UART_LSR, %r9d
	call uart_in
	test $LSR_THRE, %al
	jnz 2f
	pause
	rdtsc
	shl $32, %rdx
	or %rax, %rdx
	sub %r8, %rdx
	cmp CTRL_PARAMS + P_UART_WAIT(%rbx), %rdx
	jb 1b
2:	mov $UART_THR, %r9d
	mov %r10d, %eax
	call uart_out
3:	ret

/* RDX = the address of register R9: base + (R9 << shift).  Clobbers RCX. */
uart_reg:
	mov CTRL_PARAMS + P_UART_SHIFT(%rbx), %ecx
	mov %r9, %rdx
	shl %cl, %rdx
	mov CTRL_PARAMS + P_UART_ADDR(%rbx), %ecx
	add %rcx, %rdx
	ret

/* AL = register R9, read with the access the UART needs. */
uart_in:
	call uart_reg
	cmpl $UART_KIND_IO, CTRL_PARAMS + P_UART_KIND(%rbx)
	jne 1f
	in %dx, %al
	ret
1:	cmpl $UART_KIND_MMIO32, CTRL_PARAMS + P_UART_KIND(%rbx)
	jne 2f
	mov (%rdx), %eax
	ret
2:	movb (%rdx), %al
	ret

/* Register R9 = AL. */
uart_out:
	call uart_reg
	cmpl $UART_KIND_IO, CTRL_PARAMS + P_UART_KIND(%rbx)
	jne 1f
	out %al, %dx
	ret
1:	cmpl $UART_KIND_MMIO32, CTRL_PARAMS + P_UART_KIND(%rbx)
	jne 2f
	movzbl %al, %eax
	mov %eax, (%rdx)
	ret
2:	movb %al, (%rdx)
	ret

msg:
	.asciz "\r\nplaydead: relocation stub exception 0x"
relocate_kernel_end:
