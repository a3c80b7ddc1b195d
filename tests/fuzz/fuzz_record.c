/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: arbitrary bytes through the run model (line assembly,
 * record parsing, boots, dump decoding, verdict) and both reports.
 *
 * The first input byte steers: bit 0 rewrites the CRC of every line that
 * looks like a record, so that mutations reach the field decoding instead of
 * dying at the CRC check; bits 1-6 choose the read size; bit 7 sets a QEMU
 * exit status and a stop reason.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "host/report.h"
#include "host/runlog.h"
#include "results/crc32.h"
#include "results/record.h"

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
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
	for (i = 0; i < size; i += step)
		runlog_feed(rl, buf + i, i + step <= size ? step : size - i);
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

		/* The JSON must always read back. */
		if (s) {
			struct json_object *back = json_tokener_parse(s);

			if (!back)
				abort();
			json_object_put(back);
		}
		json_object_put(j);
	}
	runlog_free(rl);
	free(buf);
	return 0;
}
