/* SPDX-License-Identifier: MIT */
/*
 * The BMC: found where the firmware describes it (SMBIOS type 38, else the
 * ACPI SPMI table, else a careful probe of the KCS default address, as
 * bmc= says), asked what it is (Get Device ID), and then talked to through
 * bmc_cmd().  A BMC that breaks a time limit or the KCS protocol is given up
 * for the rest of the boot, with one error record: never a hang.
 */
#ifndef PD_PLATFORM_BMC_H
#define PD_PLATFORM_BMC_H

#include <stddef.h>
#include <stdint.h>

/* Finds the BMC (every boot, quietly; after the TSC is measured: every
 * wait is TSC time). */
void bmc_setup(void);
/* The first boot's bmc record: where it was found and what it said. */
void bmc_report(void);
/* 1 when a BMC answered and has not misbehaved since. */
int bmc_usable(void);

/*
 * One request: netfn and command with n data bytes.  Returns the completion
 * code (PD_IPMI_CC_OK: rsp holds *len data bytes after it, at most cap), or
 * -1: no usable BMC, or the transfer failed (the BMC is given up; the first
 * failure is an error record) or the response was not this request's.
 */
int bmc_cmd(uint8_t netfn, uint8_t cmd, const uint8_t *data, size_t n, uint8_t *rsp, size_t cap,
	    size_t *len);

#endif
