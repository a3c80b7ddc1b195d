/* SPDX-License-Identifier: MIT */
#ifndef PD_BOOT_IDT_H
#define PD_BOOT_IDT_H

#include <stdint.h>

struct int_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, err;
	uint64_t rip, cs, rflags, rsp, ss;
};

/* Builds the IDT (BSP, once) and loads it. */
void idt_init(void);
/* Loads the IDT on this CPU (APs). */
void idt_load(void);
/* Called by isr_common for every vector. */
void exception_dispatch(struct int_frame *f);

#endif
