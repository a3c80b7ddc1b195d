/* SPDX-License-Identifier: MIT */
/*
 * CRC-32 of the records (results/crc32.c): the host's eight-bytes-a-step
 * version against the published check value and against a bit-at-a-time
 * reference written from the definition (IEEE 802.3 clause 3.2.9:
 * polynomial 0x04C11DB7, here reflected as 0xEDB88320, register preset to
 * all ones, result complemented).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "results/crc32.h"

static uint32_t crc_bitwise(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	int k;

	while (n--) {
		c ^= *p++;
		for (k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xedb88320u : c >> 1;
	}
	return ~c;
}

/* The check value of CRC-32 ("CRC-32/ISO-HDLC" in Williams' catalogue,
 * zlib's crc32()) over the ASCII digits "123456789". */
static void test_check_value(void **state)
{
	(void)state;
	assert_int_equal(pd_crc32(0, "123456789", 9), 0xcbf43926u);
	assert_int_equal(pd_crc32(0, "", 0), 0);
}

/* Every length up to three steps and then some, at every alignment. */
static void test_against_reference(void **state)
{
	uint8_t buf[300 + 8];
	size_t len, off, i;
	uint32_t x = 12345;

	(void)state;
	for (i = 0; i < sizeof(buf); i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (uint8_t)(x >> 16);
	}
	for (off = 0; off < 8; off++)
		for (len = 0; len + off <= sizeof(buf) && len <= 300; len++)
			assert_int_equal(pd_crc32(0, buf + off, len), crc_bitwise(buf + off, len));
}

/* Feeding the previous result continues the CRC, at any split point. */
static void test_continuation(void **state)
{
	static const char s[] = "@PD 5eed0001 1 42 cpu idx=3 apic=6 state=online";
	size_t n = sizeof(s) - 1, cut;
	uint32_t whole = pd_crc32(0, s, n);

	(void)state;
	assert_int_equal(whole, crc_bitwise((const uint8_t *)s, n));
	for (cut = 0; cut <= n; cut++)
		assert_int_equal(pd_crc32(pd_crc32(0, s, cut), s + cut, n - cut), whole);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_check_value),
	    cmocka_unit_test(test_against_reference),
	    cmocka_unit_test(test_continuation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
