/* SPDX-License-Identifier: MIT */
#include "efi/memtype.h"
#include "efi/efi.h"

uint32_t efi_e820_type(uint32_t t)
{
	switch (t) {
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
	case EFI_CONVENTIONAL_MEMORY:
		return 1;
	case EFI_ACPI_RECLAIM_MEMORY:
		return 3;
	case EFI_ACPI_MEMORY_NVS:
		return 4;
	case EFI_UNUSABLE_MEMORY:
		return 5;
	default:
		return 2;
	}
}
