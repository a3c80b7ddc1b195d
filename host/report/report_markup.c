/* SPDX-License-Identifier: MIT */
/*
 * Markup shared by the HTML and JUnit XML reports and the fleet page:
 * escaping (every string from the machine, SMBIOS, ACPI OEM, brand, boot
 * line, goes through here, so that a firmware string holding markup shows
 * as text) and the frame of a self-contained HTML page.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>

#include "host/report/report.h"

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

static void vmarkupf(FILE *f, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void vmarkupf(FILE *f, const char *fmt, va_list ap)
{
	char *s = NULL;

	if (vasprintf(&s, fmt, ap) < 0)
		return;
	report_markup(f, s);
	free(s);
}

void report_markupf(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmarkupf(f, fmt, ap);
	va_end(ap);
}

void report_page_open(FILE *f, const char *style, const char *title_fmt, ...)
{
	va_list ap;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width\">\n",
	      f);
	/* Nothing may load from anywhere: no scripts, images or fonts. */
	fputs("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'\">\n",
	      f);
	fputs("<title>", f);
	va_start(ap, title_fmt);
	vmarkupf(f, title_fmt, ap);
	va_end(ap);
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n", style);
}

void report_page_close(FILE *f)
{
	fputs("</body>\n</html>\n", f);
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
