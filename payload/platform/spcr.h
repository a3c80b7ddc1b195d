/* SPDX-License-Identifier: MIT */
/* The ACPI SPCR table (Microsoft's "Serial Port Console Redirection
 * Table", revisions 2-4): the UART firmware and BMCs name as the console. */
#ifndef PD_PLATFORM_SPCR_H
#define PD_PLATFORM_SPCR_H

#include <stdint.h>

#include "report/serial.h"

/* Decodes the table t (len bytes, header included).  1 and *u when it names
 * a 16550 playdead can drive; 0 and *why otherwise.  Freestanding. */
int spcr_decode(const uint8_t *t, uint32_t len, struct uart_cfg *u, const char **why);

#endif
