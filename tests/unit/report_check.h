/* SPDX-License-Identifier: MIT */
/* For the unit tests: the run model of a log, and checks on its text report.
 * Include after <cmocka.h>. */
#ifndef PD_TESTS_REPORT_CHECK_H
#define PD_TESTS_REPORT_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/report/report.h"
#include "host/model/runlog.h"

/* The finished run model of a whole log. */
static inline struct runlog *model_of(const char *buf, size_t len)
{
	struct runlog *rl = runlog_new();

	assert_non_null(rl);
	runlog_feed(rl, buf, len);
	runlog_finish(rl);
	return rl;
}

/* The text report, for string checks (malloc'd). */
/* noinline: inlined, gcc 12 mistakes open_memstream's buffer for a dangling
 * pointer to a local. */
__attribute__((noinline, unused)) static char *text_of(const struct runlog *rl, int verbose)
{
	struct report_opts o = {.verbose = verbose};
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	assert_non_null(f);
	report_text(f, rl, &o);
	fclose(f);
	return s;
}

/* The text report holds want. */
static inline void assert_text(const struct runlog *rl, const char *want)
{
	char *t = text_of(rl, 0);

	if (!strstr(t, want))
		fail_msg("no \"%s\" in the report:\n%s", want, t);
	free(t);
}

#endif
