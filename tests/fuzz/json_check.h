/* SPDX-License-Identifier: MIT */
/*
 * What the JSON report must hold whatever the log: printable ASCII only.
 * The renderer replaces non-ASCII bytes of logged strings (report_json.c
 * jstr()) and json-c escapes control characters, so a raw byte outside
 * 0x20-0x7e means a string reached the output unsanitised: strict readers
 * (UTF-8 validation, no raw control characters, RFC 8259 section 7) would
 * refuse the document.  A byte scan instead of parsing the text back with
 * json-c: that reparse only exercised json-c and cost a third of each run.
 */
#ifndef PD_FUZZ_JSON_CHECK_H
#define PD_FUZZ_JSON_CHECK_H

#include <stdlib.h>

static inline void fuzz_check_json_text(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			abort();
}

#endif
