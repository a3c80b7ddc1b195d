/* SPDX-License-Identifier: MIT */
/*
 * Tests of host/cpuid/cpuid_dump.c and host/cpuid/identify.c: the public CPUID dumps in
 * ../shared/cpuid-dumps (or $PD_CPUID_DUMPS), parsed, decoded and named, and
 * the parser against garbage, truncation and its own output.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpuid/cpuid.h"
#include "host/cpuid/cpuid_dump.h"
#include "host/cpuid/identify.h"

/* ---- the dump files ---- */

static const char *dumps_dir(void)
{
	const char *e = getenv("PD_CPUID_DUMPS");

	return e && *e ? e : "../shared/cpuid-dumps";
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
			buf[n] = '\0';
			*len = (size_t)n;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

static char *dump_path(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dumps_dir(), name);
	return path;
}

/* Skips the calling test when the dump folder is not there. */
static void need_dumps(void)
{
	DIR *d = opendir(dumps_dir());

	if (!d) {
		print_message("[  SKIP    ] CPUID dumps not found at %s (set PD_CPUID_DUMPS); "
			      "skipping tests that read them\n",
			      dumps_dir());
		skip();
	}
	closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted *.test names; returns their count. */
static size_t list_dumps(char ***names)
{
	DIR *d = opendir(dumps_dir());
	struct dirent *e;
	size_t n = 0, cap = 0;

	*names = NULL;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);

		if (l < 6 || strcmp(e->d_name + l - 5, ".test") != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			*names = realloc(*names, cap * sizeof(**names));
			assert_non_null(*names);
		}
		(*names)[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(*names, n, sizeof(**names), cmp_str);
	return n;
}

static void free_names(char **names, size_t n)
{
	while (n)
		free(names[--n]);
	free(names);
}

/* libcpuid's expected values: the lines after the 80 dashes. */
struct expected {
	int family, model, stepping, ext_family, ext_model;
};

static const char dashes80[] =
    "--------------------------------------------------------------------"
    "------------";

static int parse_expected(const char *text, struct expected *x)
{
	const char *p = strstr(text, dashes80);
	long v[16];
	int n = 0, first = 0;

	if (!p)
		return -1;
	p = strchr(p, '\n');
	if (!p)
		return -1;
	p++;
	/* Since libcpuid 0.6 the block starts with architecture, feature level
	 * and purpose; older files start with the family. */
	if (strncmp(p, "x86\n", 4) == 0)
		first = 3;
	while (*p && n < 16) {
		char *end;

		v[n++] = strtol(p, &end, 10);
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	if (n < first + 5)
		return -1;
	x->family = (int)v[first];
	x->model = (int)v[first + 1];
	x->stepping = (int)v[first + 2];
	x->ext_family = (int)v[first + 3];
	x->ext_model = (int)v[first + 4];
	return 0;
}

static void load(const char *name, struct cpuid_dump *d)
{
	int rc = cpuid_dump_read_file(dump_path(name), d);

	if (rc != 0)
		fail_msg("%s: cpuid_dump_read_file failed", name);
}

/* ---- every dump ---- */

static void test_all_dumps_parse_and_identify(void **state)
{
	char **names;
	size_t n, i;

	(void)state;
	need_dumps();
	n = list_dumps(&names);
	assert_true(n >= 6);
	for (i = 0; i < n; i++) {
		struct cpuid_dump d;
		struct cpuid_facts f;
		struct cpu_identity id;
		struct expected x = {0};
		size_t len, c;
		char *text = read_all(dump_path(names[i]), &len);

		assert_non_null(text);
		print_message("  %s\n", names[i]);
		assert_int_equal(cpuid_dump_parse(text, len, &d), 0);
		assert_true(d.ncpus >= 1);
		assert_int_equal(d.bad_lines, 0);
		for (c = 0; c < d.ncpus; c++) {
			assert_true(d.cpu[c].n > 0);
			assert_int_equal(d.cpu[c].truncated, 0);
		}

		/* libcpuid's own expectations, from the file */
		assert_int_equal(parse_expected(text, &x), 0);
		assert_int_equal(identify_cpu(&d.cpu[0], &id), 0);
		assert_int_equal(id.ok, 1);
		assert_int_equal(id.family, x.family);
		assert_int_equal(id.model, x.model);
		assert_int_equal(id.stepping, x.stepping);
		assert_int_equal(id.ext_family, x.ext_family);
		assert_int_equal(id.ext_model, x.ext_model);
		assert_true(id.codename[0] != '\0');

		/* our decoding agrees with libcpuid's display family/model */
		cpuid_decode(&d.cpu[0], &f);
		assert_int_equal(f.family, (uint32_t)x.ext_family);
		assert_int_equal(f.model, (uint32_t)x.ext_model);
		assert_int_equal(f.stepping, (uint32_t)x.stepping);
		assert_string_equal(f.vendor_id, id.vendor);
		assert_string_equal(f.brand, id.brand);
		assert_int_not_equal(f.vendor, CPUID_VENDOR_UNKNOWN);

		cpuid_dump_free(&d);
		free(text);
	}
	free_names(names, n);
}

/*
 * The park lines' size and alignment on every real machine: leaf 5 EBX as
 * the dump's own text says it (read here with sscanf, apart from the
 * parser), rounded up to a power of two, 64 when 0.  All six dumps give
 * EBX 0x40: every CPU of each parks on 64-byte lines.
 */
static void test_all_dumps_monitor_line(void **state)
{
	char **names;
	size_t n, i, with_leaf5 = 0;

	(void)state;
	need_dumps();
	n = list_dumps(&names);
	assert_true(n >= 6);
	for (i = 0; i < n; i++) {
		struct cpuid_dump d;
		size_t len, c;
		char *text = read_all(dump_path(names[i]), &len);
		const char *p = text ? strstr(text, "CPUID 00000005: ") : NULL;
		unsigned eax, ebx;

		assert_non_null(text);
		load(names[i], &d);
		if (p && sscanf(p + 16, "%8x-%8x", &eax, &ebx) == 2) {
			with_leaf5++;
			print_message("  %s: leaf 5 EBX 0x%x\n", names[i], ebx);
			assert_int_equal(ebx, 0x40);
		} else {
			ebx = 0; /* no leaf 5 in the dump: the default */
		}
		for (c = 0; c < d.ncpus; c++) {
			struct cpuid_facts f;

			cpuid_decode(&d.cpu[c], &f);
			assert_int_equal(f.mwait_line, ebx ? ebx : 64);
			assert_int_equal(f.mwait_line_capped, 0);
		}
		cpuid_dump_free(&d);
		free(text);
	}
	assert_true(with_leaf5 >= 5);
	free_names(names, n);
}

/*
 * On every real machine, all CPUs equal the BSP outside the per-CPU bits,
 * and their APIC IDs split into distinct (package, core, thread).
 */
static void test_all_dumps_cpus_agree(void **state)
{
	char **names;
	size_t n, i;

	(void)state;
	need_dumps();
	n = list_dumps(&names);
	for (i = 0; i < n; i++) {
		struct cpuid_dump d;
		struct cpuid_facts f0;
		size_t c, k, raw_diffs = 0;
		uint32_t *ids;

		load(names[i], &d);
		cpuid_decode(&d.cpu[0], &f0);
		ids = calloc(d.ncpus, 3 * sizeof(*ids));
		assert_non_null(ids);
		for (c = 0; c < d.ncpus; c++) {
			struct cpuid_facts f;
			uint32_t j;

			cpuid_decode(&d.cpu[c], &f);
			assert_int_equal(f.smt_shift, f0.smt_shift);
			assert_int_equal(f.core_shift, f0.core_shift);
			assert_int_equal(f.topo_leaf, f0.topo_leaf);
			cpuid_topology_split(&f, f.x2apic_id, &ids[3 * c], &ids[3 * c + 1],
					     &ids[3 * c + 2]);
			for (k = 0; k < c; k++)
				assert_memory_not_equal(&ids[3 * k], &ids[3 * c], 3 * sizeof(*ids));
			assert_int_equal(d.cpu[c].n, d.cpu[0].n);
			for (j = 0; j < d.cpu[0].n; j++) {
				const struct cpuid_leaf *b = &d.cpu[0].l[j];
				const struct cpuid_leaf *o =
				    cpuid_raw_find(&d.cpu[c], b->leaf, b->subleaf);
				int r;

				assert_non_null(o);
				for (r = 0; r < 4; r++) {
					uint32_t m = cpuid_per_cpu_mask(b->leaf, b->subleaf, r);

					if ((b->regs[r] & ~m) != (o->regs[r] & ~m))
						fail_msg("%s cpu %zu: leaf %08X.%u %s differs",
							 names[i], c, b->leaf, b->subleaf,
							 cpuid_reg_name(r));
					raw_diffs += b->regs[r] != o->regs[r];
				}
			}
		}
		/* the masks had something to do on multi-CPU dumps */
		if (d.ncpus > 1)
			assert_true(raw_diffs > 0);
		free(ids);
		cpuid_dump_free(&d);
	}
	free_names(names, n);
}

/* ---- facts of particular dumps ---- */

static void test_zen3_5800x3d(void **state)
{
	struct cpuid_dump d;
	struct cpuid_facts f;
	const struct cpuid_leaf *l;

	(void)state;
	need_dumps();
	load("amd-ryzen-7-5800x3d-8-core-processor.test", &d);
	/* 48 "Logical CPU" headers, 32 of them empty: 8 cores x 2 threads */
	assert_int_equal(d.ncpus, 16);
	assert_int_equal(d.libcpuid_form, 0);
	/* 0x8000001F: EAX 0001780F, EBX 00000173 */
	l = cpuid_raw_find(&d.cpu[0], 0x8000001Fu, 0);
	assert_non_null(l);
	assert_int_equal(l->regs[CPUID_EAX], 0x0001780F);
	cpuid_decode(&d.cpu[0], &f);
	assert_int_equal(f.vendor, CPUID_VENDOR_AMD);
	assert_int_equal(f.max_ext, 0x80000023u);
	assert_int_equal(f.sme, 1);
	assert_int_equal(f.sev, 1);
	assert_int_equal(f.sev_es, 1);
	assert_int_equal(f.snp, 0);
	assert_int_equal(f.cbit, 51);
	assert_int_equal(f.phys_addr_reduction, 5);
	assert_int_equal(f.monitor, 1);
	assert_int_equal(f.mwait_leaf, 1);
	assert_int_equal(f.x2apic, 1);
	assert_int_equal(f.smt, 1);
	assert_int_equal(f.topo_leaf, 0xB);
	assert_int_equal(f.smt_shift, 1);
	assert_int_equal(f.core_shift, 4);
	/* leaves without [SL nn] repeat: subleaves by position */
	l = cpuid_raw_find(&d.cpu[0], 0xB, 1);
	assert_non_null(l);
	assert_int_equal(l->regs[CPUID_EAX], 4);
	assert_int_equal(l->has_subleaf, 1);
	assert_non_null(cpuid_raw_find(&d.cpu[0], 0x8000001Du, 3));
	assert_null(cpuid_raw_find(&d.cpu[0], 0x8000001Du, 4));
	/* the second non-empty section is logical CPU #3 of the file */
	cpuid_decode(&d.cpu[1], &f);
	assert_int_equal(f.x2apic_id, 1);
	cpuid_dump_free(&d);
}

static void test_zen2_3955wx(void **state)
{
	struct cpuid_dump d;
	struct cpuid_facts f;

	(void)state;
	need_dumps();
	load("amd-ryzen-threadripper-pro-3955wx-16-cores.test", &d);
	assert_int_equal(d.ncpus, 32);
	/* 0x8000001F: EAX 0001000F, EBX 0000016F */
	cpuid_decode(&d.cpu[0], &f);
	assert_int_equal(f.sme, 1);
	assert_int_equal(f.sev, 1);
	assert_int_equal(f.sev_es, 1);
	assert_int_equal(f.snp, 0);
	assert_int_equal(f.cbit, 47);
	assert_int_equal(f.phys_addr_reduction, 5);
	assert_int_equal(f.x2apic, 0);
	assert_int_equal(f.smt, 1);
	assert_int_equal(f.smt_shift, 1);
	assert_int_equal(f.core_shift, 7);
	assert_string_equal(f.brand, "AMD Ryzen Threadripper PRO 3955WX 16-Cores     ");
	cpuid_dump_free(&d);
}

static void test_bulldozer_opteron(void **state)
{
	struct cpuid_dump d;
	struct cpuid_facts f;

	(void)state;
	need_dumps();
	load("amd-opteron-processor-6238.test", &d);
	assert_int_equal(d.ncpus, 12);
	cpuid_decode(&d.cpu[0], &f);
	/* max extended leaf 0x8000001E: no memory encryption leaf */
	assert_int_equal(f.max_ext, 0x8000001Eu);
	assert_int_equal(f.sme, 0);
	assert_int_equal(f.cbit, 0);
	/* no 0xB: topology from 0x80000008 (ApicIdCoreIdSize 5) and 0x8000001E
	 * (2 cores per compute unit), APIC ID from 0x8000001E EAX */
	assert_int_equal(f.topo_leaf, 0x8000001E);
	assert_int_equal(f.smt_shift, 1);
	assert_int_equal(f.core_shift, 5);
	assert_int_equal(f.x2apic_id, 0x20);
	assert_int_equal(f.initial_apic_id, 0);
	/* [SL 3E]: hex subleaf 62 of leaf 0xD */
	assert_non_null(cpuid_raw_find(&d.cpu[0], 0xD, 0x3E));
	cpuid_dump_free(&d);
}

static void test_xeon_e5462_mwait(void **state)
{
	struct cpuid_dump d;
	struct cpuid_facts f;

	(void)state;
	need_dumps();
	load("intel-xeon-cpu-e5462-dual.test", &d);
	assert_int_equal(d.ncpus, 8);
	cpuid_decode(&d.cpu[0], &f);
	/* 1 ECX 000CE3BD: MONITOR; leaf 5: 40-40-3-2220 */
	assert_int_equal(f.monitor, 1);
	assert_int_equal(f.mwait_leaf, 1);
	assert_int_equal(f.mwait_line_min, 64);
	assert_int_equal(f.mwait_line_max, 64);
	assert_int_equal(f.mwait_emx, 1);
	assert_int_equal(f.mwait_ibe, 1);
	assert_int_equal(f.mwait_substates, 0x2220);
	assert_int_equal(f.mwait_substate[1], 2);
	assert_int_equal(f.mwait_substate[2], 2);
	assert_int_equal(f.mwait_substate[3], 2);
	assert_int_equal(f.x2apic, 0);
	assert_int_equal(f.hypervisor, 0);
	/* max basic 0xA: legacy topology, 4 cores, no HT */
	assert_int_equal(f.topo_leaf, 1);
	assert_int_equal(f.smt, 0);
	assert_int_equal(f.core_shift, 2);
	assert_int_equal(f.lm, 1);
	assert_int_equal(f.nx, 1);
	/* three leaf-4 lines without [SL]: subleaves 0..2 */
	assert_non_null(cpuid_raw_find(&d.cpu[0], 4, 2));
	assert_int_equal(cpuid_raw_find(&d.cpu[0], 4, 2)->regs[CPUID_EAX], 0x0C004143);
	cpuid_dump_free(&d);
}

static void test_cascade_lake_smt_x2apic(void **state)
{
	struct cpuid_dump d;
	struct cpuid_facts f;

	(void)state;
	need_dumps();
	load("intel-core-i9-10980xe-cpu.test", &d);
	assert_int_equal(d.ncpus, 36);
	cpuid_decode(&d.cpu[0], &f);
	assert_int_equal(f.x2apic, 1);
	assert_int_equal(f.smt, 1);
	assert_int_equal(f.htt, 1);
	assert_int_equal(f.topo_leaf, 0xB);
	assert_int_equal(f.smt_shift, 1);
	assert_int_equal(f.core_shift, 6);
	assert_int_equal(f.monitor, 1);
	assert_int_equal(f.mwait_substates, 0x2020);
	assert_int_equal(f.tme, 0);
	assert_int_equal(f.sme, 0);
	assert_int_equal(f.hypervisor, 0);
	assert_int_equal(f.pdpe1gb, 1);
	cpuid_dump_free(&d);
}

static void test_qemu_libcpuid_form(void **state)
{
	struct cpuid_dump d;
	struct cpuid_facts f;

	(void)state;
	need_dumps();
	load("qemu-virtual-cpu-version.test", &d);
	assert_int_equal(d.libcpuid_form, 1);
	assert_int_equal(d.ncpus, 1);
	cpuid_decode(&d.cpu[0], &f);
	assert_int_equal(f.hypervisor, 1);
	assert_int_equal(f.max_basic, 4);
	assert_int_equal(f.max_ext, 0x8000000Au);
	assert_string_equal(f.brand, "QEMU Virtual CPU version (cpu64-rhel6)");
	/* libcpuid's fixed arrays: nothing above the maxima is kept, leaf 4 ends
	 * at its null cache type, intel_fn11 (leaf 0xB > max) is dropped */
	assert_null(cpuid_raw_find(&d.cpu[0], 5, 0));
	assert_null(cpuid_raw_find(&d.cpu[0], 0xB, 0));
	assert_null(cpuid_raw_find(&d.cpu[0], 0x8000000Bu, 0));
	assert_non_null(cpuid_raw_find(&d.cpu[0], 4, 2));
	assert_null(cpuid_raw_find(&d.cpu[0], 4, 3));
	assert_int_equal(cpuid_raw_find(&d.cpu[0], 4, 1)->has_subleaf, 1);
	assert_int_equal(d.cpu[0].n, 4 + 3 + 11);
	cpuid_dump_free(&d);
}

/* Formatting a parsed leaf gives back the file's own line. */
static void test_format_matches_files(void **state)
{
	static const char *const files[] = {
	    "intel-core-i9-10980xe-cpu.test",
	    "amd-ryzen-threadripper-pro-3955wx-16-cores.test",
	    "amd-opteron-processor-6238.test",
	};
	size_t i;

	(void)state;
	need_dumps();
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct cpuid_dump d;
		size_t len;
		char *text = read_all(dump_path(files[i]), &len);
		uint32_t j;

		assert_non_null(text);
		assert_int_equal(cpuid_dump_parse(text, len, &d), 0);
		for (j = 0; j < d.cpu[0].n; j++) {
			char line[64];

			cpuid_format_leaf(&d.cpu[0].l[j], line);
			if (!strstr(text, line))
				fail_msg("%s: \"%s\" not in the file", files[i], line);
		}
		cpuid_dump_free(&d);
		free(text);
	}
}

/* ---- round trip ---- */

static void assert_same_dump(const struct cpuid_dump *a, const struct cpuid_dump *b)
{
	size_t c;

	assert_int_equal(a->ncpus, b->ncpus);
	for (c = 0; c < a->ncpus; c++) {
		uint32_t j;

		assert_int_equal(a->cpu[c].n, b->cpu[c].n);
		for (j = 0; j < a->cpu[c].n; j++) {
			const struct cpuid_leaf *x = &a->cpu[c].l[j], *y = &b->cpu[c].l[j];

			assert_int_equal(x->leaf, y->leaf);
			assert_int_equal(x->subleaf, y->subleaf);
			assert_int_equal(x->has_subleaf, y->has_subleaf);
			assert_memory_equal(x->regs, y->regs, sizeof(x->regs));
		}
	}
}

static char *write_to_string(const struct cpuid_dump *d, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	assert_non_null(f);
	cpuid_dump_write(f, d);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_round_trip_files(void **state)
{
	char **names;
	size_t n, i;

	(void)state;
	need_dumps();
	n = list_dumps(&names);
	for (i = 0; i < n; i++) {
		struct cpuid_dump a, b;
		size_t len1, len2;
		char *t1, *t2;

		load(names[i], &a);
		t1 = write_to_string(&a, &len1);
		assert_int_equal(cpuid_dump_parse(t1, len1, &b), 0);
		assert_int_equal(b.bad_lines, 0);
		assert_int_equal(b.libcpuid_form, 0);
		assert_same_dump(&a, &b);
		/* and the text is stable */
		t2 = write_to_string(&b, &len2);
		assert_int_equal(len1, len2);
		assert_memory_equal(t1, t2, len1);
		free(t1);
		free(t2);
		cpuid_dump_free(&a);
		cpuid_dump_free(&b);
	}
	free_names(names, n);
}

static void test_round_trip_collected(void **state)
{
	struct cpuid_dump a = {0}, b;
	size_t len, c;
	char *t;

	(void)state;
	/* hand-made CPUs, including wide subleaves and has_subleaf variety */
	a.ncpus = 3;
	a.cpu = calloc(a.ncpus, sizeof(*a.cpu));
	assert_non_null(a.cpu);
	for (c = 0; c < a.ncpus; c++) {
		uint32_t r[4] = {0x10, 0x756E6547, 0x6C65746E, 0x49656E69};
		uint32_t k;

		cpuid_raw_add(&a.cpu[c], 0, 0, r, 0);
		for (k = 0; k < 40; k++) {
			r[0] = k * 0x01010101u;
			r[3] = (uint32_t)c;
			cpuid_raw_add(&a.cpu[c], 0xD, k, r, 1);
		}
		r[0] = 0xFFFFFFFFu;
		cpuid_raw_add(&a.cpu[c], 0x80000000u, 0, r, 0);
		cpuid_raw_add(&a.cpu[c], 0x4, 0x1234, r, 1);
	}
	t = write_to_string(&a, &len);
	assert_int_equal(cpuid_dump_parse(t, len, &b), 0);
	assert_int_equal(b.bad_lines, 0);
	assert_same_dump(&a, &b);
	free(t);
	cpuid_dump_free(&a);
	cpuid_dump_free(&b);
}

/* ---- the parser alone ---- */

static int parse_str(const char *s, struct cpuid_dump *d)
{
	return cpuid_dump_parse(s, strlen(s), d);
}

static void test_parse_basic_forms(void **state)
{
	struct cpuid_dump d;
	const struct cpuid_leaf *l;

	(void)state;
	/* no header: one CPU; CRLF; lower-case hex; annotations ignored */
	assert_int_equal(
	    parse_str("CPUID 00000000: 0000000d-68747541-444D4163-69746E65 "
		      "[AuthenticAMD]\r\n"
		      "  CPUID 00000007: 00000000-219C91A9-00400004-00000000 [SL 00]\r\n"
		      "CPUID 00000007: 00000001-00000002-00000003-00000004 [SL 01] [x]\r\n",
		      &d),
	    0);
	assert_int_equal(d.ncpus, 1);
	assert_int_equal(d.cpu[0].n, 3);
	assert_int_equal(d.bad_lines, 0);
	l = cpuid_raw_find(&d.cpu[0], 0, 0);
	assert_non_null(l);
	assert_int_equal(l->regs[0], 0xD);
	assert_int_equal(l->has_subleaf, 0);
	l = cpuid_raw_find(&d.cpu[0], 7, 1);
	assert_non_null(l);
	assert_int_equal(l->regs[3], 4);
	assert_int_equal(l->has_subleaf, 1);
	cpuid_dump_free(&d);

	/* text after the 80 dashes is not a CPU */
	assert_int_equal(parse_str("------[ Logical CPU #0 ]------\n"
				   "CPUID 00000000: 00000001-00000000-00000000-00000000\n"
				   "--------------------------------------------------------------"
				   "------------------\n"
				   "------[ Logical CPU #1 ]------\n"
				   "CPUID 00000000: 00000001-00000000-00000000-00000000\n",
				   &d),
			 0);
	assert_int_equal(d.ncpus, 1);
	cpuid_dump_free(&d);

	/* libcpuid 0.6 multi-CPU form with its version line */
	assert_int_equal(parse_str("version=0.6.2\n"
				   "_________________ Logical CPU #0 _________________\n"
				   "basic_cpuid[0]=00000001 756e6547 6c65746e 49656e69\n"
				   "basic_cpuid[1]=000006d3 00000800 80002001 078bfbfd\n"
				   "basic_cpuid[2]=ffffffff ffffffff ffffffff ffffffff\n"
				   "ext_cpuid[0]=80000001 00000000 00000000 00000000\n"
				   "ext_cpuid[1]=00000000 00000000 00000001 2191abfd\n"
				   "ext_cpuid[2]=12345678 00000000 00000000 00000000\n"
				   "_________________ Logical CPU #1 _________________\n"
				   "basic_cpuid[0]=00000001 756e6547 6c65746e 49656e69\n"
				   "basic_cpuid[1]=000006d3 01000800 80002001 078bfbfd\n",
				   &d),
			 0);
	assert_int_equal(d.libcpuid_form, 1);
	assert_int_equal(d.ncpus, 2);
	assert_int_equal(d.cpu[0].n, 4); /* 0, 1, 0x80000000, 0x80000001 */
	assert_null(cpuid_raw_find(&d.cpu[0], 2, 0));
	assert_null(cpuid_raw_find(&d.cpu[0], 0x80000002u, 0));
	assert_int_equal(d.cpu[1].n, 2);
	assert_int_equal(cpuid_raw_find(&d.cpu[1], 1, 0)->regs[1], 0x01000800);
	cpuid_dump_free(&d);
}

static void test_parse_bad_lines(void **state)
{
	struct cpuid_dump d;

	(void)state;
	assert_int_equal(
	    parse_str("------[ Logical CPU #0 ]------\n"
		      "CPUID 00000000: 00000001-00000000-00000000-00000000\n"
		      "CPUID 0000000G: 00000001-00000000-00000000-00000000\n"		 /* bad */
		      "CPUID 00000001: 00000001-00000000-00000000\n"			 /* bad */
		      "CPUID 00000001: 00000001-00000000-00000000-0000000Z\n"		 /* bad */
		      "CPUID 00000001: 000000001-00000000-00000000-00000000\n"		 /* bad */
		      "CPUID 00000004: 00000001-00000000-00000000-00000000 [SL 1X]\n"	 /* bad */
		      "CPUID 00000004: 00000001-00000000-00000000-00000000 [SL 10000]\n" /* bad */
		      "basic_cpuid[99]=00000001 00000000 00000000 00000000\n"		 /* bad */
		      "basic_cpuid[1]=00000001 00000000 00000000\n"			 /* bad */
		      "hello world\n"
		      "\n"
		      "CPUID registers follow\n" /* bad: looks like a leaf */
		      "CPUID 00000001: 00000001-00000002-00000003-00000004\n",
		      &d),
	    0);
	assert_int_equal(d.bad_lines, 9);
	assert_int_equal(d.ncpus, 1);
	assert_int_equal(d.cpu[0].n, 2);
	cpuid_dump_free(&d);

	/* nothing usable */
	memset(&d, 0x5A, sizeof(d));
	assert_int_equal(parse_str("", &d), -1);
	assert_null(d.cpu);
	assert_int_equal(d.ncpus, 0);
	assert_int_equal(parse_str("------[ Logical CPU #0 ]------\n"
				   "------[ Logical CPU #1 ]------\n",
				   &d),
			 -1);
	assert_null(d.cpu);
	assert_int_equal(cpuid_dump_parse(NULL, 0, &d), -1);
	assert_int_equal(cpuid_dump_read_file("/nonexistent/cpuid.test", &d), -1);
	assert_null(d.cpu);
}

static void test_parse_nul_and_long_lines(void **state)
{
	static const char good[] = "CPUID 00000000: 00000001-00000000-00000000-00000000\n";
	struct cpuid_dump d;
	size_t big = 4u << 20, off = 0;
	char *buf = malloc(big + 256);
	char withnul[] = "CPUID 00000001: 00000001-00000002-00000003-00000004\0junk\n"
			 "CPUID 00000002: 00000001-00000002-00\0003-00000004\n"
			 "\0\0\0\n";

	(void)state;
	assert_non_null(buf);
	/* a 4 MiB line of garbage, an overlong leaf line, then a good line */
	memset(buf, 'A', big);
	off = big;
	buf[off++] = '\n';
	memcpy(buf + off, "CPUID 1: 1-2-3-4", 16);
	off += 16;
	assert_int_equal(cpuid_dump_parse(buf, off, &d), 0); /* no newline at the end */
	assert_int_equal(d.cpu[0].n, 1);
	cpuid_dump_free(&d);
	memcpy(buf, "CPUID 00000000: ", 16);
	memset(buf + 16, '0', big - 16);
	buf[big] = '\n';
	memcpy(buf + big + 1, good, sizeof(good) - 1);
	assert_int_equal(cpuid_dump_parse(buf, big + sizeof(good), &d), 0);
	assert_int_equal(d.bad_lines, 1);
	assert_int_equal(d.cpu[0].n, 1);
	cpuid_dump_free(&d);
	free(buf);

	/* NUL bytes are garbage, not string ends */
	assert_int_equal(cpuid_dump_parse(withnul, sizeof(withnul) - 1, &d), -1);
	memcpy(withnul + sizeof(withnul) - 5, "\n\n\n\n", 4);
	assert_int_equal(cpuid_dump_parse(withnul, sizeof(withnul) - 1, &d), -1);
	{
		char mix[256];
		size_t n = 0;

		memcpy(mix + n, good, sizeof(good) - 1);
		n += sizeof(good) - 1;
		memcpy(mix + n, "\0\0CPUID\0\n", 9);
		n += 9;
		memcpy(mix + n, good, sizeof(good) - 1);
		n += sizeof(good) - 1;
		assert_int_equal(cpuid_dump_parse(mix, n, &d), 0);
		/* the NUL line is ignored; a leaf repeated without [SL] is the
		 * next subleaf */
		assert_int_equal(d.bad_lines, 0);
		assert_int_equal(d.cpu[0].n, 2);
		assert_int_equal(cpuid_raw_find(&d.cpu[0], 0, 1)->has_subleaf, 1);
		cpuid_dump_free(&d);
	}
}

static void test_parse_truncated(void **state)
{
	size_t len, cut;
	char *text;
	unsigned ok = 0;

	(void)state;
	need_dumps();
	text = read_all(dump_path("intel-xeon-cpu-e5462-dual.test"), &len);
	assert_non_null(text);
	for (cut = 0; cut <= len; cut++) {
		struct cpuid_dump d;
		/* an exact-size copy, so ASan sees any read past the end */
		char *copy = malloc(cut ? cut : 1);

		assert_non_null(copy);
		memcpy(copy, text, cut);
		if (cpuid_dump_parse(copy, cut, &d) == 0) {
			ok++;
			assert_true(d.ncpus <= 8);
			cpuid_dump_free(&d);
		}
		free(copy);
	}
	/* every cut after the first complete leaf line parses */
	assert_true(ok > len - 200);
	free(text);
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static void test_parse_random_garbage(void **state)
{
	static const char *const atoms[] = {
	    "CPUID ",
	    "0000000B",
	    ": ",
	    "-",
	    "FFFFFFFF",
	    " [SL ",
	    "]",
	    "\n",
	    "\r\n",
	    "\0",
	    "------[ Logical CPU #",
	    " ]------\n",
	    "basic_cpuid[",
	    "intel_fn4[",
	    "]=",
	    " ",
	    "00000001",
	    "x",
	    dashes80,
	    "_________________ Logical CPU #",
	    "amd_fn8000001dh[3]=1 2 3 4\n",
	    "7",
	};
	int iter;

	(void)state;
	for (iter = 0; iter < 3000; iter++) {
		char buf[2048];
		size_t n = 0;
		struct cpuid_dump d;

		if (iter % 2) {
			/* raw bytes */
			n = next_rand() % sizeof(buf);
			for (size_t i = 0; i < n; i++)
				buf[i] = (char)next_rand();
		} else {
			/* fragments of the real syntax */
			while (n < sizeof(buf) - 128) {
				const char *a =
				    atoms[next_rand() % (sizeof(atoms) / sizeof(atoms[0]))];
				size_t l = a[0] ? strlen(a) : 1;

				memcpy(buf + n, a, l);
				n += l;
				if (next_rand() % 50 == 0)
					break;
			}
		}
		if (cpuid_dump_parse(buf, n, &d) == 0) {
			struct cpuid_facts f;

			for (size_t c = 0; c < d.ncpus; c++)
				cpuid_decode(&d.cpu[c], &f);
			cpuid_dump_free(&d);
		} else {
			assert_null(d.cpu);
		}
	}
}

static void test_parse_many_cpus(void **state)
{
	const size_t ncpus = 5000;
	size_t cap = ncpus * 256, n = 0, c;
	char *buf = malloc(cap);
	struct cpuid_dump d;
	struct cpuid_facts f;

	(void)state;
	assert_non_null(buf);
	for (c = 0; c < ncpus; c++)
		n += (size_t)snprintf(buf + n, cap - n,
				      "------[ Logical CPU #%zu ]------\n"
				      "CPUID 00000000: 0000000B-756E6547-6C65746E-49656E69\n"
				      "CPUID 0000000B: 00000001-00000002-00000100-%08zX [SL 00]\n"
				      "CPUID 0000000B: 00000008-00000100-00000201-%08zX [SL 01]\n",
				      c, c, c);
	assert_int_equal(cpuid_dump_parse(buf, n, &d), 0);
	assert_int_equal(d.ncpus, ncpus);
	cpuid_decode(&d.cpu[ncpus - 1], &f);
	assert_int_equal(f.x2apic_id, ncpus - 1);
	assert_int_equal(f.core_shift, 8);
	cpuid_dump_free(&d);
	free(buf);
}

static void test_parse_full_cpu(void **state)
{
	size_t cap = (CPUID_RAW_MAX + 10) * 64, n = 0;
	char *buf = malloc(cap);
	struct cpuid_dump d;
	uint32_t i;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < CPUID_RAW_MAX + 10; i++)
		n += (size_t)snprintf(
		    buf + n, cap - n,
		    "CPUID 0000000D: 00000001-00000002-00000003-00000004 [SL %02X]\n", i);
	assert_int_equal(cpuid_dump_parse(buf, n, &d), 0);
	assert_int_equal(d.cpu[0].n, CPUID_RAW_MAX);
	assert_int_equal(d.cpu[0].truncated, 1);
	cpuid_dump_free(&d);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_all_dumps_parse_and_identify),
	    cmocka_unit_test(test_all_dumps_cpus_agree),
	    cmocka_unit_test(test_zen3_5800x3d),
	    cmocka_unit_test(test_zen2_3955wx),
	    cmocka_unit_test(test_bulldozer_opteron),
	    cmocka_unit_test(test_xeon_e5462_mwait),
	    cmocka_unit_test(test_all_dumps_monitor_line),
	    cmocka_unit_test(test_cascade_lake_smt_x2apic),
	    cmocka_unit_test(test_qemu_libcpuid_form),
	    cmocka_unit_test(test_format_matches_files),
	    cmocka_unit_test(test_round_trip_files),
	    cmocka_unit_test(test_round_trip_collected),
	    cmocka_unit_test(test_parse_basic_forms),
	    cmocka_unit_test(test_parse_bad_lines),
	    cmocka_unit_test(test_parse_nul_and_long_lines),
	    cmocka_unit_test(test_parse_truncated),
	    cmocka_unit_test(test_parse_random_garbage),
	    cmocka_unit_test(test_parse_many_cpus),
	    cmocka_unit_test(test_parse_full_cpu),
	};

	return cmocka_run_group_tests_name("cpuid_dump", tests, NULL, NULL);
}
