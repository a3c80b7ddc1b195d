/* SPDX-License-Identifier: MIT */
/*
 * One machine, one CPUID: which registers differ between the logical CPUs
 * of a machine, with the fields that differ by design masked
 * (cpuid_per_cpu_mask()) and, on hybrid parts, the leaves that describe a
 * core type compared only between CPUs of the same core type.  Shared by
 * the payload (live CPUs) and the host (dump files), so both judge alike.
 * Freestanding: no libc, no allocation (the caller gives the buffers).
 */
#ifndef PD_CPUID_CONSISTENCY_H
#define PD_CPUID_CONSISTENCY_H

#include <stdint.h>

#include "cpuid/cpuid.h"

/* Pseudo-leaf of a key that stands for the microcode revision. */
#define CPUID_KEY_UCODE 0xffffffffu

/* Most distinct core types the check keeps apart (hybrid parts have 2-3). */
#define CPUID_MAX_CORE_TYPES 8

/* One logical CPU as the check sees it. */
struct cpuid_cpu_view {
	const struct cpuid_raw *raw;
	uint64_t ucode;
	uint8_t ucode_ok;   /* the microcode revision is known */
	uint32_t core_type; /* cpuid_core_type(raw) */
};

/*
 * Fills *out for logical CPU i (0 is the reference, normally the BSP);
 * returns 0 when CPU i has no probe data (offline, lost), 1 otherwise.
 */
typedef int (*cpuid_view_fn)(void *ctx, uint32_t i, struct cpuid_cpu_view *out);

/* A register (or the microcode) that differs, and among which CPUs. */
struct cpuid_diff {
	uint32_t leaf, sub;
	enum cpuid_reg reg;
	uint8_t by_type;    /* compared only among CPUs of core_type */
	uint32_t core_type; /* when by_type */
};

/* The leaf describes one core type of a hybrid part (caches, TLBs,
 * frequencies, tracing, performance monitoring), not the machine. */
int cpuid_leaf_by_core_type(uint32_t leaf);

/*
 * Finds every register that differs between the CPUs: writes up to max
 * entries to out and returns how many there are (more than max when out
 * was too small).  Each CPU is compared with CPU 0 in everything but the
 * core-type leaves of another core type, and with the first CPU of its own
 * core type in those.
 */
uint32_t cpuid_find_diffs(uint32_t ncpus, cpuid_view_fn view, void *ctx, struct cpuid_diff *out,
			  uint32_t max);

/* The CPU belongs to the set of CPUs a diff was found among. */
int cpuid_diff_in_scope(const struct cpuid_diff *d, const struct cpuid_cpu_view *c);

/* The masked value a CPU reports for the diff's register; 0 when the CPU
 * does not have the leaf (or the microcode is unknown), 1 otherwise. */
int cpuid_diff_value(const struct cpuid_diff *d, const struct cpuid_cpu_view *c, uint64_t *v);

/*
 * The distinct (present, value) pairs reported by the CPUs in the diff's
 * scope, in the order first seen: up to max, returns how many (more than
 * max when they did not fit).
 */
uint32_t cpuid_diff_values(const struct cpuid_diff *d, uint32_t ncpus, cpuid_view_fn view,
			   void *ctx, uint8_t *present, uint64_t *vals, uint32_t max);

/*
 * The distinct core types among the CPUs and how many CPUs have each, in
 * the order first seen (up to max); returns how many types, 0 when the part
 * is not hybrid (every CPU has core type 0) or no CPU has probe data.
 */
uint32_t cpuid_count_core_types(uint32_t ncpus, cpuid_view_fn view, void *ctx, uint32_t *types,
				uint32_t *counts, uint32_t max);

/* Writes "core:16,atom:8" for n types into buf (cap bytes, NUL-terminated);
 * returns the length. */
uint32_t cpuid_format_core_types(const uint32_t *types, const uint32_t *counts, uint32_t n,
				 char *buf, uint32_t cap);

#endif
