/* SPDX-License-Identifier: MIT */
/*
 * SPCR layout: the ACPI header (36 bytes), then interface type at 36, the
 * base address as a Generic Address Structure at 40 (ACPI 6.5, 5.2.3.2:
 * space 40, bit width 41, bit offset 42, access size 43, address 44),
 * configured baud rate code at 58, parity 59, stop bits 60, flow control
 * 61; revision 3 adds the UART clock in Hz at 76, revision 4 the precise
 * baud rate at 80.  Interface types are DBG2's port subtypes.
 */
#include "platform/spcr.h"

#define SPCR_MIN_LEN	80 /* revision 2 */
#define GAS_MEMORY	0
#define GAS_IO		1
#define IF_16550	0x00	     /* full 16550 */
#define IF_16550_SUBSET 0x01	     /* 16450 / 16550 subset */
#define IF_16550_GAS	0x12	     /* 16550, register width from the GAS */
#define MMIO_LIMIT	(1ull << 32) /* the boot page tables map 4 GiB */

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

int spcr_decode(const uint8_t *t, uint32_t len, struct uart_cfg *u, const char **why)
{
	/* Configured baud rate codes: 0 "as is", 3 9600, 4 19200, 6 57600,
	 * 7 115200; 1, 2 and 5 are reserved. */
	static const uint32_t bauds[8] = {0, 0, 0, 9600, 19200, 0, 57600, 115200};
	uint8_t rev, type, space, width, code;
	uint64_t addr;

	uart_cfg_default(u);
	*why = 0;
	if (len < SPCR_MIN_LEN) {
		*why = "SPCR shorter than revision 2's 80 bytes";
		return 0;
	}
	/* Read only once the length says the fields are there. */
	rev = t[8];
	type = t[36];
	space = t[40];
	width = t[41];
	code = t[58];
	if (type != IF_16550 && type != IF_16550_SUBSET && type != IF_16550_GAS) {
		*why = "SPCR names a UART that is not a 16550";
		return 0;
	}
	addr = le64(t + 44);
	if (!addr) {
		*why = "SPCR has no UART address (console redirection off)";
		return 0;
	}
	if (space == GAS_IO) {
		if (addr > 0xfff8) {
			*why = "SPCR I/O port out of range";
			return 0;
		}
		u->space = UART_IO;
	} else if (space == GAS_MEMORY) {
		/* As Linux reads it: 32-bit registers 4 bytes apart, else bytes. */
		u->space = UART_MMIO;
		if (width == 32) {
			u->shift = 2;
			u->width = 4;
		}
		if (addr + (8u << u->shift) > MMIO_LIMIT) {
			*why = "SPCR UART above 4 GiB: not mapped at boot";
			return 0;
		}
	} else {
		*why = "SPCR UART in neither memory nor I/O space";
		return 0;
	}
	u->addr = addr;
	if (code >= 8 || (code && !bauds[code])) {
		*why = "SPCR baud rate code reserved: 115200 used";
		code = 7;
	}
	u->baud = bauds[code];
	if (rev >= 3 && len >= 80 && le32(t + 76))
		u->clock = le32(t + 76);
	if (rev >= 4 && len >= 84 && le32(t + 80))
		u->baud = le32(t + 80); /* precise baud rate, over the code */
	if (u->baud && !uart_divisor(u)) {
		*why = "SPCR baud rate not reachable from its UART clock: 115200 at 1.8432 MHz";
		u->baud = SERIAL_DEFAULT_BAUD;
		u->clock = 0;
	}
	return 1;
}
