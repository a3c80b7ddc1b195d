/* SPDX-License-Identifier: MIT */
/* What the boot loader told us, copied into the image before anything can
 * overwrite it (QEMU puts the multiboot info right after our .bss). */
#ifndef PD_BOOT_BOOTINFO_H
#define PD_BOOT_BOOTINFO_H

#include <stdint.h>

/* Boot lines up to 4 KiB - 1 bytes (farms prepend ~1 KiB of their own). */
#define BOOTINFO_CMDLINE_MAX 4096
#define BOOTINFO_MMAP_MAX    128

enum mmap_type {
	MMAP_RAM = 1, /* multiboot/E820 type 1: available */
	MMAP_RESERVED = 2,
	MMAP_ACPI = 3,
	MMAP_NVS = 4,
	MMAP_BAD = 5,
};

struct mmap_entry {
	uint64_t base, len;
	uint32_t type;
};

struct bootinfo {
	int multiboot; /* the loader's magic was right */
	char cmdline[BOOTINFO_CMDLINE_MAX];
	/* A longer line: cut before the option the limit falls in, so none is
	 * taken in part. */
	int cmdline_cut;
	uint32_t cmdline_len;	 /* the full length as given */
	uint32_t cmdline_cut_at; /* offset of the first byte not taken */
	char cmdline_lost[40];	 /* the text from there on, for the record */
	char loader[64];
	int have_mmap; /* a full memory map, not just mem_lower/upper */
	uint32_t nmmap;
	struct mmap_entry mmap[BOOTINFO_MMAP_MAX];
	uint64_t ram_kb;       /* usable RAM */
	uint64_t max_addr;     /* end of the highest memory map entry */
	const char *path;      /* boot path: "multiboot", "uefi", "kexec" */
	uint64_t rsdp, smbios; /* table addresses the loader gave (UEFI), 0 if none */
};

extern struct bootinfo bootinfo;

/* Reads the multiboot v1 info at mbi (0 when the magic was wrong). */
void bootinfo_from_multiboot(uint32_t magic, uint64_t mbi);
/* [base, base + size) lies in one RAM region of the memory map. */
int bootinfo_is_ram(uint64_t base, uint64_t size);
struct pd_handoff;
/* Reads what the EFI loader handed over (boot/handoff.h). */
void bootinfo_from_handoff(const struct pd_handoff *h);
struct pd_area;
/* After a kexec: the memory map and options the first instance saved. */
void bootinfo_from_area(const struct pd_area *a);
/* First instance: saves them for the next ones. */
void bootinfo_to_area(struct pd_area *a);

#endif
