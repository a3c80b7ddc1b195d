/* SPDX-License-Identifier: MIT */
/* Its own file: the fuzz build leaves this byte loop out of coverage
 * (tests/fuzz/nocov.txt), which needs it out of line. */
#include "lib/checksum.h"

uint8_t checksum8(const void *p, uint32_t n)
{
	const uint8_t *b = p;
	uint8_t s = 0;

	while (n--)
		s += *b++;
	return s;
}
