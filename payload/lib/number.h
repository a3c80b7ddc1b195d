/* SPDX-License-Identifier: MIT */
/* Reading numbers from boot options and console specs. */
#ifndef PD_LIB_NUMBER_H
#define PD_LIB_NUMBER_H

#include <stddef.h>
#include <stdint.h>

/* Decimal, or hex after 0x/0X: the whole of s[0..n), at most max; 1 and
 * *out on success, 0 (nothing written) otherwise. */
int parse_uint(const char *s, size_t n, uint64_t max, uint64_t *out);

#endif
