/* SPDX-License-Identifier: MIT */
/*
 * The run model (host/model/runlog.c) and its reports, fed synthetic serial logs
 * written with the payload's encoder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "host/report/report.h"
#include "host/model/runlog.h"
#include "tests/unit/report_check.h"
#include "results/fields.h"
#include "results/record.h"
#include "tests/unit/slog.h"

/* ---- a synthetic payload ---- */

static void puts_noise(struct slog *l, const char *s)
{
	slog_put(l, s, strlen(s));
}

/* What the synthetic run should contain. */
struct shape {
	unsigned cpus;
	unsigned lost;	     /* the last `lost` CPUs never check in */
	int mismatch;	     /* CPU 1 differs in leaf 1 ECX */
	int msr;	     /* the msrs record; APIC 2's IA32_PAT and APIC 3's PHYSMASK3 differ */
	int bad_canary;	     /* CPU 1's stack canary is damaged */
	int warn;	     /* one warn error */
	int fail_error;	     /* one error with level=fail */
	int exception;	     /* an exception record */
	int no_end;	     /* stops before the end record */
	int dump;	     /* the CPUID dump of every CPU */
	unsigned ucode_odd;  /* CPUs with idx >= this have another microcode (0: none) */
	const char *verdict; /* the end record's, default from the above */
	const char *cmdline;
};

static void brand_regs(const char *brand, uint32_t regs[12])
{
	char b[48];

	memset(b, 0, sizeof(b));
	memcpy(b, brand, strlen(brand) < 47 ? strlen(brand) : 47);
	memcpy(regs, b, 48);
}

static void dump_cpu(struct slog *l, unsigned idx, uint32_t apic)
{
	char line[128];
	uint32_t br[12];
	int i;

	snprintf(line, sizeof(line), "------[ Logical CPU #%u ]------", idx);
	slog_begin(l, PD_REC_DUMP);
	pd_rec_text(&W, line);
	slog_emit(l);
	static const uint32_t leaves[][5] = {
	    {0x00000000, 0x0000000d, 0x756e6547, 0x6c65746e, 0x49656e69},
	    {0x00000001, 0x00050657, 0x00000800, 0xfffa3203, 0x178bfbff},
	    {0x00000005, 0x00000040, 0x00000040, 0x00000003, 0x00002020},
	    {0x80000000, 0x80000008, 0, 0, 0},
	};
	for (i = 0; i < 4; i++) {
		uint32_t ebx = leaves[i][2];

		if (leaves[i][0] == 1)
			ebx |= apic << 24;
		snprintf(line, sizeof(line), "CPUID %08x: %08x-%08x-%08x-%08x", leaves[i][0],
			 leaves[i][1], ebx, leaves[i][3], leaves[i][4]);
		slog_begin(l, PD_REC_DUMP);
		pd_rec_text(&W, line);
		slog_emit(l);
	}
	brand_regs("Playdead Synthetic CPU @ 2.00GHz", br);
	for (i = 0; i < 3; i++) {
		snprintf(line, sizeof(line), "CPUID %08x: %08x-%08x-%08x-%08x", 0x80000002 + i,
			 br[4 * i], br[4 * i + 1], br[4 * i + 2], br[4 * i + 3]);
		slog_begin(l, PD_REC_DUMP);
		pd_rec_text(&W, line);
		slog_emit(l);
	}
}

/* One mismatch record of kind msr: the value as the payload writes it (hex,
 * or "absent"), and the CPUs reporting it. */
static void msr_mismatch(struct slog *l, uint32_t msr, const char *val, const char *apics)
{
	slog_begin(l, PD_REC_MISMATCH);
	pd_rec_s(&W, PD_F_WHAT_KIND, "msr");
	pd_rec_x(&W, PD_F_MSR, msr);
	pd_rec_s(&W, PD_F_VAL, val);
	pd_rec_s(&W, PD_F_APICS, apics);
	slog_emit(l);
}

static void make_run(struct slog *l, uint32_t run, uint32_t boot, const struct shape *s)
{
	unsigned i, errors = 0;
	int fail;

	l->run = run;
	l->boot = boot;
	l->seq = 0;
	slog_begin(l, PD_REC_BOOT);
	pd_rec_s(&W, PD_F_VERSION, "0.1-test");
	pd_rec_u(&W, PD_F_FORMAT, PD_FORMAT_VERSION);
	pd_rec_s(&W, PD_F_PATH, "multiboot");
	pd_rec_s(&W, PD_F_LOADER, "qemu");
	pd_rec_s(&W, PD_F_CMDLINE, s->cmdline ? s->cmdline : "exit=qemu smp=\"all\"");
	pd_rec_u(&W, PD_F_MEM_KB, 261000);
	pd_rec_x(&W, PD_F_BASE, 0x200000);
	slog_emit(l);
	slog_begin(l, PD_REC_TSC);
	pd_rec_u(&W, PD_F_KHZ, 2000000);
	pd_rec_s(&W, PD_F_SOURCE, "pit");
	slog_emit(l);
	slog_begin(l, PD_REC_ACPI);
	pd_rec_x(&W, PD_F_RSDP, 0xf5a80);
	pd_rec_u(&W, PD_F_REV, 2);
	pd_rec_s(&W, PD_F_OEM, "BOCHS");
	pd_rec_s(&W, PD_F_SDT, "rsdt");
	pd_rec_u(&W, PD_F_MADT, 1);
	pd_rec_u(&W, PD_F_FADT, 1);
	pd_rec_x(&W, PD_F_LAPIC, 0xfee00000);
	pd_rec_x(&W, PD_F_SMI_CMD, 0xb2);
	pd_rec_x(&W, PD_F_PM_TMR, 0x608);
	pd_rec_u(&W, PD_F_ENTRIES, s->cpus);
	slog_emit(l);
	slog_begin(l, PD_REC_SMBIOS);
	pd_rec_s(&W, PD_F_SMBIOS_VER, "3.0");
	pd_rec_s(&W, PD_F_BIOS_VENDOR, "SeaBIOS");
	pd_rec_s(&W, PD_F_BIOS_VERSION, "rel-1.16.3");
	pd_rec_s(&W, PD_F_BIOS_DATE, "04/01/2014");
	pd_rec_s(&W, PD_F_SYS_VENDOR, "QEMU");
	pd_rec_s(&W, PD_F_SYS_PRODUCT, "Standard PC (Q35 + ICH9, 2009)");
	pd_rec_s(&W, PD_F_CPU_SOCKET, "CPU 0");
	pd_rec_s(&W, PD_F_CPU_VERSION, "pc-q35-10.0");
	slog_emit(l);
	slog_begin(l, PD_REC_APIC);
	pd_rec_s(&W, PD_F_MODE, s->cpus > 255 ? "x2apic" : "xapic");
	pd_rec_u(&W, PD_F_BSP, 0);
	pd_rec_u(&W, PD_F_INIT_UDELAY, 10000);
	slog_emit(l);
	slog_begin(l, PD_REC_FEATURES);
	pd_rec_s(&W, PD_F_CPU_VENDOR, "intel");
	pd_rec_u(&W, PD_F_FAMILY, 6);
	pd_rec_u(&W, PD_F_MODEL, 0x55);
	pd_rec_u(&W, PD_F_STEPPING, 7);
	pd_rec_s(&W, PD_F_BRAND, "Playdead Synthetic CPU @ 2.00GHz");
	pd_rec_x(&W, PD_F_UCODE, 0x5003604);
	pd_rec_u(&W, PD_F_SME, 0);
	pd_rec_u(&W, PD_F_SEV, 0);
	pd_rec_u(&W, PD_F_SEV_ES, 0);
	pd_rec_u(&W, PD_F_SNP, 0);
	pd_rec_u(&W, PD_F_CBIT, 0);
	pd_rec_u(&W, PD_F_TME, 1);
	pd_rec_u(&W, PD_F_TME_ACTIVE, 0);
	pd_rec_u(&W, PD_F_TDX_HOST, 0);
	pd_rec_u(&W, PD_F_TDX_GUEST, 0);
	pd_rec_u(&W, PD_F_MWAIT, 1);
	pd_rec_u(&W, PD_F_MWAIT_MIN, 64);
	pd_rec_u(&W, PD_F_MWAIT_MAX, 64);
	pd_rec_u(&W, PD_F_MWAIT_EMX, 1);
	pd_rec_u(&W, PD_F_MWAIT_IBE, 1);
	pd_rec_x(&W, PD_F_MWAIT_CST, 0x2020);
	pd_rec_u(&W, PD_F_SMT, 0);
	pd_rec_u(&W, PD_F_X2APIC, 1);
	pd_rec_u(&W, PD_F_HYPERVISOR, 1);
	slog_emit(l);
	for (i = 0; i < s->cpus; i++) {
		int lost = i >= s->cpus - s->lost;

		slog_begin(l, PD_REC_CPU);
		pd_rec_u(&W, PD_F_IDX, i);
		pd_rec_u(&W, PD_F_APIC, i);
		pd_rec_u(&W, PD_F_UID, i);
		pd_rec_s(&W, PD_F_SRC, s->cpus > 255 ? "x2apic" : "lapic");
		pd_rec_s(&W, PD_F_FLAGS, "enabled");
		pd_rec_s(&W, PD_F_STATE, i == 0 ? "bsp" : lost ? "lost" : "online");
		if (i && !lost)
			pd_rec_u(&W, PD_F_UP_US, 100 + i % 7);
		pd_rec_u(&W, PD_F_PKG, 0);
		pd_rec_u(&W, PD_F_CORE, i);
		pd_rec_u(&W, PD_F_THREAD, 0);
		if (!lost)
			pd_rec_x(&W, PD_F_UCODE,
				 s->ucode_odd && i >= s->ucode_odd ? 0x5003302 : 0x5003604);
		pd_rec_s(&W, PD_F_CANARY, s->bad_canary && i == 1 ? "bad" : "ok");
		slog_emit(l);
	}
	for (i = s->cpus - s->lost; i < s->cpus; i++) {
		slog_begin(l, PD_REC_ERROR);
		pd_rec_s(&W, PD_F_LEVEL, PD_LEVEL_FAIL);
		pd_rec_s(&W, PD_F_CODE, PD_ERR_CPU_LOST);
		pd_rec_s(&W, PD_F_WHAT, "AP did not check in after INIT-SIPI-SIPI");
		pd_rec_u(&W, PD_F_APIC, i);
		slog_emit(l);
		errors++;
	}
	if (s->bad_canary) {
		slog_begin(l, PD_REC_ERROR);
		pd_rec_s(&W, PD_F_LEVEL, PD_LEVEL_FAIL);
		pd_rec_s(&W, PD_F_CODE, PD_ERR_STACK);
		pd_rec_s(&W, PD_F_WHAT, "stack canary damaged");
		pd_rec_u(&W, PD_F_APIC, 1);
		slog_emit(l);
		errors++;
	}
	if (s->warn) {
		slog_begin(l, PD_REC_ERROR);
		pd_rec_s(&W, PD_F_LEVEL, PD_LEVEL_WARN);
		pd_rec_s(&W, PD_F_CODE, PD_ERR_UNKNOWN_OPTION);
		pd_rec_s(&W, PD_F_WHAT, "unknown boot option");
		pd_rec_s(&W, PD_F_KEY, "frob");
		pd_rec_s(&W, PD_F_VALUE, "yes please");
		slog_emit(l);
		errors++;
	}
	if (s->fail_error) {
		slog_begin(l, PD_REC_ERROR);
		pd_rec_s(&W, PD_F_LEVEL, PD_LEVEL_FAIL);
		pd_rec_s(&W, PD_F_CODE, PD_ERR_APIC_SEND);
		pd_rec_s(&W, PD_F_WHAT, "ICR stuck");
		pd_rec_u(&W, PD_F_APIC, 2);
		slog_emit(l);
		errors++;
	}
	slog_begin(l, PD_REC_TOPOLOGY);
	pd_rec_u(&W, PD_F_PACKAGES, 1);
	pd_rec_u(&W, PD_F_CORES, s->cpus - s->lost);
	pd_rec_u(&W, PD_F_THREADS, 1);
	pd_rec_u(&W, PD_F_CPUS, s->cpus - s->lost);
	pd_rec_u(&W, PD_F_SMT, 0);
	slog_emit(l);
	if (s->dump)
		for (i = 0; i < s->cpus - s->lost; i++)
			dump_cpu(l, i, i);
	if (s->mismatch) {
		/* The BSP's value, its list split over two records, then CPU 1's. */
		slog_begin(l, PD_REC_MISMATCH);
		pd_rec_s(&W, PD_F_WHAT_KIND, "cpuid");
		pd_rec_x(&W, PD_F_LEAF, 1);
		pd_rec_x(&W, PD_F_SUB, 0);
		pd_rec_s(&W, PD_F_REG, "ecx");
		pd_rec_x(&W, PD_F_VAL, 0xfffa3203);
		pd_rec_s(&W, PD_F_APICS, "0");
		slog_emit(l);
		slog_begin(l, PD_REC_MISMATCH);
		pd_rec_s(&W, PD_F_WHAT_KIND, "cpuid");
		pd_rec_x(&W, PD_F_LEAF, 1);
		pd_rec_x(&W, PD_F_SUB, 0);
		pd_rec_s(&W, PD_F_REG, "ecx");
		pd_rec_x(&W, PD_F_VAL, 0xfffa3203);
		pd_rec_s(&W, PD_F_APICS, "2-3");
		slog_emit(l);
		slog_begin(l, PD_REC_MISMATCH);
		pd_rec_s(&W, PD_F_WHAT_KIND, "cpuid");
		pd_rec_x(&W, PD_F_LEAF, 1);
		pd_rec_x(&W, PD_F_SUB, 0);
		pd_rec_s(&W, PD_F_REG, "ecx");
		pd_rec_x(&W, PD_F_VAL, 0x7ffa3203);
		pd_rec_s(&W, PD_F_APICS, "1");
		slog_emit(l);
	}
	if (s->msr) {
		/* As a payload sends them: what was compared, then each value
		 * of each MSR that differs, the BSP's first. */
		slog_begin(l, PD_REC_MSRS);
		pd_rec_u(&W, PD_F_COUNT, 30);
		pd_rec_u(&W, PD_F_CPUS, 4);
		pd_rec_s(&W, PD_F_MSR_LIST, "fe,2ff,250,258-259,268-26f,200-20f,277");
		slog_emit(l);
		msr_mismatch(l, 0x207, "0xff80000800", "0-2");
		msr_mismatch(l, 0x207, "absent", "3");
		msr_mismatch(l, 0x277, "0x0007040600070406", "0-1,3");
		msr_mismatch(l, 0x277, "0x0107040600070406", "2");
	}
	if (s->exception) {
		slog_begin(l, PD_REC_EXCEPTION);
		pd_rec_u(&W, PD_F_VECTOR, 13);
		pd_rec_s(&W, PD_F_NAME, "#GP");
		pd_rec_x(&W, PD_F_ERR, 0);
		pd_rec_x(&W, PD_F_RIP, 0xffffffff81000abc);
		pd_rec_x(&W, PD_F_RSP, 0x7000);
		pd_rec_x(&W, PD_F_CR2, 0);
		pd_rec_u(&W, PD_F_APIC, 1);
		slog_emit(l);
	}
	if (s->no_end)
		return;
	fail = s->lost || s->mismatch || s->msr || s->bad_canary || s->fail_error;
	slog_begin(l, PD_REC_END);
	pd_rec_u(&W, PD_F_CPUS, s->cpus);
	pd_rec_u(&W, PD_F_ONLINE, s->cpus - s->lost);
	pd_rec_u(&W, PD_F_LOST, s->lost);
	pd_rec_u(&W, PD_F_ERRORS, errors);
	pd_rec_u(&W, PD_F_MISMATCHES, (s->mismatch ? 1 : 0) + (s->msr ? 2 : 0));
	pd_rec_s(&W, PD_F_VERDICT, s->verdict ? s->verdict : fail ? "fail" : "pass");
	pd_rec_u(&W, PD_F_RECORDS, l->seq);
	slog_emit(l);
}

static struct runlog *model(const struct slog *l)
{
	return model_of(l->buf, l->len);
}

/* ---- tests ---- */

static void test_pass(void **state)
{
	struct shape s = {.cpus = 4, .dump = 1, .warn = 1};
	struct slog l = {0};
	struct runlog *rl;
	char *t;

	(void)state;
	make_run(&l, 0x1234abcd, 1, &s);
	rl = model(&l);
	assert_int_equal(rl->sum.verdict, RL_PASS);
	assert_int_equal(runlog_exit_status(rl), 0);
	assert_int_equal(rl->cur.ncpus, 4);
	assert_int_equal(rl->sum.online_cpus, 4);
	assert_int_equal(rl->st.corrupt, 0);
	assert_int_equal(rl->st.duplicates, 0);
	assert_int_equal(rl->st.gaps, 0);
	assert_int_equal(rl->st.good, l.seq);
	assert_int_equal(rl->cur.errors_warn, 1);
	assert_int_equal(rl->nnotes, 0);
	assert_true(rl->sum.dump_ok);
	assert_int_equal(rl->sum.dump_cpus, 4);
	assert_int_equal(rl->sum.facts0.family, 6);
	assert_int_equal(rl->sum.facts0.model, 0x55);
	assert_string_equal(rl->sum.facts0.brand, "Playdead Synthetic CPU @ 2.00GHz");
	assert_true(rl->sum.identity_tried);
	assert_int_equal(rl->sum.up.count, 3);
	assert_int_equal(rl->sum.nucode, 1);
	assert_int_equal(rl->sum.ucode[0].n, 4);
	assert_string_equal(rl->cur.smbios.bios_vendor, "SeaBIOS");
	assert_string_equal(rl->cur.info.cmdline, "exit=qemu smp=\"all\"");
	t = text_of(rl, 0);
	assert_non_null(strstr(t, "verdict: PASS\n"));
	assert_non_null(strstr(t, "SeaBIOS"));
	assert_non_null(strstr(t, "0x5003604 on APIC 0-3"));
	assert_non_null(strstr(t, "1 package x 4 cores x 1 thread = 4 CPUs"));
	free(t);
	runlog_free(rl);
	slog_free(&l);
}

static void test_fail_lost(void **state)
{
	struct shape s = {.cpus = 8, .lost = 2};
	struct slog l = {0};
	struct runlog *rl;

	(void)state;
	make_run(&l, 0x1, 1, &s);
	rl = model(&l);
	assert_int_equal(rl->sum.verdict, RL_FAIL);
	assert_int_equal(runlog_exit_status(rl), 1);
	assert_int_equal(rl->sum.lost_cpus, 2);
	/* The cpu_lost errors restate the lost CPUs: not counted twice. */
	assert_int_equal(rl->sum.other_fail_errors, 0);
	assert_text(rl, "verdict: FAIL (2 lost CPUs)\n");
	assert_text(rl, "lost CPUs:  idx 6 (APIC 6), idx 7 (APIC 7)\n");
	runlog_free(rl);
	slog_free(&l);
}

static void test_fail_mismatch(void **state)
{
	struct shape s = {.cpus = 4, .lost = 2, .mismatch = 1};
	struct slog l = {0};
	struct runlog *rl;
	char *t;

	(void)state;
	make_run(&l, 0x2, 1, &s);
	rl = model(&l);
	assert_int_equal(rl->sum.verdict, RL_FAIL);
	assert_int_equal(rl->sum.mismatch_regs, 1);
	/* Two values; the BSP's list came in two records and was merged. */
	assert_int_equal(rl->cur.nmismatches, 2);
	assert_int_equal(rl->cur.mismatches[0].val, 0x7ffa3203);
	assert_int_equal(rl->cur.mismatches[0].napics, 1);
	assert_int_equal(rl->cur.mismatches[1].napics, 3);
	assert_text(rl, "verdict: FAIL (2 lost CPUs, 1 mismatch)\n");
	t = text_of(rl, 0);
	assert_non_null(strstr(t, "0xfffa3203 on APIC 0,2-3"));
	free(t);
	runlog_free(rl);
	slog_free(&l);
}

static json_object *key(json_object *o, const char *k);

/* The report's JSON, parsed. */
static json_object *json_of(const struct runlog *rl)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);
	json_object *o;

	assert_non_null(f);
	assert_int_equal(report_json_write(f, rl), 0);
	fclose(f);
	o = json_tokener_parse(text);
	free(text);
	assert_non_null(o);
	return o;
}

/* MSR mismatches (kind=msr): each MSR is a register of its own, named by
 * its number, with its values and who has them. */
static void test_fail_msr(void **state)
{
	struct shape s = {.cpus = 4, .msr = 1};
	struct shape plain = {.cpus = 4};
	struct slog l = {0};
	struct runlog *rl;
	json_object *o, *m, *a, *v;
	char *t;

	(void)state;
	make_run(&l, 0x6, 1, &s);
	rl = model(&l);
	assert_int_equal(rl->sum.verdict, RL_FAIL);
	/* IA32_PAT and IA32_MTRR_PHYSMASK3: two MSRs, not one "msr" register. */
	assert_int_equal(rl->sum.mismatch_regs, 2);
	assert_int_equal(rl->cur.nmismatches, 4);
	assert_text(rl, "verdict: FAIL (2 mismatches)\n");
	t = text_of(rl, 0);
	/* Sorted by number: 0x207 (0x201 + 2 x 3) before 0x277; then by value,
	 * absent first. */
	assert_non_null(strstr(t, "  MSR 0x207 IA32_MTRR_PHYSMASK3:\n"
				  "    absent on APIC 3\n"
				  "    0x000000ff80000800 on APIC 0-2 (the BSP's)\n"
				  "  MSR 0x277 IA32_PAT:\n"
				  "    0x0007040600070406 on APIC 0-1,3 (the BSP's)\n"
				  "    0x0107040600070406 on APIC 2\n"));
	/* What was compared: the 11 fixed ranges and 8 variable pairs grouped. */
	assert_non_null(strstr(t, "msrs:       30 compared on 4 CPUs (IA32_MTRRCAP, "
				  "IA32_MTRR_DEF_TYPE, 11 fixed-range MTRRs, 16 variable-range "
				  "MTRRs, IA32_PAT), 2 differ\n"));
	free(t);
	o = json_of(rl);
	m = key(o, "msr_check");
	assert_int_equal(json_object_get_int(key(m, "count")), 30);
	assert_int_equal(json_object_get_int(key(m, "cpus")), 4);
	assert_int_equal(json_object_get_int(key(m, "differ")), 2);
	assert_true(json_object_get_boolean(key(m, "list_ok")));
	a = key(m, "msrs");
	assert_int_equal(json_object_array_length(a), 30);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(a, 0)),
			    "IA32_MTRRCAP");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(a, 13)),
			    "IA32_MTRR_PHYSBASE0");
	assert_string_equal(json_object_get_string(json_object_array_get_idx(a, 29)), "IA32_PAT");
	assert_int_equal(json_object_array_length(key(m, "not_compared")), 0);
	a = key(o, "mismatches");
	assert_int_equal(json_object_array_length(a), 4);
	v = json_object_array_get_idx(a, 3);
	assert_string_equal(json_object_get_string(key(v, "kind")), "msr");
	assert_string_equal(json_object_get_string(key(v, "msr")), "0x277");
	assert_string_equal(json_object_get_string(key(v, "name")), "IA32_PAT");
	assert_false(json_object_get_boolean(key(v, "bsp")));
	assert_int_equal(json_object_array_length(key(v, "apics")), 1);
	json_object_put(o);
	runlog_free(rl);
	slog_free(&l);

	/* A log without an msrs record (older payloads): no line, no key, so
	 * their reports stay as they were. */
	make_run(&l, 0x6, 1, &plain);
	rl = model(&l);
	t = text_of(rl, 0);
	assert_null(strstr(t, "msrs:"));
	free(t);
	o = json_of(rl);
	assert_false(json_object_object_get_ex(o, "msr_check", NULL));
	json_object_put(o);
	runlog_free(rl);
	slog_free(&l);
}

/* An msrs record with MSRs not compared (QEMU TCG) and a bad list. */
static void test_msrs_record(void **state)
{
	struct slog l = {0};
	struct runlog *rl;
	char *t;

	(void)state;
	l.run = 0x7;
	l.boot = 1;
	slog_begin(&l, PD_REC_MSRS);
	pd_rec_u(&W, PD_F_COUNT, 2);
	pd_rec_u(&W, PD_F_CPUS, 1);
	pd_rec_s(&W, PD_F_MSR_LIST, "fe,277");
	pd_rec_s(&W, PD_F_NOT_COMPARED, "2ff,250,258-259,268-26f,200-213");
	pd_rec_s(&W, PD_F_WHY, "qemu-tcg: a reason");
	slog_emit(&l);
	rl = model(&l);
	t = text_of(rl, 0);
	/* 200-213: 10 variable pairs, 20 MSRs. */
	assert_non_null(strstr(t,
			       "msrs:       2 compared on 1 CPU (IA32_MTRRCAP, IA32_PAT), 0 "
			       "differ; not compared (qemu-tcg: a reason): IA32_MTRR_DEF_TYPE, 11 "
			       "fixed-range MTRRs, 20 variable-range MTRRs\n"));
	free(t);
	runlog_free(rl);
	slog_free(&l);

	/* A list that does not parse is said so, never trusted. */
	l.run = 0x8;
	l.boot = 1;
	slog_begin(&l, PD_REC_MSRS);
	pd_rec_u(&W, PD_F_COUNT, 2);
	pd_rec_u(&W, PD_F_CPUS, 4);
	pd_rec_s(&W, PD_F_MSR_LIST, "fe,,277");
	slog_emit(&l);
	rl = model(&l);
	assert_true(rl->cur.msrs.bad_list);
	assert_text(rl, "(list unreadable)");
	runlog_free(rl);
	slog_free(&l);
}

static void test_fail_other(void **state)
{
	struct shape canary = {.cpus = 4, .bad_canary = 1};
	struct shape err = {.cpus = 4, .fail_error = 1};
	struct shape said = {.cpus = 4, .verdict = "fail"};
	struct shape ucode = {.cpus = 4, .ucode_odd = 2};
	struct slog l = {0};
	struct runlog *rl;

	(void)state;
	make_run(&l, 0x3, 1, &canary);
	rl = model(&l);
	assert_int_equal(rl->sum.verdict, RL_FAIL);
	assert_text(rl, "verdict: FAIL (1 damaged stack canary)\n");
	runlog_free(rl);
	slog_free(&l);

	make_run(&l, 0x3, 1, &err);
	rl = model(&l);
	assert_int_equal(rl->sum.verdict, RL_FAIL);
	assert_text(rl, "verdict: FAIL (1 error)\n");
	runlog_free(rl);
	slog_free(&l);

	/* The payload's own verdict counts even when nothing here explains it. */
	make_run(&l, 0x3, 1, &said);
	rl = model(&l);
	assert_int_equal(rl->sum.verdict, RL_FAIL);
	runlog_free(rl);
	slog_free(&l);

	/* Microcode differences alone are for the payload's mismatch records:
	 * the report shows the groups. */
	make_run(&l, 0x3, 1, &ucode);
	rl = model(&l);
	assert_int_equal(rl->sum.nucode, 2);
	assert_int_equal(rl->sum.ucode[0].ucode, 0x5003604);
	assert_text(rl, "0x5003604 on APIC 0-1; 0x5003302 on APIC 2-3");
	runlog_free(rl);
	slog_free(&l);
}

static void test_broken(void **state)
{
	struct shape noend = {.cpus = 4, .no_end = 1};
	struct shape exc = {.cpus = 4, .exception = 1};
	struct slog l = {0};
	struct runlog *rl;

	(void)state;
	make_run(&l, 0x4, 1, &noend);
	rl = runlog_new();
	runlog_feed(rl, l.buf, l.len);
	runlog_set_stop_reason(rl, "timeout after %d s", 120);
	runlog_finish(rl);
	assert_int_equal(rl->sum.verdict, RL_BROKEN);
	assert_int_equal(runlog_exit_status(rl), 2);
	assert_text(rl, "verdict: BROKEN (no end record: timeout after 120 s)\n");
	runlog_free(rl);
	slog_free(&l);

	make_run(&l, 0x4, 1, &exc);
	rl = model(&l);
	assert_int_equal(rl->sum.verdict, RL_BROKEN);
	assert_int_equal(rl->cur.nexceptions, 1);
	assert_int_equal(rl->cur.exceptions[0].rip, 0xffffffff81000abc);
	assert_text(rl, "verdict: BROKEN (1 exception)\n");
	assert_text(rl, "#GP (vector 13) on APIC 1: RIP 0xffffffff81000abc");
	runlog_free(rl);
	slog_free(&l);

	/* Nothing at all. */
	rl = runlog_new();
	runlog_feed(rl, "SeaBIOS\r\nBooting from ROM...\r\n", 30);
	runlog_finish(rl);
	assert_int_equal(rl->sum.verdict, RL_BROKEN);
	assert_int_equal(rl->st.noise, 2);
	assert_text(rl, "verdict: BROKEN (no records)\n");
	runlog_free(rl);
}

static void test_duplicates(void **state)
{
	struct shape s = {.cpus = 4, .dump = 1};
	struct slog l = {0};
	struct runlog *rl;
	uint32_t n;

	(void)state;
	make_run(&l, 0x5, 1, &s);
	n = l.seq;
	rl = runlog_new();
	/* Everything twice, and a few lines a third time. */
	runlog_feed(rl, l.buf, l.len);
	runlog_feed(rl, l.buf, l.len);
	runlog_feed(rl, l.buf + l.starts[3], l.starts[6] - l.starts[3]);
	runlog_finish(rl);
	assert_int_equal(rl->st.good, n);
	assert_int_equal(rl->cur.records, n);
	assert_int_equal(rl->st.duplicates, n + 3);
	assert_int_equal(rl->cur.ncpus, 4);
	assert_int_equal(rl->sum.dump_cpus, 4);
	assert_int_equal(rl->sum.verdict, RL_PASS);
	assert_int_equal(rl->nothers, 0);
	runlog_free(rl);
	slog_free(&l);
}

/* Copies l without the records whose index is in drop[]. */
static void without(const struct slog *l, const size_t *drop, size_t ndrop, struct slog *out)
{
	size_t i, j;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < l->nlines; i++) {
		size_t end = i + 1 < l->nlines ? l->starts[i + 1] : l->len;
		int skip = 0;

		for (j = 0; j < ndrop; j++)
			skip |= drop[j] == i;
		if (!skip)
			slog_put(out, l->buf + l->starts[i], end - l->starts[i]);
	}
}

static void test_gaps(void **state)
{
	struct shape s = {.cpus = 6};
	struct slog l = {0}, cut;
	struct runlog *rl;
	static const size_t drop[] = {0, 3, 7, 8};

	(void)state;
	make_run(&l, 0x6, 1, &s);
	without(&l, drop, 4, &cut);
	rl = runlog_new();
	runlog_feed(rl, cut.buf, cut.len);
	runlog_finish(rl);
	/* seq 0, 3 and 7-8: three holes, four records. */
	assert_int_equal(rl->st.gaps, 3);
	assert_int_equal(rl->st.lost, 4);
	assert_int_equal(rl->cur.records, l.seq - 4);
	/* The end record's count disagrees with what arrived. */
	assert_true(rl->nnotes >= 1);
	runlog_free(rl);
	slog_free(&cut);

	/* Records lost after the last one seen, before the end record. */
	{
		static const size_t tail[] = {9, 10};

		l.seq = 0;
		without(&l, tail, 2, &cut);
		rl = runlog_new();
		runlog_feed(rl, cut.buf, cut.len);
		runlog_finish(rl);
		assert_int_equal(rl->st.gaps, 1);
		assert_int_equal(rl->st.lost, 2);
		runlog_free(rl);
		slog_free(&cut);
	}
	slog_free(&l);
}

static void test_corrupt(void **state)
{
	struct shape s = {.cpus = 4, .dump = 1};
	struct slog l = {0};
	struct runlog *rl;

	(void)state;
	make_run(&l, 0x7, 1, &s);
	/* Damage a cpu record and a dump record, one byte each. */
	l.buf[l.starts[7] + 20] ^= 0x04;
	l.buf[l.starts[15] + 30] = '#';
	rl = model(&l);
	assert_int_equal(rl->st.corrupt, 2);
	assert_int_equal(rl->st.good, l.seq - 2);
	assert_int_equal(rl->cur.ncpus, 3);
	assert_int_equal(rl->st.gaps, 2);
	assert_int_equal(rl->st.lost, 2);
	/* The run ended: judged on what arrived, with the damage reported. */
	assert_true(rl->cur.end.have);
	assert_text(rl, "2 corrupt");
	runlog_free(rl);
	slog_free(&l);
}

static void test_noise_between(void **state)
{
	struct shape s = {.cpus = 2};
	struct slog l = {0}, mixed = {0};
	struct runlog *rl;
	size_t i;

	(void)state;
	make_run(&l, 0x8, 1, &s);
	puts_noise(&mixed, "\x1b[2J\x1b[01;01HSeaBIOS (version 1.16.3)\r\n\r\n");
	for (i = 0; i < l.nlines; i++) {
		size_t end = i + 1 < l.nlines ? l.starts[i + 1] : l.len;

		if (i % 3 == 0)
			puts_noise(&mixed, "iPXE initialising devices...\r\n");
		if (i % 4 == 1)
			puts_noise(&mixed, "\xff\xfe garbage before a record: ");
		slog_put(&mixed, l.buf + l.starts[i], end - l.starts[i]);
	}
	rl = model(&mixed);
	assert_int_equal(rl->st.corrupt, 0);
	assert_int_equal(rl->st.good, l.seq);
	assert_true(rl->st.noise >= l.nlines / 3);
	assert_int_equal(rl->sum.verdict, RL_PASS);
	runlog_free(rl);
	slog_free(&l);
	slog_free(&mixed);
}

static void test_truncated_last_line(void **state)
{
	struct shape s = {.cpus = 2};
	struct slog l = {0};
	struct runlog *rl;

	(void)state;
	make_run(&l, 0x9, 1, &s);
	/* The end record without its line end: still taken at the finish. */
	rl = runlog_new();
	runlog_feed(rl, l.buf, l.len - 2);
	assert_false(runlog_end_seen(rl));
	runlog_finish(rl);
	assert_true(runlog_end_seen(rl));
	assert_int_equal(rl->sum.verdict, RL_PASS);
	runlog_free(rl);

	/* Cut in the middle: a corrupt line, no end record. */
	rl = runlog_new();
	runlog_feed(rl, l.buf, l.len - 20);
	runlog_finish(rl);
	assert_int_equal(rl->st.corrupt, 1);
	assert_int_equal(rl->sum.verdict, RL_BROKEN);
	assert_text(rl, "verdict: BROKEN (no end record: input ended)\n");
	runlog_free(rl);
	slog_free(&l);
}

/* The model as seen by another feeding pattern must be the same. */
static void same_model(const struct runlog *a, const struct runlog *b)
{
	char *ta = text_of(a, 1), *tb = text_of(b, 1);

	assert_string_equal(ta, tb);
	assert_memory_equal(&a->st, &b->st, sizeof(a->st));
	free(ta);
	free(tb);
}

static void test_split_reads(void **state)
{
	struct shape s = {.cpus = 5, .lost = 1, .dump = 1, .mismatch = 1};
	struct slog l = {0};
	struct runlog *whole, *bytes, *odd;
	size_t i, step;

	(void)state;
	make_run(&l, 0xa, 1, &s);
	puts_noise(&l, "trailing noise without a line end @PD 0000000a 1");
	whole = model(&l);
	bytes = runlog_new();
	for (i = 0; i < l.len; i++)
		runlog_feed(bytes, l.buf + i, 1);
	runlog_finish(bytes);
	same_model(whole, bytes);
	/* Irregular chunks, crossing line ends at every offset. */
	odd = runlog_new();
	for (i = 0, step = 1; i < l.len; i += step, step = step % 97 + 13)
		runlog_feed(odd, l.buf + i, i + step <= l.len ? step : l.len - i);
	runlog_finish(odd);
	same_model(whole, odd);
	assert_int_equal(whole->st.corrupt, 1); /* the trailing cut record */
	runlog_free(whole);
	runlog_free(bytes);
	runlog_free(odd);
	slog_free(&l);
}

static void test_long_lines(void **state)
{
	struct shape s = {.cpus = 2};
	struct slog l = {0}, x = {0};
	struct runlog *rl;
	char *junk = malloc(200000);
	size_t i;

	(void)state;
	assert_non_null(junk);
	memset(junk, 'x', 200000);
	make_run(&l, 0xb, 1, &s);
	for (i = 0; i < l.nlines; i++) {
		size_t end = i + 1 < l.nlines ? l.starts[i + 1] : l.len;

		/* Megabytes of console garbage before a record, no line end. */
		if (i == 2)
			slog_put(&x, junk, 200000);
		/* A record's prefix followed by garbage: one corrupt line. */
		if (i == 4) {
			slog_put(&x, "@PD 0000000b 1 99 cpu ", 22);
			slog_put(&x, junk, 200000);
			slog_put(&x, "\r\n", 2);
		}
		slog_put(&x, l.buf + l.starts[i], end - l.starts[i]);
	}
	rl = runlog_new();
	for (i = 0; i < x.len; i += 4096)
		runlog_feed(rl, x.buf + i, i + 4096 <= x.len ? 4096 : x.len - i);
	runlog_finish(rl);
	assert_int_equal(rl->st.good, l.seq);
	assert_int_equal(rl->st.corrupt, 1);
	assert_int_equal(rl->st.overlong, 2);
	assert_int_equal(rl->sum.verdict, RL_PASS);
	runlog_free(rl);

	/* The same through runlog_line(), no line assembly. */
	rl = runlog_new();
	runlog_line(rl, junk, 200000);
	runlog_finish(rl);
	assert_int_equal(rl->st.noise, 1);
	runlog_free(rl);
	free(junk);
	slog_free(&l);
	slog_free(&x);
}

static void test_boots_and_runs(void **state)
{
	struct shape done = {.cpus = 2};
	struct shape part = {.cpus = 3, .no_end = 1};
	struct slog l = {0};
	struct runlog *rl;

	(void)state;
	/* Run A passes; run B spans boot 1 and boot 2 and is the one reported:
	 * boot 1's probe is kept, boot 2's end record closes the run. */
	make_run(&l, 0xaaaa0001, 1, &done);
	make_run(&l, 0xbbbb0002, 1, &part);
	make_run(&l, 0xbbbb0002, 2, &done);
	rl = model(&l);
	assert_int_equal(rl->cur.run, 0xbbbb0002);
	assert_int_equal(rl->cur.boot, 2);
	assert_int_equal(rl->cur.nboots, 2);
	assert_int_equal(rl->nothers, 1);
	assert_int_equal(rl->others[0].run, 0xaaaa0001);
	assert_true(rl->others[0].had_end);
	assert_int_equal(rl->restarts, 0);
	assert_int_equal(rl->cur.ncpus, 3);
	assert_int_equal(rl->cur.end.boot, 2);
	assert_int_equal(rl->sum.verdict, RL_PASS);
	assert_int_equal(rl->st.gaps, 0);
	/* Seq numbers are per boot: boot 2 repeats boot 1's, no duplicates. */
	assert_int_equal(rl->st.duplicates, 0);
	assert_text(rl, "run bbbb0002, 2 boots (the last 2)");
	assert_text(rl, "end record counts 2 CPUs, 3 cpu records received");
	runlog_free(rl);
	slog_free(&l);

	/* A late record of an earlier run is not mixed in; late records of an
	 * earlier boot of the current run are (and a resend counts once). */
	make_run(&l, 0xc, 1, &done);
	make_run(&l, 0xc0, 1, &part);
	make_run(&l, 0xc0, 2, &done);
	{
		struct slog late = {0};
		struct shape one = {.cpus = 1, .no_end = 1};

		make_run(&late, 0xc, 1, &one);
		slog_put(&l, late.buf, late.len);
		slog_free(&late);
		make_run(&late, 0xc0, 1, &part);
		slog_put(&l, late.buf, late.len);
		slog_free(&late);
	}
	rl = model(&l);
	assert_int_equal(rl->cur.run, 0xc0);
	assert_int_equal(rl->cur.boot, 2);
	assert_true(rl->st.stale > 0);
	assert_true(rl->st.duplicates > 0);
	assert_int_equal(rl->cur.ncpus, 3);
	assert_int_equal(rl->sum.verdict, RL_PASS);
	runlog_free(rl);
	slog_free(&l);

	/* A run without an end record, then a new run at boot 1: the machine
	 * started over; the last run, which ended, is reported. */
	make_run(&l, 0xf1, 1, &part);
	make_run(&l, 0xf2, 1, &done);
	rl = model(&l);
	assert_int_equal(rl->restarts, 1);
	assert_int_equal(rl->cur.run, 0xf2);
	assert_int_equal(rl->sum.verdict, RL_PASS);
	assert_text(rl, "machine reset outside a cycle: a new run started");
	runlog_free(rl);
	slog_free(&l);

	/* The same run id twice (a payload without a good source of
	 * randomness): the second run is not taken for duplicates. */
	{
		struct shape lost = {.cpus = 4, .lost = 1, .cmdline = "exit=qemu cycles=2"};

		make_run(&l, 0xd, 1, &done);
		make_run(&l, 0xd, 1, &lost);
		rl = model(&l);
		assert_int_equal(rl->st.duplicates, 0);
		assert_int_equal(rl->nothers, 1);
		assert_int_equal(rl->cur.ncpus, 4);
		assert_int_equal(rl->sum.verdict, RL_FAIL);
		runlog_free(rl);
		slog_free(&l);
	}
}

static void test_out_of_order(void **state)
{
	struct shape s = {.cpus = 50};
	struct slog l = {0}, mixed = {0};
	struct runlog *rl;
	size_t i, k, n;
	uint32_t x = 12345;

	(void)state;
	make_run(&l, 0x11, 1, &s);
	/* Every line once, in a scrambled order (a stride prime to the count). */
	n = l.nlines;
	for (k = 0; k < n; k++) {
		i = (k * 7 + 3) % n;
		if (n % 7 == 0)
			i = k;
		slog_put(&mixed, l.buf + l.starts[i],
			 (i + 1 < n ? l.starts[i + 1] : l.len) - l.starts[i]);
	}
	rl = model(&mixed);
	assert_int_equal(rl->st.good, l.seq);
	assert_int_equal(rl->st.duplicates, 0);
	assert_int_equal(rl->st.gaps, 0);
	assert_int_equal(rl->st.lost, 0);
	assert_int_equal(rl->cur.ncpus, 50);
	assert_int_equal(rl->sum.verdict, RL_PASS);
	runlog_free(rl);
	slog_free(&mixed);
	slog_free(&l);

	/* A crafted log: 200000 records at random seqs must stay linear. */
	rl = runlog_new();
	for (i = 0; i < 200000; i++) {
		x = x * 1103515245u + 12345u;
		pd_rec_begin(&W, 0x12, 1, x >> 8, PD_REC_TSC);
		pd_rec_u(&W, PD_F_KHZ, i);
		runlog_feed(rl, W.buf, pd_rec_end(&W));
	}
	runlog_finish(rl);
	assert_int_equal(rl->st.good + rl->st.duplicates, 200000);
	assert_int_equal(rl->sum.verdict, RL_BROKEN);
	runlog_free(rl);
}

static void test_many_cpus(void **state)
{
	struct shape s = {.cpus = 300, .lost = 1, .dump = 1};
	struct slog l = {0};
	struct runlog *rl;
	char *t, *v;

	(void)state;
	make_run(&l, 0xe, 1, &s);
	rl = model(&l);
	assert_int_equal(rl->cur.ncpus, 300);
	assert_int_equal(rl->sum.dump_cpus, 299);
	t = text_of(rl, 0);
	v = text_of(rl, 1);
	assert_non_null(strstr(t, "anomalies only"));
	assert_non_null(strstr(t, "LOST"));
	assert_non_null(strstr(t, "min / median / max"));
	/* Anomalies only: far shorter than the full table. */
	assert_true(strlen(t) * 3 < strlen(v));
	assert_null(strstr(v, "anomalies only"));
	free(t);
	free(v);
	runlog_free(rl);
	slog_free(&l);
}

static json_object *key(json_object *o, const char *k)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, k, &v))
		fail_msg("JSON has no \"%s\"", k);
	return v;
}

static void test_json(void **state)
{
	static const char *const top[] = {
	    "cpus",    "features", "identity",	 "smbios",  "acpi",
	    "apic",    "topology", "mismatches", "errors",  "exceptions",
	    "records", "run_id",   "boot",	 "verdict", "exit_status",
	};
	static const char *const cpu_keys[] = {
	    "idx",   "apic_id",	   "package", "core", "thread", "online",
	    "state", "bringup_us", "ucode",   "uid",  "src",	"flags",
	};
	static const char *const feat_keys[] = {
	    "sme",	"sev",	     "sev_es",	      "snp",   "cbit", "tme",	 "tme_active",
	    "tdx_host", "tdx_guest", "monitor_mwait", "mwait", "smt",  "x2apic", "hypervisor",
	};
	static const char *const id_keys[] = {
	    "vendor",	"family", "model",     "stepping",
	    "codename", "brand",  "microcode", "microcode_groups",
	};
	static const char *const rec_keys[] = {"good",	     "corrupt", "noise",
					       "duplicates", "gaps",	"lost"};
	static const char *const err_keys[] = {"level", "code", "what", "key", "value", "apic"};
	struct shape s = {.cpus = 4, .lost = 1, .dump = 1, .mismatch = 1, .warn = 1};
	struct slog l = {0};
	struct runlog *rl;
	char *text = NULL;
	size_t n = 0, i;
	FILE *f;
	json_object *o, *cpus, *c, *m, *sub;

	(void)state;
	make_run(&l, 0xf00d, 1, &s);
	rl = model(&l);
	f = open_memstream(&text, &n);
	assert_int_equal(report_json_write(f, rl), 0);
	fclose(f);
	o = json_tokener_parse(text);
	assert_non_null(o);
	for (i = 0; i < sizeof(top) / sizeof(top[0]); i++)
		key(o, top[i]);
	assert_string_equal(json_object_get_string(key(o, "verdict")), "fail");
	assert_int_equal(json_object_get_int(key(o, "exit_status")), 1);
	assert_string_equal(json_object_get_string(key(o, "run_id")), "0000f00d");
	assert_int_equal(json_object_get_int(key(o, "boot")), 1);

	cpus = key(o, "cpus");
	assert_int_equal(json_object_array_length(cpus), 4);
	for (i = 0; i < sizeof(cpu_keys) / sizeof(cpu_keys[0]); i++)
		key(json_object_array_get_idx(cpus, 0), cpu_keys[i]);
	c = json_object_array_get_idx(cpus, 0);
	assert_true(json_object_get_boolean(key(c, "online")));
	assert_null(key(c, "bringup_us")); /* the BSP */
	c = json_object_array_get_idx(cpus, 1);
	assert_int_equal(json_object_get_int(key(c, "bringup_us")), 101);
	assert_string_equal(json_object_get_string(key(c, "ucode")), "0x5003604");
	c = json_object_array_get_idx(cpus, 3);
	assert_false(json_object_get_boolean(key(c, "online")));
	assert_string_equal(json_object_get_string(key(c, "state")), "lost");
	assert_null(key(c, "bringup_us"));

	m = key(o, "features");
	for (i = 0; i < sizeof(feat_keys) / sizeof(feat_keys[0]); i++)
		key(m, feat_keys[i]);
	assert_true(json_object_is_type(key(m, "sme"), json_type_boolean));
	assert_true(json_object_get_boolean(key(m, "tme")));
	assert_false(json_object_get_boolean(key(m, "tme_active")));
	sub = key(m, "mwait");
	assert_int_equal(json_object_get_int(key(sub, "min")), 64);
	assert_true(json_object_get_boolean(key(sub, "emx")));
	assert_int_equal(json_object_array_length(key(sub, "substates")), 8);
	assert_int_equal(json_object_get_int(json_object_array_get_idx(key(sub, "substates"), 1)),
			 2);

	m = key(o, "identity");
	for (i = 0; i < sizeof(id_keys) / sizeof(id_keys[0]); i++)
		key(m, id_keys[i]);
	assert_string_equal(json_object_get_string(key(m, "microcode")), "0x5003604");
	assert_int_equal(json_object_array_length(key(m, "microcode_groups")), 1);

	m = key(o, "records");
	for (i = 0; i < sizeof(rec_keys) / sizeof(rec_keys[0]); i++)
		key(m, rec_keys[i]);
	assert_int_equal(json_object_get_int(key(m, "good")), l.seq);

	m = key(o, "errors");
	assert_int_equal(json_object_array_length(m), 2);
	for (i = 0; i < sizeof(err_keys) / sizeof(err_keys[0]); i++)
		key(json_object_array_get_idx(m, 1), err_keys[i]);
	assert_string_equal(json_object_get_string(key(json_object_array_get_idx(m, 1), "value")),
			    "yes please");

	/* One entry per value: CPU 1's, then the BSP's (merged from two). */
	m = key(o, "mismatches");
	assert_int_equal(json_object_array_length(m), 2);
	sub = json_object_array_get_idx(m, 1);
	assert_string_equal(json_object_get_string(key(sub, "leaf")), "0x1");
	assert_string_equal(json_object_get_string(key(sub, "reg")), "ecx");
	assert_string_equal(json_object_get_string(key(sub, "val")), "0xfffa3203");
	assert_string_equal(json_object_get_string(key(sub, "apic_ranges")), "0,2-3");
	assert_int_equal(json_object_array_length(key(sub, "apics")), 3);
	assert_true(json_object_get_boolean(key(sub, "bsp")));
	sub = json_object_array_get_idx(m, 0);
	assert_int_equal(json_object_get_int(json_object_array_get_idx(key(sub, "apics"), 0)), 1);
	assert_false(json_object_get_boolean(key(sub, "bsp")));
	assert_int_equal(json_object_get_int(key(o, "mismatch_registers")), 1);

	m = key(o, "topology");
	assert_int_equal(json_object_get_int(key(m, "packages")), 1);
	key(m, "smt");
	m = key(o, "apic");
	assert_string_equal(json_object_get_string(key(m, "mode")), "xapic");
	assert_int_equal(json_object_get_int(key(m, "bsp")), 0);
	m = key(o, "smbios");
	assert_string_equal(json_object_get_string(key(m, "sys_vendor")), "QEMU");

	json_object_put(o);
	free(text);
	runlog_free(rl);
	slog_free(&l);
}

static void test_json_hostile_strings(void **state)
{
	struct slog l = {0};
	struct runlog *rl;
	char *text = NULL;
	size_t n = 0;
	FILE *f;
	json_object *o;

	(void)state;
	l.run = 1;
	l.boot = 1;
	slog_begin(&l, PD_REC_ERROR);
	pd_rec_s(&W, PD_F_LEVEL, "warn");
	pd_rec_s(&W, PD_F_CODE, "x\"y");
	pd_rec_s(&W, PD_F_WHAT, "\x1b[31m\xff\xfe\"\\\n");
	slog_emit(&l);
	rl = model(&l);
	f = open_memstream(&text, &n);
	assert_int_equal(report_json_write(f, rl), 0);
	fclose(f);
	o = json_tokener_parse(text);
	assert_non_null(o);
	json_object_put(o);
	free(text);
	/* No escape sequence reaches a terminal through the text report. */
	text = text_of(rl, 0);
	assert_null(strchr(text, '\x1b'));
	free(text);
	runlog_free(rl);
	slog_free(&l);
}

static void test_qemu_cross_check(void **state)
{
	struct shape s = {.cpus = 2};
	struct shape exc = {.cpus = 4, .exception = 1};
	struct slog l = {0};
	struct runlog *rl;
	char *t;

	(void)state;
	make_run(&l, 0x10, 1, &s);
	rl = runlog_new();
	runlog_feed(rl, l.buf, l.len);
	runlog_set_qemu_status(rl, 3);
	runlog_finish(rl);
	assert_int_equal(rl->sum.verdict, RL_PASS);
	t = text_of(rl, 0);
	assert_non_null(strstr(t, "QEMU's exit status 3 says fail"));
	free(t);
	runlog_free(rl);

	rl = runlog_new();
	runlog_feed(rl, l.buf, l.len);
	runlog_set_qemu_status(rl, 1);
	runlog_finish(rl);
	assert_int_equal(rl->nnotes, 0);
	runlog_free(rl);

	/* QEMU's isa-debug-exit exits with (value << 1) | 1: the payload's
	 * broken (2) is status 5, a real end, not a crash. */
	rl = runlog_new();
	runlog_feed(rl, l.buf, l.len);
	runlog_set_qemu_status(rl, 5);
	runlog_finish(rl);
	t = text_of(rl, 0);
	assert_non_null(strstr(t, "QEMU's exit status 5 says broken, the records say pass"));
	free(t);
	runlog_free(rl);

	/* 0 (a clean QEMU exit) and 7 (no result has that value) are not
	 * isa-debug-exit's. */
	rl = runlog_new();
	runlog_feed(rl, l.buf, l.len);
	runlog_set_qemu_status(rl, 7);
	runlog_finish(rl);
	t = text_of(rl, 0);
	assert_non_null(strstr(t, "QEMU exited with status 7, not through isa-debug-exit"));
	free(t);
	runlog_free(rl);
	slog_free(&l);

	make_run(&l, 0x4, 1, &exc);
	rl = runlog_new();
	runlog_feed(rl, l.buf, l.len);
	runlog_set_qemu_status(rl, 5);
	runlog_finish(rl);
	assert_int_equal(rl->sum.verdict, RL_BROKEN);
	assert_int_equal(rl->nnotes, 0);
	runlog_free(rl);

	rl = runlog_new();
	runlog_feed(rl, l.buf, l.len);
	runlog_set_qemu_status(rl, 0);
	runlog_finish(rl);
	t = text_of(rl, 0);
	assert_non_null(strstr(t, "QEMU exited with status 0, not through isa-debug-exit"));
	free(t);
	runlog_free(rl);
	slog_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pass),
	    cmocka_unit_test(test_fail_lost),
	    cmocka_unit_test(test_fail_mismatch),
	    cmocka_unit_test(test_fail_msr),
	    cmocka_unit_test(test_msrs_record),
	    cmocka_unit_test(test_fail_other),
	    cmocka_unit_test(test_broken),
	    cmocka_unit_test(test_duplicates),
	    cmocka_unit_test(test_gaps),
	    cmocka_unit_test(test_corrupt),
	    cmocka_unit_test(test_noise_between),
	    cmocka_unit_test(test_truncated_last_line),
	    cmocka_unit_test(test_split_reads),
	    cmocka_unit_test(test_long_lines),
	    cmocka_unit_test(test_boots_and_runs),
	    cmocka_unit_test(test_out_of_order),
	    cmocka_unit_test(test_many_cpus),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_json_hostile_strings),
	    cmocka_unit_test(test_qemu_cross_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
