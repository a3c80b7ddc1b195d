/* SPDX-License-Identifier: MIT */
/*
 * The payload's console driver (payload/report/serial.c) and the
 * relocation stub's exception message (payload/kexec/relocate_kernel.S),
 * built for the host as they are, over a fake 16550 (fake_uart.h) that
 * keeps 17 bytes (16-byte FIFO and shift register, PC16550D) and loses
 * what a writer sends past them, or never sets THRE (a dead UART).
 *
 * Expected values come from the test's own setup: the bytes sent, the
 * line's speed, and the bounds the driver states (10 ms a character as
 * Linux's wait_for_xmitr(), or four 12-bit character times at a slow baud;
 * stalled after 3 timeouts in a row).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "tests/unit/fake_uart.h"
#include "report/report.h"
#include "report/serial.h"
#include "lib/tsc.h"
#include "kexec/relocate.h"
#include "results/record.h"

#define MS 1000000ull /* ns */

extern char relocate_kernel[], relocate_kernel_end[], relocate_exception_stubs[];

static uint64_t host_tsc_khz;

static uint64_t tsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* The host's TSC rate, measured against CLOCK_MONOTONIC. */
static int measure_tsc(void **state)
{
	uint64_t t0 = fu_now_ns(), c0 = tsc(), t1, c1;

	(void)state;
	while ((t1 = fu_now_ns()) - t0 < 50 * MS)
		;
	c1 = tsc();
	host_tsc_khz = (c1 - c0) * 1000000ull / (t1 - t0);
	return host_tsc_khz ? 0 : -1;
}

static void open_uart(uint16_t port, unsigned shift, uint32_t baud, uint64_t char_ns)
{
	struct uart_cfg u;

	fake_uart_setup(port, shift, char_ns);
	uart_cfg_default(&u);
	if (!port) {
		u.space = UART_MMIO;
		u.shift = (uint8_t)shift;
		u.width = shift == 2 ? 4 : 1;
	}
	u.addr = fu.base;
	u.baud = baud;
	serial_init(&u);
	tsc_set_khz(host_tsc_khz);
}

/* A slow line (one byte every 1.1 ms, 9600 baud's pace): every byte
 * arrives in order, none overruns, no wait times out. */
static void test_slow_line_loses_nothing(void **state)
{
	static const char msg[] =
	    "@PD 1234abcd 1 0 boot version=1 a slow line keeps every byte *00000000\r\n";
	struct serial_tx_stats st;

	(void)state;
	open_uart(0x3f8, 0, 9600, 1100000);
	serial_write(msg, sizeof(msg) - 1);
	fake_uart_flush();
	serial_tx_stats(&st);
	assert_int_equal(fu.lost, 0);
	assert_int_equal(fu.nout, sizeof(msg) - 1);
	assert_memory_equal(fu.out, msg, sizeof(msg) - 1);
	assert_int_equal(st.timeouts, 0);
	assert_false(st.stalled);
}

/* 300 baud: a character is 40 ms with 12 bits, past Linux's 10 ms; the
 * bound grows with it (four character times), so nothing times out. */
static void test_very_slow_baud_waits_longer(void **state)
{
	struct serial_tx_stats st;

	(void)state;
	open_uart(0x2f8, 0, 300, 33 * MS);
	assert_int_equal(serial_char_wait_us(), 4 * 12 * 1000000 / 300);
	serial_write("slow", 4);
	fake_uart_flush();
	serial_tx_stats(&st);
	assert_int_equal(st.timeouts, 0);
	assert_int_equal(fu.lost, 0);
	assert_memory_equal(fu.out, "slow", 4);
}

/* A UART whose LSR never sets THRE: each character waits 10 ms, no more
 * (an iteration count made it ~1 s a byte where an inb costs 1 us, as the
 * trapped one here does), and after 3 in a row the UART is stalled: the
 * rest of the write and later writes cost one LSR read, nothing waits. */
static void test_dead_uart_is_bounded_by_time(void **state)
{
	char buf[64];
	struct serial_tx_stats st;
	uint64_t t0, t1, reads;
	int i;

	(void)state;
	for (i = 0; i < 64; i++)
		buf[i] = (char)('a' + i % 26);
	open_uart(0x3f8, 0, 115200, 87000);
	assert_int_equal(serial_char_wait_us(), 10000);
	fu.dead = 1;
	t0 = fu_now_ns();
	serial_write(buf, sizeof(buf));
	t1 = fu_now_ns();
	serial_tx_stats(&st);
	printf("      dead UART: 64-byte write took %.1f ms, %u timeouts, %u dropped\n",
	       (double)(t1 - t0) / 1e6, st.timeouts, st.dropped);
	assert_true(t1 - t0 >= 3 * 10 * MS); /* each wait is the full bound */
	assert_true(t1 - t0 < 3 * 10 * MS + 40 * MS);
	assert_int_equal(st.timeouts, 3);
	assert_true(st.stalled);
	assert_int_equal(st.dropped, 64 - 2); /* bytes 0 and 1 were written anyway */
	reads = fu.lsr_reads;
	t0 = fu_now_ns();
	serial_write(buf, 10);
	t1 = fu_now_ns();
	serial_tx_stats(&st);
	assert_true(t1 - t0 < 2 * MS);
	assert_int_equal(fu.lsr_reads - reads, 1);
	assert_int_equal(st.dropped, 64 - 2 + 10);
	/* The UART comes back (someone attached to the BMC console). */
	fu.dead = 0;
	serial_write("back", 4);
	fake_uart_flush();
	serial_tx_stats(&st);
	assert_false(st.stalled);
	assert_int_equal(st.timeouts, 3);
	assert_memory_equal(fu.out + fu.nout - 4, "back", 4);
}

/* Before the TSC is calibrated the driver assumes a 10 GHz TSC: no wait is
 * shorter than 10 ms, whatever the real rate (this host's is slower). */
static void test_uncalibrated_wait_is_not_shorter(void **state)
{
	struct serial_tx_stats st;
	uint64_t t0, t1;

	(void)state;
	open_uart(0x3f8, 0, 115200, 87000);
	tsc_set_khz(0);
	fu.dead = 1;
	t0 = fu_now_ns();
	serial_write("x", 1);
	t1 = fu_now_ns();
	serial_tx_stats(&st);
	assert_int_equal(st.timeouts, 1);
	assert_true(t1 - t0 >= 10 * MS);
	assert_true(host_tsc_khz < 10000000);
}

/* MMIO, 32-bit registers 4 bytes apart: the same waits. */
static void test_mmio32_slow_line(void **state)
{
	static const char msg[] = "mmio32 console, 40 bytes on a slow line.";
	struct serial_tx_stats st;

	(void)state;
	open_uart(0, 2, 115200, 300000);
	serial_write(msg, sizeof(msg) - 1);
	fake_uart_flush();
	serial_tx_stats(&st);
	assert_int_equal(fu.lost, 0);
	assert_int_equal(st.timeouts, 0);
	assert_int_equal(fu.nout, sizeof(msg) - 1);
	assert_memory_equal(fu.out, msg, sizeof(msg) - 1);
}

/* The records on the fake's line with this code, and the last one's value
 * field in val. */
static int records_with_code(const char *code, char *val, size_t cap)
{
	size_t i = 0, start = 0;
	int found = 0;

	for (i = 0; i < fu.nout; i++) {
		struct pd_record r;
		char c[32];

		if (fu.out[i] != '\n')
			continue;
		if (pd_record_parse(fu.out + start, i - start, &r) == PD_PARSE_OK &&
		    r.type == PD_REC_ERROR && pd_record_field_str(&r, PD_F_CODE, c, sizeof(c)) &&
		    !strcmp(c, code)) {
			found++;
			pd_record_field_str(&r, PD_F_VALUE, val, cap);
		}
		start = i + 1;
	}
	return found;
}

static void send_tsc_record(uint64_t khz)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_TSC);
	pd_rec_u(&w, PD_F_KHZ, khz);
	rec_send(&w);
}

/* A stall is said once, in an error record, as soon as the console works
 * again: how many characters timed out and how many bytes were dropped. */
static void test_stall_reported_once(void **state)
{
	struct serial_tx_stats st;
	char val[64] = "";
	size_t before;

	(void)state;
	open_uart(0x3f8, 0, 115200, 20000);
	report_init(0x1234abcd, 1);
	send_tsc_record(1);
	fake_uart_flush();
	before = fu.nout;
	assert_true(before > 0);
	fu.dead = 1;
	send_tsc_record(2); /* 3 timeouts, then the rest dropped */
	serial_tx_stats(&st);
	assert_true(st.stalled);
	assert_int_equal(st.timeouts, 3);
	send_tsc_record(3); /* all dropped: nobody to tell */
	assert_int_equal(records_with_code(PD_ERR_CONSOLE_STALL, val, sizeof(val)), 0);
	fu.dead = 0;
	send_tsc_record(4);
	send_tsc_record(5);
	fake_uart_flush();
	serial_tx_stats(&st);
	/* dropped: record 2 less its first 2 bytes, all of record 3 */
	assert_int_equal(records_with_code(PD_ERR_CONSOLE_STALL, val, sizeof(val)), 1);
	printf("      console_stall value=%s\n", val);
	assert_int_equal(strncmp(val, "timeouts:3,dropped:", 19), 0);
	assert_int_equal((uint32_t)strtoul(val + 19, 0, 10), st.dropped);
	assert_true(st.dropped > 2 * 30);
}

/* ---- the relocation stub ------------------------------------------------- */

/* The stub's code on a control page of its own (it finds its parameter
 * block from its own address), the UART parameters control.c writes. */
static uint8_t *stub_page(unsigned kind, uint64_t wait_us)
{
	static uint8_t *c;
	uint8_t *p;

	if (!c)
		c = mmap(0, CTRL_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(c != MAP_FAILED);
	memset(c, 0, CTRL_SIZE);
	memcpy(c + CTRL_CODE, relocate_kernel, (size_t)(relocate_kernel_end - relocate_kernel));
	p = c + CTRL_PARAMS;
	*(uint32_t *)(p + P_UART_ADDR) = (uint32_t)fu.base;
	*(uint32_t *)(p + P_UART_KIND) = kind;
	*(uint32_t *)(p + P_UART_SHIFT) = fu.shift;
	*(uint64_t *)(p + P_UART_WAIT) = wait_us * host_tsc_khz / 1000;
	return c;
}

/* Enters the stub's handler of `vector` as the CPU would; returns when it
 * halts (CLI traps in user mode). */
static void stub_exception(uint8_t *c, unsigned vector)
{
	void (*entry)(void) =
	    (void (*)(void))(c + (relocate_exception_stubs - relocate_kernel) + 8 * vector);

	if (!sigsetjmp(fake_uart_halted, 1))
		entry();
}

#define STUB_MSG "\r\nplaydead: relocation stub exception 0x0d\r\n"

static void check_stub_message(void)
{
	fake_uart_flush();
	printf("      stub: %zu of %zu bytes arrived, %zu lost\n", fu.nout, sizeof(STUB_MSG) - 1,
	       fu.lost);
	assert_int_equal(fu.lost, 0);
	assert_int_equal(fu.nout, sizeof(STUB_MSG) - 1);
	assert_memory_equal(fu.out, STUB_MSG, sizeof(STUB_MSG) - 1);
}

/* 115200 baud (87 us a byte): the 45-byte message overruns a 17-byte
 * UART unless each byte waits for THRE. */
/* An NMI (or an exception) on the CPU that holds the console, in the middle
 * of a record: the handler's own record must go out, not wait for the lock
 * forever.  A deadlock ends the test binary by SIGALRM (a failure). */
static void test_nested_record_does_not_deadlock(void **state)
{
	struct pd_rec_writer outer;
	char val[64];

	(void)state;
	open_uart(0x3f8, 0, 115200, 0);
	report_init(0x1234abcd, 1);
	rec_start(&outer, PD_REC_TSC);
	pd_rec_u(&outer, PD_F_KHZ, 1);
	alarm(5);
	report_error(PD_LEVEL_WARN, PD_ERR_UNEXPECTED_INT, "unexpected NMI");
	alarm(0);
	rec_send(&outer);
	fake_uart_flush();
	assert_int_equal(records_with_code(PD_ERR_UNEXPECTED_INT, val, sizeof(val)), 1);
	/* and the console is free again for another CPU's record */
	report_error(PD_LEVEL_WARN, PD_ERR_UNEXPECTED_INT, "unexpected NMI");
	fake_uart_flush();
	assert_int_equal(records_with_code(PD_ERR_UNEXPECTED_INT, val, sizeof(val)), 2);
}

static void test_stub_waits_for_thre_io(void **state)
{
	(void)state;
	fake_uart_setup(0x3f8, 0, 87000);
	stub_exception(stub_page(UART_KIND_IO, 10000), 13);
	check_stub_message();
}

static void test_stub_waits_for_thre_mmio8(void **state)
{
	(void)state;
	fake_uart_setup(0, 0, 87000);
	stub_exception(stub_page(UART_KIND_MMIO8, 10000), 13);
	check_stub_message();
}

static void test_stub_waits_for_thre_mmio32(void **state)
{
	(void)state;
	fake_uart_setup(0, 2, 87000);
	stub_exception(stub_page(UART_KIND_MMIO32, 10000), 13);
	check_stub_message();
}

/* A dead UART: the stub still halts, after the bound per byte. */
static void test_stub_dead_uart_halts(void **state)
{
	uint64_t t0, t1;

	(void)state;
	fake_uart_setup(0x3f8, 0, 87000);
	fu.dead = 1;
	t0 = fu_now_ns();
	stub_exception(stub_page(UART_KIND_IO, 1000), 6);
	t1 = fu_now_ns();
	assert_int_equal(fu.thr_writes, sizeof(STUB_MSG) - 1);
	assert_true(t1 - t0 >= (sizeof(STUB_MSG) - 1) * 1 * MS);
	assert_true(t1 - t0 < (sizeof(STUB_MSG) - 1) * 1 * MS + 100 * MS);
}

/* No UART: nothing touched. */
static void test_stub_no_uart(void **state)
{
	(void)state;
	fake_uart_setup(0x3f8, 0, 87000);
	stub_exception(stub_page(UART_KIND_NONE, 10000), 13);
	assert_int_equal(fu.lsr_reads + fu.thr_writes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_slow_line_loses_nothing),
	    cmocka_unit_test(test_very_slow_baud_waits_longer),
	    cmocka_unit_test(test_dead_uart_is_bounded_by_time),
	    cmocka_unit_test(test_uncalibrated_wait_is_not_shorter),
	    cmocka_unit_test(test_mmio32_slow_line),
	    cmocka_unit_test(test_stall_reported_once),
	    cmocka_unit_test(test_nested_record_does_not_deadlock),
	    cmocka_unit_test(test_stub_waits_for_thre_io),
	    cmocka_unit_test(test_stub_waits_for_thre_mmio8),
	    cmocka_unit_test(test_stub_waits_for_thre_mmio32),
	    cmocka_unit_test(test_stub_dead_uart_halts),
	    cmocka_unit_test(test_stub_no_uart),
	};

	return cmocka_run_group_tests(tests, measure_tsc, 0);
}
