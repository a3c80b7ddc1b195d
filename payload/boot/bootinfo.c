/* SPDX-License-Identifier: MIT */
#include "boot/bootinfo.h"
#include "boot/handoff.h"
#include "boot/layout.h"
#include "lib/string.h"
#include "results/area.h"

struct bootinfo bootinfo;

/* Multiboot info flags (multiboot specification 0.6.96, 3.3). */
#define MBI_MEM	    (1u << 0)
#define MBI_CMDLINE (1u << 2)
#define MBI_MMAP    (1u << 6)
#define MBI_LOADER  (1u << 9)

struct mb_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr, config_table, boot_loader_name;
} __attribute__((packed));

struct mb_mmap {
	uint32_t size;
	uint64_t base, len;
	uint32_t type;
} __attribute__((packed));

static void copy_str(char *dst, size_t cap, uint64_t src)
{
	const char *s = (const char *)(uintptr_t)src;
	size_t n = strnlen(s, cap - 1);

	memcpy(dst, s, n);
	dst[n] = 0;
}

/* How far a multiboot command line is measured, to say how long it was. */
#define CMDLINE_SCAN_MAX (1u << 20)

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * The command line: len bytes at src, of which avail (at least one more
 * than fits, when len is larger) are readable.  A line that does not fit
 * is cut before the option the limit falls in: never half a value
 * ("cycles=12" taken as "cycles=1").
 */
static void take_cmdline(const char *src, size_t avail, size_t len)
{
	size_t cap = sizeof(bootinfo.cmdline) - 1, n = len;
	size_t i;

	bootinfo.cmdline_cut = 0;
	if (len > cap) {
		n = cap;
		/* The limit falls inside a word unless a blank is right there. */
		if (!(avail > cap && blank(src[cap])))
			while (n && !blank(src[n - 1]))
				n--;
		bootinfo.cmdline_cut = 1;
		bootinfo.cmdline_len = (uint32_t)len;
		bootinfo.cmdline_cut_at = (uint32_t)n;
		for (i = 0; i + 1 < sizeof(bootinfo.cmdline_lost) && n + i < avail; i++)
			bootinfo.cmdline_lost[i] = src[n + i];
		bootinfo.cmdline_lost[i] = 0;
	}
	memcpy(bootinfo.cmdline, src, n);
	bootinfo.cmdline[n] = 0;
}

static void add_region(uint64_t base, uint64_t len, uint32_t type)
{
	struct mmap_entry *e;

	if (!len || bootinfo.nmmap >= BOOTINFO_MMAP_MAX)
		return;
	e = &bootinfo.mmap[bootinfo.nmmap++];
	e->base = base;
	e->len = len;
	e->type = type;
	if (type == MMAP_RAM)
		bootinfo.ram_kb += len >> 10;
	if (base + len > bootinfo.max_addr)
		bootinfo.max_addr = base + len;
}

void bootinfo_from_multiboot(uint32_t magic, uint64_t mbi_addr)
{
	const struct mb_info *mbi = (const struct mb_info *)(uintptr_t)mbi_addr;

	bootinfo.path = "multiboot";
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC || !mbi_addr)
		return;
	bootinfo.multiboot = 1;
	if (mbi->flags & MBI_CMDLINE && mbi->cmdline) {
		const char *s = (const char *)(uintptr_t)mbi->cmdline;
		size_t len = strnlen(s, CMDLINE_SCAN_MAX);

		take_cmdline(s, len, len);
	}
	if (mbi->flags & MBI_LOADER && mbi->boot_loader_name)
		copy_str(bootinfo.loader, sizeof(bootinfo.loader), mbi->boot_loader_name);
	if (mbi->flags & MBI_MMAP && mbi->mmap_length) {
		uint64_t p = mbi->mmap_addr, end = p + mbi->mmap_length;

		/* Each entry's size field excludes itself (3.3). */
		while (p + sizeof(struct mb_mmap) <= end) {
			const struct mb_mmap *m = (const struct mb_mmap *)(uintptr_t)p;

			if (m->size < 20)
				break;
			add_region(m->base, m->len, m->type);
			p += m->size + 4;
		}
		bootinfo.have_mmap = bootinfo.nmmap > 0;
	}
	if (!bootinfo.have_mmap && mbi->flags & MBI_MEM) {
		add_region(0, (uint64_t)mbi->mem_lower << 10, MMAP_RAM);
		add_region(0x100000, (uint64_t)mbi->mem_upper << 10, MMAP_RAM);
	}
}

void bootinfo_from_handoff(const struct pd_handoff *h)
{
	uint32_t i, n;
	size_t avail, len;

	bootinfo.path = "uefi";
	if (!h || h->magic != PD_HANDOFF_MAGIC || h->version != PD_HANDOFF_VERSION ||
	    h->size != sizeof(*h))
		return;
	_Static_assert(PD_HANDOFF_CMDLINE > BOOTINFO_CMDLINE_MAX, "the loader must pass more");
	/* The buffer full: the loader had more, and says how much. */
	avail = strnlen(h->cmdline, sizeof(h->cmdline));
	len = avail + 1 < sizeof(h->cmdline) || h->cmdline_len < avail ? avail : h->cmdline_len;
	take_cmdline(h->cmdline, avail, len);
	copy_str(bootinfo.loader, sizeof(bootinfo.loader), (uint64_t)(uintptr_t)h->loader);
	bootinfo.rsdp = h->rsdp;
	bootinfo.smbios = h->smbios;
	n = h->nmmap < PD_HANDOFF_MMAP_MAX ? h->nmmap : PD_HANDOFF_MMAP_MAX;
	for (i = 0; i < n; i++)
		add_region(h->mmap[i].base, h->mmap[i].len, h->mmap[i].type);
	bootinfo.have_mmap = bootinfo.nmmap > 0;
}

void bootinfo_from_area(const struct pd_area *a)
{
	uint32_t i, n = a->h.nmmap < PD_AREA_MMAP ? a->h.nmmap : PD_AREA_MMAP;

	bootinfo.multiboot = 0;
	bootinfo.path = "kexec";
	bootinfo.rsdp = a->h.rsdp;
	bootinfo.smbios = a->h.smbios;
	memcpy(bootinfo.cmdline, a->h.cmdline, sizeof(bootinfo.cmdline) - 1);
	bootinfo.cmdline[sizeof(bootinfo.cmdline) - 1] = 0;
	memcpy(bootinfo.loader, a->h.loader, sizeof(bootinfo.loader) - 1);
	bootinfo.loader[sizeof(bootinfo.loader) - 1] = 0;
	for (i = 0; i < n; i++)
		add_region(a->h.mmap[i].base, a->h.mmap[i].len, a->h.mmap[i].type);
	bootinfo.have_mmap = bootinfo.nmmap > 0;
}

void bootinfo_to_area(struct pd_area *a)
{
	uint32_t i;

	_Static_assert(sizeof(a->h.cmdline) == BOOTINFO_CMDLINE_MAX, "cmdline sizes differ");
	memcpy(a->h.cmdline, bootinfo.cmdline, sizeof(a->h.cmdline));
	memcpy(a->h.loader, bootinfo.loader, sizeof(a->h.loader));
	a->h.rsdp = bootinfo.rsdp;
	a->h.smbios = bootinfo.smbios;
	a->h.nmmap = bootinfo.nmmap < PD_AREA_MMAP ? bootinfo.nmmap : PD_AREA_MMAP;
	for (i = 0; i < a->h.nmmap; i++) {
		a->h.mmap[i].base = bootinfo.mmap[i].base;
		a->h.mmap[i].len = bootinfo.mmap[i].len;
		a->h.mmap[i].type = bootinfo.mmap[i].type;
	}
}

int bootinfo_is_ram(uint64_t base, uint64_t size)
{
	uint32_t i;

	for (i = 0; i < bootinfo.nmmap; i++) {
		const struct mmap_entry *e = &bootinfo.mmap[i];

		if (e->type == MMAP_RAM && base >= e->base && base + size <= e->base + e->len)
			return 1;
	}
	return 0;
}
