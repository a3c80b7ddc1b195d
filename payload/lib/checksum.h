/* SPDX-License-Identifier: MIT */
/* The 8-bit checksum of firmware tables. */
#ifndef PD_LIB_CHECKSUM_H
#define PD_LIB_CHECKSUM_H

#include <stdint.h>

/* The sum of n bytes modulo 256: 0 for an intact ACPI table or RSDP (ACPI
 * 6.5 sections 5.2.5.3 and 5.2.6) and SMBIOS entry point (DSP0134 5.2). */
uint8_t checksum8(const void *p, uint32_t n);

#endif
