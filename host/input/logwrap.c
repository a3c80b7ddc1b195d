/* SPDX-License-Identifier: MIT */
/*
 * Unwrapping logs as farms store them (see logwrap.h): the container told
 * from the first line that has something on it, then the bytes handed to
 * its reader (logwrap_lava.c for LAVA, logwrap_pass.c for the others).
 */
#include "host/input/logwrap.h"
#include "host/input/logwrap_parts.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

/* ---- telling the container ---- */

/* The first line that has something on it decides. */
static void decide(struct logwrap *w)
{
	const char *s = w->sniff, *end = s + w->sniff_len, *p;
	size_t n;

	w->decided = 1;
	while (s < end && (*s == '\n' || is_blank(*s)))
		s++;
	if (end - s >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) /* UTF-8 byte order mark */
		s += 3;
	n = (size_t)(end - s);
	if (starts(s, n, "Script started on ")) {
		w->info.format = LW_TYPESCRIPT;
		w->info.style = "script";
	} else if (starts(s, n, "picocom v")) {
		w->info.format = LW_TYPESCRIPT;
		w->info.style = "picocom";
	} else if (starts(s, n, "- {")) {
		/* - {"dt": or - {dt: (or lvl/msg first from another writer) */
		p = s + 3;
		while (p < end && *p == ' ')
			p++;
		if (p < end && (*p == '"' || *p == '\''))
			p++;
		n = (size_t)(end - p);
		if (starts(p, n, "dt") || starts(p, n, "lvl") || starts(p, n, "msg"))
			w->info.format = LW_LAVA;
	}
	if (w->info.format == LW_LAVA) {
		for (p = w->sniff; p < end; p++)
			logwrap_lava_byte(w, *p);
	} else {
		logwrap_pass_feed(w, w->sniff, w->sniff_len);
	}
	w->sniff_len = 0;
}

void logwrap_init(struct logwrap *w, lw_sink sink, void *ctx)
{
	memset(w, 0, sizeof(*w));
	w->sink = sink;
	w->ctx = ctx;
	w->info.format = LW_SERIAL;
}

void logwrap_feed(struct logwrap *w, const void *buf, size_t n)
{
	const char *p = buf, *end = p + n;

	while (!w->decided && p < end) {
		size_t i;
		int blank = 1;

		w->sniff[w->sniff_len++] = *p++;
		if (w->sniff[w->sniff_len - 1] != '\n' && w->sniff_len < LW_SNIFF)
			continue;
		for (i = 0; i < w->sniff_len; i++)
			if (w->sniff[i] != '\n' && !is_blank(w->sniff[i]))
				blank = 0;
		if (!blank || w->sniff_len == LW_SNIFF)
			decide(w);
	}
	if (w->info.format == LW_LAVA) {
		while (p < end)
			logwrap_lava_byte(w, *p++);
		out_flush(w);
	} else if (p < end) {
		logwrap_pass_feed(w, p, (size_t)(end - p));
	}
}

void logwrap_finish(struct logwrap *w)
{
	if (!w->decided)
		decide(w);
	if (w->info.format == LW_LAVA)
		logwrap_lava_finish(w);
	else
		logwrap_pass_finish(w);
}

const char *logwrap_format_name(enum lw_format f)
{
	switch (f) {
	case LW_LAVA:
		return "lava-yaml";
	case LW_TIMESTAMPED:
		return "timestamped";
	case LW_CONSERVER:
		return "conserver";
	case LW_TYPESCRIPT:
		return "typescript";
	case LW_SERIAL:
		break;
	}
	return "serial";
}

const char *logwrap_format_title(enum lw_format f)
{
	switch (f) {
	case LW_LAVA:
		return "LAVA job log";
	case LW_TIMESTAMPED:
		return "timestamped serial log";
	case LW_CONSERVER:
		return "conserver log";
	case LW_TYPESCRIPT:
		return "terminal capture";
	case LW_SERIAL:
		break;
	}
	return "serial log";
}

static void add_text(char *buf, size_t cap, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add_text(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (*len >= cap)
		return;
	va_start(ap, fmt);
	k = vsnprintf(buf + *len, cap - *len, fmt, ap);
	va_end(ap);
	if (k > 0)
		*len += (size_t)k < cap - *len ? (size_t)k : cap - *len - 1;
}

void logwrap_describe(const struct lw_info *in, char *buf, size_t cap)
{
	char name[sizeof(in->name)];
	size_t len = 0, i;

	if (!cap)
		return;
	buf[0] = 0;
	/* a file name is anybody's bytes: printable ASCII only */
	for (i = 0; i + 1 < sizeof(name) && in->name[i]; i++)
		name[i] = in->name[i] >= 0x20 && in->name[i] < 0x7f ? in->name[i] : '?';
	name[i] = 0;
	add_text(buf, cap, &len, "%s", logwrap_format_title(in->format));
	if (name[0])
		add_text(buf, cap, &len, " (%s)", name);
	switch (in->format) {
	case LW_LAVA:
		add_text(buf, cap, &len, ", %" PRIu64 " target lines", in->serial - in->feedback);
		if (in->feedback)
			add_text(buf, cap, &len, " and %" PRIu64 " feedback lines", in->feedback);
		add_text(buf, cap, &len, ", %" PRIu64 " dispatcher message%s", in->other,
			 in->other == 1 ? "" : "s");
		if (in->bad)
			add_text(buf, cap, &len,
				 ", %" PRIu64 " lines not LAVA entries (read as they are)",
				 in->bad);
		if (in->truncated)
			add_text(buf, cap, &len, ", the log ends inside an entry (cut)");
		if (in->cut)
			add_text(buf, cap, &len,
				 ", %" PRIu64 " messages before their level kept only in part",
				 in->cut);
		break;
	case LW_TIMESTAMPED:
		add_text(buf, cap, &len, ", %s stamps on %" PRIu64 " of %" PRIu64 " lines",
			 in->style ? in->style : "time", in->serial, in->lines);
		break;
	case LW_CONSERVER:
		add_text(buf, cap, &len, ", %" PRIu64 " lines, %" PRIu64 " [-- --] markers",
			 in->lines, in->markers);
		break;
	case LW_TYPESCRIPT:
		add_text(buf, cap, &len, ", %s, %" PRIu64 " lines",
			 in->style ? in->style : "capture", in->lines);
		break;
	case LW_SERIAL:
		add_text(buf, cap, &len, ", %" PRIu64 " lines", in->lines);
		break;
	}
}
