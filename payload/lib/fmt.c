/* SPDX-License-Identifier: MIT */
#include "lib/fmt.h"

size_t fmt_dec(char *buf, uint64_t v)
{
	char tmp[20];
	size_t k = 0, n = 0;

	do {
		tmp[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (k)
		buf[n++] = tmp[--k];
	return n;
}

size_t fmt_hex(char *buf, uint64_t v)
{
	char tmp[16];
	size_t k = 0, n = 0;

	do {
		tmp[k++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	buf[n++] = '0';
	buf[n++] = 'x';
	while (k)
		buf[n++] = tmp[--k];
	return n;
}
