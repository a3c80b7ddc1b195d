/* SPDX-License-Identifier: MIT */
/*
 * ACPI EINJ, the firmware's error injection interface (ACPI 6.5, 18.6
 * "Error Injection"): the table walk and the injection of an uncorrectable
 * memory error, which a platform signals as a broadcast machine check.
 */
#ifndef PD_PLATFORM_EINJ_H
#define PD_PLATFORM_EINJ_H

#include <stddef.h>
#include <stdint.h>

/* Takes the EINJ table at addr (checksum already checked by the ACPI walk;
 * 0: none).  A malformed table is reported and not used. */
void einj_init(uint64_t addr);
/* A usable EINJ table is there. */
int einj_present(void);

/*
 * Runs the injection: BEGIN_INJECTION_OPERATION, GET_ERROR_TYPE, SET_ERROR_TYPE
 * (memory uncorrectable non-fatal, else fatal), EXECUTE_OPERATION, CHECK_BUSY_STATUS
 * until clear (bounded), GET_COMMAND_STATUS, the trigger table of
 * GET_TRIGGER_ERROR_ACTION_TABLE, END_OPERATION.  Each action executed is an
 * einj record.  Returns 0 when the firmware accepted it, -1 with the reason
 * in why otherwise.
 */
int einj_inject(char *why, size_t cap);

#endif
