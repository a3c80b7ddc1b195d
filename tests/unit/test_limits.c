/* SPDX-License-Identifier: MIT */
/*
 * Bounded waits (results/limits.h) and the records that report them and the
 * distinct CPUID dump: the formula's properties on hardware and under
 * emulation, and the host reading `limits` and `dumpset` records.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "host/model/runlog.h"
#include "results/fields.h"
#include "results/limits.h"
#include "results/record.h"

#define MS 1000ull
#define S  1000000ull

/* Hardware: a CPU that needs twice the stop_timeout_ms default (100 ms) to
 * park is late, at 8 CPUs and at 768 (two sockets of 192 cores with SMT). */
static void test_hardware_tight(void **state)
{
	struct pd_limits l;

	(void)state;
	pd_limits_compute(&l, 768, 0, 0, 100 * MS, 5000 * MS, 0);
	assert_int_equal(l.emulated, 0);
	assert_true(l.us[PD_WAIT_STOP] >= 100 * MS);
	assert_true(l.us[PD_WAIT_STOP] < 200 * MS);
	assert_true(l.us[PD_WAIT_NMI] < 200 * MS);
	assert_true(l.us[PD_WAIT_KICK] < 200 * MS);
	pd_limits_compute(&l, 8, 0, 0, 100 * MS, 5000 * MS, 0);
	assert_true(l.us[PD_WAIT_STOP] < 101 * MS);
	/* host_cpus says nothing on hardware unless given: then it is emulation */
	pd_limits_compute(&l, 8, 0, 4, 100 * MS, 5000 * MS, 0);
	assert_int_equal(l.emulated, 0);
}

/* Emulation: the 1 s every wait had before is kept as a floor at small
 * sizes, and at 768 vCPUs on two host CPUs the stop wait is far beyond the
 * second that produced 297 false `late` CPUs (issue 11). */
static void test_emulated_grows(void **state)
{
	struct pd_limits l8, l768, l384;
	int w;

	(void)state;
	pd_limits_compute(&l8, 8, 1, 2, 100 * MS, 5000 * MS, 0);
	pd_limits_compute(&l384, 384, 1, 2, 100 * MS, 5000 * MS, 0);
	pd_limits_compute(&l768, 768, 1, 2, 100 * MS, 5000 * MS, 0);
	assert_int_equal(l768.per_core, 384);
	assert_int_equal(l8.per_core, 4);
	for (w = 0; w < PD_WAIT_COUNT; w++) {
		assert_true(l8.us[w] >= 1 * S);
		assert_true(l768.us[w] > 10 * S);
		/* linear: 384 more vCPUs on 2 host CPUs, 192 more per host CPU,
		 * plus at most the hardware term of 384 more CPUs (10 us each) */
		assert_true(l768.us[w] - l384.us[w] >= 192 * PD_EMU_PER_VCPU_US);
		assert_true(l768.us[w] - l384.us[w] <= 192 * PD_EMU_PER_VCPU_US + 384 * 10);
	}
	/* the bring-up wait keeps ap_timeout_ms as its base */
	assert_true(l768.us[PD_WAIT_AP] >= 5000 * MS + 384 * PD_EMU_PER_VCPU_US);
}

/* Where CPUs flush before parking, the stop and NMI waits cover four of the
 * BSP's WBINVDs on top of stop_timeout_ms; nothing else moves.  A 30 ms
 * WBINVD (a large last-level cache) would otherwise make every CPU of a
 * 100 ms stop late at once. */
static void test_wbinvd_margin(void **state)
{
	struct pd_limits plain, flush;
	int w;

	(void)state;
	pd_limits_compute(&plain, 768, 0, 0, 100 * MS, 5000 * MS, 0);
	pd_limits_compute(&flush, 768, 0, 0, 100 * MS, 5000 * MS, 30 * MS);
	assert_int_equal(flush.wbinvd_us, 30 * MS);
	for (w = 0; w < PD_WAIT_COUNT; w++) {
		if (w == PD_WAIT_STOP || w == PD_WAIT_NMI)
			assert_int_equal(flush.us[w] - plain.us[w], 4 * 30 * MS);
		else
			assert_int_equal(flush.us[w], plain.us[w]);
	}
	/* the stop wait now outlasts the flush, four times over */
	assert_true(flush.us[PD_WAIT_STOP] > 100 * MS + 4 * 30 * MS);
}

/* Not told how many host CPUs: as if one, the longest wait. */
static void test_host_cpus_unknown(void **state)
{
	(void)state;
	assert_int_equal(pd_wait_limit_us(0, 0, 768, 1, 0), pd_wait_limit_us(0, 0, 768, 1, 1));
	assert_true(pd_wait_limit_us(0, 0, 768, 1, 0) > pd_wait_limit_us(0, 0, 768, 1, 2));
	assert_int_equal(pd_wait_limit_us(0, 0, 768, 1, 1), 1 * S + 768 * PD_EMU_PER_VCPU_US);
}

/* ---- the host reading limits and dumpset records ---- */

static char logbuf[1 << 16];
static size_t loglen;
static uint32_t seq;

static void emit(struct pd_rec_writer *w)
{
	size_t n = pd_rec_end(w);

	memcpy(logbuf + loglen, w->buf, n);
	loglen += n;
}

static void begin(struct pd_rec_writer *w, enum pd_record_type t)
{
	pd_rec_begin(w, 0x1234abcd, 1, seq++, t);
}

static void test_host_reads(void **state)
{
	struct pd_rec_writer w;
	struct runlog *rl = runlog_new();
	const struct rl_run *run;
	int i;

	(void)state;
	loglen = 0;
	seq = 0;
	begin(&w, PD_REC_BOOT);
	pd_rec_u(&w, PD_F_FORMAT, PD_FORMAT_VERSION);
	emit(&w);
	begin(&w, PD_REC_LIMITS);
	pd_rec_u(&w, PD_F_CPUS, 768);
	pd_rec_u(&w, PD_F_EMULATED, 1);
	pd_rec_u(&w, PD_F_HOST_CPUS, 2);
	pd_rec_u(&w, PD_F_PER_CORE, 384);
	for (i = 0; i < PD_WAIT_COUNT; i++)
		pd_rec_u(&w, pd_wait_name((enum pd_wait)i), 1000 + (uint64_t)i);
	emit(&w);
	/* one set split over two records, then a CPU of its own */
	begin(&w, PD_REC_DUMP);
	pd_rec_text(&w, "------[ Logical CPU #0 ]------");
	emit(&w);
	begin(&w, PD_REC_DUMPSET);
	pd_rec_u(&w, PD_F_IDX, 0);
	pd_rec_u(&w, PD_F_CPUS, 767);
	pd_rec_s(&w, PD_F_APICS, "0-2,4-383");
	emit(&w);
	begin(&w, PD_REC_DUMPSET);
	pd_rec_u(&w, PD_F_IDX, 0);
	pd_rec_s(&w, PD_F_APICS, "512-895");
	emit(&w);
	begin(&w, PD_REC_DUMP);
	pd_rec_text(&w, "CPUID 00000000: 0000000D-68747541-444D4163-69746E65");
	emit(&w);
	begin(&w, PD_REC_DUMP);
	pd_rec_text(&w, "------[ Logical CPU #3 ]------");
	emit(&w);
	begin(&w, PD_REC_DUMPSET);
	pd_rec_u(&w, PD_F_IDX, 3);
	pd_rec_u(&w, PD_F_CPUS, 1);
	pd_rec_s(&w, PD_F_APICS, "3");
	emit(&w);
	begin(&w, PD_REC_DUMP);
	pd_rec_text(&w, "CPUID 00000000: 0000000D-68747541-444D4163-69746E65");
	emit(&w);
	runlog_feed(rl, logbuf, loglen);
	run = &rl->cur;
	assert_true(run->limits.have);
	assert_true(run->limits.has_cpus && run->limits.has_emulated);
	assert_true(run->limits.has_host_cpus && run->limits.has_per_core);
	assert_int_equal(run->limits.cpus, 768);
	assert_int_equal(run->limits.emulated, 1);
	assert_int_equal(run->limits.host_cpus, 2);
	assert_int_equal(run->limits.per_core, 384);
	for (i = 0; i < PD_WAIT_COUNT; i++) {
		assert_true(run->limits.has_us[i]);
		assert_int_equal(run->limits.us[i], 1000 + i);
	}
	assert_int_equal(run->ndumpsets, 2);
	assert_int_equal(run->dumpsets[0].idx, 0);
	assert_true(run->dumpsets[0].has_cpus);
	assert_int_equal(run->dumpsets[0].cpus, 767);
	assert_int_equal(run->dumpsets[0].napics, 767);
	assert_int_equal(run->dumpsets[0].bad_list, 0);
	assert_int_equal(run->dumpsets[1].idx, 3);
	assert_int_equal(run->dumpsets[1].napics, 1);
	assert_int_equal(run->dumpsets[1].apics[0], 3);
	/* the dump text is still one section per dumped CPU */
	assert_int_equal(run->dump_lines, 4);
	runlog_free(rl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hardware_tight),
	    cmocka_unit_test(test_emulated_grows),
	    cmocka_unit_test(test_wbinvd_margin),
	    cmocka_unit_test(test_host_cpus_unknown),
	    cmocka_unit_test(test_host_reads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
