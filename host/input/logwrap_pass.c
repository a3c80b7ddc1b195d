/* SPDX-License-Identifier: MIT */
/*
 * Unwrapping logs (see logwrap.c): containers that keep the serial lines.
 *
 * Other containers keep each serial line whole after a prefix (a timestamp)
 * or between markers; the record parser finds a record anywhere in a line,
 * so they are passed on unchanged and only told apart for the report.
 */
#include "host/input/logwrap.h"
#include "host/input/logwrap_parts.h"

/* ---- timestamp styles of pass-through lines ---- */

static const char *const style_names[] = {
    NULL, "syslog date", "ISO 8601", "seconds", "clock time", "YYYY/MM/DD date",
};

static int digits(const char *s, size_t n, size_t at, size_t count)
{
	size_t i;

	if (at + count > n)
		return 0;
	for (i = 0; i < count; i++)
		if (s[at + i] < '0' || s[at + i] > '9')
			return 0;
	return 1;
}

/* HH:MM:SS at s[at], with an optional fraction; returns the end, 0 if not. */
static size_t clock_at(const char *s, size_t n, size_t at)
{
	if (!digits(s, n, at, 2) || at + 8 > n || s[at + 2] != ':' || !digits(s, n, at + 3, 2) ||
	    s[at + 5] != ':' || !digits(s, n, at + 6, 2))
		return 0;
	at += 8;
	if (at < n && (s[at] == '.' || s[at] == ',') && digits(s, n, at + 1, 1))
		for (at++; at < n && s[at] >= '0' && s[at] <= '9'; at++)
			;
	return at;
}

/* A timestamp ends in a blank or the closing bracket of an opening one. */
static int stamp_end(const char *s, size_t n, size_t at, int bracket)
{
	if (bracket) {
		if (at >= n || s[at] != ']')
			return 0;
		at++;
	}
	return at < n && (s[at] == ' ' || s[at] == '\t');
}

/* Which timestamp opens the line (index in style_names), 0 none.  The
 * Linux kernel's "[    1.234567] " (seconds right-aligned with blanks) is
 * the machine's own output, not a wrapper's. */
static int line_style(const char *s, size_t n)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	size_t at = 0, e;
	int br = 0, m;

	if (n && s[0] == '[') {
		br = 1;
		at = 1;
	}
	/* Nov 30 12:00:01 (ts's default %b %d %H:%M:%S; syslog pads the day) */
	for (m = 0; m < 12 && at + 4 <= n; m++) {
		if (memcmp(s + at, months + 3 * m, 3) || s[at + 3] != ' ')
			continue;
		e = at + 4;
		if (e < n && s[e] == ' ')
			e++;
		if (!digits(s, n, e, 1))
			return 0;
		e += digits(s, n, e, 2) ? 2 : 1;
		if (e < n && s[e] == ' ' && (e = clock_at(s, n, e + 1)) && stamp_end(s, n, e, br))
			return 1;
		return 0;
	}
	/* 2026-11-30T12:00:01.123456+00:00 or 2026-11-30 12:00:01 */
	if (digits(s, n, at, 4) && at + 11 <= n && s[at + 4] == '-' && digits(s, n, at + 5, 2) &&
	    s[at + 7] == '-' && digits(s, n, at + 8, 2) &&
	    (s[at + 10] == 'T' || s[at + 10] == ' ')) {
		e = clock_at(s, n, at + 11);
		if (!e)
			return 0;
		if (e < n && s[e] == 'Z')
			e++;
		else if (e < n && (s[e] == '+' || s[e] == '-') && digits(s, n, e + 1, 2)) {
			e += 3;
			if (e < n && s[e] == ':')
				e++;
			if (digits(s, n, e, 2))
				e += 2;
		}
		return stamp_end(s, n, e, br) ? 2 : 0;
	}
	/* 2026/11/30 12:00:01 */
	if (digits(s, n, at, 4) && at + 11 <= n && s[at + 4] == '/' && digits(s, n, at + 5, 2) &&
	    s[at + 7] == '/' && digits(s, n, at + 8, 2) && s[at + 10] == ' ') {
		e = clock_at(s, n, at + 11);
		return e && stamp_end(s, n, e, br) ? 5 : 0;
	}
	/* [12345.678901] or grabserial's [12345.678901 0.000123]: digits right
	 * after the bracket (the kernel pads with blanks) */
	if (br && digits(s, n, at, 1)) {
		e = at;
		while (e < n && s[e] >= '0' && s[e] <= '9')
			e++;
		if (e < n && s[e] == '.' && digits(s, n, e + 1, 1)) {
			for (e++;
			     e < n && ((s[e] >= '0' && s[e] <= '9') || s[e] == '.' || s[e] == ' ');
			     e++)
				if (s[e] == ' ' && e + 1 < n && s[e + 1] == ']')
					break;
			if (stamp_end(s, n, e, 1))
				return 3;
		}
	}
	/* 12:00:01 (ts -s / -i) */
	e = clock_at(s, n, at);
	return e && stamp_end(s, n, e, br) ? 4 : 0;
}

static void classify_head(struct logwrap *w)
{
	size_t i;
	int blank = 1;

	w->head_done = 1;
	for (i = 0; i < w->head_len; i++)
		if (w->head[i] != ' ' && w->head[i] != '\t' && w->head[i] != '\r')
			blank = 0;
	if (blank)
		return;
	w->nonempty++;
	w->styled[line_style(w->head, w->head_len)]++;
	/* conserver: "[-- MARK -- Mon Nov 30 12:00:00 2026]", "[-- Console up -- ...]" */
	if (w->head_len >= 4 && !memcmp(w->head, "[-- ", 4))
		w->info.markers++;
}

/* Pass-through: the bytes go on unchanged, each line start is classified. */
void logwrap_pass_feed(struct logwrap *w, const char *p, size_t n)
{
	size_t i;

	out_flush(w);
	if (n)
		w->sink(w->ctx, p, n);
	for (i = 0; i < n; i++) {
		if (p[i] == '\n') {
			if (!w->head_done)
				classify_head(w);
			w->info.lines++;
			w->head_len = 0;
			w->head_done = 0;
			continue;
		}
		if (w->head_done)
			continue;
		w->head[w->head_len++] = p[i];
		if (w->head_len == LW_HEAD)
			classify_head(w);
	}
}

/* The input ended: the last line classified, and the container told from
 * how the lines were stamped. */
void logwrap_pass_finish(struct logwrap *w)
{
	size_t best = 0, i;

	if (w->head_len) {
		if (!w->head_done)
			classify_head(w);
		w->info.lines++;
		w->head_len = 0;
	}
	if (w->info.format == LW_TYPESCRIPT)
		return;
	for (i = 1; i < sizeof(w->styled) / sizeof(w->styled[0]); i++)
		if (w->styled[i] > w->styled[best])
			best = i;
	/* Nearly every line stamped: a wrapper's, not the machine's output. */
	if (best && w->styled[best] * 10 >= w->nonempty * 9 &&
	    best < sizeof(style_names) / sizeof(style_names[0])) {
		w->info.format = LW_TIMESTAMPED;
		w->info.style = style_names[best];
		w->info.serial = w->styled[best];
	} else if (w->info.markers) {
		w->info.format = LW_CONSERVER;
	}
}
