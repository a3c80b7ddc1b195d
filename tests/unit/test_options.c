/* SPDX-License-Identifier: MIT */
/*
 * The payload's boot line parser, console specs, SPCR decoder, boot line
 * cut and UART register access, built for the host from payload/ as they
 * are.  Expected values: Linux's console=/earlycon= syntax
 * (Documentation/admin-guide/kernel-parameters.txt), the PC16550D data
 * sheet (divisor = 115200 / baud, LCR bits), Microsoft's SPCR table
 * (baud rate codes, GAS at offset 40), and a real farm's boot line
 * (../shared/field-inputs/cmdline/).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "boot/handoff.h"
#include "boot/layout.h"
#include "boot/bootinfo.h"
#include "options/options.h"
#include "report/serial.h"
#include "platform/spcr.h"
#include "options/uartspec.h"
#include "results/fields.h"

#define FARM_LINE "../shared/field-inputs/cmdline/farm-append-1032.txt"

static uint32_t nerrors(void)
{
	const struct opt_error *e;
	uint32_t dropped;

	return options_errors(&e, &dropped);
}

/* The index of the error about key, or -1. */
static int error_for(const char *key, const char *code)
{
	const struct opt_error *e;
	uint32_t dropped, n = options_errors(&e, &dropped), i;

	for (i = 0; i < n; i++)
		if (!strcmp(e[i].key, key) && !strcmp(e[i].code, code))
			return (int)i;
	return -1;
}

/* ---- the BMC and hangs -------------------------------------------------- */

/* bmc=, watchdog=, inject_hang=: the defaults, each form, and bad values
 * (kept as errors, the default left in place). */
static void test_bmc_options(void **state)
{
	(void)state;
	options_parse("");
	assert_int_equal(opts.bmc, BMC_AUTO);
	assert_int_equal(opts.watchdog, WATCHDOG_AUTO);
	assert_int_equal(opts.inject_hang, 0);
	options_parse("bmc=off watchdog=on inject_hang=25 seed=4");
	assert_int_equal(nerrors(), 0);
	assert_int_equal(opts.bmc, BMC_OFF);
	assert_int_equal(opts.watchdog, WATCHDOG_ON);
	assert_int_equal(opts.inject_hang, 25);
	options_parse("bmc=probe watchdog=off");
	assert_int_equal(opts.bmc, BMC_PROBE);
	assert_int_equal(opts.watchdog, WATCHDOG_OFF);
	options_parse("bmc=kcs:0xca2");
	assert_int_equal(nerrors(), 0);
	assert_int_equal(opts.bmc, BMC_KCS);
	assert_int_equal(opts.bmc_port, 0xca2);
	/* No port, port 0, the status register beyond the I/O space, a word
	 * not known, a percentage over 100. */
	options_parse("bmc=kcs: bmc=kcs:0 bmc=kcs:0xffff bmc=smic watchdog=maybe inject_hang=101");
	assert_int_equal(nerrors(), 6);
	assert_true(error_for("bmc", PD_ERR_BAD_OPTION) >= 0);
	assert_true(error_for("watchdog", PD_ERR_BAD_OPTION) >= 0);
	assert_true(error_for("inject_hang", PD_ERR_BAD_OPTION) >= 0);
	assert_int_equal(opts.bmc, BMC_AUTO);
	assert_int_equal(opts.watchdog, WATCHDOG_AUTO);
	assert_int_equal(opts.inject_hang, 0);
}

/* ---- ID lists --------------------------------------------------------- */

static void test_id_list_good(void **state)
{
	(void)state;
	options_parse("skip_sipi=3,5,8-11 lose=7");
	assert_int_equal(nerrors(), 0);
	assert_int_equal(opts.skip_sipi.n, 6);
	assert_int_equal(opts.skip_sipi.id[0], 3);
	assert_int_equal(opts.skip_sipi.id[5], 11);
	assert_true(id_list_has(&opts.skip_sipi, 9));
	assert_false(id_list_has(&opts.skip_sipi, 4));
	assert_int_equal(opts.lose.n, 1);
}

/* A list with any bad element applies none of it: a healthy machine must
 * not show a lost CPU because "2," applied the 2. */
static void test_id_list_bad_applies_nothing(void **state)
{
	static const char *const bad[] = {
	    "skip_sipi=2,",  "skip_sipi=1,,2", "skip_sipi=,1",
	    "skip_sipi=1,x", "skip_sipi=3-1",  "skip_sipi=1-",
	    "skip_sipi=",    "skip_sipi=0x",   "skip_sipi=4294967296",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		options_parse(bad[i]);
		assert_int_equal(opts.skip_sipi.n, 0);
		assert_true(error_for("skip_sipi", PD_ERR_BAD_OPTION) >= 0);
	}
	/* The same for every list option. */
	options_parse("lose=1,,2 ignore_stop=1,x fake_mismatch=2, fault=1,bsp fake_pat=1-");
	assert_int_equal(opts.lose.n, 0);
	assert_int_equal(opts.ignore_stop.n, 0);
	assert_int_equal(opts.fake_mismatch.n, 0);
	assert_int_equal(opts.fault.n, 0);
	assert_int_equal(opts.fault_bsp, 0);
	assert_int_equal(opts.fake_pat.n, 0);
	assert_int_equal(nerrors(), 5);
	/* fake_pat= is a list option of its own (the MSR negative control). */
	options_parse("fake_pat=2,5-6");
	assert_int_equal(nerrors(), 0);
	assert_int_equal(opts.fake_pat.n, 3);
	assert_true(id_list_has(&opts.fake_pat, 2) && id_list_has(&opts.fake_pat, 6));
	assert_false(id_list_has(&opts.fake_pat, 3));
}

/* A bad list after a good one keeps the good one, whole. */
static void test_id_list_bad_keeps_earlier(void **state)
{
	(void)state;
	options_parse("skip_sipi=3 skip_sipi=4,5,");
	assert_int_equal(opts.skip_sipi.n, 1);
	assert_int_equal(opts.skip_sipi.id[0], 3);
}

/* Lists hold as many IDs as a run holds CPUs, and not one more. */
static void test_id_list_capacity(void **state)
{
	char line[64];

	(void)state;
	snprintf(line, sizeof(line), "fault=0-%u", PD_AREA_MAX_CPUS - 1);
	options_parse(line);
	assert_int_equal(nerrors(), 0);
	assert_int_equal(opts.fault.n, PD_AREA_MAX_CPUS);
	snprintf(line, sizeof(line), "fault=0-%u", PD_AREA_MAX_CPUS);
	options_parse(line);
	assert_int_equal(opts.fault.n, 0);
	assert_true(error_for("fault", PD_ERR_BAD_OPTION) >= 0);
	options_parse("fault=5,0-4294967295");
	assert_int_equal(opts.fault.n, 0);
}

/* ---- farm lines, unknown keys ------------------------------------------ */

static void test_farm_line(void **state)
{
	static char line[8192];
	FILE *f = fopen(FARM_LINE, "r");
	size_t n;

	(void)state;
	if (!f) {
		print_message("[  SKIP    ] %s not found (run from the project root beside "
			      "../shared); skipping\n",
			      FARM_LINE);
		skip();
	}
	n = fread(line, 1, sizeof(line) - 64, f);
	fclose(f);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	assert_true(n > 900 && n < BOOTINFO_CMDLINE_MAX - 64);
	/* Its own playdead options end with cycles=0; ours come after. */
	strcpy(line + n, " cycles=12");
	options_parse(line);
	assert_int_equal(nerrors(), 0);
	assert_int_equal(opts.cycles, 12);
	assert_int_equal(opts.timing, 1);
	assert_int_equal(opts.stop_timeout_ms, 100);
	/* root= nfsroot= ip= lava_mac= rw and the dotted site tags */
	assert_true(opts.foreign >= 6);
	/* The farm's console=ttyS0,115200n8: COM1, 8N1. */
	assert_int_equal(opts.console_how, CONSOLE_UART);
	assert_int_equal(opts.console.addr, 0x3f8);
	assert_int_equal(opts.console.baud, 115200);
	assert_int_equal(opts.console.bits, 8);
	assert_int_equal(opts.console.parity, 'n');
}

static void test_unknown_and_foreign(void **state)
{
	(void)state;
	options_parse("/playdead.elf root=/dev/nfs rw quiet BOOT_IMAGE=/vmlinuz a.b=c "
		      "systemd.unit=x bogus=1 cycles");
	assert_true(error_for("bogus", PD_ERR_UNKNOWN_OPTION) >= 0);
	/* A key of ours without a value is an error, not a Linux flag. */
	assert_true(error_for("cycles", PD_ERR_BAD_OPTION) >= 0);
	assert_int_equal(nerrors(), 2);
	assert_int_equal(opts.foreign, 6);
	assert_int_equal(opts.cycles, 3);
}

/* ---- consoles ----------------------------------------------------------- */

static void test_console_linux_syntax(void **state)
{
	(void)state;
	options_parse("console=ttyS1,115200n8");
	assert_int_equal(nerrors(), 0);
	assert_int_equal(opts.console_how, CONSOLE_UART);
	assert_int_equal(opts.console.space, UART_IO);
	assert_int_equal(opts.console.addr, 0x2f8);
	assert_int_equal(opts.console.baud, 115200);

	options_parse("console=ttyS3,9600o7");
	assert_int_equal(nerrors(), 0);
	assert_int_equal(opts.console.addr, 0x2e8);
	assert_int_equal(opts.console.baud, 9600);
	assert_int_equal(opts.console.parity, 'o');
	assert_int_equal(opts.console.bits, 7);

	/* VGA beside the UART (Linux writes to both): the UART stays ours. */
	options_parse("console=ttyS1,115200 console=tty0");
	assert_int_equal(nerrors(), 0);
	assert_int_equal(opts.console.addr, 0x2f8);
	assert_int_equal(opts.foreign, 1);
	/* The last UART named wins. */
	options_parse("console=ttyS0 console=ttyS1");
	assert_int_equal(opts.console.addr, 0x2f8);
	options_parse("console=auto");
	assert_int_equal(opts.console_how, CONSOLE_AUTO);
	options_parse("");
	assert_int_equal(opts.console_how, CONSOLE_NONE);
}

/* A part that cannot be honoured: the named UART is still used, and a
 * warning says which part. */
static void test_console_partial(void **state)
{
	static const char *const partial[] = {
	    "console=ttyS1,115200n8r",	  "console=ttyS1,57601", "console=ttyS1,115200x8",
	    "console=ttyS1,115200n9",	  "console=ttyS1,n8",	 "console=ttyS1,115200n8rz",
	    "console=ttyS1,999999999999",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(partial) / sizeof(partial[0]); i++) {
		options_parse(partial[i]);
		assert_int_equal(opts.console_how, CONSOLE_UART);
		assert_int_equal(opts.console.addr, 0x2f8);
		assert_int_not_equal(uart_divisor(&opts.console), 0);
		assert_int_equal(nerrors(), 1);
		assert_true(error_for("console", PD_ERR_BAD_OPTION) >= 0);
	}
}

/* No UART can be used: an error, the console given before (or none) kept. */
static void test_console_bad(void **state)
{
	static const char *const bad[] = {
	    "console=ttyS9",
	    "console=ttyS",
	    "console=ttyS1x",
	    "console=ttyUSB0,115200",
	    "console=",
	    "console=uart8250,mmio16,0x1000",
	    "console=uart8250,mmio32,0x100000000",
	    "console=uart8250,io,0x10000",
	    "console=uart8250",
	    "console=ttyS1,115200,x",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char line[128];

		options_parse(bad[i]);
		assert_int_equal(opts.console_how, CONSOLE_NONE);
		assert_true(error_for("console", PD_ERR_BAD_OPTION) >= 0);
		snprintf(line, sizeof(line), "console=ttyS1 %s", bad[i]);
		options_parse(line);
		assert_int_equal(opts.console_how, CONSOLE_UART);
		assert_int_equal(opts.console.addr, 0x2f8);
	}
}

static void test_earlycon(void **state)
{
	(void)state;
	options_parse("earlycon=uart8250,io,0x2f8,115200");
	assert_int_equal(nerrors(), 0);
	assert_int_equal(opts.console_how, CONSOLE_NONE);
	assert_int_equal(opts.earlycon_how, CONSOLE_UART);
	assert_int_equal(opts.earlycon.space, UART_IO);
	assert_int_equal(opts.earlycon.addr, 0x2f8);

	options_parse("earlycon=uart,mmio32,0xfe001000,115200n8");
	assert_int_equal(nerrors(), 0);
	assert_int_equal(opts.earlycon.space, UART_MMIO);
	assert_int_equal(opts.earlycon.addr, 0xfe001000);
	assert_int_equal(opts.earlycon.shift, 2);
	assert_int_equal(opts.earlycon.width, 4);

	options_parse("earlycon=uart8250,mmio,0xfe002000");
	assert_int_equal(opts.earlycon.shift, 0);
	assert_int_equal(opts.earlycon.width, 1);
	options_parse("earlycon=uart8250,0xfe003000,9600");
	assert_int_equal(opts.earlycon.space, UART_MMIO);
	assert_int_equal(opts.earlycon.baud, 9600);

	/* A 48 MHz UART clock: 3 Mbaud is divisor 1 (48e6 / 16). */
	options_parse("earlycon=uart8250,mmio32,0xfe001000,3000000n8,48000000");
	assert_int_equal(nerrors(), 0);
	assert_int_equal(opts.earlycon.clock, 48000000);
	assert_int_equal(uart_divisor(&opts.earlycon), 1);

	options_parse("earlycon");
	assert_int_equal(opts.earlycon_how, CONSOLE_AUTO);
	options_parse("earlyprintk=serial,ttyS1,115200,keep");
	assert_int_equal(nerrors(), 0);
	assert_int_equal(opts.earlycon.addr, 0x2f8);
	options_parse("earlyprintk=vga");
	assert_int_equal(nerrors(), 0);
	assert_int_equal(opts.earlycon_how, CONSOLE_NONE);
	options_parse("earlycon=pl011,0x9000000");
	assert_true(error_for("earlycon", PD_ERR_BAD_OPTION) >= 0);
	assert_int_equal(opts.earlycon_how, CONSOLE_NONE);
	/* playdead's own older form: a port and a baud rate */
	options_parse("console=0x2f8,57600");
	assert_int_equal(nerrors(), 0);
	assert_int_equal(opts.console.addr, 0x2f8);
	assert_int_equal(opts.console.baud, 57600);
}

/* ---- SPCR ---------------------------------------------------------------- */

/* A revision 2 SPCR (80 bytes): interface type, GAS, baud code. */
static void spcr(uint8_t *t, uint8_t rev, uint8_t type, uint8_t space, uint8_t width, uint64_t addr,
		 uint8_t baud_code)
{
	int i;

	memset(t, 0, 96);
	memcpy(t, "SPCR", 4);
	t[4] = 80;
	t[8] = rev;
	t[36] = type;
	t[40] = space;
	t[41] = width;
	t[43] = width == 32 ? 3 : 1;
	for (i = 0; i < 8; i++)
		t[44 + i] = (uint8_t)(addr >> (8 * i));
	t[58] = baud_code;
	t[60] = 1;
}

static void test_spcr(void **state)
{
	uint8_t t[96];
	struct uart_cfg u;
	const char *why;

	(void)state;
	spcr(t, 2, 0, 1, 8, 0xc040, 7);
	assert_int_equal(spcr_decode(t, 80, &u, &why), 1);
	assert_null(why);
	assert_int_equal(u.space, UART_IO);
	assert_int_equal(u.addr, 0xc040);
	assert_int_equal(u.baud, 115200);

	spcr(t, 2, 0x12, 0, 32, 0xfe001000, 6);
	assert_int_equal(spcr_decode(t, 80, &u, &why), 1);
	assert_int_equal(u.space, UART_MMIO);
	assert_int_equal(u.shift, 2);
	assert_int_equal(u.width, 4);
	assert_int_equal(u.baud, 57600);

	/* 0: "as is", the firmware's divisor kept */
	spcr(t, 2, 1, 0, 8, 0xfe002000, 0);
	assert_int_equal(spcr_decode(t, 80, &u, &why), 1);
	assert_int_equal(u.baud, 0);
	assert_int_equal(u.shift, 0);

	/* revision 4: UART clock at 76, precise baud rate at 80 */
	spcr(t, 4, 0, 1, 8, 0x3f8, 7);
	t[4] = 88;
	t[76] = 0x00, t[77] = 0x6c, t[78] = 0xdc, t[79] = 0x02; /* 48000000 */
	t[80] = 0xc0, t[81] = 0xc6, t[82] = 0x2d, t[83] = 0x00; /* 3000000 */
	assert_int_equal(spcr_decode(t, 88, &u, &why), 1);
	assert_int_equal(u.clock, 48000000);
	assert_int_equal(u.baud, 3000000);
	assert_int_equal(uart_divisor(&u), 1);

	/* reserved baud code 5: used, with 115200, and said */
	spcr(t, 2, 0, 1, 8, 0x2f8, 5);
	assert_int_equal(spcr_decode(t, 80, &u, &why), 1);
	assert_non_null(why);
	assert_int_equal(u.baud, 115200);

	/* not usable */
	spcr(t, 2, 3, 0, 32, 0x9000000, 7); /* ARM PL011 */
	assert_int_equal(spcr_decode(t, 80, &u, &why), 0);
	assert_non_null(why);
	spcr(t, 2, 0, 1, 8, 0, 7); /* no address */
	assert_int_equal(spcr_decode(t, 80, &u, &why), 0);
	spcr(t, 2, 0, 0, 32, 0x100000000ull, 7); /* above the boot map */
	assert_int_equal(spcr_decode(t, 80, &u, &why), 0);
	spcr(t, 2, 0, 2, 8, 0x1000, 7); /* PCI config space */
	assert_int_equal(spcr_decode(t, 80, &u, &why), 0);
	spcr(t, 2, 0, 1, 8, 0x2f8, 7);
	assert_int_equal(spcr_decode(t, 60, &u, &why), 0); /* too short */
}

/* ---- the UART's registers, memory-mapped --------------------------------- */

/* serial.c on a buffer standing in for an MMIO 16550 (QEMU's x86 machines
 * have none): register n at n << shift, accesses of the configured width. */
static void test_uart_mmio_registers(void **state)
{
	static uint8_t regs[64] __attribute__((aligned(8)));
	struct uart_cfg u;

	(void)state;
	memset(regs, 0xaa, sizeof(regs));
	regs[5 * 4] = 0x20; /* LSR: THRE, the transmitter is free */
	uart_cfg_default(&u);
	u.space = UART_MMIO;
	u.addr = (uintptr_t)regs;
	u.shift = 2;
	u.width = 4;
	u.baud = 9600;
	u.parity = 'o';
	u.bits = 7;
	serial_init(&u);
	assert_int_equal(serial_port(), 0); /* an MMIO UART: no I/O port for the relocation code */
	/* divisor latch: 115200 / 9600 = 12, DLL at 0, DLH at 1 (x4) */
	assert_int_equal(regs[0], 12);
	assert_int_equal(regs[1 * 4], 0);
	/* LCR: 7 bits (10b), parity enable (bit 3), odd (bit 4 clear) */
	assert_int_equal(regs[3 * 4], 0x0a);
	assert_int_equal(regs[2 * 4], 0x07); /* FCR */
	assert_int_equal(regs[4 * 4], 0x03); /* MCR: DTR, RTS */
	/* 32-bit writes: the upper bytes of each register are written too */
	assert_int_equal(regs[3 * 4 + 1], 0);
	assert_int_equal(regs[3 * 4 + 3], 0);
	serial_write("A", 1);
	assert_int_equal(regs[0], 'A');

	/* 8-bit registers one byte apart, 8N1 at 115200 */
	memset(regs, 0xaa, sizeof(regs));
	regs[5] = 0x20;
	u.shift = 0;
	u.width = 1;
	u.baud = 115200;
	u.parity = 'n';
	u.bits = 8;
	serial_init(&u);
	assert_int_equal(regs[3], 0x03);
	assert_int_equal(regs[1], 0); /* IER, then DLH */
	assert_int_equal(regs[8], 0xaa);
	serial_write("B", 1);
	assert_int_equal(regs[0], 'B');

	/* baud 0 ("as is"): the divisor is not touched */
	memset(regs, 0xaa, sizeof(regs));
	regs[5] = 0x20;
	u.baud = 0;
	serial_init(&u);
	assert_int_equal(regs[3], 0x03);
	assert_int_equal(regs[0], 0xaa);
}

static void test_uart_name(void **state)
{
	struct uart_cfg u;
	char buf[32];

	(void)state;
	uart_cfg_default(&u);
	uart_name(&u, buf, sizeof(buf));
	assert_string_equal(buf, "io:0x3f8");
	u.space = UART_MMIO;
	u.addr = 0xfe001000;
	u.width = 4;
	uart_name(&u, buf, sizeof(buf));
	assert_string_equal(buf, "mmio32:0xfe001000");
}

/* ---- the boot line's length ---------------------------------------------- */

static struct pd_handoff *handoff(const char *line)
{
	static struct pd_handoff h;
	size_t n = strlen(line);

	memset(&h, 0, sizeof(h));
	h.magic = PD_HANDOFF_MAGIC;
	h.version = PD_HANDOFF_VERSION;
	h.size = sizeof(h);
	memcpy(h.cmdline, line, n < sizeof(h.cmdline) - 1 ? n : sizeof(h.cmdline) - 1);
	h.cmdline_len = (uint32_t)n;
	return &h;
}

/* A line of len bytes: filler options, then "cycles=12" ending at len. */
static char *long_line(size_t len)
{
	char *s = malloc(len + 1);
	size_t n = 0;

	assert_non_null(s);
	while (n + 9 + 16 < len) {
		memcpy(s + n, "lab.tag=xxxxxxx ", 16);
		n += 16;
	}
	while (n + 9 < len)
		s[n++] = ' ';
	memcpy(s + n, "cycles=12", 10);
	assert_int_equal(strlen(s), len);
	return s;
}

static void test_cmdline_4k_taken(void **state)
{
	char *s = long_line(BOOTINFO_CMDLINE_MAX - 1);

	(void)state;
	memset(&bootinfo, 0, sizeof(bootinfo));
	bootinfo_from_handoff(handoff(s));
	assert_false(bootinfo.cmdline_cut);
	assert_string_equal(bootinfo.cmdline, s);
	options_parse(bootinfo.cmdline);
	assert_int_equal(opts.cycles, 12);
	free(s);
}

/* One byte too many: "cycles=12" straddles the limit, so it is dropped
 * whole (never "cycles=1"), and the cut is where it started. */
static void test_cmdline_cut_between_options(void **state)
{
	char *s = long_line(BOOTINFO_CMDLINE_MAX);
	size_t at = BOOTINFO_CMDLINE_MAX - 9;

	(void)state;
	assert_memory_equal(s + at, "cycles=12", 9);
	memset(&bootinfo, 0, sizeof(bootinfo));
	bootinfo_from_handoff(handoff(s));
	assert_true(bootinfo.cmdline_cut);
	assert_int_equal(bootinfo.cmdline_cut_at, at);
	assert_int_equal(bootinfo.cmdline_len, BOOTINFO_CMDLINE_MAX);
	assert_string_equal(bootinfo.cmdline_lost, "cycles=12");
	assert_int_equal(strlen(bootinfo.cmdline), at);
	options_parse(bootinfo.cmdline);
	assert_int_equal(opts.cycles, 3); /* the default, not 1 */
	free(s);
}

/* The limit right after a whole option: nothing of it is lost. */
static void test_cmdline_cut_at_blank(void **state)
{
	size_t len = BOOTINFO_CMDLINE_MAX + 20;
	char *s = malloc(len + 1);

	(void)state;
	memset(s, ' ', len);
	s[len] = 0;
	memcpy(s + BOOTINFO_CMDLINE_MAX - 1 - 9, "cycles=12", 9);
	memcpy(s + BOOTINFO_CMDLINE_MAX + 5, "cycles=7", 8);
	memset(&bootinfo, 0, sizeof(bootinfo));
	bootinfo_from_handoff(handoff(s));
	assert_true(bootinfo.cmdline_cut);
	assert_int_equal(bootinfo.cmdline_cut_at, BOOTINFO_CMDLINE_MAX - 1);
	options_parse(bootinfo.cmdline);
	assert_int_equal(opts.cycles, 12);
	free(s);
}

/* The multiboot path: the info block and the line below 4 GiB, as a
 * loader leaves them (32-bit addresses, multiboot 0.6.96 section 3.3). */
static void test_cmdline_multiboot(void **state)
{
	size_t len = 6000, page = 1 << 16;
	uint8_t *low = mmap(NULL, page, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	char *s;
	uint32_t *mbi;

	(void)state;
	if (low == MAP_FAILED) {
		print_message("[  SKIP    ] no memory below 4 GiB (MAP_32BIT)\n");
		skip();
	}
	s = long_line(len);
	mbi = (uint32_t *)low;
	memset(low, 0, 256);
	memcpy(low + 256, s, len + 1);
	mbi[0] = 1u << 2; /* flags: cmdline */
	mbi[4] = (uint32_t)(uintptr_t)(low + 256);
	memset(&bootinfo, 0, sizeof(bootinfo));
	bootinfo_from_multiboot(MULTIBOOT_BOOTLOADER_MAGIC, (uint64_t)(uintptr_t)mbi);
	assert_true(bootinfo.cmdline_cut);
	assert_int_equal(bootinfo.cmdline_len, len);
	/* 16-byte "lab.tag=xxxxxxx " units: byte 4095 is the blank of unit
	 * 255, so the 4095 bytes that fit end with a whole option. */
	assert_int_equal(bootinfo.cmdline_cut_at, 4095);
	assert_int_equal(s[4095], ' ');
	assert_memory_equal(bootinfo.cmdline + 4080, "lab.tag=xxxxxxx", 16);
	options_parse(bootinfo.cmdline);
	assert_int_equal(nerrors(), 0);
	free(s);
	munmap(low, page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_id_list_good),
	    cmocka_unit_test(test_id_list_bad_applies_nothing),
	    cmocka_unit_test(test_id_list_bad_keeps_earlier),
	    cmocka_unit_test(test_id_list_capacity),
	    cmocka_unit_test(test_farm_line),
	    cmocka_unit_test(test_unknown_and_foreign),
	    cmocka_unit_test(test_console_linux_syntax),
	    cmocka_unit_test(test_console_partial),
	    cmocka_unit_test(test_console_bad),
	    cmocka_unit_test(test_earlycon),
	    cmocka_unit_test(test_spcr),
	    cmocka_unit_test(test_uart_mmio_registers),
	    cmocka_unit_test(test_uart_name),
	    cmocka_unit_test(test_cmdline_4k_taken),
	    cmocka_unit_test(test_cmdline_cut_between_options),
	    cmocka_unit_test(test_cmdline_cut_at_blank),
	    cmocka_unit_test(test_cmdline_multiboot),
	    cmocka_unit_test(test_bmc_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
