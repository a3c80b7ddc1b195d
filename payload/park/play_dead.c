/* SPDX-License-Identifier: MIT */
/*
 * play_dead: where an AP waits out a handover.  hlt and mwait loops run in
 * this image, as Linux's hlt_play_dead()/mwait_play_dead() did; trampoline
 * and spin jump to the park page in reserved memory.  Every loop counts its
 * wake-ups into the CPU's slot of the results area.
 */
#include "park/park.h"
#include "park/park_page.h"
#include "cpus/cpu.h"
#include "mem/reserved.h"
#include "options/options.h"
#include "arch/x86/insn.h"

struct park_state park_state;

/* Room for PD_AREA_MAX_CPUS cache-line-sized lines, aligned for the largest
 * line size used, so that every line is aligned to its size. */
#define PARK_LINE_ROOM (PD_AREA_MAX_CPUS * CPUID_MONITOR_LINE_DEFAULT)
static uint8_t park_line_room[PARK_LINE_ROOM] __attribute__((aligned(CPUID_MONITOR_LINE_MAX)));
static uint32_t line_size = CPUID_MONITOR_LINE_DEFAULT;

uint32_t park_lines_setup(uint32_t line, uint32_t ncpus)
{
	while (line > CPUID_MONITOR_LINE_DEFAULT && (uint64_t)line * ncpus > PARK_LINE_ROOM)
		line >>= 1;
	line_size = line;
	return line;
}

struct park_line *park_line(uint32_t idx)
{
	return (struct park_line *)(park_line_room + (uint64_t)idx * line_size);
}

uint32_t mwait_hint_in_use(void)
{
	return opts.mwait_hint >= 0 ? (uint32_t)opts.mwait_hint : cpus[0].facts.mwait_hint;
}

static struct pd_area_cpu *slot_of(struct cpu *c)
{
	return &rsv.area->cpu[c->idx];
}

static void mark_parked(struct pd_area_cpu *s)
{
	__atomic_or_fetch(&s->flags, PD_AREA_CPU_PARKED, __ATOMIC_SEQ_CST);
}

__attribute__((noreturn)) static void hlt_loop(struct pd_area_cpu *s)
{
	for (;;) {
		asm volatile("cli; hlt" ::: "memory");
		__atomic_add_fetch(&s->wakes, 1, __ATOMIC_RELAXED);
	}
}

/* MONITOR/MWAIT on the CPU's line (SDM vol. 2B, MONITOR and MWAIT); with
 * kick, a KICK control word sends it to a HLT loop. */
__attribute__((noreturn)) static void mwait_loop(struct cpu *c, struct pd_area_cpu *s, int kick)
{
	struct park_line *line = park_line(c->idx);

	line->status = 0;
	line->control = PARK_CONTROL_PARKED;
	s->line_addr = (uint64_t)(uintptr_t)line;
	mark_parked(s);
	for (;;) {
		/* CLFLUSH before MONITOR, as Linux does for erratum AAI65. */
		asm volatile("mfence; clflush (%0); mfence" : : "r"(line) : "memory");
		asm volatile("monitor" : : "a"(line), "c"(0), "d"(0));
		if (kick && line->control == PARK_CONTROL_KICK)
			break;
		asm volatile("mwait" : : "a"(park_state.mwait_hint), "c"(0) : "memory");
		/* The kick's own store ends this MWAIT: that return is the
		 * kick, not a wake (counted, every AP would read woke on
		 * hardware too).  Any other return before it is a wake. */
		if (kick && line->control == PARK_CONTROL_KICK)
			break;
		__atomic_add_fetch(&s->wakes, 1, __ATOMIC_RELAXED);
	}
	line->status = PARK_STATUS_KICKED;
	hlt_loop(s);
}

void play_dead(struct cpu *c)
{
	struct pd_area_cpu *s = slot_of(c);
	uint64_t page = (uint64_t)(uintptr_t)rsv.park;

	asm volatile("cli");
	/* Platforms with caches incoherent across encryption aliases (SME,
	 * TDX) must not carry dirty lines over a handover. */
	if (park_state.wbinvd)
		asm volatile("wbinvd" ::: "memory");
	switch (park_state.mode) {
	case PD_PARK_MWAIT:
		mwait_loop(c, s, 0);
	case PD_PARK_MWAIT_KICK:
		mwait_loop(c, s, 1);
	case PD_PARK_TRAMPOLINE:
	case PD_PARK_SPIN:
		mark_parked(s);
		asm volatile(
		    "jmp *%4"
		    :
		    : "D"(page), "S"(&s->wakes), "d"(park_stack_top(c->idx)),
		      "c"(park_state.mode == PD_PARK_SPIN ? PARK_LOOP_SPIN : PARK_LOOP_HLT),
		      "r"(page + PARK_CODE)
		    : "memory");
		__builtin_unreachable();
	case PD_PARK_HLT:
	case PD_PARK_INIT: /* halted until the BSP's INIT arrives */
	default:
		mark_parked(s);
		hlt_loop(s);
	}
}

void ap_idle(struct cpu *c)
{
	if (id_list_has(&opts.ignore_stop, c->apic_id)) {
		/* Fault injection: deaf to the stop IPI, as a CPU stuck with
		 * interrupts off; only the NMI reaches it (then it is late). */
		for (;;)
			asm volatile("cli; hlt" ::: "memory");
	}
	for (;;)
		asm volatile("sti; hlt; cli" ::: "memory");
}
