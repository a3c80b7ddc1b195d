/* SPDX-License-Identifier: MIT */
#include "kexec/reserved.h"
#include "kexec/relocate.h"
#include "park/park_page.h"
#include "boot/layout.h"
#include "platform/bootinfo.h"
#include "platform/memalloc.h"
#include "platform/options.h"
#include "platform/report.h"
#include "platform/serial.h"
#include "lib/string.h"
#include "arch/x86/desc.h"
#include "arch/x86/paging.h"

struct reserved rsv;

#define LIMIT_4G   0x100000000ull
#define AREA_OFF   0
#define IMAGE_OFF  (1ull << 20)
#define CTRL_OFF   (2ull << 20)
#define PARK_OFF   (CTRL_OFF + 0x10000)
#define STACKS_OFF (4ull << 20)
/* Above the two load addresses and what instances allocate after them. */
#define RESERVED_FLOOR (PD_LOAD_ALT + (16ull << 20))

extern char relocate_kernel[], relocate_kernel_end[], relocate_exception_stubs[];
extern char gdt64[];

_Static_assert(sizeof(struct pd_area) <= IMAGE_OFF, "results area larger than its slot");
_Static_assert(STACKS_OFF + PD_AREA_MAX_CPUS * PARK_STACK_SIZE <= RESERVED_SIZE,
	       "park stacks overflow the reserved block");

int reserved_locate(void)
{
	uint64_t best = 0;
	uint32_t i;

	if (opts.results_addr) {
		if (!bootinfo_is_ram(opts.results_addr, RESERVED_SIZE) ||
		    opts.results_addr + RESERVED_SIZE > LIMIT_4G) {
			report_error(
			    PD_LEVEL_WARN, PD_ERR_AREA,
			    "results= is not RAM below 4 GiB; choosing from the memory map");
		} else {
			best = opts.results_addr;
		}
	}
	/* Deterministic, so a reset with the same memory map finds the same
	 * place: the lowest 2 MiB-aligned RAM at or above RESERVED_FLOOR.  Low
	 * rather than at the top of RAM, where UEFI firmware (OVMF) allocates
	 * while it reboots; above both load addresses. */
	for (i = 0; !best && i < bootinfo.nmmap; i++) {
		const struct mmap_entry *e = &bootinfo.mmap[i];
		uint64_t cand = (e->base + RESERVED_ALIGN - 1) & ~(RESERVED_ALIGN - 1);

		if (e->type != MMAP_RAM)
			continue;
		if (cand < RESERVED_FLOOR)
			cand = RESERVED_FLOOR;
		if (cand + RESERVED_SIZE <= e->base + e->len && cand + RESERVED_SIZE <= LIMIT_4G)
			best = cand;
	}
	if (!best) {
		report_error(PD_LEVEL_FAIL, PD_ERR_AREA,
			     "no RAM below 4 GiB for the 8 MiB reserved block: no parking cycles");
		return -1;
	}
	rsv.base = best;
	rsv.area = (struct pd_area *)(uintptr_t)(best + AREA_OFF);
	rsv.image = (uint8_t *)(uintptr_t)(best + IMAGE_OFF);
	rsv.ctrl = (uint8_t *)(uintptr_t)(best + CTRL_OFF);
	rsv.park = (uint8_t *)(uintptr_t)(best + PARK_OFF);
	rsv.stacks = (uint8_t *)(uintptr_t)(best + STACKS_OFF);
	memalloc_exclude(best, RESERVED_SIZE);
	return 0;
}

uint64_t reserved_park_stack(uint32_t idx)
{
	return (uint64_t)(uintptr_t)rsv.stacks + (uint64_t)(idx + 1) * PARK_STACK_SIZE - 16;
}

static void set_gate(uint8_t *idt, unsigned v, uint64_t handler)
{
	idt_gate_set((struct idt_gate *)idt + v, PD_SEL_CODE64, handler);
}

static void set_desc_ptr(uint8_t *p, uint16_t limit, uint64_t base)
{
	struct desc_ptr *d = (struct desc_ptr *)p;

	d->limit = limit;
	d->base = base;
}

void reserved_build(void)
{
	uint8_t *c = rsv.ctrl, *p = rsv.park;
	uint64_t cb = (uint64_t)(uintptr_t)c, pb = (uint64_t)(uintptr_t)p;
	uint64_t *pml4 = (uint64_t *)(c + CTRL_PML4), *pdpt = (uint64_t *)(c + CTRL_PDPT);
	unsigned i;

	/* control pages: stub, GDT, IDT, identity map of 0-4 GiB */
	memset(c, 0, CTRL_SIZE);
	memcpy(c + CTRL_CODE, relocate_kernel, (size_t)(relocate_kernel_end - relocate_kernel));
	memcpy(c + CTRL_GDT, gdt64, 4 * 8);
	set_desc_ptr(c + CTRL_GDT_PTR, 4 * 8 - 1, cb + CTRL_GDT);
	for (i = 0; i < 32; i++)
		set_gate(c + CTRL_IDT, i,
			 cb + (uint64_t)(relocate_exception_stubs - relocate_kernel) + 8 * i);
	set_desc_ptr(c + CTRL_IDT_PTR, 32 * 16 - 1, cb + CTRL_IDT);
	pml4[0] = (cb + CTRL_PDPT) | PTE_P | PTE_RW;
	for (i = 0; i < 4; i++) {
		uint64_t *pd = (uint64_t *)(c + CTRL_PD + 0x1000 * i);
		unsigned j;

		pdpt[i] = (cb + CTRL_PD + 0x1000 * i) | PTE_P | PTE_RW;
		for (j = 0; j < 512; j++)
			pd[j] =
			    ((uint64_t)i << 30) + ((uint64_t)j << 21) + (PTE_P | PTE_RW | PTE_PS);
	}
	*(uint32_t *)(c + CTRL_PARAMS + P_COM) = serial_port();

	/* park page: loops, GDT, IDT (NMI and #MC counted, the rest halts) */
	memset(p, 0, PARK_SIZE);
	memcpy(p + PARK_CODE, park_page_start, (size_t)(park_page_end - park_page_start));
	memcpy(p + PARK_GDT, gdt64, 4 * 8);
	set_desc_ptr(p + PARK_GDT_PTR, 4 * 8 - 1, pb + PARK_GDT);
	for (i = 0; i < 256; i++) {
		const char *h = i == VEC_NMI ? park_nmi : i == VEC_MC ? park_mce : park_fault;

		set_gate(p + PARK_IDT, i, pb + (uint64_t)(h - park_page_start));
	}
	set_desc_ptr(p + PARK_IDT_PTR, 256 * 16 - 1, pb + PARK_IDT);
	*(uint64_t *)(p + PARK_CR3) = cb + CTRL_PML4;
}
