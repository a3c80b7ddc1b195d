/* SPDX-License-Identifier: MIT */
/*
 * A serial log built in memory with the payload's own record encoder: the
 * one builder of the unit tests, the report checks and the parse benchmark.
 * Records are written between slog_begin() and slog_emit() with the
 * pd_rec_*() field writers on W.  Out of memory aborts: these are tests.
 */
#ifndef PD_TESTS_LIB_SLOG_H
#define PD_TESTS_LIB_SLOG_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results/record.h"

struct slog {
	char *buf; /* the log so far, NUL-terminated */
	size_t len, cap;
	uint32_t run, boot, seq; /* the next record's run, boot and sequence */
	/* where each record's line starts, to drop or damage chosen ones */
	size_t *starts;
	size_t nlines, lines_cap;
};

/* The record being written. */
static struct pd_rec_writer W;

static inline void *slog_grow(void *p, size_t *cap, size_t need, size_t each)
{
	if (need <= *cap)
		return p;
	*cap = need * 2;
	p = realloc(p, *cap * each);
	if (!p) {
		fprintf(stderr, "slog: out of memory (%zu bytes)\n", *cap * each);
		abort();
	}
	return p;
}

/* Appends n raw bytes (noise, a damaged line, a console message). */
static inline void slog_put(struct slog *l, const void *s, size_t n)
{
	l->buf = slog_grow(l->buf, &l->cap, l->len + n + 1, 1);
	memcpy(l->buf + l->len, s, n);
	l->len += n;
	l->buf[l->len] = 0;
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

	l->starts = slog_grow(l->starts, &l->lines_cap, l->nlines + 1, sizeof(*l->starts));
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
