/* SPDX-License-Identifier: MIT */
/*
 * The JSON report's BMC event log entries (sel records): the "sel" array,
 * each entry as sent and decoded (runlog_sel_decode), and each cycle's
 * "sel_entries".  Only in reports of logs that have sel records.
 */
#include "host/report/report.h"
#include "host/report/report_json_parts.h"

static const char *kind_name(enum rl_sel_kind k)
{
	switch (k) {
	case RL_SEL_SYSTEM_EVENT:
		return "system event";
	case RL_SEL_OEM_TS:
		return "OEM timestamped";
	case RL_SEL_OEM_NOTS:
		return "OEM without timestamp";
	case RL_SEL_RESERVED:
		return "reserved";
	case RL_SEL_KIND_UNKNOWN:
		break;
	}
	return NULL;
}

/* The words of report_fact_sel(), for tools that show them. */
__attribute__((noinline)) static struct json_object *sel_text(const struct rl_sel *e)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	struct json_object *o;

	if (!f)
		return NULL;
	report_fact_sel(f, e, report_plain);
	fclose(f);
	o = s ? jstr(s) : NULL;
	free(s);
	return o;
}

static struct json_object *sel_entry(const struct rl_sel *e)
{
	struct json_object *o = json_object_new_object();
	struct rl_sel_decoded d;
	int system, has_time;
	char utc[40];

	runlog_sel_decode(e, &d);
	system = d.kind == RL_SEL_SYSTEM_EVENT;
	has_time = d.when != RL_SEL_TIME_NONE && d.when != RL_SEL_TIME_UNKNOWN;
	add(o, "n", jint(e->n));
	add(o, "id", jint_has(e->has_id, (int64_t)e->id));
	add(o, "type", jint_has(e->has_type, (int64_t)e->type));
	add(o, "kind", kind_name(d.kind) ? jstr(kind_name(d.kind)) : NULL);
	add(o, "time", jint_has(has_time, (int64_t)e->time));
	add(o, "time_utc",
	    d.when == RL_SEL_TIME_ABSOLUTE && runlog_sel_time_utc(e->time, utc, sizeof(utc))
		? jstr(utc)
		: NULL);
	add(o, "sensor_type", jint_has(system && e->has_sensor_type, (int64_t)e->sensor_type));
	add(o, "sensor_type_name", d.sensor_type_name ? jstr(d.sensor_type_name) : NULL);
	add(o, "sensor", jint_has(system && e->has_sensor, (int64_t)e->sensor));
	add(o, "event", system && e->has_event ? jhex(e->event) : NULL);
	add(o, "assertion", jbool_has(d.has_direction, d.assertion));
	add(o, "event_type", d.has_direction ? jhex(d.reading_type) : NULL);
	add(o, "event_data", system && e->has_event_data ? jhex(e->event_data) : NULL);
	add(o, "offset", jint_has(d.has_offset, d.offset));
	add(o, "what", d.what ? jstr(d.what) : NULL);
	add(o, "what_sent", jstr_opt(e->what));
	add(o, "timer_use",
	    d.has_timer_use ? jstr(d.timer_use_name ? d.timer_use_name : "reserved") : NULL);
	add(o, "interrupt",
	    d.has_timer_use ? jstr(d.interrupt_name ? d.interrupt_name : "reserved") : NULL);
	add(o, "text", sel_text(e));
	add(o, "boot", jint(e->boot));
	return o;
}

struct json_object *report_json_sel(const struct rl_run *run)
{
	struct json_object *a = json_object_new_array_ext((int)run->nsels);
	size_t i;

	for (i = 0; i < run->nsels; i++)
		json_object_array_add(a, sel_entry(&run->sels[i]));
	return a;
}

void report_json_sel_cycles(struct json_object *cycles, const struct rl_run *run)
{
	size_t i, n = json_object_array_length(cycles);

	for (i = 0; i < n && i < run->ncycles; i++)
		add(json_object_array_get_idx(cycles, i), "sel_entries",
		    jint(run->cycles[i].sel_entries));
}
