/* SPDX-License-Identifier: MIT */
/*
 * The fleet view (host/fleet/) over a small corpus written here with the
 * payload's encoder: runs grouped by machine, the counts per mode and
 * provocation set, logs read plain, gzip'd and xz'd, broken and foreign
 * files counted and named, several runs in one log, the JSON shape.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>
#include <lzma.h>
#include <zlib.h>

#include "host/fleet/fleet.h"
#include "results/fields.h"
#include "results/record.h"
#include "tests/unit/slog.h"

/* ---- a synthetic payload ---- */

struct machine {
	const char *bios_version, *product;
	uint64_t ucode;
	unsigned model;
};

/*
 * One run on machine m with 4 CPUs: the probe, then modes hlt and
 * trampoline (provocation none) for 2 cycles each.  late_apic (0: none)
 * is late in cycle 0 of hlt: late is allowed in no mode (pd_expect), so
 * that cycle and the hlt group fail.
 */
static void run(struct slog *l, uint32_t run_id, const struct machine *m, uint32_t late_apic)
{
	static const char *const modes[] = {"hlt", "hlt", "trampoline", "trampoline"};
	unsigned i, n;

	l->run = run_id;
	l->boot = 1;
	l->seq = 0;
	slog_put(l, "SeaBIOS noise before the payload\r\n", 34);
	slog_begin(l, PD_REC_BOOT);
	pd_rec_u(&W, PD_F_FORMAT, PD_FORMAT_VERSION);
	slog_emit(l);
	slog_begin(l, PD_REC_SMBIOS);
	pd_rec_s(&W, PD_F_BIOS_VENDOR, "Acme BIOS");
	pd_rec_s(&W, PD_F_BIOS_VERSION, m->bios_version);
	pd_rec_s(&W, PD_F_BIOS_DATE, "01/02/2025");
	pd_rec_s(&W, PD_F_SYS_VENDOR, "Acme");
	pd_rec_s(&W, PD_F_SYS_PRODUCT, m->product);
	slog_emit(l);
	for (i = 0; i < 4; i++) {
		slog_begin(l, PD_REC_CPU);
		pd_rec_u(&W, PD_F_IDX, i);
		pd_rec_u(&W, PD_F_APIC, i);
		pd_rec_s(&W, PD_F_STATE, i ? "online" : "bsp");
		pd_rec_x(&W, PD_F_UCODE, m->ucode);
		slog_emit(l);
	}
	slog_begin(l, PD_REC_FEATURES);
	pd_rec_s(&W, PD_F_CPU_VENDOR, "GenuineIntel");
	pd_rec_u(&W, PD_F_FAMILY, 6);
	pd_rec_x(&W, PD_F_MODEL, m->model);
	pd_rec_u(&W, PD_F_STEPPING, 2);
	slog_emit(l);
	slog_begin(l, PD_REC_KEXEC);
	pd_rec_u(&W, PD_F_CYCLES, 4);
	pd_rec_s(&W, PD_F_MODES, "hlt,trampoline");
	pd_rec_s(&W, PD_F_PROVOKE, "none");
	pd_rec_s(&W, PD_F_PLATFORM, "hardware");
	slog_emit(l);
	for (n = 0; n < 4; n++) {
		int late = late_apic && n == 0;

		l->boot++;
		l->seq = 0;
		slog_begin(l, PD_REC_BOOT);
		pd_rec_u(&W, PD_F_FORMAT, PD_FORMAT_VERSION);
		pd_rec_s(&W, PD_F_PATH, "kexec");
		slog_emit(l);
		slog_begin(l, PD_REC_CYCLE);
		pd_rec_u(&W, PD_F_N, n);
		pd_rec_s(&W, PD_F_M, modes[n]);
		pd_rec_s(&W, PD_F_P, "none");
		pd_rec_u(&W, "ok", late ? 2 : 3);
		if (late)
			pd_rec_u(&W, "late", 1);
		slog_emit(l);
		if (late) {
			slog_begin(l, PD_REC_OUTCOME);
			pd_rec_u(&W, PD_F_N, n);
			pd_rec_u(&W, PD_F_APIC, late_apic);
			pd_rec_s(&W, PD_F_O, "late");
			slog_emit(l);
		}
	}
	slog_begin(l, PD_REC_END);
	pd_rec_u(&W, PD_F_CPUS, 4);
	pd_rec_u(&W, PD_F_CYCLES, 4);
	pd_rec_s(&W, PD_F_VERDICT, late_apic ? "fail" : "pass");
	slog_emit(l);
}

/* ---- the corpus on disk ---- */

static char dir[64];

static void path_of(char *buf, size_t cap, const char *name)
{
	snprintf(buf, cap, "%s/%s", dir, name);
}

static void write_plain(const char *name, const struct slog *l)
{
	char p[256];
	FILE *f;

	path_of(p, sizeof(p), name);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(l->buf, 1, l->len, f), l->len);
	fclose(f);
}

static void write_gz(const char *name, const struct slog *l)
{
	char p[256];
	gzFile z;

	path_of(p, sizeof(p), name);
	z = gzopen(p, "wb");
	assert_non_null(z);
	assert_int_equal(gzwrite(z, l->buf, (unsigned)l->len), (int)l->len);
	assert_int_equal(gzclose(z), Z_OK);
}

static void write_xz(const char *name, const struct slog *l)
{
	char p[256];
	size_t cap = l->len + 1024, pos = 0;
	uint8_t *out = malloc(cap);
	FILE *f;

	assert_non_null(out);
	assert_int_equal(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, (const uint8_t *)l->buf,
						 l->len, out, &pos, cap),
			 LZMA_OK);
	path_of(p, sizeof(p), name);
	f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(out, 1, pos, f), pos);
	fclose(f);
	free(out);
}

static const struct machine m_a = {"1.0", "Box A", 0x2b000571, 0x8f};
static const struct machine m_a2 = {"2.0", "Box A", 0x2b000571, 0x8f}; /* BIOS update */
static const struct machine m_b = {"1.0", "Box B", 0x10, 0xcf};

static int setup(void **state)
{
	struct slog l = {0};
	char p[256];

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/pd-fleet-%d", (int)getpid());
	assert_int_equal(mkdir(dir, 0700), 0);
	path_of(p, sizeof(p), "sub");
	assert_int_equal(mkdir(p, 0700), 0);

	run(&l, 0x11111111, &m_a, 0);
	write_plain("a1.log", &l);
	l.len = 0;
	run(&l, 0x22222222, &m_a, 2);
	write_gz("sub/a2.log.gz", &l);
	l.len = 0;
	run(&l, 0x33333333, &m_a, 2);
	write_xz("sub/a3.xz", &l);
	l.len = 0;
	/* two runs in one log: another BIOS version, then another machine */
	run(&l, 0x44444444, &m_a2, 0);
	run(&l, 0x55555555, &m_b, 3);
	write_plain("two-runs.log", &l);
	/* broken: a gzip stream cut in the middle */
	l.len = 0;
	run(&l, 0x66666666, &m_b, 0);
	{
		gzFile z;
		char q[256];
		FILE *f;
		struct buf gz = {0};

		path_of(q, sizeof(q), "whole.gz");
		z = gzopen(q, "wb");
		gzwrite(z, l.buf, (unsigned)l.len);
		gzclose(z);
		assert_int_equal(read_file(q, &gz), 0);
		unlink(q);
		path_of(q, sizeof(q), "sub/cut.log.gz");
		f = fopen(q, "wb");
		fwrite(gz.p, 1, gz.len / 2, f);
		fclose(f);
		bfree(&gz);
	}
	slog_free(&l);
	/* foreign: a text file without a single record */
	{
		struct slog t = {0};

		slog_put(&t, "Linux version 6.1.0\nlogin: \n", 28);
		write_plain("foreign.txt", &t);
		slog_free(&t);
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const struct fleet_machine *machine(const struct fleet *f, const char *bios,
					   const char *product)
{
	size_t i;

	for (i = 0; i < f->nmachines; i++)
		if (!strcmp(f->machines[i].key.bios_version, bios) &&
		    !strcmp(f->machines[i].key.sys_product, product))
			return &f->machines[i];
	fail_msg("no machine %s %s", product, bios);
	return NULL;
}

static const struct fleet_group *group(const struct fleet_machine *m, const char *mode)
{
	size_t i;

	for (i = 0; i < m->ngroups; i++)
		if (!strcmp(m->groups[i].m, mode) && !strcmp(m->groups[i].p, "none"))
			return &m->groups[i];
	fail_msg("no group %s/none", mode);
	return NULL;
}

static struct fleet *read_corpus(void)
{
	struct fleet *f = fleet_new();

	assert_non_null(f);
	fleet_read_path(f, dir);
	fleet_sort(f);
	return f;
}

static void test_machines(void **state)
{
	struct fleet *f = read_corpus();
	const struct fleet_machine *a, *a2, *b;

	(void)state;
	/* a1, a2.gz, a3.xz, two-runs: 4 logs read; cut.gz and foreign.txt not */
	assert_int_equal(f->logs_read, 4);
	assert_int_equal(f->runs, 5);
	/* Box A, its BIOS update, Box B */
	assert_int_equal(f->nmachines, 3);
	a = machine(f, "1.0", "Box A");
	a2 = machine(f, "2.0", "Box A");
	b = machine(f, "1.0", "Box B");
	assert_int_equal(a->runs, 3);
	assert_int_equal(a->runs_pass, 1);
	assert_int_equal(a->runs_fail, 2);
	assert_int_equal(a2->runs, 1);
	assert_int_equal(b->runs, 1);
	assert_int_equal(a->key.microcode, 0x2b000571);
	assert_int_equal(a->key.model, 0x8f);
	assert_string_equal(a->key.cpu_vendor, "GenuineIntel");
	assert_int_equal(b->key.microcode, 0x10);
	/* first and last in reading order: a1.log, then sub/a2.log.gz, sub/a3.xz */
	assert_int_equal(a->first.run, 0x11111111);
	assert_int_equal(a->last.run, 0x33333333);
	assert_non_null(strstr(a->last.file, "sub/a3.xz"));
	fleet_free(f);
}

static void test_counts(void **state)
{
	struct fleet *f = read_corpus();
	const struct fleet_machine *a = machine(f, "1.0", "Box A"), *b = machine(f, "1.0", "Box B");
	const struct fleet_group *hlt = group(a, "hlt"), *tr = group(a, "trampoline");

	(void)state;
	assert_int_equal(a->ngroups, 2);
	assert_int_equal(hlt->runs, 3);
	assert_int_equal(hlt->cycles, 6);
	assert_int_equal(hlt->cycles_failed, 2); /* a2 and a3, cycle 0 each */
	assert_int_equal(hlt->runs_unexpected, 2);
	assert_true(hlt->expected_pass);
	assert_int_equal(hlt->nfailing, 1);
	assert_int_equal(hlt->failing[0].apic, 2);
	assert_int_equal(hlt->failing[0].runs, 2);
	assert_int_equal(hlt->first.run, 0x11111111);
	assert_int_equal(tr->cycles, 6);
	assert_int_equal(tr->cycles_failed, 0);
	assert_int_equal(tr->nfailing, 0);
	assert_int_equal(group(b, "hlt")->failing[0].apic, 3);
	fleet_free(f);
}

static void test_bad_files(void **state)
{
	struct fleet *f = read_corpus();
	size_t i;
	int cut = 0, foreign = 0;

	(void)state;
	assert_int_equal(f->logs_bad, 2);
	assert_int_equal(f->nbad, 2);
	for (i = 0; i < f->nbad; i++) {
		if (strstr(f->bad[i].path, "cut.log.gz")) {
			cut = 1;
			assert_non_null(strstr(f->bad[i].why, "gzip"));
		}
		if (strstr(f->bad[i].path, "foreign.txt")) {
			foreign = 1;
			assert_string_equal(f->bad[i].why, "no playdead records");
		}
	}
	assert_true(cut && foreign);
	/* a missing path is named too, and nothing else changes */
	{
		char p[256];

		path_of(p, sizeof(p), "missing.log");
		fleet_read_path(f, p);
		assert_int_equal(f->logs_bad, 3);
		assert_non_null(strstr(f->bad[2].why, "cannot open"));
		assert_int_equal(f->runs, 5);
	}
	fleet_free(f);
}

/* The same log plain, gzip'd and xz'd reads the same. */
static void test_compressed(void **state)
{
	const char *names[] = {"a1.log", "sub/a2.log.gz", "sub/a3.xz"};
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		struct fleet *f = fleet_new();
		char p[256];

		path_of(p, sizeof(p), names[i]);
		fleet_read_path(f, p);
		assert_int_equal(f->logs_read, 1);
		assert_int_equal(f->logs_bad, 0);
		assert_int_equal(f->runs, 1);
		assert_int_equal(f->nmachines, 1);
		assert_int_equal(f->machines[0].ngroups, 2);
		assert_int_equal(f->machines[0].groups[0].cycles, 2);
		fleet_free(f);
	}
}

static void test_json(void **state)
{
	struct fleet *f = read_corpus();
	struct json_object *o = fleet_json(f), *ms, *m, *v, *gs, *g;
	size_t i;

	(void)state;
	assert_true(json_object_object_get_ex(o, "logs_read", &v));
	assert_int_equal(json_object_get_int64(v), 4);
	assert_true(json_object_object_get_ex(o, "machines", &ms));
	assert_int_equal(json_object_array_length(ms), 3);
	for (i = 0; i < 3; i++) {
		m = json_object_array_get_idx(ms, i);
		assert_true(json_object_object_get_ex(m, "bios_version", &v));
		assert_true(json_object_is_type(v, json_type_string));
		assert_true(json_object_object_get_ex(m, "runs", &v));
		assert_true(json_object_get_int64(v) >= 1);
		assert_true(json_object_object_get_ex(m, "groups", &gs));
		assert_int_equal(json_object_array_length(gs), 2);
		g = json_object_array_get_idx(gs, 0);
		assert_true(json_object_object_get_ex(g, "mode", &v));
		assert_string_equal(json_object_get_string(v), "hlt");
		assert_true(json_object_object_get_ex(g, "cycles_failed", &v));
		assert_true(json_object_object_get_ex(g, "failing_cpus", &v));
		assert_true(json_object_is_type(v, json_type_array));
	}
	assert_true(json_object_object_get_ex(o, "bad_files", &v));
	assert_int_equal(json_object_array_length(v), 2);
	json_object_put(o);
	fleet_free(f);
}

/* Strings from a log are escaped in the HTML page. */
static void test_html_escapes(void **state)
{
	struct slog l = {0};
	struct machine evil = {"<script>alert(1)</script>", "\"&'", 1, 1};
	struct fleet *f = fleet_new();
	char p[256], *s = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&s, &n);

	(void)state;
	run(&l, 0x77777777, &evil, 0);
	write_plain("evil.log", &l);
	path_of(p, sizeof(p), "evil.log");
	fleet_read_path(f, p);
	fleet_html(out, f);
	fclose(out);
	assert_null(strstr(s, "<script>"));
	assert_non_null(strstr(s, "&lt;script&gt;"));
	assert_non_null(strstr(s, "&quot;&amp;&#39;"));
	unlink(p);
	free(s);
	slog_free(&l);
	fleet_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_machines),  cmocka_unit_test(test_counts),
	    cmocka_unit_test(test_bad_files), cmocka_unit_test(test_compressed),
	    cmocka_unit_test(test_json),      cmocka_unit_test(test_html_escapes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
