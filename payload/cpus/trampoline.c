/* SPDX-License-Identifier: MIT */
/* The AP trampoline's page: installing it, and reading what its real-mode
 * NMI handler counted (layout in trampoline.h). */
#include "cpus/trampoline.h"
#include "cpus/cpu.h"
#include "arch/x86/cr.h"
#include "arch/x86/msr.h"
#include "lib/string.h"
#include "mem/paging.h"
#include "arch/x86/insn.h"
#include "results/area.h"

extern char gdt64[];

uint64_t trampoline_page;

void trampoline_catch_wfs_nmi(void)
{
	/* Real-mode IVT entry 2 at physical 8: offset, then segment. */
	volatile uint16_t *ivt2 = (volatile uint16_t *)(uintptr_t)8;

	if (!trampoline_page || paging_map(8, 4))
		return;
	ivt2[0] = *(const uint16_t *)(uintptr_t)(trampoline_page + TR_WFS_NMI);
	ivt2[1] = (uint16_t)(trampoline_page >> 4);
}

_Static_assert(TR_MAX_CPUS == PD_AREA_MAX_CPUS, "one NMI count per results-area slot");
_Static_assert(TR_SIZE <= TR_APIC_IDS && TR_APIC_IDS + 4 * TR_MAX_CPUS <= TR_WFS_HITS &&
		   TR_WFS_HITS + 2 * TR_MAX_CPUS <= TR_SIPI_NMI_HITS &&
		   TR_SIPI_NMI_HITS + 2 * TR_MAX_CPUS <= TR_PAGES * 4096,
	       "trampoline layout");

/* The u16 count at table off for slot idx, when that slot is apic_id's. */
static uint32_t slot_count(uint32_t off, uint32_t idx, uint32_t apic_id)
{
	const volatile uint32_t *ids;

	if (!trampoline_page ||
	    idx >= *(const volatile uint16_t *)(uintptr_t)(trampoline_page + TR_NIDS))
		return 0;
	ids = (const volatile uint32_t *)(uintptr_t)(trampoline_page + TR_APIC_IDS);
	if (ids[idx] != apic_id)
		return 0;
	return ((const volatile uint16_t *)(uintptr_t)(trampoline_page + off))[idx];
}

uint32_t trampoline_wfs_hits(uint32_t idx, uint32_t apic_id)
{
	return slot_count(TR_WFS_HITS, idx, apic_id);
}

void trampoline_clear_wfs_hits(void)
{
	if (trampoline_page)
		memset((void *)(uintptr_t)(trampoline_page + TR_WFS_HITS), 0, 2 * TR_MAX_CPUS);
}

uint32_t trampoline_sipi_nmi_hits(uint32_t idx, uint32_t apic_id)
{
	return slot_count(TR_SIPI_NMI_HITS, idx, apic_id);
}

/* Copies the trampoline to page p and fills its data block. */
int trampoline_install(uint64_t p, struct tr_cpu *table, uint32_t count,
		       void (*entry)(uint32_t idx))
{
	uint8_t *t = (uint8_t *)(uintptr_t)p;
	uint32_t i;
	uint64_t efer = rdmsr(MSR_EFER), cr3 = read_cr3();

	if (cr3 >> 32)
		return -1; /* the trampoline loads CR3 in 32-bit mode */
	memcpy(t, trampoline_start, (size_t)(trampoline_end - trampoline_start));
	/* Every CPU's APIC ID by slot (its idx), for the real-mode NMI
	 * handler to count by; the counts start at 0. */
	memset(t + TR_SIZE, 0, TR_PAGES * 4096 - TR_SIZE);
	for (i = 0; i < ncpus && i < TR_MAX_CPUS; i++)
		*(uint32_t *)(t + TR_APIC_IDS + 4 * i) = cpus[i].apic_id;
	*(uint16_t *)(t + TR_NIDS) = (uint16_t)i;
	memcpy(t + TR_GDT, gdt64, 4 * 8);
	*(uint32_t *)(t + TR_GDT_PTR + 2) = (uint32_t)p + TR_GDT;
	*(uint32_t *)(t + TR_PM32_PTR) += (uint32_t)p;
	*(uint32_t *)(t + TR_LM64_PTR) += (uint32_t)p;
	*(uint32_t *)(t + TR_CR3) = (uint32_t)cr3;
	*(uint32_t *)(t + TR_CR4) = CR4_PAE;
	*(uint32_t *)(t + TR_EFER) = EFER_LME | (uint32_t)(efer & EFER_NXE);
	*(uint64_t *)(t + TR_ENTRY) = (uint64_t)(uintptr_t)entry;
	*(uint64_t *)(t + TR_TABLE) = (uint64_t)(uintptr_t)table;
	*(uint32_t *)(t + TR_COUNT) = count;
	*(uint32_t *)(t + TR_UNKNOWN) = 0;
	return 0;
}
