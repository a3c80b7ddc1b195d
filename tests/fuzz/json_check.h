/* SPDX-License-Identifier: MIT */
/*
 * What the JSON report must hold whatever the log: ASCII without raw
 * control characters.  The renderer replaces non-ASCII bytes of logged
 * strings (report_json.c jstr()) and json-c escapes U+0000-U+001F, which
 * RFC 8259 section 7 forbids raw in a string (DEL may stand as it is), so
 * any other byte means a string reached the output unsanitised and strict
 * readers (UTF-8 validation, no raw control characters) would refuse it.
 * A byte scan instead of parsing the text back with json-c: that reparse
 * only exercised json-c and cost a third of each run.
 */
#ifndef PD_FUZZ_JSON_CHECK_H
#define PD_FUZZ_JSON_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static inline void fuzz_check_json_text(const char *s)
{
	const char *p;

	for (p = s; *p; p++) {
		if ((unsigned char)*p >= 0x20 && (unsigned char)*p <= 0x7f)
			continue;
		fprintf(stderr, "JSON report: byte 0x%02x at %zu: ...%.*s\n", (unsigned char)*p,
			(size_t)(p - s), (int)(p - s < 80 ? p - s : 80),
			p - (p - s < 80 ? p - s : 80));
		abort();
	}
}

#endif
