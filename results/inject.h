/* SPDX-License-Identifier: MIT */
/*
 * Injected resets (option inject_reset=PERCENT, seed=N): which cycles the
 * payload resets on purpose, and in which phase.  A pure function of the
 * seed and the cycle index, so the host and the tests can tell, without the
 * stream, which cycles were to be hit.  Freestanding.
 *
 * The draw: r = splitmix64(seed << 32 | n) (Steele, Lea, Flood, "Fast
 * splittable pseudorandom number generators", OOPSLA 2014; the finalizer
 * constants of Java's SplittableRandom).  Cycle n is hit when
 * r mod 100 < PERCENT; the phase is PD_INJECT_PHASE_LIST[(r >> 32) mod 5].
 */
#ifndef PD_RESULTS_INJECT_H
#define PD_RESULTS_INJECT_H

#include <stdint.h>

#include "area.h"

#define PD_INJECT_NPHASES 5
/* The phases a reset can be injected in, in draw order. */
extern const enum pd_phase pd_inject_phase_list[PD_INJECT_NPHASES];

uint64_t pd_inject_draw(uint32_t seed, uint32_t n);
/* The phase cycle n is reset in, or PD_PHASE_NONE (percent 0..100). */
enum pd_phase pd_inject_reset_phase(uint32_t seed, uint32_t percent, uint32_t n);

/* inject_hang=PERCENT: the same draw over its own stream (the seed with
 * PD_INJECT_HANG_STREAM mixed in); a cycle drawn for a reset too is reset,
 * not hung (reset_percent: inject_reset's). */
#define PD_INJECT_HANG_STREAM 0x68616e67u /* "hang" */
enum pd_phase pd_inject_hang_phase(uint32_t seed, uint32_t percent, uint32_t reset_percent,
				   uint32_t n);

#endif
