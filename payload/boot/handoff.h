/* SPDX-License-Identifier: MIT */
/*
 * What the EFI loader (payload/efi/) hands to entry64: EDI = PD_EFI_MAGIC,
 * RSI = this block, below 4 GiB, in memory its map marks reserved (type 2)
 * so nothing the payload allocates lands on it.  Shared by the loader and
 * the payload; freestanding.
 */
#ifndef PD_BOOT_HANDOFF_H
#define PD_BOOT_HANDOFF_H

#include <stdint.h>

#define PD_HANDOFF_MAGIC   0x46464f48 /* "HOFF" */
#define PD_HANDOFF_VERSION 2
/* Longer than the payload takes (4 KiB): it sees where a longer line is
 * cut and that the cut falls inside an option. */
#define PD_HANDOFF_CMDLINE  4160
#define PD_HANDOFF_MMAP_MAX 128

/* E820 types (ACPI 6.5, 15.1), converted from the UEFI memory map. */
struct pd_handoff_mmap {
	uint64_t base, len;
	uint32_t type, pad;
};

struct pd_handoff {
	uint32_t magic, version;
	uint32_t size; /* sizeof(struct pd_handoff) */
	uint32_t nmmap;
	uint32_t cmdline_len; /* the options' full length, cmdline holds what fits */
	uint32_t pad;
	uint64_t rsdp;	 /* ACPI RSDP (2.0 table if any, else 1.0), 0 if none */
	uint64_t smbios; /* SMBIOS 3.x entry point if any, else 2.x, 0 if none */
	char path[16];	 /* boot path for the boot record: "uefi" */
	char loader[64]; /* "UEFI <firmware vendor> (fw <revision>, UEFI <spec>)" */
	char cmdline[PD_HANDOFF_CMDLINE];
	struct pd_handoff_mmap mmap[PD_HANDOFF_MMAP_MAX];
};

#endif
