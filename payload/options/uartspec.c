/* SPDX-License-Identifier: MIT */
#include "options/uartspec.h"
#include "lib/number.h"
#include "lib/string.h"

/* The ports BIOSes give COM1-COM4 (ttyS0-ttyS3). */
static const uint16_t legacy_ports[4] = {0x3f8, 0x2f8, 0x3e8, 0x2e8};

/* MMIO must be identity-mapped from the first instruction on: the boot page
 * tables cover the first 4 GiB. */
#define MMIO_LIMIT (1ull << 32)
/* More than any UART clock (a few hundred MHz at most). */
#define CLOCK_MAX 1000000000u

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Splits at commas: the start and length of up to max parts; the count, or
 * max + 1 when there are more. */
static size_t split(const char *v, size_t n, const char **part, size_t *len, size_t max)
{
	size_t k = 0, i = 0;

	for (;;) {
		size_t j = i;

		while (j < n && v[j] != ',')
			j++;
		if (k == max)
			return max + 1;
		part[k] = v + i;
		len[k++] = j - i;
		if (j >= n)
			return k;
		i = j + 1;
	}
}

static void note(const char **why, const char *what)
{
	if (!*why)
		*why = what;
}

/*
 * <baud><parity><bits><flow>, as Linux's uart_parse_options() reads it,
 * except that what cannot be honoured is said (in *why) instead of being
 * dropped in silence.
 */
static void line_opts(const char *s, size_t n, struct uart_cfg *u, const char **why)
{
	size_t i = 0;
	uint64_t baud = 0;

	while (i < n && is_digit(s[i]) && baud <= 100000000)
		baud = baud * 10 + (uint64_t)(s[i++] - '0');
	if (i < n && is_digit(s[i])) {
		note(why, "baud rate too large: 115200 used");
		while (i < n && is_digit(s[i]))
			i++;
	} else if (!i) {
		note(why, "no baud rate: 115200 used");
	} else {
		u->baud = (uint32_t)baud;
		if (!uart_divisor(u)) {
			note(why, "baud rate not reachable from the UART clock: 115200 used");
			u->baud = SERIAL_DEFAULT_BAUD;
			u->clock = 0;
		}
	}
	if (i < n) {
		char p = s[i++];

		if (p == 'n' || p == 'o' || p == 'e')
			u->parity = p;
		else
			note(why, "parity is not n, o or e: none used");
	}
	if (i < n) {
		char b = s[i++];

		if (b >= '5' && b <= '8')
			u->bits = (uint8_t)(b - '0');
		else
			note(why, "data bits are not 5 to 8: 8 used");
	}
	if (i < n) {
		note(why, s[i] == 'r' ? "RTS/CTS flow control not supported: sent without"
				      : "unknown flow control: sent without");
		i++;
	}
	if (i < n)
		note(why, "characters after the line settings ignored");
}

static enum uart_spec_result done(const char *why)
{
	return why ? UART_SPEC_PARTIAL : UART_SPEC_OK;
}

/* Consoles Linux knows that are not a 16550: VGA text (tty, tty0..63),
 * hypervisor and network consoles, printers. */
static int not_uart(const char *v, size_t n)
{
	size_t i;

	if (str_starts(v, n, "hvc") || str_starts(v, n, "xvc") || str_starts(v, n, "netcon") ||
	    str_starts(v, n, "lp"))
		return 1;
	if (!str_starts(v, n, "tty"))
		return 0;
	for (i = 3; i < n && v[i] != ','; i++)
		if (!is_digit(v[i]))
			return 0;
	return 1;
}

/* uart[8250],<type>,<addr>[,<opts>[,<clock>]] and uart[8250],0x<addr>,... */
static enum uart_spec_result uart_form(const char *const *part, const size_t *len, size_t k,
				       struct uart_cfg *u, const char **why)
{
	size_t a = 2;
	uint64_t addr, clock;

	if (k < 2) {
		*why = "no I/O type and address after uart8250";
		return UART_SPEC_BAD;
	}
	if (str_eq_n(part[1], len[1], "io")) {
		u->space = UART_IO;
	} else if (str_eq_n(part[1], len[1], "mmio")) {
		u->space = UART_MMIO;
	} else if (str_eq_n(part[1], len[1], "mmio32")) {
		u->space = UART_MMIO;
		u->shift = 2;
		u->width = 4;
	} else if (str_starts(part[1], len[1], "0x")) {
		u->space = UART_MMIO; /* Linux: a bare address is MMIO */
		a = 1;
	} else {
		*why = "I/O type not supported (io, mmio and mmio32 are)";
		return UART_SPEC_BAD;
	}
	if (a >= k) {
		*why = "no address";
		return UART_SPEC_BAD;
	}
	if (!parse_uint(part[a], len[a], u->space == UART_IO ? 0xffff : ~0ull, &addr) || !addr) {
		*why = u->space == UART_IO ? "bad I/O port" : "bad MMIO address";
		return UART_SPEC_BAD;
	}
	if (u->space == UART_MMIO && addr + (8u << u->shift) > MMIO_LIMIT) {
		*why = "MMIO address above 4 GiB: not mapped at boot";
		return UART_SPEC_BAD;
	}
	u->addr = addr;
	/* The clock comes first: it decides which baud rates exist. */
	if (a + 2 < k) {
		if (parse_uint(part[a + 2], len[a + 2], CLOCK_MAX, &clock) && clock >= 16)
			u->clock = (uint32_t)clock;
		else
			note(why, "bad UART clock: 1.8432 MHz assumed");
	}
	if (a + 1 < k)
		line_opts(part[a + 1], len[a + 1], u, why);
	if (a + 3 < k)
		note(why, "parts after the UART clock ignored");
	return done(*why);
}

enum uart_spec_result uart_spec_parse(const char *v, size_t n, struct uart_cfg *u, const char **why)
{
	const char *part[6];
	size_t len[6], k;
	uint64_t port;

	*why = 0;
	uart_cfg_default(u);
	k = split(v, n, part, len, 5);
	if (str_eq_n(part[0], len[0], "uart") || str_eq_n(part[0], len[0], "uart8250"))
		return uart_form(part, len, k, u, why);
	if (k > 2) {
		*why = "more than port and line settings";
		return UART_SPEC_BAD;
	}
	if (str_starts(part[0], len[0], "ttyS") && len[0] > 4) {
		size_t i;

		for (i = 4; i < len[0] && is_digit(part[0][i]); i++)
			;
		if (i < len[0] || !parse_uint(part[0] + 4, len[0] - 4, 0xffff, &port)) {
			*why = "bad ttyS number";
			return UART_SPEC_BAD;
		}
		if (port >= 4) {
			*why = "only ttyS0-ttyS3 have known ports: give uart8250,io,<port> or "
			       "uart8250,mmio32,<addr>";
			return UART_SPEC_BAD;
		}
		u->addr = legacy_ports[port];
	} else if (not_uart(part[0], len[0])) {
		*why = "not a serial console";
		return UART_SPEC_NOT_UART;
	} else if (parse_uint(part[0], len[0], 0xffff, &port) && port) {
		u->addr = port;
	} else {
		*why = "not a 16550 UART playdead can drive (ttyS0-3, an I/O port, uart8250,...)";
		return UART_SPEC_BAD;
	}
	if (k == 2)
		line_opts(part[1], len[1], u, why);
	return done(*why);
}
