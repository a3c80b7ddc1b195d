/* SPDX-License-Identifier: MIT */
/*
 * playdead.efi: a UEFI application (PE32+, subsystem 10) that carries the
 * flat payload image and starts it as the multiboot path would, but from
 * what UEFI provides:
 *
 *   1. options: the load options (UCS-2; iPXE "chain playdead.efi OPTS",
 *      the UEFI shell, a Boot#### entry), else PLAYDEAD.CFG beside the
 *      image on its file system (the ISO's EFI image), with a menu when it
 *      lists more than one entry;
 *   2. ACPI RSDP and SMBIOS entry point from the configuration table;
 *   3. the payload copied to PD_LINK_BASE (else PD_LOAD_ALT, else anywhere
 *      below 4 GiB), .bss zeroed, in pages allocated from the firmware;
 *   4. a handoff block, a GDT and identity page tables for all of memory,
 *      in one allocation below 4 GiB that the handed-over memory map
 *      marks reserved;
 *   5. ExitBootServices, the memory map converted to E820 types, and the
 *      jump to entry64 (enter.S).
 */
#include "efi/efi.h"
#include "efi/cfg.h"
#include "efi/memtype.h"
#include "boot/handoff.h"
#include "boot/layout.h"
#include "arch/x86/cr.h"
#include "arch/x86/desc.h"
#include "arch/x86/paging.h"
#include "mem/idmap.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define PAGES(n) (((n) + EFI_PAGE_SIZE - 1) / EFI_PAGE_SIZE)

#define CFG_NAME     "PLAYDEAD.CFG"
#define CFG_MAX	     65536
#define MAP_MAX_DESC 4096
/* Ranges of the first map's plan: RAM descriptors side by side merge. */
#define PLAN_MAX 1024

extern const uint8_t pd_payload[], pd_payload_end[];
void pd_efi_enter(uint64_t cr3, const void *gdt_ptr, uint64_t entry, uint64_t handoff)
    __attribute__((noreturn));
efi_status EFIAPI efi_main(efi_handle image, struct efi_system_table *systab);

static struct efi_system_table *st;
static struct efi_boot_services *bs;

/* Appends s to the NUL-terminated dst of capacity cap. */
static void sappend(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(dst);

	while (*s && n + 1 < cap)
		dst[n++] = *s++;
	dst[n] = 0;
}

static void shex(char *dst, size_t cap, uint64_t v)
{
	char b[19];

	b[fmt_hex(b, v)] = 0;
	sappend(dst, cap, b);
}

static void sdec(char *dst, size_t cap, uint64_t v)
{
	char b[21];

	b[fmt_dec(b, v)] = 0;
	sappend(dst, cap, b);
}

/* ASCII to the console (UCS-2), "\n" as CR LF. */
static void print(const char *s)
{
	char16 buf[128];
	size_t n = 0;

	if (!st->con_out)
		return;
	for (; *s; s++) {
		if (*s == '\n')
			buf[n++] = '\r';
		buf[n++] = (uint8_t)*s;
		if (n >= sizeof(buf) / sizeof(buf[0]) - 2 || !s[1]) {
			buf[n] = 0;
			st->con_out->output_string(st->con_out, buf);
			n = 0;
		}
	}
}

static efi_status fail(const char *what, efi_status s)
{
	char msg[160] = "playdead: ";

	sappend(msg, sizeof(msg), what);
	sappend(msg, sizeof(msg), " (EFI status ");
	shex(msg, sizeof(msg), s);
	sappend(msg, sizeof(msg), "): not started\n");
	print(msg);
	bs->stall(5000000); /* let a person read it before the firmware moves on */
	return s ? s : EFI_ERR(1);
}

static int guid_eq(const struct efi_guid *a, const struct efi_guid *b)
{
	const uint8_t *p = (const uint8_t *)a, *q = (const uint8_t *)b;
	size_t i;

	for (i = 0; i < sizeof(*a); i++)
		if (p[i] != q[i])
			return 0;
	return 1;
}

/* UCS-2 to ASCII; anything outside printable ASCII becomes '?'. */
static void ucs2_to_ascii(char *dst, size_t cap, const char16 *s, size_t max)
{
	size_t n = 0;

	while (max-- && *s && n + 1 < cap) {
		char16 c = *s++;

		dst[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	dst[n] = 0;
}

/* Reads PLAYDEAD.CFG from the directory the image was loaded from (or
 * \EFI\BOOT\) on the image's own file system; 0 bytes if there is none. */
static size_t cfg_read(const struct efi_loaded_image *li, char *buf, size_t cap)
{
	static const struct efi_guid sfs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
	const struct efi_device_path *dp = li->file_path;
	struct efi_simple_file_system *sfs = 0;
	struct efi_file *root = 0, *f = 0;
	char16 path[256];
	size_t n = 0, dir = 0, i;
	uint64_t size = cap - 1;
	const char *name = CFG_NAME;

	/* The last file path node names the image (10.3.5.4). */
	while (dp && dp->type != EFI_DP_END) {
		size_t len = (size_t)dp->length[0] | (size_t)dp->length[1] << 8;

		if (len < 4)
			break;
		if (dp->type == EFI_DP_MEDIA && dp->sub_type == EFI_DP_MEDIA_FILE) {
			const char16 *s = (const char16 *)(dp + 1);

			n = 0;
			for (i = 0; i < (len - 4) / 2 && s[i] && n < 200; i++)
				path[n++] = s[i] == '/' ? '\\' : s[i];
		}
		dp = (const struct efi_device_path *)((const uint8_t *)dp + len);
	}
	for (i = 0; i < n; i++)
		if (path[i] == '\\')
			dir = i + 1;
	if (!dir) {
		static const char def[] = "\\EFI\\BOOT\\";

		for (dir = 0; def[dir]; dir++)
			path[dir] = (char16)def[dir];
	}
	n = dir;
	while (*name)
		path[n++] = (char16)*name++;
	path[n] = 0;

	if (bs->handle_protocol(li->device_handle, &sfs_guid, (void **)&sfs) || !sfs)
		return 0;
	if (sfs->open_volume(sfs, &root) || !root)
		return 0;
	if (root->open(root, &f, path, EFI_FILE_MODE_READ, 0) || !f) {
		root->close(root);
		return 0;
	}
	if (f->read(f, &size, buf))
		size = 0;
	if (size == cap - 1)
		print("playdead: " CFG_NAME " is larger than 64 KiB: only its start is read\n");
	f->close(f);
	root->close(root);
	buf[size] = 0;
	return (size_t)size;
}

/* The menu on the firmware console (also on its serial port under OVMF):
 * a digit chooses, Enter or the timeout takes the first entry. */
static unsigned menu_choose(const struct menu *m)
{
	char line[96];
	unsigned i, ticks;

	if (m->n < 2 || !m->timeout || !st->con_in)
		return 0;
	print("\nplaydead boot menu\n");
	for (i = 0; i < m->n && i < 9; i++) {
		line[0] = 0;
		sappend(line, sizeof(line), "  ");
		sdec(line, sizeof(line), i + 1);
		sappend(line, sizeof(line), "  ");
		sappend(line, sizeof(line), m->title[i]);
		sappend(line, sizeof(line), "\n");
		print(line);
	}
	line[0] = 0;
	sappend(line, sizeof(line), "Choose 1-");
	sdec(line, sizeof(line), m->n < 9 ? m->n : 9);
	sappend(line, sizeof(line), " (Enter: 1, automatic in ");
	sdec(line, sizeof(line), m->timeout);
	sappend(line, sizeof(line), " s)\n");
	print(line);
	for (ticks = 0; ticks < m->timeout * 20; ticks++) {
		struct efi_input_key k;

		if (st->con_in->read_key_stroke(st->con_in, &k) == EFI_SUCCESS) {
			if (k.unicode_char == '\r')
				return 0;
			if (k.unicode_char >= '1' && k.unicode_char < '1' + m->n &&
			    k.unicode_char <= '9')
				return (unsigned)(k.unicode_char - '1');
		}
		bs->stall(50000);
	}
	return 0;
}

/* ---- memory ------------------------------------------------------------ */

static void map_add(struct pd_handoff *h, uint64_t base, uint64_t end, uint32_t type)
{
	if (end > base && h->nmmap < PD_HANDOFF_MMAP_MAX)
		h->mmap[h->nmmap++] = (struct pd_handoff_mmap){base, end - base, type, 0};
}

/* The UEFI map as E820 ranges, sorted, adjacent ranges of one type merged,
 * and [keep, keep_end) (the loader's block) reserved. */
static void map_convert(struct pd_handoff *h, const uint8_t *map, uint64_t size, uint64_t dsize,
			uint64_t keep, uint64_t keep_end)
{
	struct pd_handoff_mmap *m = h->mmap;
	uint64_t off;
	uint32_t i, j, n;

	h->nmmap = 0;
	for (off = 0; off + dsize <= size; off += dsize) {
		const struct efi_memory_descriptor *d = (const void *)(map + off);
		uint64_t b = d->physical_start, e = b + d->number_of_pages * EFI_PAGE_SIZE;
		uint32_t t = efi_e820_type(d->type);

		if (e <= keep || b >= keep_end) {
			map_add(h, b, e, t);
			continue;
		}
		map_add(h, b, keep, t);
		map_add(h, b > keep ? b : keep, e < keep_end ? e : keep_end, 2);
		map_add(h, keep_end, e, t);
	}
	n = h->nmmap;
	for (i = 1; i < n; i++) { /* insertion sort: the map is short */
		struct pd_handoff_mmap x = m[i];

		for (j = i; j > 0 && m[j - 1].base > x.base; j--)
			m[j] = m[j - 1];
		m[j] = x;
	}
	for (i = 0, j = 0; i < n; i++) {
		if (j && m[j - 1].type == m[i].type && m[j - 1].base + m[j - 1].len == m[i].base)
			m[j - 1].len += m[i].len;
		else
			m[j++] = m[i];
	}
	h->nmmap = j;
}

/* Page-table pages, handed out in order from the block (zeroed). */
struct table_pool {
	uint64_t *next, *end;
};

static uint64_t *pool_table(void *ctx)
{
	struct table_pool *p = ctx;
	uint64_t *t = p->next;

	if (p->next >= p->end)
		return 0;
	p->next += PAGE_SIZE_4K / sizeof(*t);
	return t;
}

/* Payload destination: pages the firmware gives us at exactly PD_LINK_BASE,
 * else PD_LOAD_ALT, else anywhere below 4 GiB. */
static uint64_t payload_place(uint64_t pages)
{
	uint64_t a = PD_LINK_BASE;

	if (!bs->allocate_pages(EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, pages, &a))
		return a;
	a = PD_LOAD_ALT;
	if (!bs->allocate_pages(EFI_ALLOCATE_ADDRESS, EFI_LOADER_DATA, pages, &a))
		return a;
	a = 0xffffffffull;
	if (!bs->allocate_pages(EFI_ALLOCATE_MAX_ADDRESS, EFI_LOADER_DATA, pages, &a))
		return a;
	return 0;
}

/* The loader's block below 4 GiB: handoff, GDT, page tables. */
struct block {
	struct pd_handoff h;
	uint64_t gdt[4];
	struct desc_ptr gdt_ptr;
};

efi_status EFIAPI efi_main(efi_handle image, struct efi_system_table *systab)
{
	static const struct efi_guid li_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	static const struct efi_guid acpi2 = EFI_ACPI_20_TABLE_GUID, acpi1 = EFI_ACPI_10_TABLE_GUID;
	static const struct efi_guid smb3 = EFI_SMBIOS3_TABLE_GUID, smb2 = EFI_SMBIOS_TABLE_GUID;
	static char cfg[CFG_MAX];
	static struct menu menu;
	static char cmdline[PD_HANDOFF_CMDLINE], loader[64], msg[PD_HANDOFF_CMDLINE + 64];
	struct efi_loaded_image *li = 0;
	const uint8_t *hdr = pd_payload + PD_IMAGE_HDR_OFF;
	uint64_t rsdp1 = 0, rsdp2 = 0, sm2 = 0, sm3 = 0, i;
	uint64_t load_size, mem_size, entry_off, dst, map_pages, map_size, key, dsize;
	uint64_t blk, blk_pages, cr3, cr4;
	uint32_t dver;
	uint8_t *map;
	struct block *b;
	const char *from = "load options";
	size_t cmdline_len;
	int use_1g = idmap_has_1g_pages();
	static struct idmap_range ranges[PLAN_MAX];
	struct idmap_plan plan;
	struct table_pool pool;
	struct paging_stats ps;
	efi_status s;

	st = systab;
	bs = systab->boot_services;

	/* The image header (boot/layout.h). */
	if (*(const uint32_t *)hdr != PD_IMAGE_MAGIC)
		return fail("embedded payload has no image header", 0);
	entry_off = PD_IMAGE_HDR_OFF + PD_IMAGE_ENTRY64 +
		    (uint64_t)(int64_t) * (const int32_t *)(hdr + PD_IMAGE_ENTRY64);
	load_size = PD_IMAGE_HDR_OFF + PD_IMAGE_LOAD_END +
		    (uint64_t)(int64_t) * (const int32_t *)(hdr + PD_IMAGE_LOAD_END);
	mem_size = PD_IMAGE_HDR_OFF + PD_IMAGE_END +
		   (uint64_t)(int64_t) * (const int32_t *)(hdr + PD_IMAGE_END);
	if (load_size > (uint64_t)(pd_payload_end - pd_payload) || mem_size < load_size ||
	    entry_off >= load_size)
		return fail("embedded payload's image header is inconsistent", 0);

	/* 5-level paging cannot be left in long mode, and the payload builds
	 * 4-level tables (SDM vol. 3A, 4.1.1). */
	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	if (cr4 & CR4_LA57)
		return fail("the firmware runs with 5-level paging (CR4.LA57)", 0);

	/* Options. */
	s = bs->handle_protocol(image, &li_guid, (void **)&li);
	if (s || !li)
		return fail("no EFI_LOADED_IMAGE_PROTOCOL", s);
	cmdline_len =
	    load_options(li->load_options, li->load_options_size, cmdline, sizeof(cmdline));
	if (!cmdline_len) {
		size_t n = cfg_read(li, cfg, sizeof(cfg));

		from = "no options";
		if (n) {
			unsigned c;

			cfg_parse(cfg, n, &menu);
			from = CFG_NAME " (empty)";
			if (menu.n) {
				c = menu_choose(&menu);
				cmdline_len =
				    copy_trimmed(cmdline, sizeof(cmdline), cfg + menu.opts_off[c],
						 menu.opts_len[c]);
				from = CFG_NAME;
			}
		}
	}
	msg[0] = 0;
	sappend(msg, sizeof(msg), "playdead: UEFI loader, options from ");
	sappend(msg, sizeof(msg), from);
	sappend(msg, sizeof(msg), ": \"");
	sappend(msg, sizeof(msg), cmdline);
	sappend(msg, sizeof(msg), "\"\n");
	print(msg);

	/* Tables (UEFI 2.10, 4.6.1.1): ACPI 2.0 over 1.0, SMBIOS 3 over 2. */
	for (i = 0; i < systab->number_of_table_entries; i++) {
		const struct efi_configuration_table *t = &systab->configuration_table[i];
		uint64_t v = (uint64_t)(uintptr_t)t->vendor_table;

		if (guid_eq(&t->vendor_guid, &acpi2))
			rsdp2 = v;
		else if (guid_eq(&t->vendor_guid, &acpi1))
			rsdp1 = v;
		else if (guid_eq(&t->vendor_guid, &smb3))
			sm3 = v;
		else if (guid_eq(&t->vendor_guid, &smb2))
			sm2 = v;
	}

	/* The payload at its load address, .bss zeroed. */
	dst = payload_place(PAGES(mem_size));
	if (!dst)
		return fail("no memory for the payload below 4 GiB", 0);
	memcpy((void *)(uintptr_t)dst, pd_payload, load_size);
	memset((void *)(uintptr_t)(dst + load_size), 0, mem_size - load_size);

	/* A buffer for the memory map, with room for what allocating more
	 * (this buffer, the block) adds to it. */
	map_size = 0;
	s = bs->get_memory_map(&map_size, 0, &key, &dsize, &dver);
	if (s != EFI_BUFFER_TOO_SMALL || dsize < sizeof(struct efi_memory_descriptor))
		return fail("GetMemoryMap gave no size", s);
	map_pages = PAGES(map_size + 32 * dsize);
	if (map_pages * EFI_PAGE_SIZE / dsize > MAP_MAX_DESC)
		map_pages = PAGES(MAP_MAX_DESC * dsize);
	s = bs->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, map_pages, &key);
	if (s)
		return fail("no memory for the memory map", s);
	map = (uint8_t *)(uintptr_t)key;
	map_size = map_pages * EFI_PAGE_SIZE;
	s = bs->get_memory_map(&map_size, (struct efi_memory_descriptor *)map, &key, &dsize, &dver);
	if (s)
		return fail("GetMemoryMap failed", s);
	/* The payload's first map: RAM and ACPI memory, write-back (the
	 * block below comes from conventional memory listed now).  What the
	 * payload touches besides before its own map (an MMIO UART, tables
	 * elsewhere) it maps itself (mem/paging.c). */
	idmap_plan_init(&plan, ranges, PLAN_MAX);
	for (i = 0; i + dsize <= map_size; i += dsize) {
		const struct efi_memory_descriptor *d = (const void *)(map + i);

		if (idmap_plan_mmap(&plan, d->physical_start, d->number_of_pages * EFI_PAGE_SIZE,
				    efi_e820_type(d->type)))
			return fail("memory map too fragmented for the page-table plan", 0);
	}
	if (idmap_plan_add(&plan, dst, dst + mem_size, IDMAP_WB))
		return fail("memory map too fragmented for the page-table plan", 0);

	/* The block: handoff and GDT, then the page tables. */
	blk_pages = PAGES(sizeof(struct block)) + idmap_table_pages(&plan, use_1g);
	blk = 0xffffffffull;
	s = bs->allocate_pages(EFI_ALLOCATE_MAX_ADDRESS, EFI_LOADER_DATA, blk_pages, &blk);
	if (s)
		return fail("no memory below 4 GiB for the handoff and page tables", s);
	b = (struct block *)(uintptr_t)blk;
	memset(b, 0, sizeof(*b));
	pool.next = (uint64_t *)(uintptr_t)(blk + PAGES(sizeof(*b)) * EFI_PAGE_SIZE);
	pool.end = (uint64_t *)(uintptr_t)(blk + blk_pages * EFI_PAGE_SIZE);
	memset(pool.next, 0, (size_t)((uint8_t *)pool.end - (uint8_t *)pool.next));
	cr3 = idmap_build(&plan, use_1g, pool_table, &pool, &ps);
	if (!cr3)
		return fail("page tables larger than their block", EFI_OUT_OF_RESOURCES);
	/* Null, code64, data, code32: the payload's layout (boot/entry.S gdt64,
	 * SDM vol. 3A, 3.4.5). */
	b->gdt[1] = SEG_DESC_CODE64;
	b->gdt[2] = SEG_DESC_DATA;
	b->gdt[3] = SEG_DESC_CODE32;
	b->gdt_ptr.limit = sizeof(b->gdt) - 1;
	b->gdt_ptr.base = (uint64_t)(uintptr_t)b->gdt;

	b->h.magic = PD_HANDOFF_MAGIC;
	b->h.version = PD_HANDOFF_VERSION;
	b->h.size = sizeof(b->h);
	b->h.rsdp = rsdp2 ? rsdp2 : rsdp1;
	b->h.smbios = sm3 ? sm3 : sm2;
	sappend(b->h.path, sizeof(b->h.path), "uefi");
	sappend(loader, sizeof(loader), "UEFI ");
	ucs2_to_ascii(loader + 5, sizeof(loader) - 5, systab->firmware_vendor, 40);
	sappend(loader, sizeof(loader), " (fw ");
	shex(loader, sizeof(loader), systab->firmware_revision);
	sappend(loader, sizeof(loader), ", UEFI ");
	sdec(loader, sizeof(loader), systab->hdr.revision >> 16);
	sappend(loader, sizeof(loader), ".");
	sdec(loader, sizeof(loader), (systab->hdr.revision & 0xffff) / 10);
	if ((systab->hdr.revision & 0xffff) % 10) {
		sappend(loader, sizeof(loader), ".");
		sdec(loader, sizeof(loader), (systab->hdr.revision & 0xffff) % 10);
	}
	sappend(loader, sizeof(loader), ")");
	sappend(b->h.loader, sizeof(b->h.loader), loader);
	sappend(b->h.cmdline, sizeof(b->h.cmdline), cmdline);
	b->h.cmdline_len = (uint32_t)cmdline_len;

	/* ExitBootServices with the key of the latest map; on
	 * EFI_INVALID_PARAMETER the map changed: get it again and retry, with
	 * no other boot service call in between (UEFI 2.10, 7.4.6). */
	for (i = 0;; i++) {
		map_size = map_pages * EFI_PAGE_SIZE;
		s = bs->get_memory_map(&map_size, (struct efi_memory_descriptor *)map, &key, &dsize,
				       &dver);
		if (s && i == 0)
			return fail("GetMemoryMap failed", s);
		if (s)
			break;
		s = bs->exit_boot_services(image, key);
		if (s != EFI_INVALID_PARAMETER || i >= 8)
			break;
	}
	if (s) {
		/* Boot services may be half gone now: no console, just stop. */
		for (;;)
			asm volatile("cli; hlt");
	}

	map_convert(&b->h, map, map_size, dsize, blk, blk + blk_pages * EFI_PAGE_SIZE);
	pd_efi_enter(cr3, &b->gdt_ptr, dst + entry_off, blk);
}
