/* SPDX-License-Identifier: MIT */
/* Serial console specs in Linux's syntax (kernel-parameters.txt, console=
 * and earlycon=), read into a UART description.  Freestanding, no report:
 * the host's unit tests build it as it is. */
#ifndef PD_OPTIONS_UARTSPEC_H
#define PD_OPTIONS_UARTSPEC_H

#include <stddef.h>

#include "report/serial.h"

enum uart_spec_result {
	UART_SPEC_OK,	    /* every part honoured */
	UART_SPEC_PARTIAL,  /* the UART is used; *why names the part that is not */
	UART_SPEC_BAD,	    /* no UART can be used from it; *why says why */
	UART_SPEC_NOT_UART, /* a console that is no 16550 (tty0, hvc0): ignored */
};

/*
 * v (n bytes) is one of
 *   ttyS<0-3>[,<opts>]                the legacy COM ports 0x3f8, 0x2f8, 0x3e8, 0x2e8
 *   <port>[,<opts>]                   an I/O port (0x2f8)
 *   uart[8250],io,<port>[,<opts>]
 *   uart[8250],mmio,<addr>[,<opts>]   8-bit registers, 1 byte apart
 *   uart[8250],mmio32,<addr>[,<opts>] 32-bit registers, 4 bytes apart
 *   uart[8250],0x<addr>[,<opts>]      as mmio
 * and <opts> is <baud>[<parity n|o|e>[<bits 5-8>[<flow r>]]], then for the
 * uart forms an optional ,<uart clock Hz>.  u starts from the default
 * (uart_cfg_default) and is filled in on OK and PARTIAL.
 */
enum uart_spec_result uart_spec_parse(const char *v, size_t n, struct uart_cfg *u,
				      const char **why);

#endif
