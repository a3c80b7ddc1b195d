/* SPDX-License-Identifier: MIT */
/*
 * What the files that unwrap logs share (logwrap.c, logwrap_pass.c,
 * logwrap_lava.c): the output buffer, small byte tests and each format's
 * entry points.
 */
#ifndef PD_HOST_LOGWRAP_PARTS_H
#define PD_HOST_LOGWRAP_PARTS_H

#include <stddef.h>
#include <string.h>

#include "host/input/logwrap.h"

/* The output: unwrapped serial bytes, handed to the sink in blocks. */
static inline void out_flush(struct logwrap *w);

static inline void out_byte(struct logwrap *w, char c)
{
	if (w->out_len == sizeof(w->out))
		out_flush(w);
	w->out[w->out_len++] = c;
}

static inline void out_bytes(struct logwrap *w, const char *s, size_t n)
{
	while (n--)
		out_byte(w, *s++);
}

static inline void out_flush(struct logwrap *w)
{
	if (w->out_len)
		w->sink(w->ctx, w->out, w->out_len);
	w->out_len = 0;
}

/* Appends to a tail-keeping buffer of LW_KEEP bytes. */
static inline void keep_tail(char *buf, size_t *len, int *cut, char c)
{
	if (*len == LW_KEEP) {
		memmove(buf, buf + LW_KEEP / 2, LW_KEEP - LW_KEEP / 2);
		*len = LW_KEEP - LW_KEEP / 2;
		if (cut)
			*cut = 1;
	}
	buf[(*len)++] = c;
}

static inline int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The n bytes at s start with p. */
static inline int starts(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);

	return n >= k && !memcmp(s, p, k);
}

/* logwrap_pass.c: containers that keep each serial line whole. */
void logwrap_pass_feed(struct logwrap *w, const char *p, size_t n);
void logwrap_pass_finish(struct logwrap *w);

/* logwrap_lava.c: LAVA's YAML log. */
void logwrap_lava_byte(struct logwrap *w, char c);
void logwrap_lava_finish(struct logwrap *w);

#endif
