/* SPDX-License-Identifier: MIT */
#include "cycle/schedule.h"
#include "options/options.h"
#include "results/area.h"

uint32_t schedule_modes(int have_mwait)
{
	uint32_t bits = 0;
	int m;

	if (opts.modes)
		return opts.modes;
	for (m = 0; m < PD_PARK_MODE_COUNT; m++)
		if (pd_park_mode_is_safe((enum pd_park_mode)m) &&
		    (have_mwait || !pd_park_mode_needs_mwait((enum pd_park_mode)m)))
			bits |= 1u << m;
	return bits;
}

uint32_t schedule_total(int have_mwait)
{
	uint32_t modes = schedule_modes(have_mwait), count = 0;
	uint64_t n;

	for (; modes; modes &= modes - 1) /* no libgcc: count bits by hand */
		count++;
	n = (uint64_t)count * opts.nprovoke * opts.cycles;

	return n > PD_AREA_MAX_CYCLES ? PD_AREA_MAX_CYCLES : (uint32_t)n;
}

void schedule_entry(int have_mwait, uint32_t n, struct sched_entry *e)
{
	uint32_t modes = schedule_modes(have_mwait), per_mode = opts.nprovoke * opts.cycles;
	uint32_t k = per_mode ? n / per_mode : 0, rest = per_mode ? n % per_mode : 0;
	int m;

	for (m = 0; m < PD_PARK_MODE_COUNT; m++) {
		if (!(modes & (1u << m)))
			continue;
		if (!k--)
			break;
	}
	e->mode = (enum pd_park_mode)(m < PD_PARK_MODE_COUNT ? m : 0);
	e->provoke = opts.nprovoke ? opts.provoke[opts.cycles ? rest / opts.cycles : 0] : 0;
}
