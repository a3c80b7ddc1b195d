/* SPDX-License-Identifier: MIT */
/*
 * For the unit tests: growing buffers, a file read whole, and a serial log
 * built in memory with the payload's own record encoder.  Include after
 * <cmocka.h>.
 */
#ifndef PD_TESTS_SLOG_H
#define PD_TESTS_SLOG_H

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "results/record.h"

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

/* ---- a synthetic serial log ---- */

struct slog {
	char *buf;
	size_t len, cap;
	uint32_t run, boot, seq;
	/* where each record's line starts, to drop or damage chosen ones */
	size_t *starts;
	size_t nlines, lines_cap;
};

/* The record being written (pd_rec_u64(&W, ...) between slog_begin and
 * slog_emit). */
static struct pd_rec_writer W;

static inline void slog_put(struct slog *l, const char *s, size_t n)
{
	grow_put(&l->buf, &l->len, &l->cap, s, n);
}

/* Starts a record of type t, numbered on from l's seq. */
static inline void slog_begin(struct slog *l, enum pd_record_type t)
{
	pd_rec_begin(&W, l->run, l->boot, l->seq++, t);
}

/* Ends the record and appends its line; returns where the line starts. */
static inline size_t slog_emit(struct slog *l)
{
	size_t at = l->len, n = pd_rec_end(&W);

	if (l->nlines == l->lines_cap) {
		l->lines_cap = l->lines_cap ? l->lines_cap * 2 : 64;
		l->starts = realloc(l->starts, l->lines_cap * sizeof(*l->starts));
		assert_non_null(l->starts);
	}
	l->starts[l->nlines++] = at;
	slog_put(l, W.buf, n);
	return at;
}

static inline void slog_free(struct slog *l)
{
	free(l->buf);
	free(l->starts);
	memset(l, 0, sizeof(*l));
}

#endif
