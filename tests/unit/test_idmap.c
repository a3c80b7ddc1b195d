/* SPDX-License-Identifier: MIT */
/*
 * The identity map (payload/mem/idmap.c, shared by the payload and the EFI
 * loader), built for the host over real-looking memory maps with holes:
 * a two-socket Intel server's E820 (the 3-4 GiB MMIO hole, ACPI and
 * reserved ranges, RAM ends off any large-page boundary), an AMD EPYC's
 * with the HyperTransport hole at 0xFD_0000_0000-0xFF_FFFF_FFFF just below
 * 1 TiB, tiny gaps (one unusable page, a sub-page EBDA) and an OVMF-like
 * UEFI memory map.  The payload's plan is built as mem/paging.c builds it
 * (each memory-map entry through idmap_plan_mmap(), the image, then
 * idmap_plan_touch() for what it touches: the xAPIC page, the HPET, an MMIO
 * UART, the BIOS area, ACPI tables), the tables are walked, and every page
 * is judged against this file's own reading of the map:
 *   - RAM, ACPI reclaimable and ACPI NVS (E820 1, 3, 4; UEFI 2.10 Table 7.6:
 *     loader, boot services, conventional memory, ACPI) write-back, PAT
 *     index 0;
 *   - the pages touched that are not RAM uncached: PCD and PWT set, PAT
 *     index 3, UC after reset (SDM Vol. 3A, 12.12.3 Table 12-11, 12.12.4
 *     Table 12-12);
 *   - nothing else: holes, reserved and runtime ranges, MMIO not touched;
 *   - a 1 GiB or 2 MiB page only where every byte under it is of its kind,
 *     and a 1 GiB page on every GiB that is all RAM (use_1g).
 * Page-table pages come from the host's heap: an entry holds the host
 * address of the next table, as the payload's hold physical addresses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mem/idmap.h"
#include "efi/memtype.h"
#include "efi/efi.h"

#define KIB 0x400ull
#define MIB 0x100000ull
#define GIB 0x40000000ull
#define PG  0x1000ull

/* E820 types (ACPI 6.5, Table 15.1). */
enum { RAM = 1, RES = 2, ACPI = 3, NVS = 4, BAD = 5 };

struct ent {
	uint64_t base, end; /* [base, end) */
	uint32_t type;
};

struct span {
	uint64_t base, len;
};

/* ---- maps -------------------------------------------------------------- */

/* A two-socket Xeon server, 256 GiB (dmesg "BIOS-e820" of the shape such
 * BIOSes give): low RAM to 0x9c000, EBDA, RAM ends off 2 MiB boundaries,
 * ACPI NVS and data beside reserved ranges, the PCIe ECAM and the 3-4 GiB
 * MMIO hole, RAM above 4 GiB ending 16 MiB into a GiB. */
static const struct ent intel[] = {
    {0x0, 0x9c000, RAM},
    {0x9c000, 0xa0000, RES},
    {0xe0000, 0x100000, RES},
    {0x100000, 0x6f3ff000, RAM},
    {0x6f3ff000, 0x6f7ff000, RES},
    {0x6f7ff000, 0x6faff000, NVS},
    {0x6faff000, 0x6fbff000, ACPI},
    {0x6fbff000, 0x6fc00000, RAM},
    {0x6fc00000, 0x90000000, RES},
    {0xfd000000, 0xfe800000, RES},
    {0xfed20000, 0xfed45000, RES},
    {0xff000000, 0x100000000, RES},
    {0x100000000, 0x4001000000, RAM},
};
/* What the payload touches there: the BDA word at 0x40E, the EBDA, the
 * BIOS area it scans for the RSDP and SMBIOS, a DMAR-style table in a
 * reserved range, the xAPIC page (IA32_APIC_BASE reset value, SDM Vol. 3A
 * 11.4.4), the HPET (the IA-PC HPET spec's usual 0xFED00000, outside any
 * E820 entry), an LPSS-style MMIO UART in a reserved range, and the RSDP
 * and XSDT in ACPI data (RAM: they stay write-back). */
static const struct span intel_touch[] = {
    {0x40e, 2},		 {0x9c000, KIB},	{0xe0000, 0x20000},
    {0x6f400000, 0x2a8}, {0xfee00000, 4 * KIB}, {0xfed00000, KIB},
    {0xfe032000, 0x100}, {0x6fb00000, 36},	{0x6fb01000, 0x64},
};

/* An AMD EPYC with 1056 GiB: the HyperTransport range 0xFD_0000_0000 to
 * 0xFF_FFFF_FFFF, listed reserved, splits RAM at 1012 GiB; RAM resumes at
 * 1 TiB.  UARTs at 0xFEDC9000 (AMD FCH), IOAPIC and flash reserved. */
static const struct ent amd[] = {
    {0x0, 0xa0000, RAM},
    {0xa0000, 0x100000, RES},
    {0x100000, 0x75d00000, RAM},
    {0x75d00000, 0x75d40000, ACPI},
    {0x75d40000, 0x76000000, NVS},
    {0x76000000, 0x80000000, RES},
    {0x80000000, 0x90000000, RES},
    {0xfec00000, 0xfec01000, RES},
    {0xfedc2000, 0xfedd0000, RES},
    {0xfee00000, 0xfef00000, RES},
    {0xff000000, 0x100000000, RES},
    {0x100000000, 0xfd00000000, RAM},
    {0xfd00000000, 0x10000000000, RES},
    {0x10000000000, 0x10800000000, RAM},
};
static const struct span amd_touch[] = {
    {0xe0000, 0x20000},	 {0xfee00000, 4 * KIB}, {0xfed00000, KIB},
    {0xfedc9000, 0x100}, {0x75d00000, 0x1000},
};

/* Tiny gaps: a sub-page EBDA (RAM to 0x9fc00), one unusable page in the
 * middle of a GiB above 4 GiB, and RAM entries side by side that must still
 * make 1 GiB pages. */
static const struct ent gaps[] = {
    {0x0, 0x9fc00, RAM},
    {0x9fc00, 0xa0000, RES},
    {0xf0000, 0x100000, RES},
    {0x100000, 0xbffe0000, RAM},
    {0xbffe0000, 0xc0000000, RES},
    {0xfeffc000, 0xff000000, RES},
    {0x100000000, 0x240001000, RAM},
    {0x240001000, 0x240002000, BAD},
    {0x240002000, 0x300000000, RAM},
    {0x300000000, 0x340000000, RAM},
    {0x340000000, 0x380000000, RAM},
};
static const struct span gaps_touch[] = {
    {0x40e, 2}, {0x9fc00, KIB}, {0xe0000, 0x20000}, {0xfee00000, 4 * KIB}, {0xfed00000, KIB},
};

/* An OVMF-like UEFI memory map (UEFI 2.10, 7.2): loader, boot services and
 * conventional memory interleaved, runtime services code and data (kept by
 * the firmware: not RAM to the OS), ACPI reclaim and NVS, MMIO descriptors
 * for the ECAM and the flash, RAM above 4 GiB and a reserved range below
 * 1 TiB. */
struct efi_desc {
	uint64_t base, end;
	uint32_t type;
};
static const struct efi_desc uefi[] = {
    {0x0, 0x1000, EFI_BOOT_SERVICES_DATA},
    {0x1000, 0xa0000, EFI_CONVENTIONAL_MEMORY},
    {0x100000, 0x800000, EFI_CONVENTIONAL_MEMORY},
    {0x800000, 0x808000, EFI_ACPI_MEMORY_NVS},
    {0x808000, 0x810000, EFI_CONVENTIONAL_MEMORY},
    {0x810000, 0x900000, EFI_ACPI_MEMORY_NVS},
    {0x900000, 0x1000000, EFI_CONVENTIONAL_MEMORY},
    {0x1000000, 0x1100000, EFI_LOADER_DATA},
    {0x1100000, 0x7e000000, EFI_CONVENTIONAL_MEMORY},
    {0x7e000000, 0x7e400000, EFI_BOOT_SERVICES_CODE},
    {0x7e400000, 0x7e8ef000, EFI_BOOT_SERVICES_DATA},
    {0x7e8ef000, 0x7eb6f000, EFI_RUNTIME_SERVICES_DATA},
    {0x7eb6f000, 0x7eb7f000, EFI_ACPI_RECLAIM_MEMORY},
    {0x7eb7f000, 0x7ebff000, EFI_ACPI_MEMORY_NVS},
    {0x7ebff000, 0x7ef60000, EFI_BOOT_SERVICES_DATA},
    {0x7ef60000, 0x7ef80000, EFI_RUNTIME_SERVICES_CODE},
    {0x7ef80000, 0x7f000000, EFI_LOADER_CODE},
    {0x7f000000, 0x80000000, EFI_RESERVED_MEMORY},
    {0xb0000000, 0xc0000000, EFI_MEMORY_MAPPED_IO},
    {0xffc00000, 0x100000000, EFI_MEMORY_MAPPED_IO},
    {0x100000000, 0x280000000, EFI_CONVENTIONAL_MEMORY},
    {0xfd00000000, 0x10000000000, EFI_RESERVED_MEMORY},
};
static const struct span uefi_touch[] = {
    {0xfee00000, 4 * KIB},
    {0xfed00000, KIB},
    {0x7eb7e014, 36},
    {0x7ef70000, 0x40},
};

/* Which UEFI types are RAM to an OS after ExitBootServices (UEFI 2.10,
 * Table 7.6), as this test reads it: the loader's conversion is judged by
 * it. */
static uint32_t uefi_expected_e820(uint32_t t)
{
	switch (t) {
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
	case EFI_CONVENTIONAL_MEMORY:
		return RAM;
	case EFI_ACPI_RECLAIM_MEMORY:
		return ACPI;
	case EFI_ACPI_MEMORY_NVS:
		return NVS;
	case EFI_UNUSABLE_MEMORY:
		return BAD;
	default:
		return RES;
	}
}

/* ---- the test's own reading of a map --------------------------------- */

struct world {
	const struct ent *e;
	size_t n;
	const struct span *t;
	size_t nt;
	uint64_t image, image_end; /* the payload's image, RAM */
};

static int mapped_type(uint32_t type)
{
	return type == RAM || type == ACPI || type == NVS;
}

/* Every byte of [lo, hi) lies in RAM-kind entries (entries are sorted and
 * do not overlap; side by side ones count together). */
static int all_ram(const struct world *w, uint64_t lo, uint64_t hi)
{
	uint64_t cur = lo;
	size_t i;

	for (i = 0; i < w->n && cur < hi; i++) {
		if (!mapped_type(w->e[i].type) || w->e[i].end <= cur)
			continue;
		if (w->e[i].base > cur)
			return 0;
		cur = w->e[i].end;
	}
	return cur >= hi;
}

static int touched(const struct world *w, uint64_t page)
{
	size_t i;

	for (i = 0; i < w->nt; i++)
		if (w->t[i].base < page + PG && w->t[i].base + w->t[i].len > page)
			return 1;
	return 0;
}

/* What the page at a must be: 0 unmapped, 1 WB, 2 UC. */
static int expect(const struct world *w, uint64_t a)
{
	uint64_t page = a & ~(PG - 1);

	if (all_ram(w, page, page + PG) || (page >= (w->image & ~(PG - 1)) && page < w->image_end))
		return 1;
	return touched(w, page) ? 2 : 0;
}

/* ---- page tables ------------------------------------------------------ */

#define TABLES_MAX 4096
static void *tables[TABLES_MAX];
static unsigned ntables;

static uint64_t *host_table(void *ctx)
{
	uint64_t *t;

	(void)ctx;
	if (ntables >= TABLES_MAX)
		return NULL;
	t = aligned_alloc(PG, PG);
	assert_non_null(t);
	memset(t, 0, PG);
	tables[ntables++] = t;
	return t;
}

static void free_tables(void)
{
	while (ntables)
		free(tables[--ntables]);
}

#define E_P    0x001ull
#define E_PWT  0x008ull
#define E_PCD  0x010ull
#define E_PS   0x080ull
#define E_ADDR 0x000ffffffffff000ull

struct leaf {
	int present;
	uint64_t base, size, entry;
};

static struct leaf lookup(uint64_t cr3, uint64_t a)
{
	const uint64_t *t = (const uint64_t *)(uintptr_t)(cr3 & E_ADDR);
	static const int shift[] = {39, 30, 21, 12};
	int l;

	for (l = 0; l < 4; l++) {
		uint64_t e = t[(a >> shift[l]) & 511], size = 1ull << shift[l];

		if (!(e & E_P))
			return (struct leaf){0, 0, 0, 0};
		if (l == 3 || (l > 0 && (e & E_PS)))
			return (struct leaf){1, a & ~(size - 1), size, e};
		t = (const uint64_t *)(uintptr_t)(e & E_ADDR);
	}
	return (struct leaf){0, 0, 0, 0};
}

/* 1 WB (PAT index 0), 2 UC (index 3), -1 anything else. */
static int leaf_kind(const struct leaf *l)
{
	uint64_t pat_bit = l->size == PG ? 0x80ull : 0x1000ull;
	uint64_t bits = l->entry & (E_PWT | E_PCD | pat_bit);

	if (!bits)
		return 1;
	if (bits == (E_PWT | E_PCD))
		return 2;
	return -1;
}

static char msg[256];

static void check_page(const struct world *w, uint64_t cr3, uint64_t a, const char *what)
{
	struct leaf l = lookup(cr3, a);
	int want = expect(w, a), got = l.present ? leaf_kind(&l) : 0;

	if (want != got) {
		snprintf(msg, sizeof(msg), "%s at %#llx: want %s, got %s (page of %#llx bytes)",
			 what, (unsigned long long)a,
			 want == 0   ? "unmapped"
			 : want == 1 ? "write-back"
				     : "uncached",
			 got == 0   ? "unmapped"
			 : got == 1 ? "write-back"
			 : got == 2 ? "uncached"
				    : "another memory type",
			 (unsigned long long)l.size);
		fail_msg("%s", msg);
	}
}

/* Every large page maps one kind only: all RAM for WB, all touched
 * non-RAM for UC. */
static void check_large(const struct world *w, uint64_t cr3, uint64_t top, uint64_t *n1g)
{
	uint64_t a;

	for (a = 0; a < top;) {
		struct leaf l = lookup(cr3, a);
		uint64_t p;

		if (!l.present || l.size == PG) {
			a += l.present ? PG : 2 * MIB - (a & (2 * MIB - 1));
			/* unmapped: the next 2 MiB may still hold a leaf;
			 * check_page covers the pages themselves */
			continue;
		}
		if (l.size == GIB)
			(*n1g)++;
		if (leaf_kind(&l) == 1) {
			if (!all_ram(w, l.base, l.base + l.size))
				fail_msg("write-back page of %#llx bytes at %#llx maps what is "
					 "not RAM",
					 (unsigned long long)l.size, (unsigned long long)l.base);
		} else {
			for (p = l.base; p < l.base + l.size; p += PG)
				if (expect(w, p) != 2)
					fail_msg("uncached large page at %#llx covers %#llx",
						 (unsigned long long)l.base, (unsigned long long)p);
		}
		a = l.base + l.size;
	}
}

/* Pages worth looking at: each entry's and each gap's first, middle and
 * last page and those around its edges, and every touched page. */
static void check_samples(const struct world *w, uint64_t cr3, uint64_t top)
{
	size_t i;
	uint64_t prev = 0, a;

	for (i = 0; i <= w->n; i++) {
		/* after the last entry: a GiB beyond it */
		uint64_t b = i < w->n ? w->e[i].base : top + GIB, e = i < w->n ? w->e[i].end : 0;

		if (b > prev) { /* a gap: [prev, b) */
			check_page(w, cr3, prev, "gap start");
			check_page(w, cr3, prev + (b - prev) / 2, "gap middle");
			check_page(w, cr3, b - 1, "gap end");
		}
		if (i == w->n)
			break;
		for (a = b > 2 * PG ? b - 2 * PG : 0; a < b + 2 * PG && a < e; a += PG)
			check_page(w, cr3, a, "entry start");
		check_page(w, cr3, b + (e - b) / 2, "entry middle");
		for (a = e - 2 * PG; a < e + 2 * PG; a += PG)
			check_page(w, cr3, a, "entry end");
		prev = e;
	}
	for (i = 0; i < w->nt; i++)
		for (a = w->t[i].base & ~(PG - 1); a < w->t[i].base + w->t[i].len; a += PG)
			check_page(w, cr3, a, "touched page");
}

/* The payload's plan (mem/paging.c: plan_memory(), paging_map()). */
static struct idmap_range ranges[512];

static void payload_plan(struct idmap_plan *p, const struct world *w)
{
	size_t i;

	idmap_plan_init(p, ranges, sizeof(ranges) / sizeof(ranges[0]));
	for (i = 0; i < w->n; i++)
		assert_int_equal(
		    idmap_plan_mmap(p, w->e[i].base, w->e[i].end - w->e[i].base, w->e[i].type), 0);
	assert_int_equal(idmap_plan_add(p, w->image, w->image_end, IDMAP_WB), 0);
	for (i = 0; i < w->nt; i++)
		assert_int_equal(idmap_plan_touch(p, w->t[i].base, w->t[i].base + w->t[i].len), 0);
}

static uint64_t build(const struct world *w, int use_1g, struct paging_stats *st)
{
	struct idmap_plan p;
	uint64_t cr3, want_tables;

	free_tables(); /* a failed test left its own */
	payload_plan(&p, w);
	want_tables = idmap_table_pages(&p, use_1g);
	cr3 = idmap_build(&p, use_1g, host_table, NULL, st);
	assert_true(cr3 != 0);
	/* The EFI loader sizes its block by idmap_table_pages(). */
	assert_int_equal(st->table_pages, ntables);
	assert_true(ntables <= want_tables);
	return cr3;
}

/* Every GiB that is all RAM (and touched by nothing uncached) is one
 * 1 GiB page when use_1g. */
static uint64_t check_1g_used(const struct world *w, uint64_t cr3, uint64_t top)
{
	uint64_t g, n = 0;

	for (g = 0; g < top; g += GIB) {
		struct leaf l;

		if (!all_ram(w, g, g + GIB) || g < 2 * MIB)
			continue;
		n++;
		l = lookup(cr3, g);
		if (!l.present || l.size != GIB)
			fail_msg("GiB at %#llx is all RAM but not one 1 GiB page",
				 (unsigned long long)g);
	}
	return n;
}

static void run_world(const struct world *w, int use_1g)
{
	struct paging_stats st;
	uint64_t top = w->e[w->n - 1].end, n1g = 0, cr3;

	cr3 = build(w, use_1g, &st);
	check_samples(w, cr3, top);
	check_large(w, cr3, top, &n1g);
	if (use_1g)
		assert_int_equal(check_1g_used(w, cr3, top), n1g);
	else
		assert_int_equal(n1g, 0);
	assert_int_equal(st.pages_1g, n1g);
	free_tables();
}

#define WORLD(m, t)                                                                                \
	(struct world)                                                                             \
	{                                                                                          \
		m, sizeof(m) / sizeof(m[0]), t, sizeof(t) / sizeof(t[0]), 0x100000, 0x180000       \
	}

static void test_intel_server(void **state)
{
	struct world w = WORLD(intel, intel_touch);

	(void)state;
	run_world(&w, 1);
	run_world(&w, 0);
}

static void test_amd_hypertransport_hole(void **state)
{
	struct world w = WORLD(amd, amd_touch);
	struct paging_stats st;
	uint64_t cr3, a;

	(void)state;
	/* The hole itself, every GiB of it. */
	cr3 = build(&w, 1, &st);
	for (a = 0xfd00000000ull; a < 0x10000000000ull; a += GIB / 2)
		if (lookup(cr3, a).present)
			fail_msg("HyperTransport hole mapped at %#llx", (unsigned long long)a);
	assert_false(lookup(cr3, 0x10000000000ull - PG).present);
	assert_true(lookup(cr3, 0xfd00000000ull - PG).present);
	assert_true(lookup(cr3, 0x10000000000ull).present);
	/* Nothing above the last RAM. */
	assert_false(lookup(cr3, 0x10800000000ull).present);
	free_tables();
	run_world(&w, 1);
	run_world(&w, 0);
}

static void test_tiny_gaps(void **state)
{
	struct world w = WORLD(gaps, gaps_touch);
	struct paging_stats st;
	struct leaf l;
	uint64_t cr3;

	(void)state;
	run_world(&w, 1);
	run_world(&w, 0);
	cr3 = build(&w, 1, &st);
	/* The unusable page: unmapped, its neighbours RAM in 4 KiB pages. */
	assert_false(lookup(cr3, 0x240001000ull).present);
	l = lookup(cr3, 0x240000000ull);
	assert_true(l.present && l.size == PG && leaf_kind(&l) == 1);
	/* The page RAM shares with the EBDA is touched: uncached, not RAM. */
	l = lookup(cr3, 0x9f000);
	assert_true(l.present && leaf_kind(&l) == 2);
	/* Side by side RAM entries still make a 1 GiB page. */
	l = lookup(cr3, 0x340000000ull);
	assert_true(l.present && l.size == GIB);
	free_tables();
}

static void test_uefi_map(void **state)
{
	static struct ent conv[sizeof(uefi) / sizeof(uefi[0])];
	struct world w = {
	    conv, 0, uefi_touch, sizeof(uefi_touch) / sizeof(uefi_touch[0]), 0x1000000, 0x1100000};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(uefi) / sizeof(uefi[0]); i++) {
		assert_int_equal(efi_e820_type(uefi[i].type), uefi_expected_e820(uefi[i].type));
		conv[w.n++] = (struct ent){uefi[i].base, uefi[i].end, efi_e820_type(uefi[i].type)};
	}
	run_world(&w, 1);
	run_world(&w, 0);
}

/* What paging_map() does after the map is built: a page added to the live
 * tables, uncached; RAM next to it is left as it is. */
static void test_map_pages_live(void **state)
{
	struct world w = WORLD(intel, intel_touch);
	struct idmap_plan p;
	struct paging_stats st;
	struct leaf l;
	uint64_t cr3;

	(void)state;
	free_tables();
	payload_plan(&p, &w);
	cr3 = idmap_build(&p, 1, host_table, NULL, &st);
	assert_false(lookup(cr3, 0xfec00000).present); /* the IOAPIC: not touched */
	assert_int_equal(idmap_plan_touch(&p, 0xfec00000, 0xfec00040), 0);
	assert_int_equal(idmap_map_pages(cr3, &p, 0xfec00000, 0xfec00040, host_table, NULL), 0);
	l = lookup(cr3, 0xfec00000);
	assert_true(l.present && l.size == PG && leaf_kind(&l) == 2);
	assert_false(lookup(cr3, 0xfec01000).present);
	/* A table in RAM: already mapped write-back, stays so. */
	assert_int_equal(idmap_plan_touch(&p, 0x6fb00000, 0x6fb00100), 0);
	assert_int_equal(idmap_map_pages(cr3, &p, 0x6fb00000, 0x6fb00100, host_table, NULL), 0);
	l = lookup(cr3, 0x6fb00000);
	assert_true(l.present && leaf_kind(&l) == 1);
	/* Above 4-level paging's reach: refused. */
	assert_int_equal(idmap_plan_touch(&p, IDMAP_LIMIT, IDMAP_LIMIT + PG), -1);
	free_tables();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_intel_server),   cmocka_unit_test(test_amd_hypertransport_hole),
	    cmocka_unit_test(test_tiny_gaps),	   cmocka_unit_test(test_uefi_map),
	    cmocka_unit_test(test_map_pages_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
