/* SPDX-License-Identifier: MIT */
/* Sorting without libc: heapsort, O(n log n) whatever the input. */
#ifndef PD_LIB_SORT_H
#define PD_LIB_SORT_H

#include <stddef.h>
#include <stdint.h>

void sort_u64(uint64_t *v, size_t n);
/* Distinct values in a sorted array. */
size_t count_distinct_u64(const uint64_t *v, size_t n);

#endif
