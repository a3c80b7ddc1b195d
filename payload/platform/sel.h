/* SPDX-License-Identifier: MIT */
/*
 * The BMC's System Event Log (IPMI v2.0 31): playdead marks its runs in it
 * (an OEM record at the run's start, for every cycle that ended in a reset,
 * and at the end), and, at a boot after a reset in a cycle, sends the
 * entries the BMC logged since the run began (a watchdog expiry, a
 * processor IERR, a machine check, a power event), each as a sel record
 * attributed to the cycle.
 */
#ifndef PD_PLATFORM_SEL_H
#define PD_PLATFORM_SEL_H

#include <stdint.h>

/* The first boot: the SEL's clock now (0: no BMC, or it has none), for
 * the area; and the run's start mark. */
uint32_t sel_run_start(uint32_t run_id);
/* The SEL's clock now, seconds (0: no BMC, or no answer). */
uint32_t sel_now(void);
/* A mark: kind PD_SEL_MARK_*, the run, cycle n. */
void sel_mark(uint8_t kind, uint32_t run_id, uint32_t n);
/* The entries since start_time (the SEL's clock when cycle n began) and
 * after record *last (0: none reported yet; the SEL's clock counts seconds,
 * so an entry of the second the cycle began is told by its ID), as sel
 * records for cycle n; playdead's own marks left out.  *last: the last ID
 * reported. */
void sel_report_since(uint32_t start_time, uint32_t *last, uint32_t n);

#endif
