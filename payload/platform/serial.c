/* SPDX-License-Identifier: MIT */
/* Polled 16550 UART (register layout as in the PC16550D data sheet). */
#include "platform/serial.h"
#include "lib/x86.h"

#define UART_THR 0 /* transmit holding (DLAB=0) */
#define UART_DLL 0 /* divisor latch low (DLAB=1) */
#define UART_IER 1
#define UART_DLH 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LCR_8N1  0x03
#define LCR_DLAB 0x80
#define LSR_THRE 0x20
#define UART_CLOCK_DIV 115200 /* 1.8432 MHz / 16 */

/* In .bss, not .data: the pristine image copy must not see a run's state. */
static uint16_t com_port;

void serial_init(uint16_t port, uint32_t baud)
{
	uint32_t div;

	com_port = port;
	if (!baud || baud > UART_CLOCK_DIV)
		baud = SERIAL_DEFAULT_BAUD;
	div = UART_CLOCK_DIV / baud;
	if (!div)
		div = 1;
	outb(port + UART_IER, 0);
	outb(port + UART_LCR, LCR_DLAB);
	outb(port + UART_DLL, div & 0xff);
	outb(port + UART_DLH, (div >> 8) & 0xff);
	outb(port + UART_LCR, LCR_8N1);
	outb(port + UART_FCR, 0x07); /* enable and clear FIFOs */
	outb(port + UART_MCR, 0x03); /* DTR, RTS */
}

uint16_t serial_port(void)
{
	return com_port ? com_port : SERIAL_COM1;
}

void serial_write(const char *s, size_t n)
{
	size_t i;

	if (!com_port)
		com_port = SERIAL_COM1;
	for (i = 0; i < n; i++) {
		/* Bounded wait: a port with no UART behind it must not hang us.
		 * A missing UART reads 0xff, which has THRE set. */
		unsigned spins = 1u << 20;

		while (!(inb(com_port + UART_LSR) & LSR_THRE) && --spins)
			cpu_relax();
		outb(com_port + UART_THR, (uint8_t)s[i]);
	}
}
