/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: arbitrary bytes through the log unwrapper (container
 * detection, LAVA entry parsing and unescaping, pass-through classification)
 * and on into the run model and both reports.
 *
 * The first input byte chooses the read size (0: all at once).  Checked:
 * a pass-through container gives back exactly its input; a LAVA log never
 * gives more than two bytes per input byte and one line end (decoding only
 * shrinks, a line not read goes on as it was); the JSON report is
 * ASCII without raw control characters.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "host/input/logwrap.h"
#include "host/report/report.h"
#include "tests/fuzz/json_check.h"
#include "host/model/runlog.h"

static FILE *devnull;

struct sink {
	struct runlog *rl;
	size_t len;
	const uint8_t *in; /* for the pass-through check */
	size_t in_len;
	int differs;
};

static void to_model(void *ctx, const char *buf, size_t n)
{
	struct sink *s = ctx;

	if (s->len + n > s->in_len || memcmp(s->in + s->len, buf, n))
		s->differs = 1;
	s->len += n;
	runlog_feed(s->rl, buf, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct logwrap w;
	struct report_opts ro = {0};
	struct json_object *j;
	struct sink s;
	size_t step, i;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	if (!size)
		return 0;
	step = data[0];
	data++;
	size--;
	step = step ? step : size ? size : 1;
	memset(&s, 0, sizeof(s));
	s.rl = runlog_new();
	if (!s.rl)
		return 0;
	s.in = data;
	s.in_len = size;
	logwrap_init(&w, to_model, &s);
	for (i = 0; i < size; i += step)
		logwrap_feed(&w, data + i, i + step <= size ? step : size - i);
	logwrap_finish(&w);
	if (w.info.format == LW_LAVA) {
		if (s.len > 2 * size + 1)
			abort();
	} else if (s.differs || s.len != size) {
		abort();
	}
	s.rl->input = w.info;
	snprintf(s.rl->input.name, sizeof(s.rl->input.name), "fuzz\033[2J.log");
	runlog_finish(s.rl);
	report_text(devnull, s.rl, &ro);
	j = report_json(s.rl);
	if (j) {
		const char *t = json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN);

		if (t)
			fuzz_check_json_text(t);
		json_object_put(j);
	}
	runlog_free(s.rl);
	return 0;
}
