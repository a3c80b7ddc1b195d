/* SPDX-License-Identifier: MIT */
/* The schedule: modes x provocation sets x cycles, in that order. */
#ifndef PD_CYCLE_SCHEDULE_H
#define PD_CYCLE_SCHEDULE_H

#include <stdint.h>
#include "results/park.h"

struct sched_entry {
	enum pd_park_mode mode;
	uint32_t provoke;
};

/* Mode bits in the schedule: modes=, or every safe mode the CPU supports. */
uint32_t schedule_modes(int have_mwait);
/* Cycles in the schedule (capped at PD_AREA_MAX_CYCLES). */
uint32_t schedule_total(int have_mwait);
/* Cycle n of the schedule. */
void schedule_entry(int have_mwait, uint32_t n, struct sched_entry *e);

#endif
