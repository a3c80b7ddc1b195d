/* SPDX-License-Identifier: MIT */
/*
 * The shared CPUID decisions on real processors' dumps: the MWAIT hint
 * (cpuid_mwait_hint()) and the consistency check between logical CPUs
 * (cpuid/consistency.c), which the payload runs on live CPUs and the host
 * on dump files.  Dumps: ../shared/field-inputs/cpuid and
 * ../shared/cpuid-dumps (or $PD_FIELD_INPUTS / $PD_CPUID_DUMPS); tests that
 * need them skip when they are absent.  Expected values are worked out from
 * the SDM / APM in the comments, never taken from the code's output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpuid/consistency.h"
#include "cpuid/cpuid.h"
#include "host/cpuid/cpuid_dump.h"
#include "results/msrs.h"

static const char *dir_of(const char *env, const char *def)
{
	const char *e = getenv(env);

	return e && *e ? e : def;
}

/* Loads one dump into d, or skips the calling test when it is absent. */
static void load(const char *env, const char *def, const char *name, struct cpuid_dump *d)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir_of(env, def), name);
	memset(d, 0, sizeof(*d));
	if (cpuid_dump_read_file(path, d) != 0) {
		print_message("[  SKIP    ] %s not readable; skipping the test that needs it\n",
			      path);
		skip();
	}
}

static void load_field(const char *name, struct cpuid_dump *d)
{
	load("PD_FIELD_INPUTS", "../shared/field-inputs/cpuid", name, d);
}

static void load_public(const char *name, struct cpuid_dump *d)
{
	load("PD_CPUID_DUMPS", "../shared/cpuid-dumps", name, d);
}

/* ---- MWAIT hint ---- */

/*
 * SDM Vol. 2A, CPUID leaf 05H: EDX[4n+3:4n] = number of C<n> sub-states,
 * valid when ECX[0] (EMX) is 1; MWAIT EAX[7:4] = target C-state - 1,
 * EAX[3:0] = sub-state.  The deepest C-state listed with its last sub-state.
 */
static void test_mwait_hint_rule(void **state)
{
	(void)state;
	/* EMX clear: EDX is not an enumeration; C1. */
	assert_int_equal(cpuid_mwait_hint(0x2, 0x00001020), 0);
	/* nothing listed, or only C0 sub-states: C1, sub-state 0 */
	assert_int_equal(cpuid_mwait_hint(0x3, 0), 0);
	assert_int_equal(cpuid_mwait_hint(0x3, 0x2), 0);
	/* C1 with 1 sub-state: EAX 0x00 */
	assert_int_equal(cpuid_mwait_hint(0x3, 0x10), 0x00);
	/* C7 (EDX[31:28]) with 3 sub-states: EAX[7:4] = 6, EAX[3:0] = 2 */
	assert_int_equal(cpuid_mwait_hint(0x3, 0x30000000), 0x62);
	/* a gap in the middle does not stop the search: C2 0, C3 1 -> 0x20 */
	assert_int_equal(cpuid_mwait_hint(0x3, 0x00001020), 0x20);
}

struct hint_case {
	const char *env, *def, *file;
	uint32_t edx, hint;
};

static void test_mwait_hint_real_dumps(void **state)
{
	/* Each hint from the dump's leaf 5 EDX by the rule above. */
	static const struct hint_case cases[] = {
	    /* 0x00001020: C1 2, C2 0, C3 1 -> C3 sub 0 = 0x20 (not 0x30) */
	    {"PD_FIELD_INPUTS", "../shared/field-inputs/cpuid",
	     "intel-xeon-platinum-8570.cpu0-3.txt", 0x00001020, 0x20},
	    {"PD_FIELD_INPUTS", "../shared/field-inputs/cpuid",
	     "intel-xeon-w7-2475x-sapphirerapids.cpu0.txt", 0x00001020, 0x20},
	    /* 0x11112020: C1 2, C3 2, C4..C7 1 -> C7 sub 0 = 0x60 */
	    {"PD_FIELD_INPUTS", "../shared/field-inputs/cpuid",
	     "intel-core-ultra-7-155h.cpu0-1-2.txt", 0x11112020, 0x60},
	    /* 0x21: C0 1, C1 2 -> C1 sub 1 = 0x01 */
	    {"PD_FIELD_INPUTS", "../shared/field-inputs/cpuid", "amd-epyc-9655-turin.cpu0.txt",
	     0x21, 0x01},
	    /* 0x11: C1 1 -> 0x00 */
	    {"PD_FIELD_INPUTS", "../shared/field-inputs/cpuid",
	     "amd-epyc-9654-genoa-dual.cpu0-383.txt", 0x11, 0x00},
	    /* 0x2020: C1 2, C3 2 -> C3 sub 1 = 0x21 */
	    {"PD_CPUID_DUMPS", "../shared/cpuid-dumps", "intel-core-i9-10980xe-cpu.test", 0x2020,
	     0x21},
	    /* 0x2220: C1 2, C2 2, C3 2 -> 0x21 */
	    {"PD_CPUID_DUMPS", "../shared/cpuid-dumps", "intel-xeon-cpu-e5462-dual.test", 0x2220,
	     0x21},
	    {"PD_CPUID_DUMPS", "../shared/cpuid-dumps", "amd-ryzen-7-5800x3d-8-core-processor.test",
	     0x11, 0x00},
	    /* EDX 0: no sub-state listed -> 0 */
	    {"PD_CPUID_DUMPS", "../shared/cpuid-dumps", "amd-opteron-processor-6238.test", 0, 0},
	};
	size_t i, c;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cpuid_dump d;

		load(cases[i].env, cases[i].def, cases[i].file, &d);
		for (c = 0; c < d.ncpus; c++) {
			struct cpuid_facts f;

			cpuid_decode(&d.cpu[c], &f);
			assert_true(f.mwait_emx);
			assert_int_equal(f.mwait_substates, cases[i].edx);
			if (f.mwait_hint != cases[i].hint)
				fail_msg("%s CPU %zu: hint 0x%x, expected 0x%x", cases[i].file, c,
					 f.mwait_hint, cases[i].hint);
		}
		cpuid_dump_free(&d);
	}
}

/* ---- TSC frequency from CPUID ---- */

struct tsc_case {
	const char *env, *def, *file;
	uint64_t khz;
	uint32_t crystal_khz;
	enum cpuid_tsc_from from;
};

/*
 * SDM Vol. 2A, CPUID leaf 15H: TSC = crystal (ECX Hz) * EBX / EAX; where ECX
 * is 0, the crystal from leaf 16H EAX (base MHz): base * EAX / EBX.  Each
 * expected value worked out by hand from the dump's two leaves.
 */
static void test_tsc_from_real_dumps(void **state)
{
	static const struct tsc_case cases[] = {
	    /* 15H 2/0x9C(156)/38.4 MHz: 38,400 kHz * 156 / 2 */
	    {"PD_FIELD_INPUTS", "../shared/field-inputs/cpuid",
	     "intel-core-ultra-7-155h.cpu0-1-2.txt", 2995200, 38400, CPUID_TSC_CRYSTAL},
	    /* 15H 2/0xA8(168)/25 MHz: 25,000 * 168 / 2 */
	    {"PD_FIELD_INPUTS", "../shared/field-inputs/cpuid",
	     "intel-xeon-platinum-8570.cpu0-3.txt", 2100000, 25000, CPUID_TSC_CRYSTAL},
	    /* 15H 2/0xD8(216)/24 MHz: 24,000 * 216 / 2 */
	    {"PD_FIELD_INPUTS", "../shared/field-inputs/cpuid",
	     "intel-xeon-w7-2475x-sapphirerapids.cpu0.txt", 2592000, 24000, CPUID_TSC_CRYSTAL},
	    /* 15H 2/0xFA(250)/0, 16H base 0xBB8 = 3000 MHz: crystal
	     * 3,000,000 * 2 / 250 = 24,000 kHz, TSC 24,000 * 250 / 2 */
	    {"PD_CPUID_DUMPS", "../shared/cpuid-dumps", "intel-core-i9-10980xe-cpu.test", 3000000,
	     24000, CPUID_TSC_BASE},
	    /* Max basic leaf 0x0D: no leaf 15H */
	    {"PD_CPUID_DUMPS", "../shared/cpuid-dumps", "intel-xeon-cpu-e5462-dual.test", 0, 0,
	     CPUID_TSC_NONE},
	    /* AMD: leaf 15H is not AMD's (APM Vol. 3 lists none); not read */
	    {"PD_FIELD_INPUTS", "../shared/field-inputs/cpuid", "amd-epyc-9655-turin.cpu0.txt", 0,
	     0, CPUID_TSC_NONE},
	    {"PD_CPUID_DUMPS", "../shared/cpuid-dumps", "amd-ryzen-7-5800x3d-8-core-processor.test",
	     0, 0, CPUID_TSC_NONE},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cpuid_dump d;
		struct cpuid_facts f;

		load(cases[i].env, cases[i].def, cases[i].file, &d);
		cpuid_decode(&d.cpu[0], &f);
		if (f.tsc_khz != cases[i].khz || f.tsc_crystal_khz != cases[i].crystal_khz ||
		    f.tsc_from != cases[i].from)
			fail_msg("%s: TSC %llu kHz, crystal %u kHz, from %s; expected %llu, %u, %s",
				 cases[i].file, (unsigned long long)f.tsc_khz, f.tsc_crystal_khz,
				 cpuid_tsc_from_name((enum cpuid_tsc_from)f.tsc_from),
				 (unsigned long long)cases[i].khz, cases[i].crystal_khz,
				 cpuid_tsc_from_name(cases[i].from));
		cpuid_dump_free(&d);
	}
}

/* A ratio without a crystal and without leaf 16H: no frequency, never a
 * guess; the Goldmont D crystal (25 MHz) where the model is known. */
static void test_tsc_leaf_15_edges(void **state)
{
	struct cpuid_raw raw;
	struct cpuid_facts f;
	/* GenuineIntel, max basic 0x15 */
	static const uint32_t l0[4] = {0x15, 0x756e6547, 0x6c65746e, 0x49656e69};
	static const uint32_t l15[4] = {2, 200, 0, 0};
	uint32_t l1[4] = {0x000506f1, 0, 0, 0}; /* family 6, model 0x5F */

	(void)state;
	memset(&raw, 0, sizeof(raw));
	cpuid_raw_add(&raw, 0, 0, l0, 0);
	cpuid_raw_add(&raw, 0x15, 0, l15, 0);
	l1[0] = 0x000906ea; /* family 6, model 0x9E: no known crystal */
	cpuid_raw_add(&raw, 1, 0, l1, 0);
	cpuid_decode(&raw, &f);
	assert_int_equal(f.tsc_khz, 0);
	assert_int_equal(f.tsc_from, CPUID_TSC_NONE);

	memset(&raw, 0, sizeof(raw));
	l1[0] = 0x000506f1;
	cpuid_raw_add(&raw, 0, 0, l0, 0);
	cpuid_raw_add(&raw, 1, 0, l1, 0);
	cpuid_raw_add(&raw, 0x15, 0, l15, 0);
	cpuid_decode(&raw, &f);
	assert_int_equal(f.tsc_from, CPUID_TSC_MODEL);
	assert_int_equal(f.tsc_khz, 25000 * 200 / 2);

	/* A zero denominator is "not enumerated", not a division. */
	{
		static const uint32_t l15z[4] = {0, 200, 25000000, 0};

		memset(&raw, 0, sizeof(raw));
		cpuid_raw_add(&raw, 0, 0, l0, 0);
		cpuid_raw_add(&raw, 1, 0, l1, 0);
		cpuid_raw_add(&raw, 0x15, 0, l15z, 0);
		cpuid_decode(&raw, &f);
		assert_int_equal(f.tsc_khz, 0);
	}
}

/* ---- consistency ---- */

struct check {
	struct cpuid_dump *d;
	uint64_t ucode[8];
};

static int view(void *ctx, uint32_t i, struct cpuid_cpu_view *v)
{
	struct check *k = ctx;

	v->raw = &k->d->cpu[i];
	v->ucode = k->ucode[i & 7];
	v->ucode_ok = 1;
	v->core_type = cpuid_core_type(v->raw);
	return 1;
}

/* The registers that really differ (more than one value in their scope). */
static uint32_t real_diffs(struct check *k, struct cpuid_diff *out, uint32_t max)
{
	struct cpuid_diff all[64];
	uint64_t vals[16];
	uint8_t pres[16];
	uint32_t n, i, m = 0, ncpus = (uint32_t)k->d->ncpus;

	n = cpuid_find_diffs(ncpus, view, k, all, 64);
	assert_true(n <= 64);
	for (i = 0; i < n; i++)
		if (cpuid_diff_values(&all[i], ncpus, view, k, pres, vals, 16) > 1 && m < max)
			out[m++] = all[i];
	return m;
}

static struct cpuid_leaf *leaf_of(struct cpuid_dump *d, size_t cpu, uint32_t leaf, uint32_t sub)
{
	struct cpuid_leaf *l = (struct cpuid_leaf *)cpuid_raw_find(&d->cpu[cpu], leaf, sub);

	assert_non_null(l);
	return l;
}

/* Every multi-CPU dump of a healthy machine: nothing differs. */
static void test_healthy_dumps_agree(void **state)
{
	static const char *field[] = {"intel-core-ultra-7-155h.cpu0-1-2.txt",
				      "intel-xeon-platinum-8570.cpu0-3.txt",
				      "amd-epyc-9654-genoa-dual.cpu0-383.txt"};
	static const char *pub[] = {
	    "amd-opteron-processor-6238.test", "amd-ryzen-7-5800x3d-8-core-processor.test",
	    "amd-ryzen-threadripper-pro-3955wx-16-cores.test", "intel-core-i9-10980xe-cpu.test",
	    "intel-xeon-cpu-e5462-dual.test"};
	struct cpuid_diff out[8];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(field) / sizeof(field[0]) + sizeof(pub) / sizeof(pub[0]); i++) {
		struct cpuid_dump d;
		struct check k = {&d, {0}};
		uint32_t n;

		if (i < 3)
			load_field(field[i], &d);
		else
			load_public(pub[i - 3], &d);
		n = real_diffs(&k, out, 8);
		if (n)
			fail_msg("%s: leaf 0x%x sub %u %s differs on a healthy machine",
				 i < 3 ? field[i] : pub[i - 3], out[0].leaf, out[0].sub,
				 cpuid_reg_name(out[0].reg));
		cpuid_dump_free(&d);
	}
}

/*
 * Meteor Lake: #0, #1 the two threads of a P-core, #2 an E-core.  7.0 EDX[15]
 * Hybrid is set; 1AH EAX[31:24] is 40H (Intel Core) on #0/#1 and 20H (Intel
 * Atom) on #2 (SDM Vol. 2A, leaf 1AH).
 */
static void test_hybrid_core_types(void **state)
{
	struct cpuid_dump d;
	struct check k = {&d, {0}};
	uint32_t types[CPUID_MAX_CORE_TYPES], counts[CPUID_MAX_CORE_TYPES], n;
	char buf[64];

	(void)state;
	load_field("intel-core-ultra-7-155h.cpu0-1-2.txt", &d);
	assert_int_equal(d.ncpus, 3);
	assert_string_equal(cpuid_core_type_name(cpuid_core_type(&d.cpu[0])), "core");
	assert_string_equal(cpuid_core_type_name(cpuid_core_type(&d.cpu[1])), "core");
	assert_string_equal(cpuid_core_type_name(cpuid_core_type(&d.cpu[2])), "atom");
	n = cpuid_count_core_types(3, view, &k, types, counts, CPUID_MAX_CORE_TYPES);
	assert_int_equal(n, 2);
	cpuid_format_core_types(types, counts, n, buf, sizeof(buf));
	assert_string_equal(buf, "core:2,atom:1");
	/* The leaves of a core type really differ between P and E cores here:
	 * the L1D (leaf 4 subleaf 0, EBX ways/partitions/line) is 48 KB on the
	 * P-core and 32 KB on the E-core. */
	assert_int_not_equal(leaf_of(&d, 0, 4, 0)->regs[CPUID_EBX],
			     leaf_of(&d, 2, 4, 0)->regs[CPUID_EBX]);
	cpuid_dump_free(&d);

	/* Not hybrid: every part without the Hybrid bit has core type 0. */
	load_field("intel-xeon-platinum-8570.cpu0-3.txt", &d);
	assert_int_equal(cpuid_core_type(&d.cpu[0]), 0);
	assert_int_equal(cpuid_count_core_types(4, view, &k, types, counts, 8), 0);
	cpuid_dump_free(&d);
}

/* Negative control: the same Meteor Lake with the Hybrid bit cleared is
 * judged as one core type, and then its P/E differences are reported: the
 * grouping, not a blind mask, is what keeps the healthy part passing. */
static void test_hybrid_bit_cleared_reports(void **state)
{
	struct cpuid_dump d;
	struct check k = {&d, {0}};
	struct cpuid_diff out[64];
	size_t c;
	uint32_t n, i;
	int leaf4 = 0;

	(void)state;
	load_field("intel-core-ultra-7-155h.cpu0-1-2.txt", &d);
	for (c = 0; c < 3; c++)
		leaf_of(&d, c, 7, 0)->regs[CPUID_EDX] &= ~(1u << 15);
	n = real_diffs(&k, out, 64);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		assert_false(out[i].by_type && out[i].core_type);
		leaf4 |= out[i].leaf == 4;
	}
	assert_true(leaf4);
	cpuid_dump_free(&d);
}

/* Negative controls on the hybrid part: a feature bit flipped on the
 * E-core, a cache leaf changed on one P-core thread, a microcode
 * revision of its own: each reported, in the right scope, naming the CPU. */
static void test_hybrid_real_differences_caught(void **state)
{
	struct cpuid_dump d;
	struct check k = {&d, {0}};
	struct cpuid_diff out[8];
	uint64_t vals[4], v;
	uint8_t pres[4];
	struct cpuid_cpu_view cv;
	uint32_t n;

	(void)state;
	/* leaf 1 ECX bit 0 (SSE3) cleared on the E-core: compared across types */
	load_field("intel-core-ultra-7-155h.cpu0-1-2.txt", &d);
	leaf_of(&d, 2, 1, 0)->regs[CPUID_ECX] ^= 1u;
	n = real_diffs(&k, out, 8);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].leaf, 1);
	assert_int_equal(out[0].reg, CPUID_ECX);
	assert_false(out[0].by_type);
	assert_int_equal(cpuid_diff_values(&out[0], 3, view, &k, pres, vals, 4), 2);
	view(&k, 2, &cv);
	assert_true(cpuid_diff_value(&out[0], &cv, &v));
	assert_true(v == vals[1] || v == vals[0]);
	view(&k, 0, &cv);
	assert_true(cpuid_diff_value(&out[0], &cv, &v));
	assert_true(v == vals[0]);
	cpuid_dump_free(&d);

	/* leaf 4 subleaf 2 (L2) EBX changed on the second P-core thread:
	 * reported among the P-cores only */
	load_field("intel-core-ultra-7-155h.cpu0-1-2.txt", &d);
	leaf_of(&d, 1, 4, 2)->regs[CPUID_EBX] ^= 0x1000u;
	n = real_diffs(&k, out, 8);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].leaf, 4);
	assert_int_equal(out[0].sub, 2);
	assert_true(out[0].by_type);
	assert_string_equal(cpuid_core_type_name(out[0].core_type), "core");
	view(&k, 2, &cv);
	assert_false(cpuid_diff_in_scope(&out[0], &cv));
	cpuid_dump_free(&d);

	/* microcode of its own on one CPU */
	load_field("intel-core-ultra-7-155h.cpu0-1-2.txt", &d);
	k.ucode[1] = 0x1c;
	n = real_diffs(&k, out, 8);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].leaf, CPUID_KEY_UCODE);
	cpuid_dump_free(&d);
}

/* A server part with one CPU's feature bit flipped: caught. */
static void test_server_flip_caught(void **state)
{
	struct cpuid_dump d;
	struct check k = {&d, {0}};
	struct cpuid_diff out[8];

	(void)state;
	load_field("amd-epyc-9654-genoa-dual.cpu0-383.txt", &d);
	/* 0x8000001F EAX[1] SEV on the second socket's CPU only */
	leaf_of(&d, 1, 0x8000001Fu, 0)->regs[CPUID_EAX] ^= 2u;
	assert_int_equal(real_diffs(&k, out, 8), 1);
	assert_int_equal(out[0].leaf, 0x8000001Fu);
	assert_int_equal(out[0].reg, CPUID_EAX);
	cpuid_dump_free(&d);
}

/* ---- MSRs compared across CPUs (results/msrs.c) ---- */

/* Slot numbers and names as the SDM gives them (Vol. 4, Table 2-2; Vol. 3A
 * 11.11.2.2: FIX4K_C0000 is 268H and each next one maps 32 KiB further;
 * 11.11.2.3: PHYSBASEn 200H + 2n, PHYSMASKn 201H + 2n). */
static void test_msr_slots_and_names(void **state)
{
	static const struct {
		uint32_t msr;
		const char *name;
	} names[] = {
	    {0x3a, "IA32_FEATURE_CONTROL"},
	    {0xfe, "IA32_MTRRCAP"},
	    {0x1a0, "IA32_MISC_ENABLE"},
	    {0x200, "IA32_MTRR_PHYSBASE0"},
	    {0x207, "IA32_MTRR_PHYSMASK3"},
	    {0x213, "IA32_MTRR_PHYSMASK9"},
	    {0x250, "IA32_MTRR_FIX64K_00000"},
	    {0x258, "IA32_MTRR_FIX16K_80000"},
	    {0x259, "IA32_MTRR_FIX16K_A0000"},
	    {0x268, "IA32_MTRR_FIX4K_C0000"},
	    {0x26d, "IA32_MTRR_FIX4K_E8000"},
	    {0x26f, "IA32_MTRR_FIX4K_F8000"},
	    {0x277, "IA32_PAT"},
	    {0x2ff, "IA32_MTRR_DEF_TYPE"},
	};
	char buf[32];
	unsigned i;

	(void)state;
	assert_int_equal(pd_msr_slot_number(PD_MSR_SLOT_MTRRCAP), 0xfe);
	assert_int_equal(pd_msr_slot_number(PD_MSR_SLOT_DEF_TYPE), 0x2ff);
	assert_int_equal(pd_msr_slot_number(PD_MSR_SLOT_FIXED), 0x250);
	assert_int_equal(pd_msr_slot_number(PD_MSR_SLOT_FIXED + 2), 0x259);
	assert_int_equal(pd_msr_slot_number(PD_MSR_SLOT_FIXED + 3), 0x268);
	assert_int_equal(pd_msr_slot_number(PD_MSR_SLOT_FIXED + 10), 0x26f);
	assert_int_equal(pd_msr_slot_number(PD_MSR_SLOT_VAR), 0x200);
	assert_int_equal(pd_msr_slot_number(PD_MSR_SLOT_VAR + 7), 0x207);
	assert_int_equal(pd_msr_slot_number(PD_MSR_SLOT_PAT), 0x277);
	assert_int_equal(pd_msr_slot_number(PD_MSR_SLOT_MISC_ENABLE), 0x1a0);
	assert_int_equal(pd_msr_slot_number(PD_MSR_SLOT_FEATURE_CONTROL), 0x3a);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_int_equal(pd_msr_name(names[i].msr, buf, sizeof(buf)), 1);
		assert_string_equal(buf, names[i].name);
	}
	/* Every slot has a name of its own. */
	for (i = 0; i < PD_MSR_SLOTS; i++)
		assert_int_equal(pd_msr_name(pd_msr_slot_number(i), buf, sizeof(buf)), 1);
	assert_int_equal(pd_msr_name(0x1234, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "MSR_0x1234");
	/* Cut to fit, always terminated. */
	pd_msr_name(0x277, buf, 5);
	assert_string_equal(buf, "IA32");
	assert_true(pd_msr_slot_is_mtrr(PD_MSR_SLOT_DEF_TYPE));
	assert_true(pd_msr_slot_is_mtrr(PD_MSR_SLOT_VAR + 2 * PD_MSR_MAX_VAR - 1));
	assert_false(pd_msr_slot_is_mtrr(PD_MSR_SLOT_MTRRCAP));
	assert_false(pd_msr_slot_is_mtrr(PD_MSR_SLOT_PAT));
}

static void collect_msr(uint32_t msr, void *ctx)
{
	uint32_t *list = ctx;

	list[1 + list[0]++] = msr;
}

/* The list in the msrs record: written and read back; hostile lists. */
static void test_msr_list(void **state)
{
	static const char *const bad[] = {"fe,",     ",fe",	   "2ff-2fe",	"g",
					  "fe,,277", "0-ffffffff", "123456789", "fe-"};
	struct pd_msr_values v;
	uint32_t got[1 + PD_MSR_SLOTS + 1] = {0};
	char buf[160];
	unsigned i;

	(void)state;
	/* QEMU's reading: MTRRCAP VCNT 8 with FIX, DEF_TYPE, PAT. */
	memset(&v, 0, sizeof(v));
	pd_msr_put(&v, PD_MSR_SLOT_MTRRCAP, 0x508);
	pd_msr_put(&v, PD_MSR_SLOT_DEF_TYPE, 0xc06);
	for (i = 0; i < PD_MTRR_FIXED_COUNT; i++)
		pd_msr_put(&v, PD_MSR_SLOT_FIXED + i, 0);
	for (i = 0; i < 16; i++)
		pd_msr_put(&v, PD_MSR_SLOT_VAR + i, 0);
	pd_msr_put(&v, PD_MSR_SLOT_PAT, 0x0007040600070406ull);
	assert_int_equal(pd_msr_count(v.have), 30);
	assert_int_equal(pd_msr_format_list(v.have, buf, sizeof(buf)), 38);
	assert_string_equal(buf, "fe,2ff,250,258-259,268-26f,200-20f,277");
	assert_int_equal(pd_msr_parse_list(buf, strlen(buf), collect_msr, got), 1);
	assert_int_equal(got[0], 30);
	for (i = 0; i < 30; i++)
		assert_int_equal(got[1 + i], pd_msr_slot_number(i < 29 ? i : PD_MSR_SLOT_PAT));
	/* Too small a buffer: cut before the item that did not fit. */
	pd_msr_format_list(v.have, buf, 12);
	assert_string_equal(buf, "fe,2ff,250");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		got[0] = 0;
		assert_int_equal(pd_msr_parse_list(bad[i], strlen(bad[i]), collect_msr, got), 0);
		assert_true(got[0] <= PD_MSR_SLOTS);
	}
	got[0] = 0;
	assert_int_equal(pd_msr_parse_list("", 0, collect_msr, got), 1);
	assert_int_equal(got[0], 0);
}

struct msr_cpus {
	struct pd_msr_values v[4];
	int have[4];
};

static const struct pd_msr_values *msr_view(void *ctx, uint32_t i)
{
	struct msr_cpus *c = ctx;

	return c->have[i] ? &c->v[i] : 0;
}

/* Which slots differ from CPU 0, and the values of one. */
static void test_msr_compare(void **state)
{
	struct msr_cpus c;
	uint64_t vals[4], have[(PD_MSR_SLOTS + 63) / 64];
	uint8_t pres[4];
	uint32_t i, n;
	unsigned s, ndiff = 0;

	(void)state;
	memset(&c, 0, sizeof(c));
	for (i = 0; i < 4; i++) {
		c.have[i] = i != 3; /* CPU 3 has no reading: not compared */
		pd_msr_put(&c.v[i], PD_MSR_SLOT_MTRRCAP, 0xd0a);
		pd_msr_put(&c.v[i], PD_MSR_SLOT_PAT, 0x0007040600070406ull);
		if (i != 1)
			pd_msr_put(&c.v[i], PD_MSR_SLOT_MISC_ENABLE, 0x850089);
	}
	pd_msr_put(&c.v[2], PD_MSR_SLOT_PAT, 0x0107040600070406ull);
	/* CPU 3's own values would differ; it has no reading. */
	pd_msr_put(&c.v[3], PD_MSR_SLOT_MTRRCAP, 0);
	for (s = 0; s < PD_MSR_SLOTS; s++)
		ndiff += (unsigned)pd_msr_slot_differs(s, 4, msr_view, &c);
	assert_int_equal(ndiff, 2);
	assert_false(pd_msr_slot_differs(PD_MSR_SLOT_MTRRCAP, 4, msr_view, &c));
	assert_true(pd_msr_slot_differs(PD_MSR_SLOT_PAT, 4, msr_view, &c));
	assert_true(pd_msr_slot_differs(PD_MSR_SLOT_MISC_ENABLE, 4, msr_view, &c));
	n = pd_msr_slot_values(PD_MSR_SLOT_PAT, 4, msr_view, &c, pres, vals, 4);
	assert_int_equal(n, 2);
	assert_true(pres[0] && pres[1]);
	assert_true(vals[0] == 0x0007040600070406ull && vals[1] == 0x0107040600070406ull);
	n = pd_msr_slot_values(PD_MSR_SLOT_MISC_ENABLE, 4, msr_view, &c, pres, vals, 4);
	assert_int_equal(n, 2);
	assert_true(pres[0] && !pres[1]);
	/* More values than room: the count says so. */
	assert_int_equal(pd_msr_slot_values(PD_MSR_SLOT_PAT, 4, msr_view, &c, pres, vals, 1), 2);
	assert_int_equal(pd_msr_compared(4, msr_view, &c, have, &n), 3);
	assert_int_equal(n, 3);
	/* No reference reading: nothing to compare against. */
	c.have[0] = 0;
	assert_false(pd_msr_slot_differs(PD_MSR_SLOT_PAT, 4, msr_view, &c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mwait_hint_rule),
	    cmocka_unit_test(test_mwait_hint_real_dumps),
	    cmocka_unit_test(test_tsc_from_real_dumps),
	    cmocka_unit_test(test_tsc_leaf_15_edges),
	    cmocka_unit_test(test_healthy_dumps_agree),
	    cmocka_unit_test(test_hybrid_core_types),
	    cmocka_unit_test(test_hybrid_bit_cleared_reports),
	    cmocka_unit_test(test_hybrid_real_differences_caught),
	    cmocka_unit_test(test_server_flip_caught),
	    cmocka_unit_test(test_msr_slots_and_names),
	    cmocka_unit_test(test_msr_list),
	    cmocka_unit_test(test_msr_compare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
