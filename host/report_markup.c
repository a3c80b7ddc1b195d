/* SPDX-License-Identifier: MIT */
/*
 * Markup escaping shared by the HTML and JUnit XML reports: every string
 * from the machine (SMBIOS, ACPI OEM, brand, boot line) goes through here,
 * so that a firmware string holding markup shows as text.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>

#include "host/report.h"

void report_markup(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			/* Control bytes other than tab and newline are not allowed
			 * in XML 1.0; bytes above 0x7f would not be valid UTF-8 on
			 * their own. */
			fputc((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t' ? (int)c : '?', f);
		}
	}
}

void report_markupf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	report_markup(f, s);
	free(s);
}

int report_save(const char *path, const struct runlog *rl,
		void (*put)(FILE *f, const struct runlog *rl))
{
	FILE *f = fopen(path, "w");
	int err;

	if (!f)
		return -1;
	put(f, rl);
	err = ferror(f);
	if (fclose(f) != 0 || err) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}
