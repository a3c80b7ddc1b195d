/* SPDX-License-Identifier: MIT */
/* The cycle's reset rule (cycle.h, cycle_install). */
#include "cycle/cycle.h"
#include "mem/reserved.h"
#include "cpus/cpu.h"
#include "cpus/exception.h"
#include "boot/idt.h"

/* A fault nobody handled, after its exception record. */
static void cycle_fault(struct int_frame *f)
{
	struct cpu *self = this_cpu();

	(void)f;
	/* A parked CPU that faults has woken: the cycle must see it. */
	if (self && rsv.area && self->idx < PD_AREA_MAX_CPUS)
		__atomic_add_fetch(&rsv.area->cpu[self->idx].wakes, 1, __ATOMIC_RELAXED);
	/* The BSP in a cycle: reset, so the next boot records it and goes on. */
	if (cpu_is_bsp() && rsv.area && rsv.area->h.inflight)
		machine_reset();
}

void cycle_install(void)
{
	exception_set_fatal(cycle_fault);
}
