/* SPDX-License-Identifier: MIT */
/*
 * Summary statistics of measured values (SMI time per cycle, AP bring-up
 * latency per CPU): one way to compute them, so every report agrees.
 */
#ifndef PD_HOST_STATS_H
#define PD_HOST_STATS_H

#include <stddef.h>
#include <stdint.h>

/* How many values, and the least, median and greatest of them; all 0 when
 * there are none. */
struct stats_spread {
	size_t count;
	uint64_t min, median, max;
};

/* Sorts the n values in v and sets *out from them; an even count takes the
 * mean of the two middle values as its median (rounded down). */
void stats_spread(uint64_t *v, size_t n, struct stats_spread *out);

#endif
