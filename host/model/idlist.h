/* SPDX-License-Identifier: MIT */
/* Lists of APIC IDs: sorting and writing them compressed ("0-7,9"). */
#ifndef PD_HOST_IDLIST_H
#define PD_HOST_IDLIST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Sorts ids and drops repeats in place; returns the new count. */
size_t idlist_sort_unique(uint32_t *ids, size_t n);
/* Writes sorted, unique ids as ranges: "0-7,9"; "" when n is 0. */
void idlist_print(FILE *f, const uint32_t *ids, size_t n);
/* The same into a malloc'd string (NULL when out of memory). */
char *idlist_format(const uint32_t *ids, size_t n);

#endif
