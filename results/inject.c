/* SPDX-License-Identifier: MIT */
#include "inject.h"

const enum pd_phase pd_inject_phase_list[PD_INJECT_NPHASES] = {
    PD_PHASE_STOP, PD_PHASE_PROVOKE, PD_PHASE_HANDOVER, PD_PHASE_ARRIVED, PD_PHASE_REDISCOVER,
};

uint64_t pd_inject_draw(uint32_t seed, uint32_t n)
{
	uint64_t z = (((uint64_t)seed << 32) | n) + 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

enum pd_phase pd_inject_reset_phase(uint32_t seed, uint32_t percent, uint32_t n)
{
	uint64_t r;

	if (!percent)
		return PD_PHASE_NONE;
	r = pd_inject_draw(seed, n);
	if (r % 100 >= percent)
		return PD_PHASE_NONE;
	return pd_inject_phase_list[(r >> 32) % PD_INJECT_NPHASES];
}

enum pd_phase pd_inject_hang_phase(uint32_t seed, uint32_t percent, uint32_t reset_percent,
				   uint32_t n)
{
	if (pd_inject_reset_phase(seed, reset_percent, n) != PD_PHASE_NONE)
		return PD_PHASE_NONE;
	return pd_inject_reset_phase(seed ^ PD_INJECT_HANG_STREAM, percent, n);
}
