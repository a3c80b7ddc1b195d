/* SPDX-License-Identifier: MIT */
/*
 * The BMC's System Event Log entries: at the boot after a reset in cycle n
 * the payload sends one sel record per entry the BMC logged since that
 * cycle began (a watchdog expiry, a processor IERR, a machine check, a power
 * event; playdead's own marks left out).  Each is kept, given to its cycle
 * and decoded here, once, for every report: the record (IPMI v2.0 32.1),
 * its timestamp (37.1), the event data (29.7, Table 29-6) and the sensor
 * types and offsets (Table 42-3, results/ipmi.h).
 */
#include "host/model/runlog.h"
#include "host/model/runlog_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "results/fields.h"
#include "results/ipmi.h"

/* 37.1: FFFFFFFFh is an unspecified time; 0 to 20000000h count seconds
 * since the SEL device's initialization, before its clock was set. */
#define SEL_TIME_UNSPECIFIED  0xffffffffu
#define SEL_TIME_RELATIVE_MAX 0x20000000u
/* 42.1 Table 42-1: event/reading type 6Fh, the sensor type's own offsets. */
#define SEL_SENSOR_SPECIFIC 0x6f
/* Table 42-3: watchdog 2. */
#define SEL_SENSOR_WATCHDOG2 0x23
/* Table 29-6, event data 1 bits 7:6 of a discrete event: 11b, event data 2
 * holds a sensor-specific extension code (for watchdog 2: the interrupt
 * type and timer use). */
#define SEL_DATA2_EXTENSION 0x3
/* Table 42-3, watchdog 2 event data 2: Fh in either half is "unspecified". */
#define SEL_WD_UNSPECIFIED 0xf

/* The field as a number of at most max; 0 (and *v = 0) when absent,
 * malformed or larger: one of the record's fields reads as unknown. */
static int field_max(const struct pd_record *r, const char *key, uint64_t max, uint64_t *v,
		     int *bad)
{
	const char *val;
	size_t len;

	if (!pd_record_field(r, key, &val, &len)) {
		*v = 0;
		return 0;
	}
	if (runlog_field_u64(r, key, v) && *v <= max)
		return 1;
	*v = 0;
	*bad = 1;
	return 0;
}

/* Same entry, same cycle: sent again by a later boot. */
static int same_entry(const struct rl_sel *a, const struct rl_sel *b)
{
	return a->n == b->n && a->has_id && b->has_id && a->id == b->id &&
	       a->has_type == b->has_type && a->type == b->type && a->has_time == b->has_time &&
	       a->time == b->time && a->has_sensor_type == b->has_sensor_type &&
	       a->sensor_type == b->sensor_type && a->has_sensor == b->has_sensor &&
	       a->sensor == b->sensor && a->has_event == b->has_event && a->event == b->event &&
	       a->has_event_data == b->has_event_data && a->event_data == b->event_data;
}

void runlog_rec_sel(struct rl_run *run, const struct pd_record *r)
{
	struct rl_sel e;
	int bad = 0;
	size_t i;

	memset(&e, 0, sizeof(e));
	if (!runlog_field_u32(r, PD_F_N, &e.n)) {
		run->sel_records_bad++;
		return;
	}
	e.boot = r->boot;
	e.seq = r->seq;
	e.has_id = field_max(r, PD_F_ID, 0xffff, &e.id, &bad);
	e.has_type = field_max(r, PD_F_TYPE, 0xff, &e.type, &bad);
	e.has_time = field_max(r, PD_F_TIME, 0xffffffffu, &e.time, &bad);
	e.has_sensor_type = field_max(r, PD_F_SENSOR_TYPE, 0xff, &e.sensor_type, &bad);
	e.has_sensor = field_max(r, PD_F_SENSOR, 0xff, &e.sensor, &bad);
	e.has_event = field_max(r, PD_F_EVENT, 0xff, &e.event, &bad);
	e.has_event_data = field_max(r, PD_F_EVENT_DATA, 0xffffff, &e.event_data, &bad);
	runlog_field_str(r, PD_F_WHAT, e.what, sizeof(e.what));
	for (i = 0; i < run->nsels; i++)
		if (same_entry(&run->sels[i], &e)) {
			run->sels_repeated++;
			return;
		}
	if (run->nsels >= RL_MAX_SELS) {
		run->sels_dropped++;
		return;
	}
	run->sel_fields_bad += (uint64_t)bad;
	runlog_grow((void **)&run->sels, &run->sels_cap, run->nsels + 1, sizeof(e));
	run->sels[run->nsels++] = e;
}

/* By cycle, then as they came. */
static int by_cycle(const void *pa, const void *pb)
{
	const struct rl_sel *a = pa, *b = pb;

	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	if (a->boot != b->boot)
		return a->boot < b->boot ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void runlog_attribute_sel(struct runlog *rl)
{
	struct rl_run *run = &rl->cur;
	size_t i, k;

	if (run->nsels > 1)
		qsort(run->sels, run->nsels, sizeof(run->sels[0]), by_cycle);
	run->sels_no_cycle = 0;
	for (i = 0; i < run->nsels; i++) {
		k = runlog_cycle_index(run, run->sels[i].n);
		if (k < run->ncycles)
			run->cycles[k].sel_entries++;
		else
			run->sels_no_cycle++;
	}
	/* The BMC's evidence of a reset: the resets and hangs sections. */
	rl->sum.hang_records |= run->nsels || run->sel_records_bad || run->sels_dropped;
	if (run->sels_no_cycle)
		runlog_note(rl, "%llu sel %s no cycle record",
			    (unsigned long long)run->sels_no_cycle,
			    runlog_plural(run->sels_no_cycle, "record names a cycle that has",
					  "records name cycles that have"));
	if (run->sel_records_bad || run->sels_dropped)
		runlog_note(rl, "sel records: %llu without a usable n, %llu over the %d kept",
			    (unsigned long long)run->sel_records_bad,
			    (unsigned long long)run->sels_dropped, RL_MAX_SELS);
	if (run->sel_fields_bad)
		runlog_note(rl, "%llu sel %s an unreadable field (shown as unknown)",
			    (unsigned long long)run->sel_fields_bad,
			    runlog_plural(run->sel_fields_bad, "record has", "records have"));
	if (run->sels_repeated)
		runlog_note(rl, "%llu sel %s an entry already reported for the cycle (kept once)",
			    (unsigned long long)run->sels_repeated,
			    runlog_plural(run->sels_repeated, "record repeats", "records repeat"));
}

static enum rl_sel_kind kind_of(const struct rl_sel *e)
{
	if (!e->has_type)
		return RL_SEL_KIND_UNKNOWN;
	if (e->type == PD_IPMI_SEL_SYSTEM_EVENT)
		return RL_SEL_SYSTEM_EVENT;
	if (e->type >= PD_IPMI_SEL_OEM_NOTS_FIRST)
		return RL_SEL_OEM_NOTS;
	if (e->type >= PD_IPMI_SEL_OEM_TS_FIRST)
		return RL_SEL_OEM_TS;
	return RL_SEL_RESERVED;
}

static enum rl_sel_when when_of(const struct rl_sel *e, enum rl_sel_kind kind)
{
	if (kind == RL_SEL_OEM_NOTS)
		return RL_SEL_TIME_NONE;
	if (!e->has_time)
		return RL_SEL_TIME_UNKNOWN;
	if (e->time == SEL_TIME_UNSPECIFIED)
		return RL_SEL_TIME_UNSPECIFIED;
	if (e->time <= SEL_TIME_RELATIVE_MAX)
		return RL_SEL_TIME_RELATIVE;
	return RL_SEL_TIME_ABSOLUTE;
}

void runlog_sel_decode(const struct rl_sel *e, struct rl_sel_decoded *d)
{
	uint8_t data1, data2;

	memset(d, 0, sizeof(*d));
	d->kind = kind_of(e);
	d->when = when_of(e, d->kind);
	if (d->kind != RL_SEL_SYSTEM_EVENT)
		return;
	if (e->has_sensor_type)
		d->sensor_type_name = pd_ipmi_sensor_type_name((uint8_t)e->sensor_type);
	if (e->has_event) {
		d->has_direction = 1;
		d->assertion = !(e->event & 0x80);
		d->reading_type = (uint8_t)(e->event & 0x7f);
		d->sensor_specific = d->reading_type == SEL_SENSOR_SPECIFIC;
	}
	if (!e->has_event_data) {
		if (!e->has_event && e->what[0])
			d->what = e->what;
		return;
	}
	data1 = (uint8_t)(e->event_data >> 16);
	data2 = (uint8_t)(e->event_data >> 8);
	d->has_offset = 1;
	d->offset = data1 & 0x0f;
	if (!e->has_event) {
		/* The payload named the offset by the sensor type alone. */
		d->what = e->what[0] ? e->what : NULL;
		return;
	}
	if (!d->sensor_specific || !e->has_sensor_type)
		return;
	d->what = pd_ipmi_sensor_offset_name((uint8_t)e->sensor_type, d->offset);
	if (e->sensor_type == SEL_SENSOR_WATCHDOG2 && data1 >> 6 == SEL_DATA2_EXTENSION) {
		d->has_timer_use = 1;
		d->timer_use = data2 & 0x0f;
		d->interrupt = data2 >> 4;
		d->timer_use_name = d->timer_use == SEL_WD_UNSPECIFIED
					? "unspecified"
					: pd_ipmi_wd_use_name(d->timer_use);
		d->interrupt_name = d->interrupt == SEL_WD_UNSPECIFIED
					? "unspecified"
					: pd_ipmi_wd_interrupt_name(d->interrupt);
	}
}

int runlog_sel_time_utc(uint64_t t, char *out, size_t cap)
{
	time_t s = (time_t)t;
	struct tm tm;

	if (!cap)
		return 0;
	out[0] = 0;
	if (t <= SEL_TIME_RELATIVE_MAX || t >= SEL_TIME_UNSPECIFIED || !gmtime_r(&s, &tm))
		return 0;
	return strftime(out, cap, "%Y-%m-%d %H:%M:%S UTC", &tm) > 0;
}
