/* SPDX-License-Identifier: MIT */
/* inject_reset=PERCENT: a cycle resets the machine on purpose, in one of its
 * phases, as a real platform might (results/inject.h picks which). */
#ifndef PD_CYCLE_INJECT_H
#define PD_CYCLE_INJECT_H

#include "results/area.h"

/* The cycle in flight has reached phase: when the draw picked this cycle
 * and this phase, records the injection and resets; otherwise returns. */
void inject_reset_point(enum pd_phase phase);

#endif
