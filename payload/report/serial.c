/* SPDX-License-Identifier: MIT */
/* Polled 16550 UART, port I/O or memory-mapped (register layout as in the
 * PC16550D data sheet). */
#include "report/serial.h"
#include "arch/x86/insn.h"

#define UART_THR 0 /* transmit holding (DLAB=0) */
#define UART_DLL 0 /* divisor latch low (DLAB=1) */
#define UART_IER 1
#define UART_DLH 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LCR_DLAB 0x80
#define LCR_PEN	 0x08 /* parity enable */
#define LCR_EPS	 0x10 /* even parity */
#define LSR_THRE 0x20
#define LSR_TEMT 0x40 /* transmitter empty: FIFO and shift register (8.6.3) */
#define PC_CLOCK 1843200

/* In .bss, not .data: the pristine image copy must not see a run's state.
 * com.addr == 0: not set up yet, COM1 is used. */
static struct uart_cfg com;

void uart_cfg_default(struct uart_cfg *u)
{
	u->space = UART_IO;
	u->addr = SERIAL_COM1;
	u->shift = 0;
	u->width = 1;
	u->bits = 8;
	u->parity = 'n';
	u->baud = SERIAL_DEFAULT_BAUD;
	u->clock = 0;
}

uint32_t uart_divisor(const struct uart_cfg *u)
{
	uint32_t clk16 = (u->clock ? u->clock : PC_CLOCK) / 16;

	if (!u->baud || clk16 % u->baud || clk16 / u->baud > 0xffff)
		return 0;
	return clk16 / u->baud;
}

static size_t put(char *buf, size_t cap, size_t n, const char *s)
{
	while (*s && n + 1 < cap)
		buf[n++] = *s++;
	return n;
}

size_t uart_name(const struct uart_cfg *u, char *buf, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	int sh = 60;

	if (!cap)
		return 0;
	n = put(buf, cap, n,
		u->space == UART_IO ? "io:0x"
		: u->width == 4	    ? "mmio32:0x"
				    : "mmio:0x");
	while (sh > 0 && !((u->addr >> sh) & 0xf))
		sh -= 4;
	for (; sh >= 0 && n + 1 < cap; sh -= 4)
		buf[n++] = hex[(u->addr >> sh) & 0xf];
	buf[n] = 0;
	return n;
}

static void reg_write(unsigned reg, uint8_t v)
{
	uint64_t a = com.addr + ((uint64_t)reg << com.shift);

	if (com.space == UART_IO)
		outb((uint16_t)a, v);
	else if (com.width == 4)
		*(volatile uint32_t *)(uintptr_t)a = v;
	else
		*(volatile uint8_t *)(uintptr_t)a = v;
}

static uint8_t reg_read(unsigned reg)
{
	uint64_t a = com.addr + ((uint64_t)reg << com.shift);

	if (com.space == UART_IO)
		return inb((uint16_t)a);
	if (com.width == 4)
		return (uint8_t) * (volatile uint32_t *)(uintptr_t)a;
	return *(volatile uint8_t *)(uintptr_t)a;
}

void serial_init(const struct uart_cfg *u)
{
	uint32_t div;
	uint8_t lcr;

	com = *u;
	if (!com.addr)
		uart_cfg_default(&com);
	/* Word length 5..8 is LCR[1:0] = 0..3; parity LCR[4:3] (8.6.4). */
	lcr = (uint8_t)((com.bits >= 5 && com.bits <= 8 ? com.bits - 5 : 3) & 3);
	if (com.parity == 'o')
		lcr |= LCR_PEN;
	else if (com.parity == 'e')
		lcr |= LCR_PEN | LCR_EPS;
	reg_write(UART_IER, 0);
	div = uart_divisor(&com);
	if (com.baud && !div) {
		/* Callers check the baud; this only keeps a bad one harmless. */
		com.baud = SERIAL_DEFAULT_BAUD;
		com.clock = 0;
		div = uart_divisor(&com);
	}
	if (div) {
		reg_write(UART_LCR, LCR_DLAB);
		reg_write(UART_DLL, div & 0xff);
		reg_write(UART_DLH, (div >> 8) & 0xff);
	}
	reg_write(UART_LCR, lcr);
	reg_write(UART_FCR, 0x07); /* enable and clear FIFOs */
	reg_write(UART_MCR, 0x03); /* DTR, RTS */
}

const struct uart_cfg *serial_cfg(void)
{
	if (!com.addr)
		uart_cfg_default(&com);
	return &com;
}

uint16_t serial_port(void)
{
	const struct uart_cfg *u = serial_cfg();

	return u->space == UART_IO ? (uint16_t)u->addr : 0;
}

void serial_write(const char *s, size_t n)
{
	size_t i;

	serial_cfg();
	for (i = 0; i < n; i++) {
		/* Bounded wait: a port with no UART behind it must not hang us.
		 * A missing UART reads 0xff, which has THRE set. */
		unsigned spins = 1u << 20;

		while (!(reg_read(UART_LSR) & LSR_THRE) && --spins)
			cpu_relax();
		reg_write(UART_THR, (uint8_t)s[i]);
	}
}

void serial_drain(void)
{
	unsigned spins = 1u << 20;

	serial_cfg();
	while (!(reg_read(UART_LSR) & LSR_TEMT) && --spins)
		cpu_relax();
}
