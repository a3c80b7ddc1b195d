/* SPDX-License-Identifier: MIT */
/*
 * How a run ends, defined once.  The payload ends a run with a result
 * (run_end); with exit=qemu it writes the result to QEMU's isa-debug-exit
 * device, and QEMU exits with status (value << 1) | 1 (QEMU
 * hw/misc/debugexit.c).  The host exits with the result itself and checks
 * QEMU's status against the records.
 */
#ifndef PD_RESULTS_RUNEND_H
#define PD_RESULTS_RUNEND_H

enum pd_result {
	PD_RESULT_PASS = 0,   /* every cycle as expected */
	PD_RESULT_FAIL = 1,   /* the machine misbehaved: a CPU lost, a mismatch */
	PD_RESULT_BROKEN = 2, /* the run itself failed: no end, bad input, a fault */
};

/* The isa-debug-exit device the host gives QEMU and the payload writes. */
#define PD_DEBUG_EXIT_PORT 0xf4
#define PD_DEBUG_EXIT_SIZE 4

/* QEMU's exit status for a result written to isa-debug-exit. */
static inline int pd_debug_exit_status(enum pd_result r)
{
	return ((int)r << 1) | 1;
}

/* The result QEMU's exit status carries, or -1 when QEMU did not exit
 * through isa-debug-exit (killed, crashed, a status 0). */
static inline int pd_result_of_debug_exit(int status)
{
	return (status & 1) && (status >> 1) <= PD_RESULT_BROKEN ? status >> 1 : -1;
}

#endif
