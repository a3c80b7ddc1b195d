/* SPDX-License-Identifier: MIT */
/*
 * Segment and gate descriptors, and the exception vectors the payload
 * handles by number.  The constants serve assembly too; the layouts are C.
 */
#ifndef PD_ARCH_X86_DESC_H
#define PD_ARCH_X86_DESC_H

/* Exception vectors (SDM Vol. 3A, 6.3.1, table 6-1). */
#define VEC_NMI 2
#define VEC_MC	18

/*
 * Flat segment descriptors, base 0, limit 0xfffff in 4 KiB units (SDM Vol.
 * 3A, 3.4.5, figure 3-8): present, DPL 0, code execute/read (0x9a) or data
 * read/write (0x92); code64 has L set, code32 and data D/B.
 */
#define SEG_DESC_CODE64 0x00af9a000000ffff
#define SEG_DESC_DATA	0x00cf92000000ffff
#define SEG_DESC_CODE32 0x00cf9a000000ffff

/* Gate type byte: present, DPL 0, interrupt gate (type 0xe: 32-bit in
 * protected mode, 64-bit in IA-32e mode; SDM Vol. 3A, 6.11 and 6.14.1). */
#define GATE_INTR 0x8e

#ifndef __ASSEMBLER__
#include <stdint.h>

/* 64-bit IDT gate (SDM Vol. 3A, 6.14.1, figure 6-8). */
struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t ist, type;
	uint16_t off_mid;
	uint32_t off_hi, reserved;
} __attribute__((packed));

/* Operand of LGDT/LIDT in 64-bit mode (SDM Vol. 3A, 3.5.1 and 6.10). */
struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/* Fills an LGDT/LIDT operand at p, which need not be aligned. */
static inline void desc_ptr_set(void *p, uint16_t limit, uint64_t base)
{
	struct desc_ptr *d = (struct desc_ptr *)p;

	d->limit = limit;
	d->base = base;
}

static inline void idt_gate_set(struct idt_gate *g, uint16_t sel, uint64_t handler)
{
	g->off_lo = (uint16_t)handler;
	g->sel = sel;
	g->ist = 0;
	g->type = GATE_INTR;
	g->off_mid = (uint16_t)(handler >> 16);
	g->off_hi = (uint32_t)(handler >> 32);
	g->reserved = 0;
}
#endif

#endif
