/* SPDX-License-Identifier: MIT */
/* The serial record codec (results/record.c): encoder and decoder together. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "results/crc32.h"
#include "results/fields.h"
#include "results/record.h"

/* Ends w and returns the line without its "\r\n". */
static size_t finish(struct pd_rec_writer *w)
{
	size_t n = pd_rec_end(w);

	assert_true(n >= 2);
	assert_int_equal(w->buf[n - 2], '\r');
	assert_int_equal(w->buf[n - 1], '\n');
	return n - 2;
}

static void str_field_is(const struct pd_record *r, const char *key, const char *want,
			 size_t want_len)
{
	char got[PD_RECORD_MAX];

	assert_int_equal(pd_record_field_str(r, key, got, sizeof(got)), 1);
	assert_int_equal(strlen(got), want_len);
	assert_memory_equal(got, want, want_len);
}

static void test_round_trip(void **state)
{
	static const char tricky[] = "a \"quoted\" back\\slash\ttab\x01\x7f\xff end";
	struct pd_rec_writer w;
	struct pd_record r;
	uint64_t u;
	int64_t i;
	size_t n;

	(void)state;
	pd_rec_begin(&w, 0xdeadbeef, 7, 123456, PD_REC_ERROR);
	pd_rec_u(&w, "u0", 0);
	pd_rec_u(&w, "umax", UINT64_MAX);
	pd_rec_i(&w, "ineg", INT64_MIN);
	pd_rec_i(&w, "ipos", INT64_MAX);
	pd_rec_i(&w, "ismall", -42);
	pd_rec_x(&w, "x", 0xfee00000);
	pd_rec_x(&w, "x0", 0);
	pd_rec_s(&w, "plain", "GenuineIntel");
	pd_rec_s(&w, "token", "a.b_c-d:e/f,g+h");
	pd_rec_s(&w, "space", "QEMU Virtual CPU");
	pd_rec_s(&w, "empty", "");
	pd_rec_s(&w, "tricky", tricky);
	pd_rec_sn(&w, "nul", "a\0b", 3);
	assert_int_equal(w.overflow, 0);
	n = finish(&w);

	assert_int_equal(pd_record_parse(w.buf, n, &r), PD_PARSE_OK);
	assert_int_equal(r.run, 0xdeadbeef);
	assert_int_equal(r.boot, 7);
	assert_int_equal(r.seq, 123456);
	assert_int_equal(r.type, PD_REC_ERROR);
	assert_int_equal(r.type_len, strlen("error"));
	assert_memory_equal(r.type_name, "error", r.type_len);

	assert_int_equal(pd_record_field_u64(&r, "u0", &u), 1);
	assert_int_equal(u, 0);
	assert_int_equal(pd_record_field_u64(&r, "umax", &u), 1);
	assert_true(u == UINT64_MAX);
	assert_int_equal(pd_record_field_i64(&r, "ineg", &i), 1);
	assert_true(i == INT64_MIN);
	assert_int_equal(pd_record_field_i64(&r, "ipos", &i), 1);
	assert_true(i == INT64_MAX);
	assert_int_equal(pd_record_field_i64(&r, "ismall", &i), 1);
	assert_int_equal(i, -42);
	assert_int_equal(pd_record_field_u64(&r, "x", &u), 1);
	assert_int_equal(u, 0xfee00000);
	assert_int_equal(pd_record_field_u64(&r, "x0", &u), 1);
	assert_int_equal(u, 0);
	str_field_is(&r, "plain", "GenuineIntel", 12);
	str_field_is(&r, "token", "a.b_c-d:e/f,g+h", 15);
	str_field_is(&r, "space", "QEMU Virtual CPU", 16);
	str_field_is(&r, "empty", "", 0);
	str_field_is(&r, "tricky", tricky, sizeof(tricky) - 1);
	/* The NUL comes back as a NUL: the C string ends there. */
	str_field_is(&r, "nul", "a", 1);
	/* Absent and mistyped fields. */
	assert_int_equal(pd_record_field_u64(&r, "missing", &u), 0);
	assert_int_equal(pd_record_field_u64(&r, "plain", &u), 0);
	assert_int_equal(pd_record_field_u64(&r, "ineg", &u), 0);
	/* A key that is a suffix or prefix of another is not it. */
	assert_int_equal(pd_record_field_u64(&r, "max", &u), 0);
	assert_int_equal(pd_record_field_u64(&r, "u", &u), 0);
}

static void test_round_trip_text(void **state)
{
	struct pd_rec_writer w;
	struct pd_record r;
	size_t n;
	static const char line[] = "CPUID 00000000: 0000000d-756e6547-6c65746e-49656e69";

	(void)state;
	pd_rec_begin(&w, 1, 1, 5, PD_REC_DUMP);
	pd_rec_text(&w, line);
	n = finish(&w);
	assert_int_equal(pd_record_parse(w.buf, n, &r), PD_PARSE_OK);
	assert_int_equal(r.type, PD_REC_DUMP);
	assert_int_equal(r.body_len, strlen(line));
	assert_memory_equal(r.body, line, r.body_len);

	/* Control bytes in free text become '?', so a line stays one line. */
	pd_rec_begin(&w, 1, 1, 6, PD_REC_DUMP);
	pd_rec_text(&w, "a\nb\rc\x01");
	n = finish(&w);
	assert_int_equal(pd_record_parse(w.buf, n, &r), PD_PARSE_OK);
	assert_int_equal(r.body_len, 6);
	assert_memory_equal(r.body, "a?b?c?", 6);
}

static void test_every_record_type(void **state)
{
	struct pd_rec_writer w;
	struct pd_record r;
	int t;

	(void)state;
	for (t = 0; t < PD_REC_COUNT; t++) {
		size_t n;

		pd_rec_begin(&w, 0x12345678, 1, (uint32_t)t, (enum pd_record_type)t);
		pd_rec_u(&w, PD_F_IDX, (uint64_t)t);
		n = finish(&w);
		assert_int_equal(pd_record_parse(w.buf, n, &r), PD_PARSE_OK);
		assert_int_equal(r.type, t);
		assert_string_equal(pd_record_name((enum pd_record_type)t), pd_record_name(r.type));
		assert_int_equal(pd_record_lookup(pd_record_name((enum pd_record_type)t),
						  strlen(pd_record_name((enum pd_record_type)t))),
				 t);
	}
	for (t = 0; t < PD_OUTCOME_COUNT; t++) {
		const char *s = pd_outcome_name((enum pd_outcome)t);

		assert_int_equal(pd_outcome_lookup(s, strlen(s)), t);
	}
	for (t = 0; t < PD_CPU_STATE_COUNT; t++) {
		const char *s = pd_cpu_state_name((enum pd_cpu_state)t);

		assert_int_equal(pd_cpu_state_lookup(s, strlen(s)), t);
	}
	assert_int_equal(pd_cpu_state_lookup("onlin", 5), -1);
	assert_int_equal(pd_outcome_lookup("okay", 4), -1);
}

static int is_hex_letter(char c)
{
	return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static void test_bit_flips(void **state)
{
	struct pd_rec_writer w;
	struct pd_record r;
	char line[PD_RECORD_MAX + 16];
	size_t n, i, crc_start;
	int bit;

	(void)state;
	pd_rec_begin(&w, 0xcafe0001, 2, 99, PD_REC_CPU);
	pd_rec_u(&w, PD_F_IDX, 3);
	pd_rec_u(&w, PD_F_APIC, 6);
	pd_rec_s(&w, PD_F_STATE, "online");
	pd_rec_u(&w, PD_F_UP_US, 1234);
	pd_rec_x(&w, PD_F_UCODE, 0x1000065);
	pd_rec_s(&w, "what", "with spaces and \"quotes\"");
	n = finish(&w);
	crc_start = n - 8;
	assert_int_equal(pd_record_parse(w.buf, n, &r), PD_PARSE_OK);

	for (i = 0; i < n; i++) {
		for (bit = 0; bit < 8; bit++) {
			enum pd_parse_result res;

			memcpy(line, w.buf, n);
			line[i] = (char)(line[i] ^ (1 << bit));
			/* The CRC digits are read case-insensitively: a flipped
			 * case bit there leaves the same number and an intact
			 * record. */
			if (i >= crc_start && bit == 5 && is_hex_letter(w.buf[i]))
				continue;
			res = pd_record_parse(line, n, &r);
			if (i < PD_RECORD_PREFIX_LEN + 1)
				/* The prefix itself is gone: the line is noise. */
				assert_int_equal(res, PD_PARSE_NONE);
			else
				assert_int_equal(res, PD_PARSE_CORRUPT);
		}
	}
	/* A cut line (as when a console drops the rest) is corrupt too. */
	for (i = PD_RECORD_PREFIX_LEN + 1; i < n; i++)
		assert_int_equal(pd_record_parse(w.buf, i, &r), PD_PARSE_CORRUPT);
}

static void test_noise(void **state)
{
	struct pd_rec_writer w;
	struct pd_record r;
	char line[1024];
	size_t n;
	int len;

	(void)state;
	pd_rec_begin(&w, 0xabcdef01, 1, 0, PD_REC_TSC);
	pd_rec_u(&w, PD_F_KHZ, 2400000);
	n = finish(&w);

	/* Firmware output before the prefix on the same line. */
	len = snprintf(line, sizeof(line), "\x1b[2J\x1b[01;01HBdsDxe: loading @P@PD%.*s",
		       (int)n - 3, w.buf + 3);
	assert_int_equal(pd_record_parse(line, (size_t)len, &r), PD_PARSE_OK);
	assert_int_equal(r.type, PD_REC_TSC);
	assert_int_equal(r.run, 0xabcdef01);

	/* Lines without the prefix are noise, whatever they hold. */
	assert_int_equal(pd_record_parse("", 0, &r), PD_PARSE_NONE);
	assert_int_equal(pd_record_parse("SeaBIOS (version 1.16)", 22, &r), PD_PARSE_NONE);
	assert_int_equal(pd_record_parse("@PD", 3, &r), PD_PARSE_NONE);
	assert_int_equal(pd_record_parse("email me@PDX.org", 16, &r), PD_PARSE_NONE);
	assert_int_equal(pd_record_parse("\0\0\0\xff", 4, &r), PD_PARSE_NONE);
	/* The prefix and junk: corrupt. */
	assert_int_equal(pd_record_parse("@PD 1 2 3", 9, &r), PD_PARSE_CORRUPT);
	assert_int_equal(pd_record_parse("@PD ", 4, &r), PD_PARSE_CORRUPT);

	/* The line end is optional and '\r' is ignored. */
	assert_int_equal(pd_record_parse(w.buf, n + 2, &r), PD_PARSE_OK);
	assert_int_equal(pd_record_parse(w.buf, n + 1, &r), PD_PARSE_OK);
}

static void test_overflow(void **state)
{
	struct pd_rec_writer w;
	struct pd_record r;
	char big[2000];
	uint64_t cut;
	size_t n;

	(void)state;
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	pd_rec_begin(&w, 1, 1, 1, PD_REC_ERROR);
	pd_rec_s(&w, PD_F_CODE, "x");
	pd_rec_s(&w, PD_F_WHAT, big);
	pd_rec_u(&w, PD_F_APIC, 5);
	assert_int_equal(w.overflow, 1);
	n = finish(&w);
	assert_true(n <= PD_RECORD_MAX);
	assert_int_equal(pd_record_parse(w.buf, n, &r), PD_PARSE_OK);
	assert_int_equal(pd_record_field_u64(&r, "cut", &cut), 1);
	assert_int_equal(cut, 1);

	/* Quoted values that overflow: still a well-formed, parseable line. */
	memset(big, '"', 600);
	big[600] = 0;
	pd_rec_begin(&w, 1, 1, 2, PD_REC_ERROR);
	pd_rec_s(&w, PD_F_WHAT, big);
	n = finish(&w);
	assert_true(n <= PD_RECORD_MAX);
	assert_int_equal(pd_record_parse(w.buf, n, &r), PD_PARSE_OK);

	/* pd_rec_room counts down to 0 and never wraps. */
	assert_int_equal(pd_rec_room(&w), 0);
}

struct ids {
	uint32_t v[64];
	size_t n;
};

static void collect_id(uint32_t id, void *ctx)
{
	struct ids *s = ctx;

	if (s->n < 64)
		s->v[s->n] = id;
	s->n++;
}

static int parse_ids(const char *s, uint32_t max, struct ids *out)
{
	memset(out, 0, sizeof(*out));
	return pd_id_list_parse(s, strlen(s), max, collect_id, out);
}

static void test_id_lists(void **state)
{
	static const char *const bad[] = {
	    ",",  "1,", ",1",  "1,,2",	      "3-1",	       "a",	"1--2", "-1",
	    "1-", "0x", "1 2", "99999999999", "0-99999999999", "1-2-3",
	};
	struct ids ids;
	size_t i;

	(void)state;
	assert_int_equal(parse_ids("0-3,8", 100, &ids), 1);
	assert_int_equal(ids.n, 5);
	assert_int_equal(ids.v[0], 0);
	assert_int_equal(ids.v[3], 3);
	assert_int_equal(ids.v[4], 8);

	assert_int_equal(parse_ids("4294967295", 100, &ids), 1);
	assert_int_equal(ids.n, 1);
	assert_true(ids.v[0] == UINT32_MAX);
	assert_int_equal(parse_ids("7", 1, &ids), 1);
	assert_int_equal(parse_ids("5-5", 1, &ids), 1);
	assert_int_equal(ids.n, 1);

	/* An empty list is no IDs, not an error. */
	assert_int_equal(parse_ids("", 100, &ids), 1);
	assert_int_equal(ids.n, 0);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse_ids(bad[i], 100, &ids), 0);

	/* The bound holds across ranges and single IDs. */
	assert_int_equal(parse_ids("0-9", 10, &ids), 1);
	assert_int_equal(parse_ids("0-9", 9, &ids), 0);
	assert_int_equal(parse_ids("0-4,5-9,10", 10, &ids), 0);
	/* A huge range fails before producing anything. */
	assert_int_equal(parse_ids("0-4294967295", 1000, &ids), 0);
	assert_int_equal(ids.n, 0);
}

/* A well-formed line with a good CRC, written by hand. */
static size_t hand_line(char *buf, size_t cap, const char *content)
{
	int n = snprintf(buf, cap, "%s *%08x", content,
			 (unsigned)pd_crc32(0, content, strlen(content)));

	return (size_t)n;
}

static void test_unknown_type(void **state)
{
	struct pd_record r;
	char line[256];
	uint64_t v;
	size_t n;

	(void)state;
	n = hand_line(line, sizeof(line), "@PD 0000abcd 3 17 frobnicate mode=mwait woke=2");
	assert_int_equal(pd_record_parse(line, n, &r), PD_PARSE_OK);
	assert_int_equal(r.type, PD_REC_UNKNOWN);
	assert_int_equal(r.type_len, 10);
	assert_memory_equal(r.type_name, "frobnicate", 10);
	assert_int_equal(r.run, 0xabcd);
	assert_int_equal(r.boot, 3);
	assert_int_equal(r.seq, 17);
	assert_int_equal(pd_record_field_u64(&r, "woke", &v), 1);
	assert_int_equal(v, 2);

	/* Records without a body. */
	n = hand_line(line, sizeof(line), "@PD 0000abcd 3 18 end");
	assert_int_equal(pd_record_parse(line, n, &r), PD_PARSE_OK);
	assert_int_equal(r.type, PD_REC_END);
	assert_int_equal(r.body_len, 0);

	/* Good CRC, bad envelope: still corrupt. */
	n = hand_line(line, sizeof(line), "@PD abcd 3 18 end");
	assert_int_equal(pd_record_parse(line, n, &r), PD_PARSE_CORRUPT);
	n = hand_line(line, sizeof(line), "@PD 0000abcd 03 18 end");
	assert_int_equal(pd_record_parse(line, n, &r), PD_PARSE_CORRUPT);
	n = hand_line(line, sizeof(line), "@PD 0000abcd 3 x end");
	assert_int_equal(pd_record_parse(line, n, &r), PD_PARSE_CORRUPT);
	n = hand_line(line, sizeof(line), "@PD 0000abcd 3 4294967296 end");
	assert_int_equal(pd_record_parse(line, n, &r), PD_PARSE_CORRUPT);
	n = hand_line(line, sizeof(line), "@PD 0000abcd 3 1");
	assert_int_equal(pd_record_parse(line, n, &r), PD_PARSE_CORRUPT);
}

static void test_malformed_fields(void **state)
{
	struct pd_record r;
	char line[256], s[64];
	uint64_t v;
	size_t n;

	(void)state;
	/* An unterminated quote hides the fields after it. */
	n = hand_line(line, sizeof(line), "@PD 00000001 1 1 error what=\"open a=1");
	assert_int_equal(pd_record_parse(line, n, &r), PD_PARSE_OK);
	assert_int_equal(pd_record_field_str(&r, "what", s, sizeof(s)), 0);
	assert_int_equal(pd_record_field_u64(&r, "a", &v), 0);
	/* Bad escapes. */
	n = hand_line(line, sizeof(line), "@PD 00000001 1 2 error what=\"\\xZZ\"");
	assert_int_equal(pd_record_parse(line, n, &r), PD_PARSE_OK);
	assert_int_equal(pd_record_field_str(&r, "what", s, sizeof(s)), 0);
	/* A free-text body has no fields. */
	n = hand_line(line, sizeof(line), "@PD 00000001 1 3 dump CPUID 00000000: a=b");
	assert_int_equal(pd_record_parse(line, n, &r), PD_PARSE_OK);
	assert_int_equal(pd_record_field_str(&r, "a", s, sizeof(s)), 0);
	/* Truncation into a small buffer stays NUL-terminated. */
	n = hand_line(line, sizeof(line),
		      "@PD 00000001 1 4 smbios bios_vendor=\"American Megatrends\"");
	assert_int_equal(pd_record_parse(line, n, &r), PD_PARSE_OK);
	assert_int_equal(pd_record_field_str(&r, PD_F_BIOS_VENDOR, s, 5), 1);
	assert_string_equal(s, "Amer");
	/* Numbers out of range. */
	n = hand_line(line, sizeof(line), "@PD 00000001 1 5 tsc khz=18446744073709551616");
	assert_int_equal(pd_record_parse(line, n, &r), PD_PARSE_OK);
	assert_int_equal(pd_record_field_u64(&r, PD_F_KHZ, &v), 0);
	n = hand_line(line, sizeof(line), "@PD 00000001 1 6 tsc khz=0x10000000000000000");
	assert_int_equal(pd_record_parse(line, n, &r), PD_PARSE_OK);
	assert_int_equal(pd_record_field_u64(&r, PD_F_KHZ, &v), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_round_trip_text),
	    cmocka_unit_test(test_every_record_type),
	    cmocka_unit_test(test_bit_flips),
	    cmocka_unit_test(test_noise),
	    cmocka_unit_test(test_overflow),
	    cmocka_unit_test(test_id_lists),
	    cmocka_unit_test(test_unknown_type),
	    cmocka_unit_test(test_malformed_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
