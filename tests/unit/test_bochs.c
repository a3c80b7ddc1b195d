/* SPDX-License-Identifier: MIT */
/*
 * Which Bochs ran (host/input/bochs.c): the version in the banner of its
 * log, as Debian's Bochs 2.7 (bookworm) and 3.0 (built by make bochs) write
 * it, so that a run on a Bochs older than the MWAIT fixes says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "host/input/bochs.h"

static int version_of(const char *text, unsigned *major, unsigned *minor)
{
	return bochs_banner_version(text, strlen(text), major, minor);
}

/* The log lines of Debian's bochs 2.7+dfsg-4 and of 3.0+dfsg-1 built from
 * its source, as each wrote them. */
static void test_real_banners(void **state)
{
	unsigned major = 0, minor = 0;

	(void)state;
	assert_int_equal(version_of("00000000000i[      ] reading configuration from bochsrc\n"
				    "00000000000i[      ] Bochs x86 Emulator 2.7\n",
				    &major, &minor),
			 0);
	assert_int_equal(major, 2);
	assert_int_equal(minor, 7);
	assert_int_equal(
	    version_of("====\n                        Bochs x86 Emulator 3.0\n", &major, &minor),
	    0);
	assert_int_equal(major, 3);
	assert_int_equal(minor, 0);
}

/* No banner, a cut one, a version without its minor part: no version. */
static void test_no_version(void **state)
{
	unsigned major = 7, minor = 7;

	(void)state;
	assert_int_equal(version_of("", &major, &minor), -1);
	assert_int_equal(version_of("Bochs x86 Emulator ", &major, &minor), -1);
	assert_int_equal(version_of("Bochs x86 Emulator 3", &major, &minor), -1);
	assert_int_equal(version_of("Bochs x86 Emulator 3.", &major, &minor), -1);
	assert_int_equal(version_of("Bochs x86 Emulator x.y", &major, &minor), -1);
	assert_int_equal(major, 7);
	assert_int_equal(minor, 7);
	/* The length bounds the search: the banner past it is not read. */
	assert_int_equal(bochs_banner_version("Bochs x86 Emulator 3.0", 21, &major, &minor), -1);
}

/* A cut first banner does not hide a whole one later. */
static void test_second_banner(void **state)
{
	unsigned major = 0, minor = 0;

	(void)state;
	assert_int_equal(
	    version_of("Bochs x86 Emulator \nBochs x86 Emulator 2.8\n", &major, &minor), 0);
	assert_int_equal(major, 2);
	assert_int_equal(minor, 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_real_banners),
	    cmocka_unit_test(test_no_version),
	    cmocka_unit_test(test_second_banner),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
