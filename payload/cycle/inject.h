/* SPDX-License-Identifier: MIT */
/* inject_reset=PERCENT, inject_hang=PERCENT: a cycle resets or hangs the
 * machine on purpose, in one of its phases, as a real platform might
 * (results/inject.h picks which). */
#ifndef PD_CYCLE_INJECT_H
#define PD_CYCLE_INJECT_H

#include "results/area.h"

/* The cycle in flight has reached phase: the BMC's watchdog is restarted;
 * when the draw picked this cycle and this phase, the injection is recorded
 * and the machine reset (inject_reset) or the BSP stopped with interrupts
 * off (inject_hang); otherwise returns. */
void cycle_phase_point(enum pd_phase phase);

#endif
