/* SPDX-License-Identifier: MIT */
/*
 * Logs as farms store them (host/input/logwrap.c): LAVA job logs written the way
 * LAVA's dispatcher writes them, timestamped and captured forms of a real
 * log, and the field inputs (../shared/field-inputs/logs, or
 * $PD_FIELD_INPUTS/logs) with the figures their README gives.
 */
#include <errno.h>
#include <fcntl.h>
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

#include "host/input/collect.h"
#include "host/input/logwrap.h"
#include "host/report/report.h"
#include "host/model/runlog.h"
#include "results/record.h"
#include "tests/unit/report_check.h"
#include "tests/unit/slog.h"

/* A real 4-CPU run's head, as QEMU's serial port gave it (CRLF lines, the
 * last record cut by the end of the excerpt). */
#define FIXTURE "tests/fuzz/seeds/fuzz_record/smp4-head.log"

/* ---- the unwrapper and the run model ---- */

static void sink_buf(void *ctx, const char *p, size_t n)
{
	bput(ctx, p, n);
}

static void sink_runlog(void *ctx, const char *p, size_t n)
{
	runlog_feed(ctx, p, n);
}

/* What the unwrapper makes of in, fed step bytes at a time. */
static struct lw_info unwrap(const char *in, size_t n, size_t step, struct buf *out)
{
	static struct logwrap w;
	size_t i;

	logwrap_init(&w, sink_buf, out);
	for (i = 0; i < n; i += step)
		logwrap_feed(&w, in + i, i + step <= n ? step : n - i);
	logwrap_finish(&w);
	if (!out->p)
		bput(out, "", 0);
	return w.info;
}

/* The finished run model of a wrapped log (step bytes per read). */
static struct runlog *model_wrapped(const char *in, size_t n, size_t step)
{
	static struct logwrap w;
	struct runlog *rl = runlog_new();
	size_t i;

	assert_non_null(rl);
	logwrap_init(&w, sink_runlog, rl);
	for (i = 0; i < n; i += step)
		logwrap_feed(&w, in + i, i + step <= n ? step : n - i);
	logwrap_finish(&w);
	rl->input = w.info;
	runlog_finish(rl);
	return rl;
}

static void assert_same_records(const struct runlog *a, const struct runlog *b)
{
	assert_int_equal(a->st.good, b->st.good);
	assert_int_equal(a->st.corrupt, b->st.corrupt);
	assert_int_equal(a->sum.verdict, b->sum.verdict);
	assert_int_equal(a->cur.ncpus, b->cur.ncpus);
}

/* ---- LAVA's writer, as lava_common/log.py and lava_dispatcher/shell.py do it ---- */

/*
 * One log entry the way YAMLLogger.log_message() + dump() write it: PyYAML
 * dump(default_flow_style=True, default_style='"'): keys sorted, every
 * scalar double-quoted; in it '"' and '\\' are escaped, characters outside
 * printable ASCII become the short escapes (\0 \a \b \t \n \v \f \r \e) or
 * \xNN.  shell: the message went through ShellLogger.write() first, which
 * drops CR and ESC and puts a backslash before every '"'.
 */
static void yaml_dq(struct buf *b, const char *s, size_t n)
{
	static const char from[] = "\0\a\b\t\n\v\f\r\033", to[] = "0abtnvfre";
	size_t i;

	bputs(b, "\"");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *hit = memchr(from, c, sizeof(from) - 1);

		if (c == '"' || c == '\\')
			bprintf(b, "\\%c", c);
		else if (hit)
			bprintf(b, "\\%c", to[hit - from]);
		else if (c < 0x20 || c > 0x7e)
			bprintf(b, "\\x%02X", c);
		else
			bput(b, &s[i], 1);
	}
	bputs(b, "\"");
}

static void lava_entry(struct buf *b, const char *lvl, const char *msg, size_t n, int shell)
{
	struct buf m = {0};
	size_t i;

	for (i = 0; i < n; i++) {
		if (shell && (msg[i] == '\r' || msg[i] == '\033'))
			continue;
		if (shell && msg[i] == '"')
			bputs(&m, "\\");
		bput(&m, &msg[i], 1);
	}
	bputs(b, "- {\"dt\": \"2026-11-30T12:00:00.123456\", \"lvl\": ");
	yaml_dq(b, lvl, strlen(lvl));
	bputs(b, ", \"msg\": ");
	yaml_dq(b, m.p ? m.p : "", m.len);
	if (!strcmp(lvl, "feedback"))
		bputs(b, ", \"ns\": \"dut\"");
	bputs(b, "}\n");
	bfree(&m);
}

/* A serial log as a LAVA job log: a start message, every serial line as
 * lvl (ShellLogger splits at '\n'), an end message. */
static void lava_wrap(struct buf *out, const char *log, size_t n, const char *lvl, int shell)
{
	const char *p = log, *end = log + n;

	static const char start[] = "start: 2.1 bootloader-commands (timeout 00:05:00) [common]";

	lava_entry(out, "info", start, strlen(start), 0);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t k = (size_t)((nl ? nl : end) - p);

		lava_entry(out, lvl, p, k, shell);
		p += k + 1;
	}
	bputs(out, "- {\"dt\": \"2026-11-30T12:00:09\", \"lvl\": \"results\", \"msg\": {\"case\": "
		   "\"job\", \"definition\": \"lava\", \"result\": \"pass\", \"extra\": {\"x\": "
		   "\"a}b\\\"{\"}}}\n");
}

/* A record whose string values hold '"', '\\' and '\'' (the payload escapes
 * them: FORMAT.md). */
static size_t quoted_record(char *line, size_t cap, uint32_t seq)
{
	struct pd_rec_writer w;
	size_t n;

	pd_rec_begin(&w, 0x1234abcd, 1, seq, PD_REC_BOOT);
	pd_rec_s(&w, "version", "0.1.0");
	pd_rec_s(&w, "cmdline", "a=\"b c\" d\\e 'f'");
	n = pd_rec_end(&w);
	while (n && (w.buf[n - 1] == '\n' || w.buf[n - 1] == '\r'))
		n--;
	assert_true(n < cap);
	memcpy(line, w.buf, n);
	line[n] = 0;
	return n;
}

/* ---- field inputs ---- */

static const char *field_dir(void)
{
	const char *e = getenv("PD_FIELD_INPUTS");

	return e && e[0] ? e : "../shared/field-inputs";
}

/* Reads logs/name of the field inputs, or skips the calling test. */
static void field_log(const char *name, struct buf *b, char *path, size_t cap)
{
	snprintf(path, cap, "%s/logs/%s", field_dir(), name);
	if (read_file(path, b) != 0) {
		print_message("[  SKIP    ] field input %s not found (%s; set PD_FIELD_INPUTS)\n",
			      path, strerror(errno));
		skip();
	}
}

/* The report of a field log read the way `playdead report FILE` reads it. */
static struct runlog *report_file(const char *path)
{
	struct runlog *rl = runlog_new();
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	assert_non_null(rl);
	assert_true(fd >= 0);
	collect_name_input(rl, path);
	assert_int_equal(collect_read_all(fd, rl), 0);
	close(fd);
	runlog_finish(rl);
	return rl;
}

static char *json_of(const struct runlog *rl)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	assert_non_null(f);
	assert_int_equal(report_json_write(f, rl), 0);
	fclose(f);
	return s;
}

/* README: a passing 4-CPU run as a LAVA job log: 166 good records, PASS,
 * and the report says it read a LAVA log. */
static void test_field_lava(void **state)
{
	struct buf b = {0};
	char path[4096], *t, *j;
	struct runlog *rl, *bytewise;

	(void)state;
	field_log("lava-job-output.yaml", &b, path, sizeof(path));
	rl = report_file(path);
	assert_int_equal(rl->input.format, LW_LAVA);
	assert_string_equal(rl->input.name, "lava-job-output.yaml");
	assert_int_equal(rl->st.good, 166);
	assert_int_equal(rl->st.corrupt, 0);
	assert_int_equal(rl->sum.verdict, RL_PASS);
	assert_int_equal(rl->cur.ncpus, 4);
	assert_int_equal(rl->input.serial, 166);
	assert_int_equal(rl->input.bad, 0);
	assert_int_equal(rl->input.truncated, 0);
	/* the dispatcher's own message is not noise */
	assert_int_equal(rl->st.noise, 0);
	assert_int_equal(rl->input.other, 1);
	assert_text(rl, "input:      LAVA job log (lava-job-output.yaml), 166 target lines");
	t = text_of(rl, 0);
	assert_non_null(strstr(t, "verdict: PASS"));
	free(t);
	j = json_of(rl);
	assert_non_null(strstr(j, "\"format\":\"lava-yaml\""));
	free(j);
	/* read a byte at a time: the same */
	bytewise = model_wrapped(b.p, b.len, 1);
	assert_same_records(rl, bytewise);
	runlog_free(bytewise);
	runlog_free(rl);
	bfree(&b);
}

/* Count of record prefixes in the bytes: every one is a record the file
 * holds (README: every record kept). */
static uint64_t prefixes(const char *p, size_t n)
{
	uint64_t k = 0;
	size_t i;

	for (i = 0; i + 4 <= n; i++)
		k += !memcmp(p + i, "@PD ", 4);
	return k;
}

static void test_field_console_noise(void **state)
{
	struct buf b = {0};
	char path[4096];
	struct runlog *rl;

	(void)state;
	field_log("console-noise.serial.log", &b, path, sizeof(path));
	rl = report_file(path);
	assert_int_equal(rl->input.format, LW_SERIAL);
	assert_int_equal(rl->st.good, prefixes(b.p, b.len));
	assert_int_equal(rl->st.corrupt, 0);
	assert_int_equal(rl->sum.verdict, RL_PASS);
	assert_text(rl, "input:      serial log (console-noise.serial.log)");
	runlog_free(rl);
	bfree(&b);
}

/*
 * The LAVA log cut at every byte of its last entry: a defined outcome each
 * time.  Inside the entry the log is reported cut; the end record counts
 * as good once its message is whole (its CRC checks it), as corrupt
 * when cut after its prefix, as noise before.
 */
static void test_field_lava_cut(void **state)
{
	struct buf b = {0};
	char path[4096];
	size_t last, msg, msg_end, k;

	(void)state;
	field_log("lava-job-output.yaml", &b, path, sizeof(path));
	assert_true(b.len > 2 && b.p[b.len - 1] == '\n');
	for (last = b.len - 1; last && b.p[last - 1] != '\n'; last--)
		;
	msg = (size_t)(strstr(b.p + last, "\"msg\": \"@PD ") - b.p) + 8;
	msg_end = b.len - 3; /* the closing quote, before "}\n" */
	assert_int_equal(b.p[msg_end], '"');
	for (k = last; k <= b.len; k++) {
		struct runlog *rl = model_wrapped(b.p, k, 4096);
		int inside = k > last && k < b.len - 1;

		assert_int_equal(rl->input.format, LW_LAVA);
		assert_int_equal(rl->input.truncated, inside);
		assert_int_equal(rl->st.good, k >= msg_end ? 166 : 165);
		assert_int_equal(rl->st.corrupt, k >= msg + 4 && k < msg_end);
		if (k < msg_end)
			assert_int_not_equal(rl->sum.verdict, RL_PASS);
		runlog_free(rl);
	}
	bfree(&b);
}

/* ---- escapes ---- */

/* YAML 1.1 double-quoted escapes decode to the bytes they name (code
 * points as UTF-8); a message without the dispatcher's \" keeps its
 * backslashes. */
static void test_escapes_decoded(void **state)
{
	static const char in[] =
	    "- {\"dt\": \"x\", \"lvl\": \"target\", \"msg\": \"a\\\"b\\\\c\\x41\\u00e9\\U0001F600"
	    "\\t\\e\\0\\/\\ \\N\\_z\"}\n"
	    "- {\"dt\": \"x\", \"lvl\": \"target\", \"msg\": \"\\u0040PD \\x5cn\"}\n";
	static const char want[] = "a\"b\\cA\xc3\xa9\xf0\x9f\x98\x80\t\033\0/ \xc2\x85\xc2\xa0z\n"
				   "@PD \\n\n";
	struct buf out = {0};
	struct lw_info i;
	size_t step;

	(void)state;
	for (step = 1; step <= sizeof(in); step += 5) {
		i = unwrap(in, sizeof(in) - 1, step, &out);
		assert_int_equal(i.format, LW_LAVA);
		assert_int_equal(i.serial, 2);
		assert_int_equal(out.len, sizeof(want) - 1);
		assert_memory_equal(out.p, want, sizeof(want) - 1);
		assert_int_equal(i.unescaped, 0);
		bfree(&out);
	}
}

/* Records with quotes and backslashes in their values, written every way a
 * LAVA log holds them, all read good. */
static void test_lava_styles(void **state)
{
	char rec[PD_RECORD_MAX + 1], rec2[PD_RECORD_MAX + 1];
	size_t n = quoted_record(rec, sizeof(rec), 0), n2 = quoted_record(rec2, sizeof(rec2), 1), i;
	struct buf in = {0}, sq = {0}, out = {0};
	struct runlog *rl;
	struct lw_info info;

	(void)state;
	/* the payload's encoding of the value, as FORMAT.md says */
	assert_non_null(strstr(rec, "cmdline=\"a=\\\"b c\\\" d\\\\e 'f'\""));
	/* 2019+ dispatcher: ShellLogger's \" then double-quoted dump */
	lava_entry(&in, "target", rec, n, 1);
	/* a writer without ShellLogger's step */
	lava_entry(&in, "target", rec2, n2, 0);
	info = unwrap(in.p, in.len, 3, &out);
	assert_int_equal(info.unescaped, 1);
	assert_int_equal(out.len, n + n2 + 2);
	assert_memory_equal(out.p, rec, n);
	assert_memory_equal(out.p + n + 1, rec2, n2);
	bfree(&out);
	rl = model_wrapped(in.p, in.len, 7);
	assert_int_equal(rl->st.good, 2);
	assert_int_equal(rl->st.corrupt, 0);
	runlog_free(rl);

	/* older dispatchers: plain keys, single-quoted message ('' is one ') */
	bputs(&sq, "- {dt: 2018-05-01 10:00:00.000000, lvl: target, msg: '");
	for (i = 0; i < n; i++)
		bputs(&sq, rec[i] == '\'' ? "''" : (char[]){rec[i], 0});
	bputs(&sq, "'}\n");
	/* keys in another order, the level after the message; feedback */
	bputs(&sq, "- {msg: ");
	yaml_dq(&sq, rec2, n2);
	bputs(&sq, ", ns: dut, lvl: feedback, dt: '2018-05-01'}\n");
	/* a long message folded by a narrow dumper: an escaped line break, the
	 * next line indented, a leading blank escaped */
	bputs(&sq, "- {\"dt\": \"x\", \"lvl\": \"target\", \"msg\": \"");
	bput(&sq, rec, 20);
	bputs(&sq, "\\\n    ");
	if (rec[20] == ' ')
		bputs(&sq, "\\");
	bput(&sq, rec + 20, 1);
	for (i = 21; i < n; i++) {
		if (rec[i] == '"' || rec[i] == '\\')
			bputs(&sq, "\\");
		bput(&sq, &rec[i], 1);
	}
	bputs(&sq, "\"}\n");
	info = unwrap(sq.p, sq.len, 1, &out);
	assert_int_equal(info.format, LW_LAVA);
	assert_int_equal(info.serial, 3);
	assert_int_equal(info.feedback, 1);
	assert_int_equal(out.len, n + n2 + n + 3);
	assert_memory_equal(out.p, rec, n);
	assert_memory_equal(out.p + n + 1, rec2, n2);
	assert_memory_equal(out.p + n + n2 + 2, rec, n);
	bfree(&out);
	bfree(&in);
	bfree(&sq);
}

/* A line that is not a LAVA entry (a bad escape, junk) goes on as it is:
 * a record in it is counted corrupt, not lost. */
static void test_lava_bad_lines(void **state)
{
	char rec[PD_RECORD_MAX + 1];
	size_t n = quoted_record(rec, sizeof(rec), 0);
	struct buf in = {0};
	struct runlog *rl;

	(void)state;
	lava_entry(&in, "target", rec, n, 0);
	bprintf(&in, "- {\"dt\": \"x\", \"lvl\": \"target\", \"msg\": \"@PD 1234abcd 1 1 \\q\"}\n");
	bprintf(&in, "%s\n", "garbage @PD 1234abcd 1 2 tsc khz=1 *00000000");
	bprintf(&in, "- {\"dt\": \"x\", \"lvl\": \"info\"} trailing\n");
	rl = model_wrapped(in.p, in.len, 5);
	assert_int_equal(rl->input.format, LW_LAVA);
	assert_int_equal(rl->input.bad, 3);
	assert_int_equal(rl->input.serial, 1);
	assert_int_equal(rl->st.good, 1);
	assert_int_equal(rl->st.corrupt, 2);
	assert_text(rl, "3 lines not LAVA entries");
	runlog_free(rl);
	bfree(&in);
}

/* A message far longer than any line kept streams through; the record at
 * its end is read (memory does not follow the line's length). */
static void test_lava_long_message(void **state)
{
	char rec[PD_RECORD_MAX + 1];
	size_t n = quoted_record(rec, sizeof(rec), 0), i;
	struct buf in = {0}, msg = {0};
	struct runlog *rl;

	(void)state;
	for (i = 0; i < (1u << 20); i++)
		bput(&msg, "x", 1);
	bput(&msg, rec, n);
	lava_entry(&in, "target", msg.p, msg.len, 1);
	/* and with the level after the message: its tail kept */
	bputs(&in, "- {\"msg\": ");
	yaml_dq(&in, msg.p, msg.len);
	bputs(&in, ", \"lvl\": \"target\"}\n");
	rl = model_wrapped(in.p, in.len, 65536);
	assert_int_equal(rl->input.serial, 2);
	assert_int_equal(rl->input.cut, 1);
	assert_int_equal(rl->st.good, 1);
	assert_int_equal(rl->st.duplicates, 1);
	assert_int_equal(rl->st.corrupt, 0);
	runlog_free(rl);
	bfree(&in);
	bfree(&msg);
}

/* The real log wrapped the way LAVA writes it reads as the plain log. */
static void test_fixture_as_lava(void **state)
{
	struct buf plain = {0}, lava = {0}, fb = {0};
	struct runlog *a, *b, *c;

	(void)state;
	assert_int_equal(read_file(FIXTURE, &plain), 0);
	lava_wrap(&lava, plain.p, plain.len, "target", 1);
	lava_wrap(&fb, plain.p, plain.len, "feedback", 1);
	a = model_wrapped(plain.p, plain.len, 4096);
	b = model_wrapped(lava.p, lava.len, 1);
	c = model_wrapped(fb.p, fb.len, 4096);
	assert_int_equal(a->input.format, LW_SERIAL);
	assert_int_equal(b->input.format, LW_LAVA);
	assert_true(a->st.good > 50);
	assert_same_records(a, b);
	assert_same_records(a, c);
	assert_int_equal(b->input.other, 2);
	assert_int_equal(c->input.feedback, c->input.serial);
	runlog_free(a);
	runlog_free(b);
	runlog_free(c);
	bfree(&plain);
	bfree(&lava);
	bfree(&fb);
}

/* ---- pass-through containers ---- */

/* Every line of log behind prefix (a printf format taking the line
 * number), CRs kept. */
static void prefix_lines(struct buf *out, const char *log, size_t n, const char *fmt)
{
	const char *p = log, *end = log + n;
	unsigned i = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t k = (size_t)((nl ? nl + 1 : end) - p);

		bprintf(out, fmt, i % 60, i);
		bput(out, p, k);
		p += k;
		i++;
	}
}

static void check_prefixed(const struct buf *plain, const char *fmt, enum lw_format want,
			   const char *style)
{
	struct buf t = {0};
	struct runlog *a, *b;

	prefix_lines(&t, plain->p, plain->len, fmt);
	a = model_wrapped(plain->p, plain->len, 4096);
	b = model_wrapped(t.p, t.len, 13);
	if (b->input.format != want)
		fail_msg("\"%s\": format %s, not %s", fmt, logwrap_format_name(b->input.format),
			 logwrap_format_name(want));
	if (style)
		assert_string_equal(b->input.style, style);
	assert_same_records(a, b);
	runlog_free(a);
	runlog_free(b);
	bfree(&t);
}

/* ts, ISO 8601, grabserial, ser2net-style prefixes: the same records; the
 * kernel's own "[    1.234567] " is the machine's output, not a wrapper. */
static void test_timestamped(void **state)
{
	struct buf plain = {0};

	(void)state;
	assert_int_equal(read_file(FIXTURE, &plain), 0);
	check_prefixed(&plain, "Nov 30 12:00:%02u ", LW_TIMESTAMPED, "syslog date");
	check_prefixed(&plain, "Nov  3 12:00:%02u.%06u ", LW_TIMESTAMPED, "syslog date");
	check_prefixed(&plain, "2026-11-30T12:00:%02u.%06u+00:00 ", LW_TIMESTAMPED, "ISO 8601");
	check_prefixed(&plain, "[2026-11-30 12:00:%02u.%u] ", LW_TIMESTAMPED, "ISO 8601");
	check_prefixed(&plain, "[%u.%06u] ", LW_TIMESTAMPED, "seconds");
	check_prefixed(&plain, "[%u.000100 0.%06u] ", LW_TIMESTAMPED, "seconds");
	check_prefixed(&plain, "12:00:%02u.%03u ", LW_TIMESTAMPED, "clock time");
	check_prefixed(&plain, "2026/11/30 12:00:%02u ", LW_TIMESTAMPED, "YYYY/MM/DD date");
	check_prefixed(&plain, "[%5u.%06u] ", LW_SERIAL, NULL);
	bfree(&plain);
}

/* Some stamped lines among plain ones: the machine's output, not a
 * wrapper (negative control for the 9-in-10 rule). */
static void test_few_stamps_are_serial(void **state)
{
	struct buf plain = {0}, t = {0};
	struct lw_info i;
	struct buf out = {0};

	(void)state;
	assert_int_equal(read_file(FIXTURE, &plain), 0);
	bputs(&t, "2026-11-30T12:00:00 firmware says hello\n");
	bputs(&t, "2026-11-30T12:00:01 firmware says hello\n");
	bput(&t, plain.p, plain.len);
	i = unwrap(t.p, t.len, 4096, &out);
	assert_int_equal(i.format, LW_SERIAL);
	assert_int_equal(out.len, t.len);
	assert_memory_equal(out.p, t.p, t.len);
	bfree(&out);
	bfree(&plain);
	bfree(&t);
}

/* conserver markers between lines and a script(1) typescript: the bytes go
 * on unchanged, the records read as in the plain log. */
static void test_conserver_and_typescript(void **state)
{
	struct buf plain = {0}, cs = {0}, ts = {0}, out = {0};
	struct runlog *a, *b, *c;
	const char *p, *nl;
	unsigned i = 0;

	(void)state;
	assert_int_equal(read_file(FIXTURE, &plain), 0);
	bputs(&cs, "[-- Console up -- Mon Nov 30 12:00:00 2026]\r\n");
	for (p = plain.p; (nl = memchr(p, '\n', (size_t)(plain.p + plain.len - p))); p = nl + 1) {
		bput(&cs, p, (size_t)(nl + 1 - p));
		if (++i % 20 == 0)
			bputs(&cs, "[-- MARK -- Mon Nov 30 12:00:00 2026]\r\n");
	}
	bput(&cs, p, (size_t)(plain.p + plain.len - p));
	bputs(&ts, "Script started on 2026-11-30 12:00:00+00:00 [COMMAND=\"picocom -b 115200 "
		   "/dev/ttyUSB0\" TERM=\"xterm\"]\n");
	bputs(&ts, "\033[2J\033[Hpicocom v3.1\r\n\r\nTerminal ready\r\n");
	bput(&ts, plain.p, plain.len);
	bputs(&ts, "\r\nScript done on 2026-11-30 12:00:09+00:00 [COMMAND_EXIT_CODE=\"0\"]\n");
	a = model_wrapped(plain.p, plain.len, 4096);
	b = model_wrapped(cs.p, cs.len, 4096);
	c = model_wrapped(ts.p, ts.len, 4096);
	assert_int_equal(b->input.format, LW_CONSERVER);
	assert_int_equal(b->input.markers, 1 + i / 20);
	assert_int_equal(c->input.format, LW_TYPESCRIPT);
	assert_string_equal(c->input.style, "script");
	assert_same_records(a, b);
	assert_same_records(a, c);
	unwrap(cs.p, cs.len, 7, &out);
	assert_int_equal(out.len, cs.len);
	assert_memory_equal(out.p, cs.p, cs.len);
	runlog_free(a);
	runlog_free(b);
	runlog_free(c);
	bfree(&out);
	bfree(&plain);
	bfree(&cs);
	bfree(&ts);
}

/* Odd starts: nothing, no line end, blank lines, a dash that is no LAVA
 * entry, a first line longer than what is looked at. */
#define S(lit) lit, sizeof(lit) - 1

static void test_starts(void **state)
{
	struct buf out = {0}, big = {0};
	struct lw_info i;
	size_t k;

	(void)state;
	i = unwrap("", 0, 1, &out);
	assert_int_equal(i.format, LW_SERIAL);
	assert_int_equal(out.len, 0);
	bfree(&out);
	i = unwrap(S("@PD no newline"), 3, &out);
	assert_int_equal(i.format, LW_SERIAL);
	assert_string_equal(out.p, "@PD no newline");
	bfree(&out);
	i = unwrap(S("- {dt"), 1, &out);
	assert_int_equal(i.format, LW_LAVA);
	assert_int_equal(i.truncated, 1);
	assert_string_equal(out.p, "- {dt\n");
	bfree(&out);
	i = unwrap(S("\n\r\n- {\"dt\": \"x\", \"lvl\": \"target\", \"msg\": \"hi\"}"), 2, &out);
	assert_int_equal(i.format, LW_LAVA);
	assert_int_equal(i.truncated, 0);
	assert_string_equal(out.p, "hi\n");
	bfree(&out);
	i = unwrap(S("- item\n- {\"dt\": 1}\n"), 4, &out);
	assert_int_equal(i.format, LW_SERIAL);
	assert_string_equal(out.p, "- item\n- {\"dt\": 1}\n");
	bfree(&out);
	for (k = 0; k < LW_SNIFF + 100; k++)
		bput(&big, "y", 1);
	bputs(&big, "\n- {\"dt\": \"x\"}\n");
	i = unwrap(big.p, big.len, 1000, &out);
	assert_int_equal(i.format, LW_SERIAL);
	assert_int_equal(out.len, big.len);
	bfree(&out);
	bfree(&big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_field_lava),
	    cmocka_unit_test(test_field_console_noise),
	    cmocka_unit_test(test_field_lava_cut),
	    cmocka_unit_test(test_escapes_decoded),
	    cmocka_unit_test(test_lava_styles),
	    cmocka_unit_test(test_lava_bad_lines),
	    cmocka_unit_test(test_lava_long_message),
	    cmocka_unit_test(test_fixture_as_lava),
	    cmocka_unit_test(test_timestamped),
	    cmocka_unit_test(test_few_stamps_are_serial),
	    cmocka_unit_test(test_conserver_and_typescript),
	    cmocka_unit_test(test_starts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
