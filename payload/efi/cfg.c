/* SPDX-License-Identifier: MIT */
/* The load options and PLAYDEAD.CFG: see cfg.h. */
#include "efi/cfg.h"
#include "lib/string.h"

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

size_t copy_trimmed(char *dst, size_t cap, const char *s, size_t len)
{
	size_t n = 0;

	while (len && is_space(*s))
		s++, len--;
	while (len && is_space(s[len - 1]))
		len--;
	while (n < len && n + 1 < cap) {
		dst[n] = is_space(s[n]) ? ' ' : s[n];
		n++;
	}
	dst[n] = 0;
	return len;
}

size_t load_options(const uint16_t *s, uint64_t size, char *out, size_t cap)
{
	size_t n = (size_t)(size / 2), i, w, end, k = 0;

	out[0] = 0;
	if (!s || !n)
		return 0;
	for (i = 0; i < n && s[i]; i++)
		if ((s[i] < 0x20 || s[i] > 0x7e) && s[i] != '\t')
			return 0;
	n = i;
	for (i = 0; i < n && is_space((char)s[i]); i++)
		;
	for (w = i; w < n && !is_space((char)s[w]) && s[w] != '='; w++)
		;
	if (w == n || s[w] != '=') /* no '=' in the first word */
		while (w < n && !is_space((char)s[w]))
			w++;
	else
		w = i;
	while (w < n && is_space((char)s[w]))
		w++;
	for (end = n; end > w && is_space((char)s[end - 1]); end--)
		;
	for (i = w; i < end && k + 1 < cap; i++)
		out[k++] = s[i] == '\t' ? ' ' : (char)s[i];
	out[k] = 0;
	return end - w;
}

void cfg_parse(const char *buf, size_t len, struct menu *m)
{
	size_t i = 0;

	m->n = 0;
	m->timeout = 5;
	while (i < len) {
		size_t s = i, e, bar;

		while (i < len && buf[i] != '\n')
			i++;
		e = i++;
		while (s < e && is_space(buf[s]))
			s++;
		if (s == e || buf[s] == '#')
			continue;
		if (str_starts(buf + s, e - s, "timeout ")) {
			unsigned v = 0;

			/* saturates: "timeout 4294967297" is long, not 1 s */
			for (s += 8; s < e && buf[s] >= '0' && buf[s] <= '9'; s++)
				if (v <= 600)
					v = v * 10 + (unsigned)(buf[s] - '0');
			m->timeout = v > 600 ? 600 : v;
			continue;
		}
		if (m->n >= MENU_MAX)
			continue;
		for (bar = s; bar < e && buf[bar] != '|'; bar++)
			;
		if (bar < e) {
			copy_trimmed(m->title[m->n], sizeof(m->title[0]), buf + s, bar - s);
			m->opts_off[m->n] = bar + 1;
			m->opts_len[m->n] = e - bar - 1;
		} else {
			m->opts_off[m->n] = s;
			m->opts_len[m->n] = e - s;
			copy_trimmed(m->title[m->n], sizeof(m->title[0]), buf + s, e - s);
		}
		m->n++;
	}
}
