/* SPDX-License-Identifier: MIT */
#ifndef PD_REPORT_SERIAL_H
#define PD_REPORT_SERIAL_H

#include <stddef.h>
#include <stdint.h>

#define SERIAL_COM1	    0x3f8
#define SERIAL_DEFAULT_BAUD 115200
/* The PC UART clock, 1.8432 MHz, over the 16550's fixed 16x oversampling:
 * the baud rate of divisor 1 (PC16550D data sheet, 8.6.3). */
#define SERIAL_BASE_BAUD 115200

enum uart_space { UART_IO, UART_MMIO };

/* One 16550-compatible UART and its line settings. */
struct uart_cfg {
	enum uart_space space;
	uint64_t addr;	/* I/O port or MMIO address */
	uint8_t shift;	/* registers are 1 << shift bytes apart (mmio32: 2) */
	uint8_t width;	/* MMIO access bytes: 1 or 4 */
	uint8_t bits;	/* data bits, 5..8 */
	char parity;	/* 'n', 'o' or 'e' */
	uint32_t baud;	/* 0: keep the divisor the firmware set */
	uint32_t clock; /* input clock in Hz; 0: 1.8432 MHz */
};

/* COM1, 115200 8N1: the default console. */
void uart_cfg_default(struct uart_cfg *u);
/* The divisor latch value for u's baud and clock, 0 when none gives that
 * baud exactly (or baud is 0). */
uint32_t uart_divisor(const struct uart_cfg *u);
/* "io:0x2f8", "mmio:0xfe001000", "mmio32:0xfe001000" into buf. */
size_t uart_name(const struct uart_cfg *u, char *buf, size_t cap);

/* Programs the UART: divisor (unless baud is 0), line settings, FIFOs on,
 * interrupts off. */
void serial_init(const struct uart_cfg *u);
const struct uart_cfg *serial_cfg(void);
/* Each byte waits for THRE at most serial_char_wait_us(); after a few
 * timeouts in a row the UART is taken as stalled (serial_tx_stats). */
void serial_write(const char *s, size_t n);
/* Waits (bounded) until the last byte has left the UART: before a reset. */
void serial_drain(void);
/* The longest one character waits for THRE, in microseconds. */
uint32_t serial_char_wait_us(void);

struct serial_tx_stats {
	uint32_t timeouts; /* characters whose THRE wait ran out */
	uint32_t dropped;  /* bytes not written: the UART was stalled */
	int stalled;	   /* now: writes drop their bytes until THRE is seen */
};
void serial_tx_stats(struct serial_tx_stats *st);
/* The console's I/O port, 0 when it is memory-mapped. */
uint16_t serial_port(void);

#endif
