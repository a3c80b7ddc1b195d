/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: arbitrary bytes through the run model (line assembly,
 * record parsing, boots, dump decoding, verdict) and both reports.
 *
 * The first input byte steers: bit 0 rewrites the CRC of every line that
 * looks like a record, so that mutations reach the field decoding instead of
 * dying at the CRC check; bits 1-6 choose the read size; bit 7 sets a QEMU
 * exit status and a stop reason, and feeds a multi-boot run with a schedule
 * (kexec, cycle, outcome, cpumodes, exception records) before the input, so
 * that the input's records merge with it, restart it or follow it.  An odd
 * input size also feeds that run's end record after the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "host/report/report.h"
#include "tests/fuzz/json_check.h"
#include "host/model/runlog.h"
#include "results/crc32.h"
#include "results/fields.h"
#include "results/record.h"

static FILE *devnull;

/* The built-in schedule run (run 00000001) and its end record. */
static char prelude[8192], tail[512];
static size_t prelude_len, tail_len;
static uint32_t pboot, pseq;
static struct pd_rec_writer w;

static void pbegin(uint32_t boot, enum pd_record_type t)
{
	if (boot != pboot)
		pseq = 0;
	pboot = boot;
	pd_rec_begin(&w, 1, boot, pseq++, t);
}

static void pend(char *buf, size_t *len, size_t cap)
{
	size_t n = pd_rec_end(&w);

	if (*len + n <= cap) {
		memcpy(buf + *len, w.buf, n);
		*len += n;
	}
}

#define PEND() pend(prelude, &prelude_len, sizeof(prelude))

static void cycle_rec(uint32_t boot, uint32_t n, const char *m, const char *p, const char *k,
		      uint64_t v)
{
	pbegin(boot, PD_REC_CYCLE);
	pd_rec_u(&w, PD_F_N, n);
	pd_rec_s(&w, PD_F_M, m);
	pd_rec_s(&w, PD_F_P, p);
	pd_rec_u(&w, k, v);
	if (!strcmp(k, "reset"))
		pd_rec_s(&w, PD_F_PHASE, "handover");
	pd_rec_u(&w, PD_F_SMI_US, 10 + n);
	PEND();
}

static void build_prelude(void)
{
	uint32_t i;

	pbegin(1, PD_REC_BOOT);
	pd_rec_s(&w, PD_F_VERSION, "fuzz");
	PEND();
	for (i = 0; i < 3; i++) {
		pbegin(1, PD_REC_CPU);
		pd_rec_u(&w, PD_F_IDX, i);
		pd_rec_u(&w, PD_F_APIC, i);
		pd_rec_s(&w, PD_F_STATE, i ? "online" : "bsp");
		pd_rec_u(&w, PD_F_PKG, 0);
		pd_rec_u(&w, PD_F_CORE, i);
		pd_rec_u(&w, PD_F_THREAD, 0);
		PEND();
	}
	pbegin(1, PD_REC_KEXEC);
	pd_rec_s(&w, PD_F_LOAD, "alternate");
	pd_rec_u(&w, PD_F_WBINVD, 1);
	pd_rec_s(&w, PD_F_WHY, "sme");
	pd_rec_u(&w, PD_F_CYCLES, 4);
	pd_rec_s(&w, PD_F_MODES, "hlt,mwait");
	pd_rec_s(&w, PD_F_PROVOKE, "none/nmi+smi");
	pd_rec_s(&w, PD_F_PLATFORM, "qemu-tcg");
	PEND();
	pbegin(1, PD_REC_EXCEPTION);
	pd_rec_u(&w, PD_F_VECTOR, 13);
	pd_rec_u(&w, PD_F_APIC, 1);
	PEND();
	pbegin(2, PD_REC_BOOT);
	PEND();
	cycle_rec(2, 0, "hlt", "none", "ok", 2);
	pbegin(2, PD_REC_OUTCOME);
	pd_rec_u(&w, PD_F_N, 0);
	pd_rec_u(&w, PD_F_APIC, 2);
	pd_rec_s(&w, PD_F_O, "woke");
	PEND();
	cycle_rec(2, 0, "hlt", "none", "reset", 1);
	cycle_rec(2, 1, "hlt", "nmi+smi", "woke", 1);
	pbegin(3, PD_REC_BOOT);
	PEND();
	cycle_rec(3, 2, "mwait", "none", "reset", 1);
	cycle_rec(3, 3, "mwait", "nmi+smi", "scribbled", 1);
	pbegin(3, PD_REC_ERROR);
	pd_rec_s(&w, PD_F_LEVEL, "fail");
	pd_rec_s(&w, PD_F_CODE, "stop_timeout");
	PEND();
	for (i = 0; i < 3; i++) {
		pbegin(3, PD_REC_CPUMODES);
		pd_rec_u(&w, PD_F_APIC, i);
		pd_rec_s(&w, "hlt", "1,0,0,0,0,0,0,1");
		pd_rec_s(&w, "mwait", i == 2 ? "1,2,3" : "0,0,0,0,0,0,0,2");
		PEND();
	}
	pbegin(3, PD_REC_END);
	pd_rec_u(&w, PD_F_CYCLES, 4);
	pd_rec_s(&w, PD_F_VERDICT, "pass");
	pend(tail, &tail_len, sizeof(tail));
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	build_prelude();
	return 0;
}

/* Gives every "@PD ... *xxxxxxxx" line the CRC its content has. */
static void fix_crcs(char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0;

	while (start < size) {
		char *nl = memchr(buf + start, '\n', size - start);
		size_t end = nl ? (size_t)(nl - buf) : size, i, at = SIZE_MAX;

		while (end > start && buf[end - 1] == '\r')
			end--;
		for (i = start; i + 3 < end; i++) {
			if (buf[i] == '@' && buf[i + 1] == 'P' && buf[i + 2] == 'D' &&
			    buf[i + 3] == ' ') {
				at = i;
				break;
			}
		}
		if (at != SIZE_MAX && end - at >= 14 && buf[end - 10] == ' ' &&
		    buf[end - 9] == '*') {
			uint32_t crc = pd_crc32(0, buf + at, end - 10 - at);
			int k;

			for (k = 0; k < 8; k++)
				buf[end - 8 + k] = hex[(crc >> (28 - 4 * k)) & 15];
		}
		start = nl ? (size_t)(nl - buf) + 1 : size;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_opts ro;
	struct runlog *rl;
	struct json_object *j;
	uint8_t mode;
	size_t step, i;
	char *buf;

	if (!size)
		return 0;
	mode = data[0];
	data++;
	size--;
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	if (mode & 1)
		fix_crcs(buf, size);

	rl = runlog_new();
	if (!rl) {
		free(buf);
		return 0;
	}
	step = (mode >> 1) & 63;
	step = step ? step : size;
	if (mode & 0x80)
		runlog_feed(rl, prelude, prelude_len);
	for (i = 0; i < size; i += step)
		runlog_feed(rl, buf + i, i + step <= size ? step : size - i);
	if ((mode & 0x80) && (size & 1))
		runlog_feed(rl, tail, tail_len);
	if (mode & 0x80) {
		runlog_set_qemu_status(rl, mode & 3);
		runlog_set_stop_reason(rl, "timeout after %d s", 120);
	}
	runlog_finish(rl);
	runlog_finish(rl); /* idempotent */

	ro.verbose = (mode >> 2) & 1;
	report_text(devnull, rl, &ro);
	j = report_json(rl);
	if (j) {
		const char *s = json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN);

		/* The JSON is ASCII without raw control characters whatever the log held. */
		if (s)
			fuzz_check_json_text(s);
		json_object_put(j);
	}
	runlog_free(rl);
	free(buf);
	return 0;
}
