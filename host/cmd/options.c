/* SPDX-License-Identifier: MIT */
/* What the commands' option parsing shares: numbers, the common options, the serial log file. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/cmd/cmd.h"

int bad_args(const char *fmt, ...)
{
	va_list ap;

	fputs("playdead: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n\n", stderr);
	usage(stderr);
	return EXIT_BROKEN;
}

int parse_uint(const char *s, unsigned long min, unsigned long max, unsigned *out)
{
	char *end;
	unsigned long v;

	if (!s[0] || s[0] == '-' || s[0] == '+')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	if (!s[0])
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v < 0 || v > 1e7)
		return -1;
	*out = v;
	return 0;
}

int common_option(int c, const char *cmd, struct common_opts *o)
{
	switch (c) {
	case OPT_TIMEOUT:
		if (parse_seconds(optarg, &o->timeout))
			return bad_args("--timeout wants seconds (0: none), not '%s'", optarg);
		return -1;
	case OPT_LOG:
		o->log_path = optarg;
		return -1;
	case OPT_JSON:
		o->json_path = optarg;
		return -1;
	case OPT_HTML:
		o->html_path = optarg;
		return -1;
	case OPT_JUNIT:
		o->junit_path = optarg;
		return -1;
	case 'v':
		o->verbose = 1;
		return -1;
	case OPT_QUIET:
		o->quiet = 1;
		return -1;
	case 'h':
		usage(stdout);
		return EXIT_PASS;
	default:
		return bad_args("%s: bad option (see usage)", cmd);
	}
}

FILE *open_log(const char *path)
{
	FILE *f;

	if (!path)
		return NULL;
	f = fopen(path, "wb");
	if (!f)
		fprintf(stderr, "playdead: cannot create %s: %s\n", path, strerror(errno));
	return f;
}

int close_log(FILE *f, const char *path)
{
	if (f && fclose(f) != 0) {
		fprintf(stderr, "playdead: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}
