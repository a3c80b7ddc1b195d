/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the UEFI loader's text inputs (payload/efi/cfg.c, built
 * for the host as it is).  Byte 0 bit 0 picks the parser: set, the rest is
 * UEFI load options (UCS-2, as the firmware passes them); clear, the rest
 * is a PLAYDEAD.CFG.  Checks what cfg.h promises: at most MENU_MAX entries,
 * a timeout of at most 600 s, every entry's options inside the file, titles
 * and the command line NUL-terminated within their buffers and free of
 * line breaks, the returned length at least what was written.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "efi/cfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The loader's command-line buffer is 4 KiB; a small one tests the cut. */
#define OUT_CAP 64

static void check_text(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	if (n == cap)
		abort();
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' || s[i] == '\r' || s[i] == '\t')
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct menu m;

	if (!size)
		return 0;
	if (data[0] & 1) {
		size_t n = (size - 1) / 2, len;
		uint16_t *u = malloc(n * 2 + 2);
		char out[OUT_CAP];

		if (!u)
			return 0;
		memcpy(u, data + 1, n * 2);
		len = load_options(u, (uint64_t)n * 2, out, sizeof(out));
		check_text(out, sizeof(out));
		if (len < strlen(out) || len > n)
			abort();
		for (size_t i = 0; out[i]; i++)
			if ((unsigned char)out[i] < 0x20 || (unsigned char)out[i] > 0x7e)
				abort();
		free(u);
		return 0;
	}
	/* A buffer of exactly the file's bytes: a read past it is ASan's. */
	char *buf = malloc(size - 1 ? size - 1 : 1);

	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	memset(&m, 0x5a, sizeof(m));
	cfg_parse(buf, size - 1, &m);
	if (m.n > MENU_MAX || m.timeout > 600)
		abort();
	for (unsigned i = 0; i < m.n; i++) {
		if (m.opts_off[i] > size - 1 || m.opts_len[i] > size - 1 - m.opts_off[i])
			abort();
		if (memchr(buf + m.opts_off[i], '\n', m.opts_len[i]))
			abort();
		check_text(m.title[i], sizeof(m.title[i]));
	}
	free(buf);
	return 0;
}
