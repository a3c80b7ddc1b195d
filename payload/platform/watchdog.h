/* SPDX-License-Identifier: MIT */
/*
 * The BMC's watchdog around each cycle (IPMI v2.0 27): armed at the cycle's
 * start with a countdown from the cycle's own limits (timer use SMS/OS,
 * action hard reset), restarted at every phase, stopped at the end of the
 * schedule; and, at a boot after a reset in a cycle, the evidence of why
 * the machine restarted (the SMS/OS expiration flag, Get System Restart
 * Cause).  watchdog=off|on|auto (auto: when a BMC answers).
 */
#ifndef PD_PLATFORM_WATCHDOG_H
#define PD_PLATFORM_WATCHDOG_H

#include <stdint.h>

/* After bmc_setup(), every boot.  first: decides (and stops a watchdog an
 * earlier run left running); later boots take countdown_ds from the
 * results area (0: none). */
void watchdog_setup(int first, uint32_t countdown_ds);
/* The countdown decided (100 ms units; 0: no watchdog), for the area. */
uint32_t watchdog_countdown_ds(void);
/* The first boot's watchdog record. */
void watchdog_report(void);

void watchdog_arm(void);  /* the cycle starts */
void watchdog_pet(void);  /* a phase of the cycle is reached */
void watchdog_stop(void); /* the schedule is over */

/* What the BMC says of the restart, at a boot after a reset in a cycle. */
struct restart_evidence {
	int asked;    /* a BMC was there to ask */
	int expired;  /* the SMS/OS timer expired: the watchdog reset it */
	int flags;    /* Get Watchdog Timer's expiration flags, -1: no answer */
	int cause;    /* Get System Restart Cause's cause, -1: none */
	int cause_cc; /* its completion code, -1: no answer */
};
/* Reads the evidence, then clears the expiration flags. */
void watchdog_restart_evidence(struct restart_evidence *ev);

#endif
