/* SPDX-License-Identifier: MIT */
#include "mem/reserved.h"
#include "boot/layout.h"
#include "boot/bootinfo.h"
#include "mem/memalloc.h"
#include "options/options.h"
#include "report/report.h"
#include "report/serial.h"
#include "lib/string.h"

struct reserved rsv;

#define LIMIT_4G   0x100000000ull
#define AREA_OFF   0
#define IMAGE_OFF  (1ull << 20)
#define CTRL_OFF   (2ull << 20)
#define PARK_OFF   (CTRL_OFF + 0x10000)
#define STACKS_OFF RESERVED_STACKS_OFF
/* Above the two load addresses and what instances allocate after them. */
#define RESERVED_FLOOR (PD_LOAD_ALT + (16ull << 20))

_Static_assert(sizeof(struct pd_area) <= IMAGE_OFF, "results area larger than its slot");

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
