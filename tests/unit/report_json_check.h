/* SPDX-License-Identifier: MIT */
/* For the unit tests: the HTML and JSON reports of a run model, and checks
 * on the JSON's keys (one definition for every test that reads them). */
#ifndef PD_TESTS_REPORT_JSON_CHECK_H
#define PD_TESTS_REPORT_JSON_CHECK_H

#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "host/model/runlog.h"
#include "host/report/report.h"

/* noinline: inlined, gcc 12 mistakes open_memstream's buffer for a dangling
 * pointer to a local. */
__attribute__((noinline, unused)) static char *html_of(const struct runlog *rl)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	assert_non_null(f);
	report_html(f, rl);
	fclose(f);
	return s;
}

__attribute__((noinline, unused)) static json_object *json_of(const struct runlog *rl)
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

__attribute__((unused)) static json_object *key(json_object *o, const char *k)
{
	json_object *v = NULL;

	if (!json_object_object_get_ex(o, k, &v))
		fail_msg("JSON has no \"%s\"", k);
	return v;
}

__attribute__((unused)) static void assert_jstr(json_object *o, const char *k, const char *want)
{
	json_object *v = key(o, k);

	if (!json_object_is_type(v, json_type_string))
		fail_msg("\"%s\" is not a string", k);
	assert_string_equal(json_object_get_string(v), want);
}

__attribute__((unused)) static void assert_jint(json_object *o, const char *k, int64_t want)
{
	json_object *v = key(o, k);

	if (!json_object_is_type(v, json_type_int))
		fail_msg("\"%s\" is not a number", k);
	assert_int_equal(json_object_get_int64(v), want);
}

__attribute__((unused)) static void assert_jbool(json_object *o, const char *k, int want)
{
	json_object *v = key(o, k);

	if (!json_object_is_type(v, json_type_boolean))
		fail_msg("\"%s\" is not a boolean", k);
	assert_int_equal(json_object_get_boolean(v), want);
}

__attribute__((unused)) static void assert_jnull(json_object *o, const char *k)
{
	if (key(o, k) != NULL)
		fail_msg("\"%s\" is not null", k);
}

#endif
