/* SPDX-License-Identifier: MIT */
/*
 * Tests of host/cpuid/identify.c (naming CPUs with the libcpuid built from Debian's
 * source package) and of the topology playdead reports for a dump
 * (cpuid/decode.c, host/cpuid/cpuid_report.c), on real dumps in ../shared
 * (field-inputs/ and cpuid-dumps/; skipped with a message when absent) and
 * on synthetic leaves.
 *
 * Expected codenames come from the vendors' product names: Xeon Platinum
 * 8570 is 5th Gen Xeon Scalable (Emerald Rapids), EPYC 9654 is 4th Gen EPYC
 * (Genoa), EPYC 9655 is 5th Gen EPYC (Turin), Core Ultra 7 155H is Core
 * Ultra Series 1 (Meteor Lake), Xeon w7-2475X is Xeon W-2400 (Sapphire
 * Rapids); the wrong names are what bookworm's libcpuid 0.6.2 said.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpuid/cpuid.h"
#include "host/cpuid/cpuid_dump.h"
#include "host/cpuid/cpuid_report.h"
#include "host/cpuid/identify.h"

#define SHARED "../shared"

/* Reads SHARED/rel, or skips the test with a message when it is absent. */
static int load(const char *rel, struct cpuid_dump *d)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", SHARED, rel);
	memset(d, 0, sizeof(*d));
	if (access(path, R_OK) != 0) {
		printf("skip: %s absent\n", path);
		return 0;
	}
	assert_int_equal(cpuid_dump_read_file(path, d), 0);
	assert_true(d->ncpus > 0);
	return 1;
}

/* The upstream version mk/libcpuid.sh built ("" when unknown). */
static const char *built_version(void)
{
	static char v[32];
	FILE *f = fopen("build/libcpuid/version", "r");

	v[0] = '\0';
	if (f) {
		if (!fgets(v, sizeof(v), f))
			v[0] = '\0';
		fclose(f);
	}
	v[strcspn(v, "\n")] = '\0';
	return v;
}

static struct json_object *report_json(const struct cpuid_dump *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json_object *o;

	assert_non_null(f);
	assert_int_equal(cpuid_report(f, d, 1), 0);
	fclose(f);
	o = json_tokener_parse(buf);
	free(buf);
	assert_non_null(o);
	return o;
}

static struct json_object *path(struct json_object *o, const char *a, const char *b)
{
	struct json_object *x = NULL, *y = NULL;

	assert_true(json_object_object_get_ex(o, a, &x));
	if (!b)
		return x;
	assert_true(json_object_object_get_ex(x, b, &y));
	return y;
}

/* ---- codenames ---- */

struct named {
	const char *file;
	const char *want;  /* in the codename */
	const char *wrong; /* libcpuid 0.6.2's name, must not appear */
	int family, model;
};

static const struct named named[] = {
    {"field-inputs/cpuid/intel-xeon-platinum-8570.cpu0-3.txt", "Emerald Rapids", "Conroe", 6, 0xCF},
    {"field-inputs/raw/emr-xeon-8570.raw.txt", "Emerald Rapids", "Conroe", 6, 0xCF},
    {"field-inputs/cpuid/amd-epyc-9654-genoa-dual.cpu0-383.txt", "Genoa", "Milan", 0x19, 0x11},
    {"field-inputs/cpuid/amd-epyc-9655-turin.cpu0.txt", "Turin", "Abu Dhabi", 0x1A, 0x02},
    {"field-inputs/cpuid/intel-core-ultra-7-155h.cpu0-1-2.txt", "Meteor Lake", "Pentium III", 6,
     0xAA},
    {"field-inputs/cpuid/intel-xeon-w7-2475x-sapphirerapids.cpu0.txt", "Sapphire Rapids", NULL, 6,
     0x8F},
    {"cpuid-dumps/intel-core-i9-10980xe-cpu.test", "Cascade Lake", NULL, 6, 0x55},
};

static void test_codenames(void **state)
{
	size_t i;
	int ran = 0;

	(void)state;
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		struct cpuid_dump d;
		struct cpu_identity id;
		char text[256];

		if (!load(named[i].file, &d))
			continue;
		ran++;
		assert_int_equal(identify_cpu(&d.cpu[0], &id), 0);
		printf("%s: \"%s\" known %d purpose %s\n", named[i].file, id.codename, id.known,
		       id.purpose);
		assert_int_equal(id.ext_family, named[i].family);
		assert_int_equal(id.ext_model, named[i].model);
		assert_int_equal(id.known, CPU_KNOWN_YES);
		assert_non_null(strstr(id.codename, named[i].want));
		if (named[i].wrong)
			assert_null(strstr(id.codename, named[i].wrong));
		identify_codename_text(&id, text, sizeof(text));
		assert_string_equal(text, id.codename);
		cpuid_dump_free(&d);
	}
	if (!ran)
		skip();
}

/* The version in the report is the library built, in text and JSON. */
static void test_version(void **state)
{
	struct cpuid_dump d;
	struct json_object *o;
	const char *v = built_version();

	(void)state;
	if (!*v) {
		printf("skip: build/libcpuid/version absent (not run from the project root?)\n");
		skip();
	}
	assert_string_equal(identify_libcpuid_version(), v);
	if (!load("field-inputs/cpuid/amd-epyc-9655-turin.cpu0.txt", &d))
		skip();
	o = report_json(&d);
	assert_string_equal(json_object_get_string(path(o, "identity", "libcpuid")), v);
	assert_string_equal(json_object_get_string(path(o, "identity", "codename")),
			    "EPYC (Turin)");
	json_object_put(o);
	cpuid_dump_free(&d);
}

/* Hybrid: Meteor Lake #0/#1 threads of a P-core, #2 an E-core (leaf 0x1A
 * EAX[31:24] 40H Core, 20H Atom; SDM Vol. 2A, CPUID leaf 1AH). */
static void test_purpose(void **state)
{
	struct cpuid_dump d;
	struct cpu_identity id;
	const char *want[] = {"performance", "performance", "efficiency"};
	size_t i;

	(void)state;
	if (!load("field-inputs/cpuid/intel-core-ultra-7-155h.cpu0-1-2.txt", &d))
		skip();
	assert_int_equal(d.ncpus, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(identify_cpu(&d.cpu[i], &id), 0);
		assert_string_equal(id.purpose, want[i]);
	}
	cpuid_dump_free(&d);
	/* not hybrid: every core "general" (libcpuid 0.7.1 built at -O3 said
	 * "performance" here, reading past its 0x80000026 array) */
	if (!load("field-inputs/cpuid/amd-epyc-9654-genoa-dual.cpu0-383.txt", &d))
		skip();
	for (i = 0; i < d.ncpus; i++) {
		assert_int_equal(identify_cpu(&d.cpu[i], &id), 0);
		assert_string_equal(id.purpose, "general");
	}
	cpuid_dump_free(&d);
}

/* One CPU with leaf 0 (vendor, max basic 1), leaf 1 (signature) and the
 * brand string. */
static void synthetic(struct cpuid_raw *raw, const char *vendor, uint32_t sig, const char *brand)
{
	uint32_t r[4] = {1, 0, 0, 0};
	char b[48];
	int i;

	memset(raw, 0, sizeof(*raw));
	memcpy(&r[1], vendor, 4);
	memcpy(&r[3], vendor + 4, 4);
	memcpy(&r[2], vendor + 8, 4);
	assert_true(cpuid_raw_add(raw, 0, 0, r, 0));
	r[0] = sig;
	r[1] = r[2] = r[3] = 0;
	assert_true(cpuid_raw_add(raw, 1, 0, r, 0));
	r[0] = 0x80000004u;
	assert_true(cpuid_raw_add(raw, 0x80000000u, 0, r, 0));
	memset(b, 0, sizeof(b));
	snprintf(b, sizeof(b), "%s", brand);
	for (i = 0; i < 3; i++) {
		memcpy(r, b + 16 * i, 16);
		assert_true(cpuid_raw_add(raw, 0x80000002u + (uint32_t)i, 0, r, 0));
	}
}

/*
 * Family/model pairs no product has (SDM Vol. 4 Table 2-1 lists the Intel
 * DisplayFamily_DisplayModel values; none is 06_FFH; AMD family 1AH has no
 * model FFH): libcpuid still picks a nearest entry, the report must not
 * pass it off as the name.
 */
static void test_unknown_model(void **state)
{
	static const struct {
		const char *vendor;
		uint32_t sig; /* leaf 1 EAX */
		const char *brand, *want;
	} cases[] = {
	    /* family 6, model 0xF + extended 0xF0 */
	    {"GenuineIntel", 0x000F06F0u, "Intel(R) Xeon(R) Platinum 9999",
	     "family 6 model 255 stepping 0"},
	    /* family 0xF + extended 0xB = 0x1A (Turin's), model 0xFF */
	    {"AuthenticAMD", 0x00BF0FF1u, "AMD EPYC 9999 192-Core Processor",
	     "family 26 model 255 stepping 1"},
	};
	struct cpuid_raw *raw = malloc(sizeof(*raw));
	size_t i;

	(void)state;
	assert_non_null(raw);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cpu_identity id;
		struct cpuid_dump d;
		struct json_object *o;
		char text[256], want[64];

		synthetic(raw, cases[i].vendor, cases[i].sig, cases[i].brand);
		assert_int_equal(identify_cpu(raw, &id), 0);
		assert_int_equal(id.known, CPU_KNOWN_NO);
		identify_codename_text(&id, text, sizeof(text));
		snprintf(want, sizeof(want), "unknown to libcpuid %s (",
			 identify_libcpuid_version());
		assert_memory_equal(text, want, strlen(want));
		assert_non_null(strstr(text, cases[i].want));

		memset(&d, 0, sizeof(d));
		d.cpu = raw;
		d.ncpus = 1;
		o = report_json(&d);
		assert_null(path(o, "identity", "codename"));
		assert_false(json_object_get_boolean(path(o, "identity", "codename_known")));
		assert_non_null(strstr(json_object_get_string(path(o, "identity", "codename_text")),
				       "unknown to libcpuid"));
		json_object_put(o);
	}
	free(raw);
}

/* ---- topology ---- */

static int64_t cpu_field(struct json_object *o, size_t cpu, const char *k)
{
	struct json_object *c = json_object_array_get_idx(path(o, "cpus", NULL), cpu), *v;

	assert_non_null(c);
	assert_true(json_object_object_get_ex(c, k, &v));
	return json_object_get_int64(v);
}

/* libcpuid's raw.txt keeps 0x1F subleaf 0 only: fall back to 0xB, say so. */
static void test_raw_txt_one_package(void **state)
{
	struct cpuid_dump d;
	struct json_object *o, *note;
	size_t i;

	(void)state;
	if (!load("field-inputs/raw/emr-xeon-8570.raw.txt", &d))
		skip();
	assert_true(d.ncpus > 1);
	o = report_json(&d);
	assert_int_equal(json_object_get_int64(path(o, "topology", "packages")), 1);
	assert_int_equal(json_object_get_int64(path(o, "topology", "leaf")), 0xB);
	note = path(o, "topology", "note");
	assert_non_null(note);
	assert_non_null(strstr(json_object_get_string(note), "0x1F"));
	for (i = 0; i < d.ncpus; i++) {
		struct cpuid_facts f;

		cpuid_decode(&d.cpu[i], &f);
		assert_int_equal(f.topo_leaf, 0xB);
		assert_int_equal(f.topo_cut, CPUID_TOPO_CUT_1F);
		assert_int_equal(cpu_field(o, i, "package"), 0);
	}
	json_object_put(o);
	cpuid_dump_free(&d);
}

/* Negative control: the same machine's dump with every subleaf marked:
 * 0x1F is used, no note (SDM: EMR 0x1F.1 EAX[4:0] = 7, package above). */
static void test_complete_dump_no_note(void **state)
{
	struct cpuid_dump d;
	struct json_object *o;

	(void)state;
	if (!load("field-inputs/cpuid/intel-xeon-platinum-8570.cpu0-3.txt", &d))
		skip();
	o = report_json(&d);
	assert_int_equal(json_object_get_int64(path(o, "topology", "packages")), 1);
	assert_int_equal(json_object_get_int64(path(o, "topology", "leaf")), 0x1F);
	assert_null(path(o, "topology", "note"));
	json_object_put(o);
	cpuid_dump_free(&d);
}

/* Genoa, 2 sockets: CPU #1 is x2APIC ID 447 = 0x1BF; leaf 0xB.0 EAX[4:0] = 1,
 * 0xB.1 EAX[4:0] = 8 (APM Vol. 3 CPUID Fn0000_000B): thread 0x1BF & 1 = 1,
 * core (0x1BF >> 1) & 0x7F = 95, package 0x1BF >> 8 = 1. */
static void test_genoa_dual(void **state)
{
	struct cpuid_dump d;
	struct json_object *o;

	(void)state;
	if (!load("field-inputs/cpuid/amd-epyc-9654-genoa-dual.cpu0-383.txt", &d))
		skip();
	assert_int_equal(d.ncpus, 2);
	o = report_json(&d);
	assert_int_equal(cpu_field(o, 1, "x2apic_id"), 447);
	assert_int_equal(cpu_field(o, 1, "package"), 1);
	assert_int_equal(cpu_field(o, 1, "core"), 95);
	assert_int_equal(cpu_field(o, 1, "thread"), 1);
	assert_int_equal(cpu_field(o, 0, "package"), 0);
	assert_int_equal(json_object_get_int64(path(o, "topology", "packages")), 2);
	assert_null(path(o, "topology", "note"));
	json_object_put(o);
	cpuid_dump_free(&d);
}

/*
 * Synthetic 0x1F: SMT (shift 1), core (shift 7), then the end.  As the
 * payload collects it (subleaves marked, end marker left out) it is used;
 * unmarked (subleaf 0 alone) or with subleaf 1 missing below subleaf 2 it
 * is skipped for 0xB, which here says package at shift 5.
 */
static void topo_raw(struct cpuid_raw *raw, int mark, int drop_sub1)
{
	const uint32_t l0[4] = {0x1F, 0x756e6547, 0x6c65746e, 0x49656e69}; /* GenuineIntel */
	const uint32_t l1[4] = {0x000806F8, 0x00000800, 1u << 21, 0};	   /* x2APIC */
	const uint32_t f0[4] = {1, 2, 0x100, 0x83}, f1[4] = {7, 0x70, 0x201, 0x83};
	const uint32_t f2[4] = {7, 0x70, 0x302, 0x83}; /* a die level, same shift */
	const uint32_t b0[4] = {1, 2, 0x100, 0x83}, b1[4] = {5, 0x20, 0x201, 0x83};

	memset(raw, 0, sizeof(*raw));
	assert_true(cpuid_raw_add(raw, 0, 0, l0, 0));
	assert_true(cpuid_raw_add(raw, 1, 0, l1, 0));
	assert_true(cpuid_raw_add(raw, 0xB, 0, b0, 1));
	assert_true(cpuid_raw_add(raw, 0xB, 1, b1, 1));
	assert_true(cpuid_raw_add(raw, 0x1F, 0, f0, mark));
	if (mark && !drop_sub1)
		assert_true(cpuid_raw_add(raw, 0x1F, 1, f1, 1));
	if (mark && drop_sub1)
		assert_true(cpuid_raw_add(raw, 0x1F, 2, f2, 1));
}

static void test_topology_cut_synthetic(void **state)
{
	struct cpuid_raw *raw = malloc(sizeof(*raw));
	struct cpuid_facts f;
	uint32_t pkg, core, thr;

	(void)state;
	assert_non_null(raw);
	topo_raw(raw, 1, 0); /* complete, as collected */
	cpuid_decode(raw, &f);
	assert_int_equal(f.topo_leaf, 0x1F);
	assert_int_equal(f.topo_cut, 0);
	assert_int_equal(f.core_shift, 7);
	cpuid_topology_split(&f, 0x83, &pkg, &core, &thr);
	assert_int_equal(pkg, 1);
	assert_int_equal(core, 1);
	assert_int_equal(thr, 1);

	topo_raw(raw, 0, 0); /* subleaf 0 only, unmarked (raw.txt) */
	cpuid_decode(raw, &f);
	assert_int_equal(f.topo_leaf, 0xB);
	assert_int_equal(f.topo_cut, CPUID_TOPO_CUT_1F);
	assert_int_equal(f.core_shift, 5);
	assert_int_equal(f.x2apic_id, 0x83);

	topo_raw(raw, 1, 1); /* a gap: subleaf 2 without subleaf 1 */
	cpuid_decode(raw, &f);
	assert_int_equal(f.topo_leaf, 0xB);
	assert_int_equal(f.topo_cut, CPUID_TOPO_CUT_1F);
	free(raw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_codenames),
	    cmocka_unit_test(test_version),
	    cmocka_unit_test(test_purpose),
	    cmocka_unit_test(test_unknown_model),
	    cmocka_unit_test(test_raw_txt_one_package),
	    cmocka_unit_test(test_complete_dump_no_note),
	    cmocka_unit_test(test_genoa_dual),
	    cmocka_unit_test(test_topology_cut_synthetic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
