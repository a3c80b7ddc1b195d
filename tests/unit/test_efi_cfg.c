/* SPDX-License-Identifier: MIT */
/*
 * The UEFI loader's text inputs (payload/efi/cfg.c, built for the host as
 * it is): PLAYDEAD.CFG as its format is documented in cfg.h and the ISO's
 * own iso/ config uses it, and load options as the UEFI shell and iPXE pass
 * them (UCS-2, the image's own name first: UEFI 2.10 section 9.1,
 * EFI_LOADED_IMAGE_PROTOCOL.LoadOptions).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "efi/cfg.h"

static struct menu m;

static void parse(const char *text)
{
	cfg_parse(text, strlen(text), &m);
}

static void test_cfg_entries(void **state)
{
	const char *cfg = "# playdead\n"
			  "timeout 3\n"
			  "All modes | modes=hlt,spin cycles=10\r\n"
			  "   \n"
			  "cycles=1 console=ttyS1,115200n8\n";

	(void)state;
	parse(cfg);
	assert_int_equal(m.timeout, 3);
	assert_int_equal(m.n, 2);
	assert_string_equal(m.title[0], "All modes");
	/* the options stay in the file: everything after the bar */
	assert_int_equal(m.opts_len[0], strlen(" modes=hlt,spin cycles=10\r"));
	assert_memory_equal(cfg + m.opts_off[0], " modes=hlt,spin", 15);
	/* an entry without a bar is titled by its options */
	assert_string_equal(m.title[1], "cycles=1 console=ttyS1,115200n8");
}

static void test_cfg_limits(void **state)
{
	char big[17 * 16 + 1];
	int i;

	(void)state;
	parse("");
	assert_int_equal(m.n, 0);
	assert_int_equal(m.timeout, 5); /* the documented default */
	parse("timeout 4294967297\n");
	assert_int_equal(m.timeout, 600); /* not 1 s after a wrap */
	parse("timeout 0\nx=1");
	assert_int_equal(m.timeout, 0);
	assert_int_equal(m.n, 1); /* last line without a newline */
	big[0] = 0;
	for (i = 0; i < 17; i++)
		strcat(big, "cycles=1 a=bcd\n");
	parse(big);
	assert_int_equal(m.n, MENU_MAX);
}

static size_t opts(const char *ascii, char *out, size_t cap)
{
	uint16_t u[128];
	size_t i;

	for (i = 0; ascii[i]; i++)
		u[i] = (uint8_t)ascii[i];
	u[i] = 0;
	return load_options(u, (i + 1) * 2, out, cap);
}

static void test_load_options(void **state)
{
	char out[32];
	uint16_t guid[8] = {0x8be4, 0xdf61, 0x93ca, 0x11d2, 0xaa0d, 0x00e0, 0x9803, 0x2b8c};

	(void)state;
	assert_int_equal(opts("playdead.efi modes=hlt cycles=3", out, sizeof(out)), 18);
	assert_string_equal(out, "modes=hlt cycles=3");
	/* a first word with '=' is an option, not the image's name */
	opts("  modes=spin\tcycles=2 ", out, sizeof(out));
	assert_string_equal(out, "modes=spin cycles=2");
	/* binary data (a boot manager's GUID) is no command line */
	assert_int_equal(load_options(guid, sizeof(guid), out, sizeof(out)), 0);
	assert_string_equal(out, "");
	/* longer than the buffer: cut, and the full length returned */
	assert_int_equal(opts("x.efi cycles=1 modes=hlt,mwait-kick,init,trampoline", out, 16),
			 45); /* 8 + 1 + 36 */
	assert_string_equal(out, "cycles=1 modes=");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cfg_entries),
	    cmocka_unit_test(test_cfg_limits),
	    cmocka_unit_test(test_load_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
