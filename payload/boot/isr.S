/* SPDX-License-Identifier: MIT */
/* 256 interrupt stubs and the common path to exception_dispatch(). */

	.text
	.code64

/* Vectors that push an error code (SDM vol. 3A, table 6-1). */
#define HAS_ERR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

	.align 16
	.globl isr_stubs
isr_stubs:
	.set vec, 0
	.rept 256
	.if HAS_ERR(vec)
	nop
	nop
	.else
	push $0
	.endif
	push $vec
	jmp isr_common
	.balign 16, 0xcc
	.set vec, vec + 1
	.endr

isr_common:
	push %rax
	push %rbx
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %rbp
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
	cld
	mov %rsp, %rdi
	/* Keep the ABI's 16-byte alignment whatever the interrupted RSP was. */
	mov %rsp, %rbx
	and $-16, %rsp
	call exception_dispatch
	mov %rbx, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rbp
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rbx
	pop %rax
	add $16, %rsp /* vector, error code */
	iretq
