/* SPDX-License-Identifier: MIT */
/* The few libc string functions the payload needs (the compiler may also
 * emit calls to memcpy/memset/memmove/memcmp on its own). */
#ifndef PD_LIB_STRING_H
#define PD_LIB_STRING_H

#include <stddef.h>
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int str_eq_n(const char *a, size_t alen, const char *b); /* a[0..alen) == NUL-terminated b */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
