/* SPDX-License-Identifier: MIT */
/* The results area's validation and the expected-outcome matrix. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "results/area.h"
#include "results/park.h"

#define ADDR 0x2000000ull

static struct pd_area *fresh(void)
{
	struct pd_area *a = malloc(sizeof(*a));

	assert_non_null(a);
	pd_area_init(a, ADDR, 0x1234abcd);
	return a;
}

static void test_fresh_area_is_ok(void **state)
{
	struct pd_area *a = fresh();

	(void)state;
	assert_int_equal(pd_area_check(a, ADDR), PD_AREA_OK);
	assert_int_equal(a->h.run_id, 0x1234abcd);
	assert_int_equal(a->h.cursor, 0);
	free(a);
}

static void test_empty_and_moved(void **state)
{
	struct pd_area *a = fresh();

	(void)state;
	assert_int_equal(pd_area_check(a, ADDR + 0x200000), PD_AREA_MOVED);
	a->h.magic = 0;
	assert_int_equal(pd_area_check(a, ADDR), PD_AREA_EMPTY);
	free(a);
}

/* Any damage to the header is caught by its CRC, never trusted. */
static void test_every_header_bit_flip_is_caught(void **state)
{
	struct pd_area *a = fresh();
	uint8_t *h = (uint8_t *)&a->h;
	size_t i;
	int b;

	(void)state;
	for (i = sizeof(a->h.magic); i < sizeof(a->h); i += 7) {
		for (b = 0; b < 8; b += 3) {
			h[i] ^= (uint8_t)(1u << b);
			assert_int_equal(pd_area_check(a, ADDR), PD_AREA_BAD_CRC);
			h[i] ^= (uint8_t)(1u << b);
		}
	}
	assert_int_equal(pd_area_check(a, ADDR), PD_AREA_OK);
	free(a);
}

/* A header whose CRC matches but whose contents are impossible. */
static void test_impossible_fields(void **state)
{
	struct pd_area *a = fresh();

	(void)state;
	a->h.cycles_total = 3;
	a->h.cursor = 4;
	pd_area_seal(a);
	assert_int_equal(pd_area_check(a, ADDR), PD_AREA_BAD_FIELD);
	a->h.cursor = 1;
	a->h.inflight = 1;
	a->h.inflight_cycle = 3;
	pd_area_seal(a);
	assert_int_equal(pd_area_check(a, ADDR), PD_AREA_BAD_FIELD);
	a->h.inflight_cycle = 2;
	pd_area_seal(a);
	assert_int_equal(pd_area_check(a, ADDR), PD_AREA_OK);
	a->h.ncpus = PD_AREA_MAX_CPUS + 1;
	pd_area_seal(a);
	assert_int_equal(pd_area_check(a, ADDR), PD_AREA_BAD_FIELD);
	free(a);
}

static void test_provoke_names(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(pd_provoke_parse("none", 4), 0);
	assert_int_equal(pd_provoke_parse("nmi+smi", 7), PD_PROVOKE_NMI | PD_PROVOKE_SMI);
	assert_int_equal(pd_provoke_parse("monitor-write", 13), PD_PROVOKE_MONITOR_WRITE);
	assert_int_equal(pd_provoke_parse("nmi+", 4), -1);
	assert_int_equal(pd_provoke_parse("", 0), -1);
	assert_int_equal(pd_provoke_parse("bogus", 5), -1);
	pd_provoke_format(PD_PROVOKE_ALL, buf, sizeof(buf));
	assert_string_equal(buf, "monitor-write+nmi+smi+mce");
	assert_int_equal(pd_provoke_parse("mce", 3), PD_PROVOKE_MCE);
	pd_provoke_format(0, buf, sizeof(buf));
	assert_string_equal(buf, "none");
	assert_int_equal(pd_park_mode_lookup("mwait-kick", 10), PD_PARK_MWAIT_KICK);
	assert_int_equal(pd_park_mode_lookup("mwait", 5), PD_PARK_MWAIT);
	assert_int_equal(pd_park_mode_lookup("mwai", 4), -1);
}

/* The matrix: negative controls are exactly mwait, hlt / mwait-kick with
 * an NMI or a machine check after the overwrite, and init with a machine
 * check (INIT clears CR4.MCE: SDM Vol. 3A Table 10-1); everything else
 * passes on hardware. */
static void test_expected_matrix(void **state)
{
	struct pd_expect e;
	unsigned prov;
	int m;

	(void)state;
	for (m = 0; m < PD_PARK_MODE_COUNT; m++) {
		for (prov = 0; prov <= PD_PROVOKE_ALL; prov++) {
			int neg =
			    m == PD_PARK_MWAIT ||
			    ((m == PD_PARK_HLT || m == PD_PARK_MWAIT_KICK) &&
			     (prov & (PD_PROVOKE_NMI | PD_PROVOKE_MCE))) ||
			    (m == PD_PARK_INIT && (prov & PD_PROVOKE_MCE));

			pd_expect((enum pd_park_mode)m, prov, PD_HARDWARE, &e);
			assert_int_equal(e.pass, !neg);
			assert_true(e.allowed & (1u << PD_OUTCOME_OK));
			assert_true(e.allowed & (1u << PD_OUTCOME_SKIPPED));
			assert_false(e.allowed & (1u << PD_OUTCOME_LOST));
			assert_false(e.allowed & (1u << PD_OUTCOME_STRAY));
			assert_false(e.allowed & (1u << PD_OUTCOME_LATE));
			assert_non_null(e.why);
			assert_int_equal(pd_park_mode_is_safe((enum pd_park_mode)m),
					 m != PD_PARK_MWAIT);
		}
	}
	/* woke: expected from NMIs in reserved memory, never for hlt or init. */
	pd_expect(PD_PARK_TRAMPOLINE, PD_PROVOKE_NMI, PD_HARDWARE, &e);
	assert_true(e.allowed & (1u << PD_OUTCOME_WOKE));
	pd_expect(PD_PARK_HLT, 0, PD_HARDWARE, &e);
	assert_false(e.allowed & (1u << PD_OUTCOME_WOKE));
	pd_expect(PD_PARK_INIT, PD_PROVOKE_NMI, PD_HARDWARE, &e);
	assert_false(e.allowed & (1u << PD_OUTCOME_WOKE));
	/* The QEMU column: an NMI reaches wait-for-SIPI CPUs there. */
	pd_expect(PD_PARK_INIT, PD_PROVOKE_NMI, PD_QEMU_TCG, &e);
	assert_true(e.pass);
	assert_true(e.allowed & (1u << PD_OUTCOME_WOKE));
	pd_expect(PD_PARK_MWAIT_KICK, 0, PD_QEMU_TCG, &e);
	assert_true(e.pass);
	assert_true(e.allowed & (1u << PD_OUTCOME_WOKE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fresh_area_is_ok),
	    cmocka_unit_test(test_empty_and_moved),
	    cmocka_unit_test(test_every_header_bit_flip_is_caught),
	    cmocka_unit_test(test_impossible_fields),
	    cmocka_unit_test(test_provoke_names),
	    cmocka_unit_test(test_expected_matrix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
