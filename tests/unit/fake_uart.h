/* SPDX-License-Identifier: MIT */
/*
 * A fake 16550 for the unit tests, reached by the payload's own code as it
 * is: port I/O traps (IN/OUT in user mode raise #GP: SIGSEGV) and is decoded
 * here; MMIO is a page with no access rights, whose faulting access is let
 * through for one single-stepped instruction (the trap flag) with the
 * register's value in place.  CLI (the relocation stub's halt) ends a run
 * through fake_uart_halted.
 *
 * The model, from the PC16550D data sheet: in FIFO mode THRE (LSR bit 5)
 * is set while the transmit FIFO is empty, TEMT (bit 6) while the FIFO and
 * the shift register are; the FIFO holds 16 bytes and the shift register
 * one, so a writer that ignores THRE loses every byte past the 17th a slow
 * line has not sent yet (overrun: counted in lost).  Each byte takes
 * char_ns on the line.  dead: LSR reads 0 and every byte is lost.
 */
#ifndef PD_TESTS_FAKE_UART_H
#define PD_TESTS_FAKE_UART_H

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <ucontext.h>

#define FU_DEPTH  17 /* 16-byte transmit FIFO + the shift register */
#define FU_LSR	  5
#define FU_LCR	  3
#define FU_THRE	  0x20
#define FU_TEMT	  0x40
#define FU_OUTMAX 4096
#define FU_TF	  0x100 /* EFLAGS.TF: single step */

struct fake_uart {
	/* set up by the test */
	int mmio;	  /* 0: I/O port at base; 1: MMIO page at base */
	uint64_t base;	  /* port, or the page's address */
	unsigned shift;	  /* registers 1 << shift apart */
	uint64_t char_ns; /* one byte on the line */
	volatile int dead;
	uint64_t revive_ns; /* a dead UART comes back then: code without a time
			       bound still returns, and fails the test's timing */
	/* state */
	uint8_t lcr, dll, dlh, other[8];
	uint8_t fifo[FU_DEPTH];
	unsigned q, head;
	uint64_t next_ns; /* when the byte in the shift register has left */
	char out[FU_OUTMAX];
	size_t nout, lost;
	uint64_t lsr_reads, thr_writes, other_io;
	/* MMIO single step */
	volatile uintptr_t step_addr;
	int step_write;
	unsigned step_reg;
};

static struct fake_uart fu;
static sigjmp_buf fake_uart_halted;

static uint64_t fu_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Bytes whose time on the line is over leave the UART. */
static void fu_advance(void)
{
	uint64_t t = fu_now_ns();

	while (fu.q && t >= fu.next_ns) {
		if (fu.nout < FU_OUTMAX)
			fu.out[fu.nout++] = (char)fu.fifo[fu.head];
		fu.head = (fu.head + 1) % FU_DEPTH;
		fu.next_ns += fu.char_ns;
		fu.q--;
	}
}

static uint8_t fu_read(unsigned reg)
{
	fu_advance();
	if (reg == FU_LSR) {
		fu.lsr_reads++;
		if (fu.dead && fu_now_ns() > fu.revive_ns)
			fu.dead = 0;
		if (fu.dead)
			return 0;
		return (uint8_t)((fu.q <= 1 ? FU_THRE : 0) | (fu.q == 0 ? FU_TEMT : 0));
	}
	if (reg == FU_LCR)
		return fu.lcr;
	if (reg <= 1 && (fu.lcr & 0x80))
		return reg ? fu.dlh : fu.dll;
	return fu.other[reg & 7];
}

static void fu_write(unsigned reg, uint8_t v)
{
	fu_advance();
	if (reg == FU_LCR) {
		fu.lcr = v;
	} else if (reg <= 1 && (fu.lcr & 0x80)) {
		*(reg ? &fu.dlh : &fu.dll) = v;
	} else if (reg == 0) {
		fu.thr_writes++;
		if (fu.dead || fu.q == FU_DEPTH) {
			fu.lost++;
			return;
		}
		if (!fu.q)
			fu.next_ns = fu_now_ns() + fu.char_ns;
		fu.fifo[(fu.head + fu.q++) % FU_DEPTH] = v;
	} else {
		fu.other[reg & 7] = v;
		fu.other_io++;
	}
}

static void fu_segv(int sig, siginfo_t *si, void *ctx)
{
	greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
	const uint8_t *ip = (const uint8_t *)g[REG_RIP];
	uintptr_t a = (uintptr_t)si->si_addr;

	(void)sig;
	if (fu.mmio && si->si_code == SEGV_ACCERR && a >= fu.base && a < fu.base + 4096) {
		unsigned reg = (unsigned)((a - fu.base) >> fu.shift);

		mprotect((void *)(uintptr_t)fu.base, 4096, PROT_READ | PROT_WRITE);
		fu.step_addr = a;
		fu.step_reg = reg;
		fu.step_write = (g[REG_ERR] & 2) != 0; /* page-fault error code W */
		if (!fu.step_write) {
			memset((void *)a, 0, (size_t)1 << fu.shift);
			*(volatile uint8_t *)a = fu_read(reg);
		}
		g[REG_EFL] |= FU_TF;
		return;
	}
	switch (ip[0]) {
	case 0xec: /* in al, dx */
		g[REG_RAX] = (g[REG_RAX] & ~0xffll) |
			     fu_read((unsigned)(((uint16_t)g[REG_RDX] - fu.base) >> fu.shift));
		g[REG_RIP] += 1;
		return;
	case 0xee: /* out dx, al */
		fu_write((unsigned)(((uint16_t)g[REG_RDX] - fu.base) >> fu.shift),
			 (uint8_t)g[REG_RAX]);
		g[REG_RIP] += 1;
		return;
	case 0xfa: /* cli: the stub halts */
		siglongjmp(fake_uart_halted, 1);
	default:
		abort();
	}
}

static void fu_trap(int sig, siginfo_t *si, void *ctx)
{
	greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;

	(void)sig;
	(void)si;
	if (!fu.step_addr)
		abort();
	if (fu.step_write)
		fu_write(fu.step_reg, *(volatile uint8_t *)fu.step_addr);
	fu.step_addr = 0;
	mprotect((void *)(uintptr_t)fu.base, 4096, PROT_NONE);
	g[REG_EFL] &= ~FU_TF;
}

/* A fresh UART: I/O port `port`, or (port 0) an MMIO page below 4 GiB,
 * as the payload's MMIO consoles are. */
static void fake_uart_setup(uint16_t port, unsigned shift, uint64_t char_ns)
{
	static void *page;
	struct sigaction sa;

	memset(&fu, 0, sizeof(fu));
	fu.shift = shift;
	fu.char_ns = char_ns;
	fu.revive_ns = fu_now_ns() + 3000000000ull;
	if (port) {
		fu.base = port;
	} else {
		if (!page)
			page = mmap(0, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1,
				    0);
		if (page == MAP_FAILED)
			abort();
		mprotect(page, 4096, PROT_NONE);
		fu.mmio = 1;
		fu.base = (uint64_t)(uintptr_t)page;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sa.sa_sigaction = fu_segv;
	sigaction(SIGSEGV, &sa, 0);
	sa.sa_sigaction = fu_trap;
	sigaction(SIGTRAP, &sa, 0);
}

/* Waits until every byte the UART took has left it. */
static void fake_uart_flush(void)
{
	while (fu.q && !fu.dead)
		fu_advance();
}

#endif
