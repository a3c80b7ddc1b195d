/* SPDX-License-Identifier: MIT */
#ifndef PD_BOOT_IDT_H
#define PD_BOOT_IDT_H

#include <stdint.h>

/* The vector the local APIC delivers spurious interrupts on (its SVR). */
#define IDT_SPURIOUS_VECTOR 0xff

struct int_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, err;
	uint64_t rip, cs, rflags, rsp, ss;
};

/* Builds the IDT (BSP, once) and loads it. */
void idt_init(void);
/* Loads the IDT on this CPU (APs). */
void idt_load(void);
/*
 * A handler that a later stage installs for one vector (an exception, the
 * NMI or an interrupt): it runs first and returns 1 when it dealt with it
 * (the interrupted code resumes), 0 to let the default report it.
 */
typedef int (*idt_handler_fn)(struct int_frame *f);
void idt_set_handler(unsigned vector, idt_handler_fn fn);
/*
 * What becomes of a vector that no handler and no .ex_table entry took,
 * set by a later stage: it returns only when the interrupted code may go
 * on (an NMI, an interrupt).  Until one is set, the CPU halts.
 */
typedef void (*idt_unhandled_fn)(struct int_frame *f);
void idt_set_unhandled(idt_unhandled_fn fn);

/* Resets the machine by a triple fault. */
__attribute__((noreturn)) void machine_reset(void);

/* Called by isr_common for every vector. */
void exception_dispatch(struct int_frame *f);

#endif
