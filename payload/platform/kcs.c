/* SPDX-License-Identifier: MIT */
/*
 * KCS transfers as IPMI v2.0 9.15 draws them (Figures 9-6 and 9-7): the
 * write phase (WRITE_START, every byte but the last, WRITE_END, the last
 * byte), the read phase (a byte per READ until the BMC goes idle, then a
 * dummy byte), and the error exit (GET_STATUS/ABORT).  Every wait for IBF
 * to clear or OBF to set is bounded by k->wait_us.
 */
#include "platform/kcs.h"
#include "arch/x86/insn.h"
#include "lib/tsc.h"
#include "results/ipmi.h"

#define DATA 0

static uint8_t io_rd(const struct kcs *k, unsigned reg)
{
	return inb((uint16_t)(k->addr + reg * k->spacing));
}

static void io_wr(const struct kcs *k, unsigned reg, uint8_t v)
{
	outb((uint16_t)(k->addr + reg * k->spacing), v);
}

static uint8_t mmio_rd(const struct kcs *k, unsigned reg)
{
	return *(volatile uint8_t *)(uintptr_t)(k->addr + reg * k->spacing);
}

static void mmio_wr(const struct kcs *k, unsigned reg, uint8_t v)
{
	*(volatile uint8_t *)(uintptr_t)(k->addr + reg * k->spacing) = v;
}

void kcs_init_io(struct kcs *k, uint16_t port, unsigned spacing)
{
	k->rd = io_rd;
	k->wr = io_wr;
	k->addr = port;
	k->spacing = spacing;
	k->wait_us = KCS_WAIT_US;
	k->ctx = 0;
}

void kcs_init_mmio(struct kcs *k, uint64_t addr, unsigned spacing)
{
	kcs_init_io(k, 0, spacing);
	k->rd = mmio_rd;
	k->wr = mmio_wr;
	k->addr = addr;
}

static uint8_t status(const struct kcs *k)
{
	return k->rd(k, PD_KCS_STATUS_REG);
}

/* IBF clear: the BMC took the last byte.  Returns the status, or -1. */
static int wait_ibf_clear(const struct kcs *k)
{
	uint64_t deadline = tsc_deadline(k->wait_us);
	uint8_t s;

	while ((s = status(k)) & PD_KCS_IBF)
		if (rdtsc() > deadline)
			return -1;
	return s;
}

/* OBF set: a byte to read.  Returns 0, or -1. */
static int wait_obf_set(const struct kcs *k)
{
	uint64_t deadline = tsc_deadline(k->wait_us);

	while (!(status(k) & PD_KCS_OBF))
		if (rdtsc() > deadline)
			return -1;
	return 0;
}

static void clear_obf(const struct kcs *k)
{
	if (status(k) & PD_KCS_OBF)
		(void)k->rd(k, DATA);
}

/* IBF clear in the write state, OBF cleared: ready for the next write. */
static int ready_to_write(const struct kcs *k, struct kcs_status *st)
{
	int s = wait_ibf_clear(k);

	if (s < 0) {
		st->why = "KCS: the BMC did not take a request byte in time (IBF stayed set)";
		return -1;
	}
	if (PD_KCS_STATE(s) != PD_KCS_WRITE) {
		st->why = "KCS: the BMC left the write state in the middle of a request";
		return -1;
	}
	clear_obf(k);
	return 0;
}

/* 9.15, "Error Exit": GET_STATUS/ABORT, a zero byte, the status code
 * read back, then the interface idle again.  Keeps the code in st. */
static void abort_transfer(const struct kcs *k, struct kcs_status *st)
{
	int s;

	if (wait_ibf_clear(k) < 0)
		return;
	k->wr(k, PD_KCS_STATUS_REG, PD_KCS_GET_STATUS);
	if (wait_ibf_clear(k) < 0)
		return;
	clear_obf(k);
	k->wr(k, DATA, 0);
	s = wait_ibf_clear(k);
	if (s < 0 || PD_KCS_STATE(s) != PD_KCS_READ || wait_obf_set(k))
		return;
	st->error = k->rd(k, DATA);
	k->wr(k, DATA, PD_KCS_READ_BYTE);
	s = wait_ibf_clear(k);
	if (s < 0 || PD_KCS_STATE(s) != PD_KCS_IDLE || wait_obf_set(k))
		return;
	(void)k->rd(k, DATA);
}

static int write_phase(const struct kcs *k, const uint8_t *req, size_t n, struct kcs_status *st)
{
	size_t i;

	if (wait_ibf_clear(k) < 0) {
		st->why = "KCS: the interface stayed busy before the request (IBF set)";
		return -1;
	}
	clear_obf(k);
	k->wr(k, PD_KCS_STATUS_REG, PD_KCS_WRITE_START);
	for (i = 0; i + 1 < n; i++) {
		if (ready_to_write(k, st))
			return -1;
		k->wr(k, DATA, req[i]);
	}
	if (ready_to_write(k, st))
		return -1;
	k->wr(k, PD_KCS_STATUS_REG, PD_KCS_WRITE_END);
	if (ready_to_write(k, st))
		return -1;
	k->wr(k, DATA, req[n - 1]);
	return 0;
}

/* IBF clear and out of the write state: a BMC still working on the
 * request stays in it a while after the last byte.  Returns the status,
 * or -1. */
static int wait_answer_state(const struct kcs *k)
{
	uint64_t deadline = tsc_deadline(k->wait_us);
	uint8_t s;

	while (((s = status(k)) & PD_KCS_IBF) || PD_KCS_STATE(s) == PD_KCS_WRITE)
		if (rdtsc() > deadline)
			return -1;
	return s;
}

static int read_phase(const struct kcs *k, uint8_t *rsp, size_t cap, struct kcs_status *st)
{
	for (;;) {
		int s = wait_answer_state(k);
		uint8_t b;

		if (s < 0) {
			st->why = "KCS: the BMC did not answer in time (IBF set, or still in the "
				  "write state)";
			return -1;
		}
		if (PD_KCS_STATE(s) == PD_KCS_IDLE) {
			if (wait_obf_set(k)) {
				st->why = "KCS: no closing byte after the response (OBF never set)";
				return -1;
			}
			(void)k->rd(k, DATA); /* the dummy byte */
			return 0;
		}
		if (PD_KCS_STATE(s) != PD_KCS_READ) {
			st->why = "KCS: the BMC went to the error state while answering";
			return -1;
		}
		if (wait_obf_set(k)) {
			st->why = "KCS: the BMC gave no response byte in time (OBF never set)";
			return -1;
		}
		b = k->rd(k, DATA);
		if (st->len < cap)
			rsp[st->len] = b;
		if (st->len < KCS_RSP_MAX)
			st->len++;
		k->wr(k, DATA, PD_KCS_READ_BYTE);
	}
}

int kcs_transact(const struct kcs *k, const uint8_t *req, size_t n, uint8_t *rsp, size_t cap,
		 struct kcs_status *st)
{
	st->len = 0;
	st->why = 0;
	st->error = -1;
	if (n < 2) {
		st->why = "KCS: a request needs a netfn and a command";
		return -1;
	}
	if (write_phase(k, req, n, st) || read_phase(k, rsp, cap, st)) {
		abort_transfer(k, st);
		return -1;
	}
	return 0;
}
