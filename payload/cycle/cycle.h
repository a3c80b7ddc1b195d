/* SPDX-License-Identifier: MIT */
/* One cycle: park, provoke, hand over; and, in the next instance, judge. */
#ifndef PD_CYCLE_CYCLE_H
#define PD_CYCLE_CYCLE_H

#include <stdint.h>

/* Installs the cycle's rule for a fault nobody handled: a parked CPU that
 * faults counts a wake; the BSP with a cycle in flight resets the machine,
 * so that the next boot records the cycle as reset and goes on. */
void cycle_install(void);
/* The schedule loop: every cycle from the area's cursor to the end of the
 * schedule, each handing over to the next instance; returns when none is
 * left to run here. */
void cycles_run(void);
/* Runs cycle n from this instance.  Returns only when the cycle could not
 * run here (mode unsupported: recorded as skipped); otherwise the next
 * instance takes over. */
void cycle_run(uint32_t n);
/* New instance, before rediscovering the APs: provocations after the copy,
 * image checksum, wake counts. */
void cycle_arrive(uint64_t t_arrived);
/* New instance: INIT-SIPI-SIPI starts now. */
void cycle_rediscover(void);
/* New instance, after INIT-SIPI-SIPI: each CPU's outcome, the records. */
void cycle_finish(void);
/* Boot from firmware with a cycle in flight: that cycle reset. */
void cycle_reset_seen(void);

#endif
