/* SPDX-License-Identifier: MIT */
/* The park page and the park stacks, in reserved memory (park_page.h). */
#include "park/park_page.h"
#include "mem/reserved.h"
#include "boot/layout.h"
#include "arch/x86/desc.h"
#include "lib/string.h"

extern char gdt64[];

_Static_assert(RESERVED_STACKS_OFF + PD_AREA_MAX_CPUS * PARK_STACK_SIZE <= RESERVED_SIZE,
	       "park stacks overflow the reserved block");

void park_page_build(uint64_t cr3)
{
	uint8_t *p = rsv.park;
	uint64_t pb = (uint64_t)(uintptr_t)p;
	struct idt_gate *idt = (struct idt_gate *)(p + PARK_IDT);
	unsigned i;

	/* loops, GDT, IDT (NMI and #MC counted, the rest halts) */
	memset(p, 0, PARK_SIZE);
	memcpy(p + PARK_CODE, park_page_start, (size_t)(park_page_end - park_page_start));
	memcpy(p + PARK_GDT, gdt64, 4 * 8);
	desc_ptr_set(p + PARK_GDT_PTR, 4 * 8 - 1, pb + PARK_GDT);
	for (i = 0; i < 256; i++) {
		const char *h = i == VEC_NMI ? park_nmi : i == VEC_MC ? park_mce : park_fault;

		idt_gate_set(&idt[i], PD_SEL_CODE64, pb + (uint64_t)(h - park_page_start));
	}
	desc_ptr_set(p + PARK_IDT_PTR, 256 * 16 - 1, pb + PARK_IDT);
	*(uint64_t *)(p + PARK_CR3) = cr3;
}

uint64_t park_stack_top(uint32_t idx)
{
	return (uint64_t)(uintptr_t)rsv.stacks + (uint64_t)(idx + 1) * PARK_STACK_SIZE - 16;
}
