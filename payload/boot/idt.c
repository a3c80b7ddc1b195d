/* SPDX-License-Identifier: MIT */
/*
 * 64-bit IDT (SDM vol. 3A, 6.14.1) and the dispatch from isr_common: a
 * handler a later stage installed for the vector (idt_set_handler), else
 * an .ex_table fixup for a fault some code expects, else whatever a later
 * stage made of the rest (idt_set_unhandled: records, cpus/exception.c).
 * The IDT itself knows no records, stop protocol or cycle.
 */
#include "boot/idt.h"
#include "boot/layout.h"
#include "arch/x86/insn.h"
#include "arch/x86/desc.h"
#include "results/vectors.h"

static struct idt_gate idt[256] __attribute__((aligned(16)));
static struct desc_ptr idt_ptr;

extern char isr_stubs[];

struct ex_entry {
	int32_t insn, fixup; /* relative to the field itself */
};
extern const struct ex_entry __ex_table_start[], __ex_table_end[];

static idt_handler_fn handlers[256];
static idt_unhandled_fn unhandled;

void idt_set_handler(unsigned vector, idt_handler_fn fn)
{
	if (vector < 256)
		handlers[vector] = fn;
}

void idt_set_unhandled(idt_unhandled_fn fn)
{
	unhandled = fn;
}

void idt_load(void)
{
	asm volatile("lidt %0" : : "m"(idt_ptr));
}

void idt_init(void)
{
	int v;

	for (v = 0; v < 256; v++)
		idt_gate_set(&idt[v], PD_SEL_CODE64, (uint64_t)(uintptr_t)(isr_stubs + 16 * v));
	idt_ptr.limit = sizeof(idt) - 1;
	idt_ptr.base = (uint64_t)(uintptr_t)idt;
	idt_load();
}

/* Triple fault: an empty IDT and an exception (SDM vol. 3A, 6.15 #DF). */
__attribute__((noreturn)) void machine_reset(void)
{
	static const struct desc_ptr none = {0, 0};

	asm volatile("lidt %0; int3" : : "m"(none));
	halt_forever();
	__builtin_unreachable();
}

static int fixup(struct int_frame *f)
{
	const struct ex_entry *e;

	for (e = __ex_table_start; e < __ex_table_end; e++) {
		uint64_t insn = (uint64_t)(uintptr_t)&e->insn + (int64_t)e->insn;

		if (insn == f->rip) {
			f->rip = (uint64_t)(uintptr_t)&e->fixup + (int64_t)e->fixup;
			return 1;
		}
	}
	return 0;
}

void exception_dispatch(struct int_frame *f)
{
	if (f->vector == IDT_SPURIOUS_VECTOR)
		return;
	if (f->vector < 256 && handlers[f->vector] && handlers[f->vector](f))
		return;
	if (f->vector < PD_VECTORS_ARCH && f->vector != VEC_NMI && fixup(f))
		return;
	if (!unhandled)
		halt_forever(); /* nothing can report it yet */
	unhandled(f);
}
