/* SPDX-License-Identifier: MIT */
/* The control pages of the handover (relocate.h), in reserved memory. */
#include "kexec/kexec.h"
#include "kexec/relocate.h"
#include "mem/reserved.h"
#include "report/serial.h"
#include "platform/tsc.h"
#include "boot/layout.h"
#include "arch/x86/desc.h"
#include "arch/x86/paging.h"
#include "lib/string.h"

extern char relocate_kernel[], relocate_kernel_end[], relocate_exception_stubs[];
extern char gdt64[];

/* The console UART for the stub's exception message, and how long each of
 * its bytes may wait for THRE (the payload driver's bound, in TSC cycles). */
static void uart_params(uint8_t *p)
{
	const struct uart_cfg *u = serial_cfg();

	*(uint32_t *)(p + P_UART_ADDR) = (uint32_t)u->addr;
	*(uint32_t *)(p + P_UART_KIND) = u->space == UART_IO ? UART_KIND_IO
					 : u->width == 4     ? UART_KIND_MMIO32
							     : UART_KIND_MMIO8;
	*(uint32_t *)(p + P_UART_SHIFT) = u->shift;
	*(uint64_t *)(p + P_UART_WAIT) = (uint64_t)serial_char_wait_us() * tsc_khz() / 1000;
}

uint64_t kexec_control_build(void)
{
	uint8_t *c = rsv.ctrl;
	uint64_t cb = (uint64_t)(uintptr_t)c;
	uint64_t *pml4 = (uint64_t *)(c + CTRL_PML4), *pdpt = (uint64_t *)(c + CTRL_PDPT);
	struct idt_gate *idt = (struct idt_gate *)(c + CTRL_IDT);
	unsigned i;

	/* stub, GDT, IDT (the 32 exceptions), identity map of 0-4 GiB */
	memset(c, 0, CTRL_SIZE);
	memcpy(c + CTRL_CODE, relocate_kernel, (size_t)(relocate_kernel_end - relocate_kernel));
	memcpy(c + CTRL_GDT, gdt64, 4 * 8);
	desc_ptr_set(c + CTRL_GDT_PTR, 4 * 8 - 1, cb + CTRL_GDT);
	for (i = 0; i < 32; i++)
		idt_gate_set(&idt[i], PD_SEL_CODE64,
			     cb + (uint64_t)(relocate_exception_stubs - relocate_kernel) + 8 * i);
	desc_ptr_set(c + CTRL_IDT_PTR, 32 * 16 - 1, cb + CTRL_IDT);
	pml4[0] = (cb + CTRL_PDPT) | PTE_P | PTE_RW;
	for (i = 0; i < 4; i++) {
		uint64_t *pd = (uint64_t *)(c + CTRL_PD + PAGE_SIZE_4K * i);
		unsigned j;

		pdpt[i] = (cb + CTRL_PD + PAGE_SIZE_4K * i) | PTE_P | PTE_RW;
		for (j = 0; j < PT_ENTRIES; j++)
			pd[j] = (uint64_t)i * PAGE_SIZE_1G + (uint64_t)j * PAGE_SIZE_2M +
				(PTE_P | PTE_RW | PTE_PS);
	}
	uart_params(c + CTRL_PARAMS);
	return cb + CTRL_PML4;
}
