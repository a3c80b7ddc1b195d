/* SPDX-License-Identifier: MIT */
/* Polled 16550 UART, port I/O or memory-mapped (register layout as in the
 * PC16550D data sheet). */
#include "report/serial.h"
#include "lib/tsc.h"
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

/*
 * How long one character may wait for THRE: 10 ms, as Linux's
 * serial8250 console (wait_for_xmitr(): 10000 x udelay(1)), or four
 * character times at the line's baud when that is longer (12 bits a
 * character at most: start, 8 data, parity, 2 stop; THRE is waited for
 * before every byte, so at most one byte and the shift register are ahead).
 * A time, not an iteration count: an inb from an LPC/eSPI or BMC UART takes
 * about 1 us, from QEMU's a few ns.
 */
#define CHAR_WAIT_US  10000u
#define CHAR_BITS_MAX 12u
/* Characters in a row that time out before the UART is taken as stalled:
 * then writes drop their bytes after one LSR read each, until THRE is seen
 * again. */
#define STALL_AFTER 3u
/* No wait longer than this, whatever the divisor read back says. */
#define CHAR_WAIT_MAX_US 250000u

/* In .bss, not .data: the pristine image copy must not see a run's state.
 * com.addr == 0: not set up yet, COM1 is used. */
static struct uart_cfg com;
static uint32_t line_baud;     /* the baud in use, read back when kept */
static struct serial_tx_stats tx;
static uint32_t timeouts_in_row;

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
	/* A new UART: nothing timed out on it yet. */
	tx = (struct serial_tx_stats){0};
	timeouts_in_row = 0;
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
	reg_write(UART_LCR, LCR_DLAB);
	if (div) {
		reg_write(UART_DLL, div & 0xff);
		reg_write(UART_DLH, (div >> 8) & 0xff);
	} else {
		/* The firmware's divisor, kept: read back for the wait bound. */
		div = (uint32_t)reg_read(UART_DLL) | (uint32_t)reg_read(UART_DLH) << 8;
	}
	line_baud = div ? (com.clock ? com.clock : PC_CLOCK) / 16 / div : 0;
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

uint32_t serial_char_wait_us(void)
{
	/* An unknown baud (no UART answered the divisor read): 300 baud. */
	uint32_t baud = line_baud ? line_baud : (com.baud ? com.baud : 300);
	uint64_t chars4 = 4ull * CHAR_BITS_MAX * 1000000 / baud;

	if (chars4 > CHAR_WAIT_MAX_US)
		return CHAR_WAIT_MAX_US;
	return chars4 > CHAR_WAIT_US ? (uint32_t)chars4 : CHAR_WAIT_US;
}

/* Before the TSC is measured, lib/tsc.h assumes one faster than any: the
 * wait is never shorter than meant. */
static uint64_t wait_cycles(void)
{
	return (uint64_t)serial_char_wait_us() * tsc_khz() / 1000;
}

/* Polls LSR until every bit of mask is set or `cycles` TSC cycles pass. */
static int wait_lsr(uint8_t mask, uint64_t cycles)
{
	uint64_t t0 = rdtsc();

	for (;;) {
		/* A missing UART reads 0xff: every bit set, never a wait. */
		if ((reg_read(UART_LSR) & mask) == mask)
			return 1;
		if (rdtsc() - t0 >= cycles)
			return 0;
		cpu_relax();
	}
}

void serial_write(const char *s, size_t n)
{
	uint64_t cycles;
	size_t i;

	serial_cfg();
	cycles = wait_cycles();
	if (tx.stalled) {
		/* One look per write: a UART that takes bytes again (a BMC
		 * console someone attached to) is used again. */
		if (!(reg_read(UART_LSR) & LSR_THRE)) {
			tx.dropped += n;
			return;
		}
		tx.stalled = 0;
		timeouts_in_row = 0;
	}
	for (i = 0; i < n; i++) {
		if (wait_lsr(LSR_THRE, cycles)) {
			timeouts_in_row = 0;
		} else {
			tx.timeouts++;
			if (++timeouts_in_row >= STALL_AFTER) {
				tx.stalled = 1;
				tx.dropped += n - i;
				return;
			}
			/* As Linux: after the wait, the byte is written anyway. */
		}
		reg_write(UART_THR, (uint8_t)s[i]);
	}
}

void serial_drain(void)
{
	serial_cfg();
	if (!tx.stalled)
		wait_lsr(LSR_TEMT, wait_cycles());
}

void serial_tx_stats(struct serial_tx_stats *st)
{
	*st = tx;
}
