/* SPDX-License-Identifier: MIT */
/*
 * What the files of the JSON report share (report_json.c,
 * report_json_machine.c, report_json_schedule.c): value makers and the
 * sections report_json() puts together.
 */
#ifndef PD_HOST_REPORT_JSON_PARTS_H
#define PD_HOST_REPORT_JSON_PARTS_H

#include <inttypes.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "host/model/idlist.h"
#include "host/model/runlog.h"

/* Wire strings may hold any byte: keep the JSON valid UTF-8. */
static inline struct json_object *jstr(const char *s)
{
	char buf[512];
	size_t i;

	for (i = 0; s[i] && i + 1 < sizeof(buf); i++)
		buf[i] = (unsigned char)s[i] < 0x80 ? s[i] : '?';
	buf[i] = 0;
	return json_object_new_string(buf);
}

/* "" reads as unknown. */
static inline struct json_object *jstr_opt(const char *s)
{
	return s[0] ? jstr(s) : NULL;
}

static inline struct json_object *jint(int64_t v)
{
	return json_object_new_int64(v);
}

/* A value with its has_<value> flag: null when absent. */
static inline struct json_object *jint_has(int has, int64_t v)
{
	return has ? jint(v) : NULL;
}

static inline struct json_object *ju64(uint64_t v)
{
	return json_object_new_int64(v > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)v);
}

static inline struct json_object *jbool_has(int has, int64_t v)
{
	return has ? json_object_new_boolean(v != 0) : NULL;
}

static inline struct json_object *jhex(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	return json_object_new_string(buf);
}

static inline void add(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

static inline struct json_object *id_array(const uint32_t *ids, size_t n)
{
	struct json_object *a = json_object_new_array_ext((int)(n < 1024 ? n : 1024));
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, jint(ids[i]));
	return a;
}

static inline struct json_object *id_ranges(const uint32_t *ids, size_t n)
{
	char *s = idlist_format(ids, n);
	struct json_object *o = json_object_new_string(s ? s : "");

	free(s);
	return o;
}

/* report_json_sel.c: the BMC's event log entries */
/* The sel records, as sent and decoded (an array). */
struct json_object *report_json_sel(const struct rl_run *run);
/* Adds sel_entries (the entries attributed) to each object of cycles, the
 * array of run->cycles. */
void report_json_sel_cycles(struct json_object *cycles, const struct rl_run *run);

/* report_json_machine.c */
struct json_object *report_json_acpi(const struct rl_acpi *a);
struct json_object *report_json_smbios(const struct rl_smbios *s);
/* The bmc record; NULL when the log has none. */
struct json_object *report_json_bmc(const struct rl_bmc *b);
struct json_object *report_json_boot_info(const struct rl_boot_info *i);
struct json_object *report_json_apic(const struct rl_apic *a);
struct json_object *report_json_topology(const struct rl_topology *t);
struct json_object *report_json_identity(const struct runlog *rl);

/* report_json_schedule.c: the schedule; one(elem, ctx) makers of an array */
/* ctx: the struct runlog (its hang_records adds the watchdog's keys) */
struct json_object *report_json_mode(const void *elem, const void *ctx);
struct json_object *report_json_outcome_record(const void *elem, const void *ctx);
struct json_object *report_json_dumpset(const void *elem, const void *ctx);
struct json_object *report_json_schedule(const struct rl_kexec *k);
struct json_object *report_json_cpu_mode(const void *elem, const void *ctx);
/* ctx: the struct runlog, as report_json_mode's */
struct json_object *report_json_cycle(const void *elem, const void *ctx);
struct json_object *report_json_limits(const struct rl_limits *l);
struct json_object *report_json_mce(const void *elem, const void *ctx);
/* The watchdog record; NULL when the log has none. */
struct json_object *report_json_watchdog(const struct rl_watchdog *w);
/* One restart record (a struct rl_restart). */
struct json_object *report_json_restart(const void *elem, const void *ctx);

/* report_json_mce.c: machine checks at boot */
/* The mce_boot records, decoded (an array). */
struct json_object *report_json_mce_boot(const struct rl_run *run);
/* Adds mce_boot (banks attributed) and reset_mce (an uncorrected one after
 * its reset) to each object of cycles, the array of run->cycles. */
void report_json_mce_boot_cycles(struct json_object *cycles, const struct rl_run *run);
/* report_json_silence.c: --silence and the host's resets; NULL when the
 * run was not watched for silence. */
struct json_object *report_json_silence(const struct runlog *rl);

#endif
