/* SPDX-License-Identifier: MIT */
/* The live progress line of run and collect (stderr, on a terminal only). */
#ifndef PD_HOST_PROGRESS_H
#define PD_HOST_PROGRESS_H

#include <stddef.h>

#include "host/model/runlog.h"

/* What the line has counted so far (cycle records already judged). */
struct progress {
	size_t judged;	      /* cycle records looked at */
	unsigned long failed; /* of those, cycles that did not pass */
};

/*
 * One line, without a line end: boot, cycle k of N with the mode and
 * provocation set of the last cycle, cycles failed so far, elapsed time and
 * the estimate of what is left (from the cycles' pace), or the probe's
 * progress before the schedule.  reconnects: a TCP console's reconnections.
 */
void progress_format(char *buf, size_t cap, const struct runlog *rl, struct progress *p,
		     double elapsed, unsigned long reconnects);

#endif
