/* SPDX-License-Identifier: MIT */
/*
 * For the unit tests: growing buffers and a file read whole; the serial log
 * builder is tests/lib/slog.h.  Include after <cmocka.h>.
 */
#ifndef PD_TESTS_SLOG_H
#define PD_TESTS_SLOG_H

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/lib/slog.h"

/* Appends n bytes to *p (length *len, room *cap), kept NUL-terminated. */
static inline void grow_put(char **p, size_t *len, size_t *cap, const void *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*p = realloc(*p, *cap);
		assert_non_null(*p);
	}
	memcpy(*p + *len, s, n);
	*len += n;
	(*p)[*len] = 0;
}

/* ---- a growing buffer ---- */

struct buf {
	char *p;
	size_t len, cap;
};

static inline void bput(struct buf *b, const void *s, size_t n)
{
	grow_put(&b->p, &b->len, &b->cap, s, n);
}

static inline void bputs(struct buf *b, const char *s)
{
	bput(b, s, strlen(s));
}

static inline void bprintf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline void bprintf(struct buf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	assert_true(k >= 0 && (size_t)k < sizeof(tmp));
	bput(b, tmp, (size_t)k);
}

static inline void bfree(struct buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* The whole file appended to b; 0, or -1 (errno set) when unreadable. */
static inline int read_file(const char *path, struct buf *b)
{
	char tmp[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((n = read(fd, tmp, sizeof(tmp))) > 0)
		bput(b, tmp, (size_t)n);
	close(fd);
	return n < 0 ? -1 : 0;
}

#endif
