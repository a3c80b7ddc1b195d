/* SPDX-License-Identifier: MIT */
/*
 * What a vector that nothing handled becomes (boot/idt.c hands it here):
 * an NMI or interrupt an "unexpected" warning, and the CPU goes on; a fault
 * an "exception" record with vector, error code, RIP, RSP, CR2 and APIC
 * ID, then the fault hook, then that CPU halts (the BSP ends the run).
 * Nothing dies silently.
 */
#include "cpus/exception.h"
#include "cpus/apic.h"
#include "cpus/cpu.h"
#include "report/report.h"
#include "platform/runend.h"
#include "arch/x86/desc.h"
#include "arch/x86/insn.h"
#include "results/vectors.h"

extern char image_base[];

static exception_fatal_fn fatal;

static void unhandled(struct int_frame *f)
{
	struct pd_rec_writer w;
	uint32_t apic = apic_id_self(); /* as the cpu records name it */

	if (f->vector == VEC_NMI || f->vector >= PD_VECTORS_ARCH) {
		/* Not a fault: report and carry on. */
		report_cpu_error(PD_LEVEL_WARN, PD_ERR_UNEXPECTED_INT, apic,
				 f->vector == VEC_NMI ? "unexpected NMI" : "unexpected interrupt");
		if (f->vector >= PD_VECTORS_ARCH)
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

void exception_install(void)
{
	idt_set_unhandled(unhandled);
}

void exception_set_fatal(exception_fatal_fn fn)
{
	fatal = fn;
}
