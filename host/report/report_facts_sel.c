/* SPDX-License-Identifier: MIT */
/*
 * The BMC's System Event Log entries (sel records, decoded by
 * runlog_sel_decode()) worded once for the text, HTML and JSON reports:
 * "SEL #1 at 2026-12-07 23:31:25 UTC: watchdog 2: hard reset (timer use
 * SMS/OS)".  The record ID is in hex, as `ipmitool sel list` shows it.
 */
#include <inttypes.h>

#include "host/report/report.h"
#include "results/ipmi.h"

static void sel_time(FILE *f, const struct rl_sel *e, const struct rl_sel_decoded *d)
{
	char utc[40];

	switch (d->when) {
	case RL_SEL_TIME_NONE:
		break;
	case RL_SEL_TIME_UNKNOWN:
		fputs(" at an unknown time", f);
		break;
	case RL_SEL_TIME_UNSPECIFIED:
		fputs(" at an unspecified time", f);
		break;
	case RL_SEL_TIME_RELATIVE:
		fprintf(f, " at %" PRIu64 " s after the SEL's initialization (its clock not set)",
			e->time);
		break;
	case RL_SEL_TIME_ABSOLUTE:
		if (runlog_sel_time_utc(e->time, utc, sizeof(utc)))
			fprintf(f, " at %s", utc);
		else
			fprintf(f, " at time %" PRIu64, e->time);
		break;
	}
}

/* "(deasserted, timer use SMS/OS, interrupt NMI)": what the event adds to
 * its name; nothing for an assertion with nothing more. */
static void sel_details(FILE *f, const struct rl_sel_decoded *d)
{
	int n = 0;

	if (d->has_direction && !d->assertion)
		fprintf(f, "%sdeasserted", n++ ? ", " : " (");
	if (d->has_timer_use && d->timer_use != 0xf) {
		fprintf(f, "%stimer use ", n++ ? ", " : " (");
		if (d->timer_use_name)
			fputs(d->timer_use_name, f);
		else
			fprintf(f, "reserved (%u)", d->timer_use);
	}
	if (d->has_timer_use && d->interrupt && d->interrupt != 0xf) {
		fprintf(f, "%sinterrupt ", n++ ? ", " : " (");
		if (d->interrupt_name)
			fputs(d->interrupt_name, f);
		else
			fprintf(f, "reserved (%u)", d->interrupt);
	}
	if (n)
		fputc(')', f);
}

/* A system event: "watchdog 2: hard reset (timer use SMS/OS)". */
static void sel_system_event(FILE *f, const struct rl_sel *e, const struct rl_sel_decoded *d,
			     report_put_fn *put)
{
	if (d->sensor_type_name)
		fputs(d->sensor_type_name, f);
	else if (e->has_sensor_type)
		fprintf(f, "sensor type %02" PRIX64 "h", e->sensor_type);
	else
		fputs("sensor type ?", f);
	fputs(": ", f);
	if (d->what)
		put(f, d->what);
	else if (d->has_offset && d->has_direction && !d->sensor_specific)
		fprintf(f, "event type %02Xh, offset %02Xh", d->reading_type, d->offset);
	else if (d->has_offset)
		fprintf(f, "offset %02Xh", d->offset);
	else
		fputs("event ?", f);
	sel_details(f, d);
}

void report_fact_sel_body(FILE *f, const struct rl_sel *e, report_put_fn *put)
{
	struct rl_sel_decoded d;

	runlog_sel_decode(e, &d);
	switch (d.kind) {
	case RL_SEL_SYSTEM_EVENT:
		sel_system_event(f, e, &d, put);
		break;
	case RL_SEL_OEM_TS:
		fprintf(f, "OEM record, type %02" PRIX64 "h", e->type);
		break;
	case RL_SEL_OEM_NOTS:
		fprintf(f, "OEM record without timestamp, type %02" PRIX64 "h", e->type);
		break;
	case RL_SEL_RESERVED:
		fprintf(f, "record type %02" PRIX64 "h (reserved)", e->type);
		break;
	case RL_SEL_KIND_UNKNOWN:
		fputs("record type ?", f);
		break;
	}
}

void report_fact_sel(FILE *f, const struct rl_sel *e, report_put_fn *put)
{
	struct rl_sel_decoded d;

	runlog_sel_decode(e, &d);
	if (e->has_id)
		fprintf(f, "SEL #%" PRIx64, e->id);
	else
		fputs("SEL #?", f);
	sel_time(f, e, &d);
	fputs(": ", f);
	report_fact_sel_body(f, e, put);
}

size_t report_sel_of_cycle(const struct rl_run *run, uint32_t n, size_t *count)
{
	size_t lo = 0, hi = run->nsels, first;

	/* run->sels is sorted by n (runlog_attribute_sel). */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (run->sels[mid].n < n)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (lo < run->nsels && run->sels[lo].n == n)
		lo++;
	*count = lo - first;
	return first;
}

int report_sel_listed_with_cycle(const struct runlog *rl, const struct rl_sel *e)
{
	size_t k = runlog_cycle_index(&rl->cur, e->n);

	return k < rl->cur.ncycles && report_cycle_is_event(&rl->cur.cycles[k]);
}
