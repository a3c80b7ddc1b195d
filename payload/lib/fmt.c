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
