/* SPDX-License-Identifier: MIT */
/*
 * 64-bit IDT (SDM vol. 3A, 6.14.1).  An exception that no .ex_table entry
 * expects becomes an "exception" record with vector, error code, RIP, RSP,
 * CR2 and APIC ID; then that CPU halts (the BSP ends the run).  Nothing dies
 * silently.  Later stages add what they handle by vector (idt_set_handler)
 * and what a fault means to them (idt_set_fatal): the IDT knows neither.
 */
#include "boot/idt.h"
#include "boot/layout.h"
#include "platform/report.h"
#include "platform/runend.h"
#include "cpus/apic.h"
#include "cpus/cpu.h"
#include "lib/x86.h"
#include "arch/x86/desc.h"
#include "results/vectors.h"

static struct idt_gate idt[256] __attribute__((aligned(16)));
static struct desc_ptr idt_ptr;

extern char isr_stubs[], image_base[];

struct ex_entry {
	int32_t insn, fixup; /* relative to the field itself */
};
extern const struct ex_entry __ex_table_start[], __ex_table_end[];

static idt_handler_fn handlers[256];
static idt_fatal_fn fatal;

void idt_set_handler(unsigned vector, idt_handler_fn fn)
{
	if (vector < 256)
		handlers[vector] = fn;
}

void idt_set_fatal(idt_fatal_fn fn)
{
	fatal = fn;
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
	struct pd_rec_writer w;
	uint32_t apic = apic_id_cpuid();

	if (f->vector == IDT_SPURIOUS_VECTOR)
		return;
	if (f->vector < 256 && handlers[f->vector] && handlers[f->vector](f))
		return;
	if (f->vector < 32 && f->vector != VEC_NMI && fixup(f))
		return;
	if (f->vector == VEC_NMI || f->vector >= 32) {
		/* Not a fault: report and carry on. */
		report_cpu_error(PD_LEVEL_WARN, PD_ERR_UNEXPECTED_INT, apic,
				 f->vector == VEC_NMI ? "unexpected NMI" : "unexpected interrupt");
		if (f->vector >= 32)
			apic_eoi();
		return;
	}
	rec_start_nowait(&w, PD_REC_EXCEPTION);
	pd_rec_u(&w, PD_F_VECTOR, f->vector);
	pd_rec_s(&w, PD_F_NAME, pd_vector_name(f->vector) ? pd_vector_name(f->vector) : "-");
	pd_rec_x(&w, PD_F_ERR, f->err);
	pd_rec_x(&w, PD_F_RIP, f->rip);
	pd_rec_x(&w, PD_F_RSP, f->rsp);
	pd_rec_x(&w, PD_F_CR2, read_cr2());
	pd_rec_u(&w, PD_F_APIC, apic);
	pd_rec_x(&w, PD_F_BASE, (uint64_t)(uintptr_t)image_base);
	rec_send(&w);
	if (fatal)
		fatal(f);
	if (cpu_is_bsp())
		run_end(PD_RESULT_BROKEN);
	halt_forever();
}
