/* SPDX-License-Identifier: MIT */
/*
 * The BMC's System Event Log entries (results/FORMAT.md: sel) in the run
 * model and the text, JSON and HTML reports: each entry kept and given to
 * its cycle, decoded per IPMI v2.0 (32.1 the record, 37.1 its timestamp,
 * 29.7 the event data, Table 42-3 the sensor types and offsets), shown
 * under its cycle's resets-and-hangs line or, for a cycle without one, in a
 * "BMC event log:" list; OEM records without sensor fields or without a
 * time; garbled fields read as unknown; logs without sel records reported
 * as before.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "host/model/runlog.h"
#include "host/report/report.h"
#include "results/fields.h"
#include "results/ipmi.h"
#include "results/record.h"
#include "tests/unit/report_check.h"
#include "tests/unit/report_json_check.h"
#include "tests/unit/slog.h"

/* A field as the payload's token or quoted string carries it. */
struct kv {
	const char *key, *val;
};

static void fields(const struct kv *kv)
{
	for (; kv && kv->key; kv++)
		pd_rec_s(&W, kv->key, kv->val);
}

/* ---- a run of three hlt cycles, one hung and reset by the watchdog ---- */

static void next_boot(struct slog *l)
{
	l->boot++;
	l->seq = 0;
	slog_begin(l, PD_REC_BOOT);
	pd_rec_u(&W, PD_F_FORMAT, PD_FORMAT_VERSION);
	pd_rec_s(&W, PD_F_CMDLINE, "modes=hlt cycles=3");
	slog_emit(l);
}

static void start(struct slog *l, uint32_t n)
{
	slog_begin(l, PD_REC_START);
	pd_rec_u(&W, PD_F_N, n);
	pd_rec_s(&W, PD_F_M, "hlt");
	slog_emit(l);
}

/* Records the boot after the reset sends before its restart record. */
typedef void extra_fn(struct slog *l);

/*
 * Run 0xfeaa03e8 (the QEMU run the real sel record below came from): boot
 * 1 probes and starts cycle 0; cycle reset_n (3: none) hangs after its
 * handover (its boot says nothing more) and the BMC's watchdog resets the
 * machine: the next boot sends extra's records, the restart record and the
 * cycle record; the other cycles pass.
 */
static struct runlog *run_sel(struct slog *l, uint32_t reset_n, extra_fn *extra)
{
	uint32_t n;

	slog_free(l);
	l->run = 0xfeaa03e8;
	next_boot(l);
	slog_begin(l, PD_REC_CPU);
	pd_rec_u(&W, PD_F_IDX, 0);
	pd_rec_u(&W, PD_F_APIC, 0);
	pd_rec_s(&W, PD_F_STATE, "bsp");
	slog_emit(l);
	slog_begin(l, PD_REC_WATCHDOG);
	pd_rec_u(&W, PD_F_ARMED, 1);
	pd_rec_u(&W, PD_F_COUNTDOWN_MS, 40600);
	slog_emit(l);
	slog_begin(l, PD_REC_KEXEC);
	pd_rec_u(&W, PD_F_CYCLES, 3);
	pd_rec_s(&W, PD_F_MODES, "hlt");
	pd_rec_s(&W, PD_F_ON_RESET, "continue");
	pd_rec_s(&W, PD_F_PLATFORM, "qemu-tcg");
	slog_emit(l);
	for (n = 0; n < 3; n++) {
		start(l, n);
		next_boot(l);
		slog_begin(l, PD_REC_CYCLE);
		pd_rec_u(&W, PD_F_N, n);
		pd_rec_s(&W, PD_F_M, "hlt");
		if (n != reset_n) {
			pd_rec_u(&W, pd_outcome_name(PD_OUTCOME_OK), 1);
			slog_emit(l);
			continue;
		}
		/* the hung instance's boot: that record was never sent */
		next_boot(l);
		if (extra)
			extra(l);
		slog_begin(l, PD_REC_RESTART);
		pd_rec_u(&W, PD_F_N, n);
		pd_rec_s(&W, PD_F_PHASE, "rediscover");
		pd_rec_s(&W, PD_F_WD, "expired");
		pd_rec_s(&W, PD_F_WD_FLAGS, "0x10");
		pd_rec_s(&W, PD_F_CAUSE_CC, "0xc1");
		slog_emit(l);
		slog_begin(l, PD_REC_CYCLE);
		pd_rec_u(&W, PD_F_N, n);
		pd_rec_s(&W, PD_F_M, "hlt");
		pd_rec_u(&W, pd_outcome_name(PD_OUTCOME_RESET), 1);
		pd_rec_s(&W, PD_F_PHASE, "rediscover");
		pd_rec_s(&W, PD_F_BY, "watchdog");
		slog_emit(l);
	}
	slog_begin(l, PD_REC_END);
	pd_rec_u(&W, PD_F_CPUS, 1);
	pd_rec_u(&W, PD_F_CYCLES, 3);
	pd_rec_s(&W, PD_F_VERDICT, "fail");
	slog_emit(l);
	return model_of(l->buf, l->len);
}

/* A sel record for cycle n with these fields. */
static void sel(struct slog *l, uint32_t n, const struct kv *kv)
{
	slog_begin(l, PD_REC_SEL);
	pd_rec_u(&W, PD_F_N, n);
	fields(kv);
	slog_emit(l);
}

/* The real record from QEMU (ipmi-bmc-sim): its watchdog expired with
 * action hard reset, timer use SMS/OS; boot 3, seq 1 of run feaa03e8, as
 * run_sel(l, 0, ...) places it. */
static const char QEMU_SEL[] =
    "@PD feaa03e8 3 1 sel n=0 id=0x1 type=0x2 time=1796686285 sensor_type=0x23 sensor=0x0 "
    "event=0x6f event_data=0xc104ff what=\"hard reset\" *78f7919e\r\n";
#define QEMU_TIME 1796686285u

static void qemu_line(struct slog *l)
{
	assert_int_equal(l->boot, 3);
	assert_int_equal(l->seq, 1);
	slog_put(l, QEMU_SEL, strlen(QEMU_SEL));
	l->seq++;
}

static const struct rl_cycle *cycle_n(const struct runlog *rl, uint32_t n)
{
	size_t i = runlog_cycle_index(&rl->cur, n);

	assert_true(i < rl->cur.ncycles);
	return &rl->cur.cycles[i];
}

/*
 * "YYYY-MM-DD hh:mm:ss UTC" of t seconds since 1970-01-01, worked out here
 * from the proleptic Gregorian calendar (days to year, month, day by 400-year
 * eras of 146097 days, March-based years), not with the C library the host
 * uses.
 */
static void utc_of(uint64_t t, char *out, size_t cap)
{
	int64_t z = (int64_t)(t / 86400) + 719468; /* days since 0000-03-01 */
	int64_t era = z / 146097, doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9, y = yoe + era * 400 + (m <= 2);
	uint64_t s = t % 86400;

	snprintf(out, cap, "%04lld-%02lld-%02lld %02llu:%02llu:%02llu UTC", (long long)y,
		 (long long)m, (long long)d, (unsigned long long)(s / 3600),
		 (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60));
}

/* ---- reports ---- */

static json_object *jidx(json_object *a, size_t i)
{
	assert_true(json_object_is_type(a, json_type_array));
	assert_true(i < json_object_array_length(a));
	return json_object_array_get_idx(a, i);
}

/* The text report has these whole lines, one after the other. */
static void assert_lines(const struct runlog *rl, const char *lines)
{
	char *t = text_of(rl, 0), *p = t;
	size_t n = strlen(lines);

	while ((p = strstr(p, lines)) && !((p == t || p[-1] == '\n') && p[n] == '\n'))
		p++;
	if (!p) {
		/* whole, where cmocka's message would cut it */
		fprintf(stderr, "no lines\n%s\nin the report:\n%s", lines, t);
		fail_msg("lines missing");
	}
	free(t);
}

static void assert_no_text(const struct runlog *rl, const char *part)
{
	char *t = text_of(rl, 0);

	if (strstr(t, part))
		fail_msg("\"%s\" in the report:\n%s", part, t);
	free(t);
}

#define CYCLE0_LINE                                                                                \
	"  cycle 0 (hlt, provoke none), phase rediscover: hang, reset by the BMC watchdog: the "   \
	"machine's own; recovered by the BMC watchdog; evidence: watchdog expired (expiration "    \
	"flags 0x10: SMS/OS), Get System Restart Cause not supported (C1h invalid command)"

/* ---- tests ---- */

/* The real QEMU record: watchdog 2, offset 1 hard reset, asserted, event
 * data 2 (data 1 bits 7:6 = 11b) timer use 4 SMS/OS, interrupt none; its
 * time the SEL's seconds, shown in UTC. */
static void test_qemu_watchdog_entry(void **state)
{
	static struct slog l;
	struct runlog *rl;
	struct rl_sel_decoded d;
	const struct rl_sel *e;
	json_object *o, *x;
	char utc[40], want[512], *h;

	(void)state;
	utc_of(QEMU_TIME, utc, sizeof(utc));
	/* date -u -d @1796686285: the test's arithmetic agrees */
	assert_string_equal(utc, "2026-12-07 23:31:25 UTC");
	rl = run_sel(&l, 0, qemu_line);
	assert_int_equal(rl->st.corrupt, 0);
	assert_int_equal(rl->cur.unknown, 0);
	assert_int_equal(rl->cur.nsels, 1);
	e = &rl->cur.sels[0];
	assert_int_equal(e->n, 0);
	assert_int_equal(e->boot, 3);
	assert_true(e->has_id && e->id == 1);
	assert_true(e->has_type && e->type == 2);
	assert_true(e->has_time && e->time == QEMU_TIME);
	assert_true(e->has_sensor_type && e->sensor_type == 0x23);
	assert_true(e->has_sensor && e->sensor == 0);
	assert_true(e->has_event && e->event == 0x6f);
	assert_true(e->has_event_data && e->event_data == 0xc104ff);
	assert_string_equal(e->what, "hard reset");
	runlog_sel_decode(e, &d);
	assert_int_equal(d.kind, RL_SEL_SYSTEM_EVENT);
	assert_int_equal(d.when, RL_SEL_TIME_ABSOLUTE);
	assert_string_equal(d.sensor_type_name, "watchdog 2");
	assert_true(d.has_offset);
	assert_int_equal(d.offset, 1);
	assert_true(d.has_direction && d.assertion);
	assert_int_equal(d.reading_type, 0x6f);
	assert_true(d.sensor_specific);
	assert_string_equal(d.what, "hard reset");
	assert_true(d.has_timer_use);
	assert_int_equal(d.timer_use, 4);
	assert_string_equal(d.timer_use_name, "SMS/OS");
	assert_int_equal(d.interrupt, 0);
	assert_string_equal(d.interrupt_name, "none");
	assert_int_equal(cycle_n(rl, 0)->sel_entries, 1);
	assert_int_equal(cycle_n(rl, 1)->sel_entries, 0);
	assert_true(cycle_n(rl, 0)->watchdog);
	assert_int_equal(rl->cur.sels_no_cycle, 0);
	assert_int_equal(rl->nnotes, 0);

	snprintf(want, sizeof(want),
		 "resets and hangs:\n" CYCLE0_LINE "\n"
		 "    SEL #1 at %s: watchdog 2: hard reset (timer use SMS/OS)\n"
		 "records:",
		 utc);
	{
		char *t = text_of(rl, 0);

		if (!strstr(t, want)) {
			fprintf(stderr, "no\n%s\nin the report:\n%s", want, t);
			fail_msg("lines missing");
		}
		free(t);
	}
	assert_no_text(rl, "BMC event log");

	o = json_of(rl);
	x = jidx(key(o, "sel"), 0);
	assert_jint(x, "n", 0);
	assert_jint(x, "id", 1);
	assert_jint(x, "type", 2);
	assert_jstr(x, "kind", "system event");
	assert_jint(x, "time", QEMU_TIME);
	assert_jstr(x, "time_utc", utc);
	assert_jint(x, "sensor_type", 0x23);
	assert_jstr(x, "sensor_type_name", "watchdog 2");
	assert_jint(x, "sensor", 0);
	assert_jstr(x, "event", "0x6f");
	assert_jbool(x, "assertion", 1);
	assert_jstr(x, "event_type", "0x6f");
	assert_jstr(x, "event_data", "0xc104ff");
	assert_jint(x, "offset", 1);
	assert_jstr(x, "what", "hard reset");
	assert_jstr(x, "what_sent", "hard reset");
	assert_jstr(x, "timer_use", "SMS/OS");
	assert_jstr(x, "interrupt", "none");
	assert_jint(x, "boot", 3);
	assert_int_equal(json_object_array_length(key(o, "sel")), 1);
	assert_jint(o, "sel_records_bad", 0);
	assert_jint(o, "sel_dropped", 0);
	assert_jint(jidx(key(o, "cycles"), 0), "sel_entries", 1);
	assert_jint(jidx(key(o, "cycles"), 1), "sel_entries", 0);
	assert_jint(jidx(key(o, "cycles"), 2), "sel_entries", 0);
	json_object_put(o);

	h = html_of(rl);
	snprintf(want, sizeof(want),
		 "</td></tr>\n<tr class=\"sel\" data-cycle=\"0\"><td colspan=\"6\"></td><td>SEL #1 "
		 "at %s: watchdog 2: hard reset (timer use SMS/OS)</td></tr>\n</tbody></table>",
		 utc);
	if (!strstr(h, want))
		fail_msg("no %s in the HTML", want);
	assert_null(strstr(h, "bmc-sel"));
	free(h);
	runlog_free(rl);
	slog_free(&l);
}

/* Processor entries read as Table 42-3 names them: offset 00h IERR, 0Bh an
 * uncorrectable machine check; a deassertion (event bit 7) says so; the
 * host's own decode stands over the payload's what. */
static void processor_entries(struct slog *l)
{
	static const struct kv ierr[] = {{PD_F_ID, "0x2"},
					 {PD_F_TYPE, "0x2"},
					 {PD_F_TIME, "1796686290"},
					 {PD_F_SENSOR_TYPE, "0x7"},
					 {PD_F_SENSOR, "0x60"},
					 {PD_F_EVENT, "0x6f"},
					 {PD_F_EVENT_DATA, "0x00ffff"},
					 {PD_F_WHAT, "IERR"},
					 {0, 0}};
	static const struct kv mce[] = {{PD_F_ID, "0x1a"},
					{PD_F_TYPE, "0x2"},
					{PD_F_TIME, "1796686291"},
					{PD_F_SENSOR_TYPE, "0x7"},
					{PD_F_SENSOR, "0x60"},
					{PD_F_EVENT, "0x6f"},
					{PD_F_EVENT_DATA, "0xab0000"},
					{PD_F_WHAT, "bogus"},
					{0, 0}};
	static const struct kv deassert[] = {{PD_F_ID, "0x1b"},
					     {PD_F_TYPE, "0x2"},
					     {PD_F_TIME, "1796686292"},
					     {PD_F_SENSOR_TYPE, "0x7"},
					     {PD_F_SENSOR, "0x60"},
					     {PD_F_EVENT, "0xef"},
					     {PD_F_EVENT_DATA, "0x00ffff"},
					     {0, 0}};

	sel(l, 1, ierr);
	sel(l, 1, mce);
	sel(l, 1, deassert);
}

static void test_processor_entries(void **state)
{
	static struct slog l;
	struct runlog *rl;
	struct rl_sel_decoded d;
	json_object *o, *x;
	char u0[40], u1[40], u2[40], want[1024];

	(void)state;
	utc_of(1796686290, u0, sizeof(u0));
	utc_of(1796686291, u1, sizeof(u1));
	utc_of(1796686292, u2, sizeof(u2));
	rl = run_sel(&l, 1, processor_entries);
	assert_int_equal(rl->cur.nsels, 3);
	assert_int_equal(cycle_n(rl, 1)->sel_entries, 3);
	runlog_sel_decode(&rl->cur.sels[0], &d);
	assert_string_equal(d.sensor_type_name, "processor");
	assert_int_equal(d.offset, 0);
	assert_string_equal(d.what, "IERR");
	assert_false(d.has_timer_use);
	runlog_sel_decode(&rl->cur.sels[1], &d);
	assert_int_equal(d.offset, 0x0b);
	assert_string_equal(d.what, "uncorrectable machine check");
	runlog_sel_decode(&rl->cur.sels[2], &d);
	assert_true(d.has_direction);
	assert_false(d.assertion);
	assert_int_equal(d.reading_type, 0x6f);
	snprintf(want, sizeof(want),
		 "    SEL #2 at %s: processor: IERR\n"
		 "    SEL #1a at %s: processor: uncorrectable machine check\n"
		 "    SEL #1b at %s: processor: IERR (deasserted)",
		 u0, u1, u2);
	assert_lines(rl, want);
	o = json_of(rl);
	x = jidx(key(o, "sel"), 0);
	assert_jint(x, "sensor_type", 7);
	assert_jstr(x, "sensor_type_name", "processor");
	assert_jint(x, "sensor", 0x60);
	assert_jint(x, "offset", 0);
	assert_jstr(x, "what", "IERR");
	assert_jnull(x, "timer_use");
	assert_jnull(x, "interrupt");
	x = jidx(key(o, "sel"), 1);
	assert_jint(x, "id", 0x1a);
	assert_jstr(x, "what", "uncorrectable machine check");
	assert_jstr(x, "what_sent", "bogus");
	x = jidx(key(o, "sel"), 2);
	assert_jbool(x, "assertion", 0);
	assert_jstr(x, "event", "0xef");
	assert_jstr(x, "event_type", "0x6f");
	assert_jnull(x, "what_sent");
	assert_jint(jidx(key(o, "cycles"), 1), "sel_entries", 3);
	json_object_put(o);
	runlog_free(rl);
	slog_free(&l);
}

/* OEM records: C0h-DFh have a time and no sensor fields, E0h-FFh neither;
 * a type between (here 05h) is reserved; a watchdog 2 entry without the
 * extension code in data 2 (data 1 bits 7:6 = 00b) has no timer use; a
 * pre-timeout interrupt names its interrupt (QEMU: data 2 = 2Fh, NMI with
 * timer use unspecified); another event/reading type than 6Fh is not named
 * by the sensor-specific table. */
static void other_entries(struct slog *l)
{
	static const struct kv oem_ts[] = {
	    {PD_F_ID, "0x5"}, {PD_F_TYPE, "0xc0"}, {PD_F_TIME, "1796686300"}, {0, 0}};
	static const struct kv oem_nots[] = {{PD_F_ID, "0x6"}, {PD_F_TYPE, "0xe0"}, {0, 0}};
	static const struct kv reserved[] = {
	    {PD_F_ID, "0x7"}, {PD_F_TYPE, "0x5"}, {PD_F_TIME, "1796686301"}, {0, 0}};
	static const struct kv wd_plain[] = {{PD_F_ID, "0x8"},
					     {PD_F_TYPE, "0x2"},
					     {PD_F_TIME, "1796686302"},
					     {PD_F_SENSOR_TYPE, "0x23"},
					     {PD_F_SENSOR, "0x3"},
					     {PD_F_EVENT, "0x6f"},
					     {PD_F_EVENT_DATA, "0x0104ff"},
					     {0, 0}};
	static const struct kv wd_nmi[] = {{PD_F_ID, "0x9"},
					   {PD_F_TYPE, "0x2"},
					   {PD_F_TIME, "1796686303"},
					   {PD_F_SENSOR_TYPE, "0x23"},
					   {PD_F_SENSOR, "0x0"},
					   {PD_F_EVENT, "0x6f"},
					   {PD_F_EVENT_DATA, "0xc82fff"},
					   {0, 0}};
	static const struct kv threshold[] = {{PD_F_ID, "0xa"},
					      {PD_F_TYPE, "0x2"},
					      {PD_F_TIME, "1796686304"},
					      {PD_F_SENSOR_TYPE, "0x1"},
					      {PD_F_SENSOR, "0x30"},
					      {PD_F_EVENT, "0x1"},
					      {PD_F_EVENT_DATA, "0x525a5f"},
					      {PD_F_WHAT, "thermal trip"},
					      {0, 0}};
	static const struct kv unnamed[] = {{PD_F_ID, "0xb"},
					    {PD_F_TYPE, "0x2"},
					    {PD_F_TIME, "1796686305"},
					    {PD_F_SENSOR_TYPE, "0xc0"},
					    {PD_F_SENSOR, "0x1"},
					    {PD_F_EVENT, "0x6f"},
					    {PD_F_EVENT_DATA, "0x03ffff"},
					    {0, 0}};

	sel(l, 1, oem_ts);
	sel(l, 1, oem_nots);
	sel(l, 1, reserved);
	sel(l, 1, wd_plain);
	sel(l, 1, wd_nmi);
	sel(l, 1, threshold);
	sel(l, 1, unnamed);
}

static void test_other_entries(void **state)
{
	static struct slog l;
	struct runlog *rl;
	struct rl_sel_decoded d;
	json_object *o, *x;
	char u[7][40], want[2048];
	int i;

	(void)state;
	for (i = 0; i < 7; i++)
		utc_of(1796686300u + (unsigned)i - (i > 1), u[i], sizeof(u[i]));
	rl = run_sel(&l, 1, other_entries);
	assert_int_equal(rl->cur.nsels, 7);
	runlog_sel_decode(&rl->cur.sels[0], &d);
	assert_int_equal(d.kind, RL_SEL_OEM_TS);
	assert_int_equal(d.when, RL_SEL_TIME_ABSOLUTE);
	assert_false(d.has_offset);
	runlog_sel_decode(&rl->cur.sels[1], &d);
	assert_int_equal(d.kind, RL_SEL_OEM_NOTS);
	assert_int_equal(d.when, RL_SEL_TIME_NONE);
	runlog_sel_decode(&rl->cur.sels[2], &d);
	assert_int_equal(d.kind, RL_SEL_RESERVED);
	runlog_sel_decode(&rl->cur.sels[3], &d);
	assert_false(d.has_timer_use);
	assert_string_equal(d.what, "hard reset");
	runlog_sel_decode(&rl->cur.sels[4], &d);
	assert_true(d.has_timer_use);
	assert_int_equal(d.timer_use, 0xf);
	assert_int_equal(d.interrupt, 2);
	assert_string_equal(d.what, "timer interrupt");
	/* Table 42-3, watchdog 2 data 2 bits 7:4 (27.6 byte 2 bits 6:4 alike) */
	assert_string_equal(pd_ipmi_wd_interrupt_name(0), "none");
	assert_string_equal(pd_ipmi_wd_interrupt_name(1), "SMI");
	assert_string_equal(pd_ipmi_wd_interrupt_name(3), "messaging interrupt");
	assert_null(pd_ipmi_wd_interrupt_name(4));
	runlog_sel_decode(&rl->cur.sels[5], &d);
	assert_false(d.sensor_specific);
	assert_null(d.what);
	snprintf(want, sizeof(want),
		 "    SEL #5 at %s: OEM record, type C0h\n"
		 "    SEL #6: OEM record without timestamp, type E0h\n"
		 "    SEL #7 at %s: record type 05h (reserved)\n"
		 "    SEL #8 at %s: watchdog 2: hard reset\n"
		 "    SEL #9 at %s: watchdog 2: timer interrupt (interrupt NMI)\n"
		 "    SEL #a at %s: temperature: event type 01h, offset 02h\n"
		 "    SEL #b at %s: sensor type C0h: offset 03h",
		 u[0], u[2], u[3], u[4], u[5], u[6]);
	assert_lines(rl, want);
	o = json_of(rl);
	x = jidx(key(o, "sel"), 0);
	assert_jint(x, "type", 0xc0);
	assert_jstr(x, "kind", "OEM timestamped");
	assert_jint(x, "time", 1796686300);
	assert_jstr(x, "time_utc", u[0]);
	assert_jnull(x, "sensor_type");
	assert_jnull(x, "sensor_type_name");
	assert_jnull(x, "sensor");
	assert_jnull(x, "event");
	assert_jnull(x, "assertion");
	assert_jnull(x, "event_data");
	assert_jnull(x, "offset");
	assert_jnull(x, "what");
	assert_jnull(x, "timer_use");
	x = jidx(key(o, "sel"), 1);
	assert_jint(x, "type", 0xe0);
	assert_jstr(x, "kind", "OEM without timestamp");
	assert_jnull(x, "time");
	assert_jnull(x, "time_utc");
	assert_jnull(x, "sensor_type");
	assert_jnull(x, "event");
	assert_jstr(x, "text", "SEL #6: OEM record without timestamp, type E0h");
	x = jidx(key(o, "sel"), 2);
	assert_jstr(x, "kind", "reserved");
	x = jidx(key(o, "sel"), 3);
	assert_jnull(x, "timer_use");
	x = jidx(key(o, "sel"), 4);
	assert_jstr(x, "timer_use", "unspecified");
	assert_jstr(x, "interrupt", "NMI");
	assert_jint(x, "offset", 8);
	x = jidx(key(o, "sel"), 5);
	assert_jstr(x, "event_type", "0x1");
	assert_jnull(x, "what");
	assert_jstr(x, "what_sent", "thermal trip");
	x = jidx(key(o, "sel"), 6);
	assert_jint(x, "sensor_type", 0xc0);
	assert_jnull(x, "sensor_type_name");
	json_object_put(o);
	runlog_free(rl);
	slog_free(&l);
}

/* The SEL's special times (37.1): FFFFFFFFh unspecified; up to 20000000h
 * seconds since the SEL's initialization, its clock not set: no UTC. */
static void special_times(struct slog *l)
{
	static const struct kv unspecified[] = {{PD_F_ID, "0x3"},
						{PD_F_TYPE, "0x2"},
						{PD_F_TIME, "0xffffffff"},
						{PD_F_SENSOR_TYPE, "0x23"},
						{PD_F_SENSOR, "0x0"},
						{PD_F_EVENT, "0x6f"},
						{PD_F_EVENT_DATA, "0xc104ff"},
						{0, 0}};
	static const struct kv relative[] = {{PD_F_ID, "0x4"},
					     {PD_F_TYPE, "0xc1"},
					     {PD_F_TIME, "536870912"}, /* 20000000h */
					     {0, 0}};

	sel(l, 1, unspecified);
	sel(l, 1, relative);
}

static void test_special_times(void **state)
{
	static struct slog l;
	struct runlog *rl;
	json_object *o, *x;
	char buf[40];

	(void)state;
	rl = run_sel(&l, 1, special_times);
	assert_lines(rl, "    SEL #3 at an unspecified time: watchdog 2: hard reset (timer use "
			 "SMS/OS)\n"
			 "    SEL #4 at 536870912 s after the SEL's initialization (its clock not "
			 "set): OEM record, type C1h");
	o = json_of(rl);
	x = jidx(key(o, "sel"), 0);
	assert_jint(x, "time", 0xffffffff);
	assert_jnull(x, "time_utc");
	x = jidx(key(o, "sel"), 1);
	assert_jint(x, "time", 0x20000000);
	assert_jnull(x, "time_utc");
	json_object_put(o);
	/* the first second the clock can show, and the last */
	assert_false(runlog_sel_time_utc(0x20000000, buf, sizeof(buf)));
	assert_true(runlog_sel_time_utc(0x20000001, buf, sizeof(buf)));
	assert_string_equal(buf, "1987-01-05 18:48:33 UTC");
	assert_true(runlog_sel_time_utc(0xfffffffe, buf, sizeof(buf)));
	assert_string_equal(buf, "2106-02-07 06:28:14 UTC");
	assert_false(runlog_sel_time_utc(0xffffffff, buf, sizeof(buf)));
	runlog_free(rl);
	slog_free(&l);
}

/* Garbled fields read as unknown and are noted; a record without a usable
 * n is not kept; an out-of-range number is no number; a hostile what is
 * escaped. */
static void garbled_entries(struct slog *l)
{
	static const struct kv garbled[] = {{PD_F_ID, "zz"},
					    {PD_F_TYPE, "0x2"},
					    {PD_F_TIME, "-5"},
					    {PD_F_SENSOR_TYPE, "0x123"},
					    {PD_F_SENSOR, "?"},
					    {PD_F_EVENT, "0x1ff"},
					    {PD_F_EVENT_DATA, "0x1000000"},
					    {PD_F_WHAT, "\x1b[2Jgone<b>"},
					    {0, 0}};
	static const struct kv no_type[] = {{PD_F_ID, "0x10000"}, {PD_F_TYPE, "two"}, {0, 0}};
	static const struct kv fine[] = {{PD_F_ID, "0xc"}, {PD_F_TYPE, "0xe5"}, {0, 0}};

	sel(l, 1, garbled);
	sel(l, 1, no_type);
	slog_begin(l, PD_REC_SEL);
	pd_rec_s(&W, PD_F_N, "one");
	fields(fine);
	slog_emit(l);
}

static void test_garbled(void **state)
{
	static struct slog l;
	struct runlog *rl;
	json_object *o, *x;
	char *h;

	(void)state;
	rl = run_sel(&l, 1, garbled_entries);
	assert_int_equal(rl->cur.nsels, 2);
	assert_int_equal(rl->cur.sel_records_bad, 1);
	assert_int_equal(rl->cur.sel_fields_bad, 2);
	assert_false(rl->cur.sels[0].has_id);
	assert_false(rl->cur.sels[0].has_time);
	assert_false(rl->cur.sels[0].has_sensor_type);
	assert_false(rl->cur.sels[0].has_event);
	assert_false(rl->cur.sels[0].has_event_data);
	assert_lines(rl, "    SEL #? at an unknown time: sensor type ?: ?[2Jgone<b>\n"
			 "    SEL #? at an unknown time: record type ?");
	assert_lines(rl, "  - 2 sel records have an unreadable field (shown as unknown)");
	assert_lines(rl, "  - sel records: 1 without a usable n, 0 over the 4096 kept");
	o = json_of(rl);
	x = jidx(key(o, "sel"), 0);
	assert_jnull(x, "id");
	assert_jint(x, "type", 2);
	assert_jnull(x, "time");
	assert_jnull(x, "time_utc");
	assert_jnull(x, "sensor_type");
	assert_jnull(x, "sensor");
	assert_jnull(x, "event");
	assert_jnull(x, "assertion");
	assert_jnull(x, "event_data");
	assert_jnull(x, "offset");
	assert_jstr(x, "what", "\x1b[2Jgone<b>"); /* JSON escapes it */
	x = jidx(key(o, "sel"), 1);
	assert_jnull(x, "id");
	assert_jnull(x, "type");
	assert_jnull(x, "kind");
	assert_jint(o, "sel_records_bad", 1);
	json_object_put(o);
	h = html_of(rl);
	assert_null(strstr(h, "gone<b>"));
	assert_non_null(strstr(h, "gone&lt;b&gt;"));
	free(h);
	runlog_free(rl);
	slog_free(&l);
}

/* Entries of a cycle without a reset line (here one that passed: a boot
 * after a reset reports what the BMC logged since that cycle began) and
 * of a cycle with no cycle record: a "BMC event log:" list, noted. */
static void elsewhere(struct slog *l)
{
	static const struct kv power[] = {{PD_F_ID, "0x20"},
					  {PD_F_TYPE, "0x2"},
					  {PD_F_TIME, "1796686400"},
					  {PD_F_SENSOR_TYPE, "0x1d"},
					  {PD_F_SENSOR, "0x5"},
					  {PD_F_EVENT, "0x6f"},
					  {PD_F_EVENT_DATA, "0x01ffff"},
					  {0, 0}};
	static const struct kv memory[] = {{PD_F_ID, "0x21"},
					   {PD_F_TYPE, "0x2"},
					   {PD_F_TIME, "1796686401"},
					   {PD_F_SENSOR_TYPE, "0xc"},
					   {PD_F_SENSOR, "0x8"},
					   {PD_F_EVENT, "0x6f"},
					   {PD_F_EVENT_DATA, "0x01ffff"},
					   {0, 0}};

	sel(l, 9, memory);
	sel(l, 2, power);
}

static void test_elsewhere(void **state)
{
	static struct slog l;
	struct runlog *rl;
	json_object *o;
	char u0[40], u1[40], want[512], *h;

	(void)state;
	utc_of(1796686400, u0, sizeof(u0));
	utc_of(1796686401, u1, sizeof(u1));
	rl = run_sel(&l, 1, elsewhere);
	assert_int_equal(cycle_n(rl, 2)->sel_entries, 1);
	assert_int_equal(cycle_n(rl, 1)->sel_entries, 0);
	assert_int_equal(rl->cur.sels_no_cycle, 1);
	/* sorted by cycle */
	assert_int_equal(rl->cur.sels[0].n, 2);
	assert_int_equal(rl->cur.sels[1].n, 9);
	snprintf(want, sizeof(want),
		 "BMC event log:\n"
		 "  cycle 2: SEL #20 at %s: system boot / restart initiated: initiated by hard "
		 "reset\n"
		 "  cycle 9 (no cycle record): SEL #21 at %s: memory: uncorrectable ECC\n"
		 "records:",
		 u0, u1);
	{
		char *t = text_of(rl, 0);

		if (!strstr(t, want)) {
			fprintf(stderr, "no\n%s\nin the report:\n%s", want, t);
			fail_msg("lines missing");
		}
		free(t);
	}
	assert_lines(rl, "  - 1 sel record names a cycle that has no cycle record");
	o = json_of(rl);
	assert_jint(jidx(key(o, "cycles"), 2), "sel_entries", 1);
	assert_jint(jidx(key(o, "sel"), 1), "n", 9);
	json_object_put(o);
	h = html_of(rl);
	assert_non_null(strstr(h, "<section id=\"bmc-sel\">"));
	snprintf(want, sizeof(want),
		 "<tr><td>9 (no cycle record)</td><td>SEL #21 at %s: memory: uncorrectable "
		 "ECC</td></tr>",
		 u1);
	assert_non_null(strstr(h, want));
	free(h);
	runlog_free(rl);
	slog_free(&l);
}

/* The same entry sent again by a later boot (a reset before the payload
 * noted it as reported) is kept once. */
static void twice(struct slog *l)
{
	uint32_t seq;

	qemu_line(l);
	/* again, from the boot after (its boot and seq differ) */
	next_boot(l);
	seq = l->seq;
	slog_begin(l, PD_REC_SEL);
	pd_rec_u(&W, PD_F_N, 0);
	pd_rec_x(&W, PD_F_ID, 1);
	pd_rec_x(&W, PD_F_TYPE, 2);
	pd_rec_u(&W, PD_F_TIME, QEMU_TIME);
	pd_rec_x(&W, PD_F_SENSOR_TYPE, 0x23);
	pd_rec_x(&W, PD_F_SENSOR, 0);
	pd_rec_x(&W, PD_F_EVENT, 0x6f);
	pd_rec_x(&W, PD_F_EVENT_DATA, 0xc104ff);
	pd_rec_s(&W, PD_F_WHAT, "hard reset");
	slog_emit(l);
	assert_int_equal(seq + 1, l->seq);
}

static void test_repeated(void **state)
{
	static struct slog l;
	struct runlog *rl;

	(void)state;
	rl = run_sel(&l, 0, twice);
	assert_int_equal(rl->cur.nsels, 1);
	assert_int_equal(rl->cur.sels_repeated, 1);
	assert_int_equal(cycle_n(rl, 0)->sel_entries, 1);
	assert_lines(rl, "  - 1 sel record repeats an entry already reported for the cycle (kept "
			 "once)");
	runlog_free(rl);
	slog_free(&l);
}

/* Negative control: a log without sel records gets no SEL line, list, key
 * or row; with no other watchdog record, no resets-and-hangs section. */
static void test_without_sel(void **state)
{
	static struct slog l;
	struct runlog *rl;
	json_object *o;
	char *h;

	(void)state;
	rl = run_sel(&l, 0, NULL);
	assert_int_equal(rl->cur.nsels, 0);
	assert_lines(rl, "resets and hangs:\n" CYCLE0_LINE);
	assert_text(rl, CYCLE0_LINE "\nrecords:");
	assert_no_text(rl, "SEL");
	assert_no_text(rl, "BMC event log");
	o = json_of(rl);
	assert_false(json_object_object_get_ex(o, "sel", NULL));
	assert_false(json_object_object_get_ex(o, "sel_dropped", NULL));
	assert_false(json_object_object_get_ex(jidx(key(o, "cycles"), 0), "sel_entries", NULL));
	json_object_put(o);
	h = html_of(rl);
	assert_null(strstr(h, "class=\"sel\""));
	assert_null(strstr(h, "bmc-sel"));
	free(h);
	runlog_free(rl);
	slog_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_qemu_watchdog_entry),
	    cmocka_unit_test(test_processor_entries),
	    cmocka_unit_test(test_other_entries),
	    cmocka_unit_test(test_special_times),
	    cmocka_unit_test(test_garbled),
	    cmocka_unit_test(test_elsewhere),
	    cmocka_unit_test(test_repeated),
	    cmocka_unit_test(test_without_sel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
