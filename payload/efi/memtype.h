/* SPDX-License-Identifier: MIT */
/* UEFI memory types as E820 types; plain C, so the host can test it. */
#ifndef PD_EFI_MEMTYPE_H
#define PD_EFI_MEMTYPE_H

#include <stdint.h>

/* E820 type (ACPI 6.5, 15.1) of a UEFI memory type (UEFI 2.10, 7.2 table
 * 7.6: what an OS may use after ExitBootServices): 1 RAM, 2 reserved, 3
 * ACPI reclaimable, 4 ACPI NVS, 5 unusable. */
uint32_t efi_e820_type(uint32_t efi_type);

#endif
