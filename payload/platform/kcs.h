/* SPDX-License-Identifier: MIT */
/*
 * The KCS system interface to a BMC (IPMI v2.0 9.x), polled: one request
 * out, its response back, every state bounded in time.  The registers are
 * reached through rd/wr, so that the same code drives an I/O port, an MMIO
 * window or a unit test's model of a BMC.
 */
#ifndef PD_PLATFORM_KCS_H
#define PD_PLATFORM_KCS_H

#include <stddef.h>
#include <stdint.h>

/* Linux's KCS state machine gives the BMC 5 s to take each byte
 * (IBF_RETRY_TIMEOUT) and 5 s to give one (OBF_RETRY_TIMEOUT). */
#define KCS_WAIT_US 5000000u

/* The longest response kept; the rest of a longer one is read and
 * dropped. */
#define KCS_RSP_MAX 64

struct kcs {
	/* reg: 0 data, PD_KCS_STATUS_REG status (read) or command (write) */
	uint8_t (*rd)(const struct kcs *k, unsigned reg);
	void (*wr)(const struct kcs *k, unsigned reg, uint8_t v);
	uint64_t addr;	  /* the data register */
	unsigned spacing; /* bytes between the registers */
	uint64_t wait_us; /* each wait's limit: KCS_WAIT_US */
	void *ctx;	  /* the caller's */
};

/* A KCS on I/O ports, or memory-mapped (mapped uncached by the caller). */
void kcs_init_io(struct kcs *k, uint16_t port, unsigned spacing);
void kcs_init_mmio(struct kcs *k, uint64_t addr, unsigned spacing);

struct kcs_status {
	size_t len;	 /* the response's length (counted up to KCS_RSP_MAX) */
	const char *why; /* on failure: what went wrong, a static sentence */
	int error;	 /* on failure: GET_STATUS's error code (Table 9-5), -1: none read */
};

/*
 * Sends req (n >= 2 bytes: netfn << 2 | LUN, command, data) and reads the
 * response into rsp (up to cap bytes).  Returns 0; or -1 when a wait ran out
 * or the interface went to its error state: then it is reset with
 * GET_STATUS/ABORT (9.15), whose error code is kept.  The response's own
 * netfn, command and completion code are the caller's to check.
 */
int kcs_transact(const struct kcs *k, const uint8_t *req, size_t n, uint8_t *rsp, size_t cap,
		 struct kcs_status *st);

#endif
