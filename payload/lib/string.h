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

/* a[0..alen) == NUL-terminated b.  Inline: the boot line parser also builds
 * on the host, for its unit tests, without this file's libc stand-ins. */
static inline int str_eq_n(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen; i++)
		if (!b[i] || a[i] != b[i])
			return 0;
	return b[alen] == 0;
}

/* s[0..n) starts with the NUL-terminated prefix (inline, as str_eq_n). */
static inline int str_starts(const char *s, size_t n, const char *prefix)
{
	size_t i;

	for (i = 0; prefix[i]; i++)
		if (i >= n || s[i] != prefix[i])
			return 0;
	return 1;
}

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
