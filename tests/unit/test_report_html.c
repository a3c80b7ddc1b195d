/* SPDX-License-Identifier: MIT */
/*
 * The HTML and JUnit reports on the synthetic 512-CPU log
 * (tests/report/synth_log.h): the heat map grouped by package and core,
 * the page size bounded, machine strings escaped, JUnit cases and messages.
 * The browser and junitparser checks are tests/report/run.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "host/report/report.h"
#include "host/model/runlog.h"
#include "tests/report/synth_log.h"
#include "tests/unit/report_check.h"

#define HOSTILE "<script>alert(1)</script>\"'&"

static struct runlog *synth_model(const char *vendor, size_t cut)
{
	struct slog s;
	struct runlog *rl;

	synth_log(&s, vendor, "S512", "Example BIOS");
	rl = model_of(s.buf, cut && cut < s.len ? cut : s.len);
	slog_free(&s);
	return rl;
}

/* The report put makes (malloc'd).  noinline: inlined, gcc 12 mistakes
 * open_memstream's buffer for a dangling pointer to a local. */
__attribute__((noinline)) static char *
render(const struct runlog *rl, void (*put)(FILE *, const struct runlog *), size_t *len)
{
	char *s = NULL;
	FILE *f = open_memstream(&s, len);

	assert_non_null(f);
	put(f, rl);
	fclose(f);
	return s;
}

static size_t count(const char *from, const char *to, const char *what)
{
	size_t n = 0;
	const char *p = from;

	while ((p = strstr(p, what)) && (!to || p < to)) {
		n++;
		p += strlen(what);
	}
	return n;
}

static void test_markup(void **state)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	(void)state;
	report_markup(f, "a<b>&\"'\x01\xc3\xa9\tz\n");
	fclose(f);
	assert_string_equal(s, "a&lt;b&gt;&amp;&quot;&#39;???\tz\n");
	free(s);
}

static void test_heatmap_512(void **state)
{
	struct runlog *rl = synth_model("Example Corp", 0);
	size_t len;
	char *h = render(rl, report_html, &len), *svg, *end, *table;

	(void)state;
	svg = strstr(h, "<svg id=\"heatmap-svg\"");
	assert_non_null(svg);
	end = strstr(svg, "</svg>");
	assert_non_null(end);
	/* 3 modes x 2 packages x (128 cores / 16 a row) */
	assert_int_equal(count(svg, end, "class=\"hm-row\""), 3 * 2 * (128 / 16));
	assert_int_equal(count(svg, end, "<rect "), 512 * 3);
	assert_int_equal(count(svg, end, "<title>"), 512 * 3);
	/* the one failing CPU, framed, its counts on hover */
	assert_int_equal(count(svg, end, " bad\""), 1);
	assert_non_null(strstr(svg, "class=\"o-late bad\"><title>APIC 5 (0/2/1) hlt: ok 1, late 1; "
				    "failing</title>"));
	assert_non_null(strstr(svg, ">pkg 1 core 112&#8211;127</text>"));
	table = strstr(h, "<table id=\"heatmap-table\"");
	assert_non_null(table);
	assert_int_equal(count(table, strstr(table, "</table>"), "<tr><th scope=\"row\">"), 512);
	/* bounded: about 1.2 KB per CPU for 3 modes */
	assert_true(len < 600 * 1024);
	/* negative control marked; the differing group named */
	assert_non_null(strstr(h,
			       "data-mode=\"mwait\" data-provoke=\"none\" data-expected=\"fail\" "
			       "data-observed=\"fail\" data-negative=\"1\""));
	assert_non_null(strstr(h, "data-mode=\"hlt\" data-provoke=\"none\" data-expected=\"pass\" "
				  "data-observed=\"fail\" data-negative=\"0\""));
	/* phase times (t=) as sent: 120/0/850/40/2100 */
	assert_non_null(strstr(h, "<td>120</td><td>0</td><td>850</td><td>40</td><td>2100</td>"));
	assert_non_null(strstr(h, "data-verdict=\"fail\""));
	free(h);
	runlog_free(rl);
}

static void test_hostile_strings(void **state)
{
	struct runlog *rl = synth_model(HOSTILE, 0);
	size_t len;
	char *h = render(rl, report_html, &len), *j = render(rl, report_junit, &len);

	(void)state;
	assert_null(strstr(h, "<script"));
	assert_non_null(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp; S512"));
	assert_null(strstr(j, "<script"));
	assert_non_null(strstr(j, "value=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp; "
				  "S512\""));
	free(h);
	free(j);
	runlog_free(rl);
}

/* The text between the testcase named name and its end. */
static char *testcase(const char *xml, const char *name)
{
	char want[128], *p, *e;

	snprintf(want, sizeof(want), "name=\"%s\">", name);
	p = strstr(xml, want);
	if (!p)
		fail_msg("no test case %s in\n%s", name, xml);
	e = strstr(p, "</testcase>");
	assert_non_null(e);
	return strndup(p, (size_t)(e - p));
}

static void test_junit(void **state)
{
	struct runlog *rl = synth_model("Example Corp", 0);
	size_t len;
	char *j = render(rl, report_junit, &len), *c;

	(void)state;
	/* bring-up, CPUID, errors, 3 groups, the run */
	assert_non_null(strstr(j,
			       "tests=\"7\" failures=\"1\" errors=\"0\" skipped=\"0\">\n"
			       "  <testsuite name=\"playdead run 51200512: Example Corp S512\""));
	c = testcase(j, "hlt + none");
	assert_non_null(strstr(c, "<failure message=\"2 cycles: ok 1021, late 1; expected pass, "
				  "observed fail; CPUs: APIC 5 (package 0, core 2, thread 1) late "
				  "1\" type=\"outcome\">"));
	free(c);
	c = testcase(j, "mwait + none (negative control)");
	assert_null(strstr(c, "<failure"));
	assert_non_null(strstr(c, "negative control was caught"));
	free(c);
	c = testcase(j, "run complete and judged");
	assert_null(strstr(c, "<error"));
	free(c);
	free(j);
	runlog_free(rl);
}

static void test_junit_broken(void **state)
{
	/* cut in the middle of the cpu records: no end record */
	struct runlog *rl = synth_model("Example Corp", 20000);
	size_t len;
	char *j = render(rl, report_junit, &len), *c;

	(void)state;
	c = testcase(j, "run complete and judged");
	assert_non_null(strstr(c, "<error message=\"no end record"));
	free(c);
	assert_non_null(strstr(j, "errors=\"1\""));
	free(j);
	runlog_free(rl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_markup),	    cmocka_unit_test(test_heatmap_512),
	    cmocka_unit_test(test_hostile_strings), cmocka_unit_test(test_junit),
	    cmocka_unit_test(test_junit_broken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
