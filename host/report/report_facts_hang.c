/* SPDX-License-Identifier: MIT */
/*
 * The BMC's watchdog and the cycles that reset or hung, worded once for the
 * text and HTML reports (see report_facts.c): the watchdog record, what each
 * such cycle was, what recovered it and what the BMC said of the restart
 * (IPMI v2.0 27.7 Get Watchdog Timer, 28.11 Get System Restart Cause).
 */
#include <inttypes.h>

#include "host/report/report.h"
#include "results/ipmi.h"

void report_fact_watchdog(FILE *f, const struct rl_watchdog *w, report_put_fn *put)
{
	if (w->has_armed && w->armed) {
		fputs("armed at each cycle's start, countdown ", f);
		if (w->has_countdown_ms)
			fprintf(f, "%.1f s", (double)w->countdown_ms / 1000.0);
		else
			fputc('?', f);
		fputs(", hard reset on expiry", f);
		return;
	}
	fputs(w->has_armed ? "not armed" : "armed ?", f);
	if (w->why[0]) {
		fputs(" (", f);
		put(f, w->why);
		fputc(')', f);
	}
}

int report_cycle_is_event(const struct rl_cycle *c)
{
	return c->reset || c->died || c->hang || c->watchdog;
}

void report_fact_event_what(FILE *f, const struct rl_cycle *c)
{
	if (c->injected && c->hang)
		fputs("hung on purpose (inject_hang), not judged", f);
	else if (c->injected)
		fputs("reset on purpose (inject_reset), not judged", f);
	else if (c->died)
		fputs("reset or hang, never reported (from the stream alone): the machine's own",
		      f);
	else if (c->watchdog)
		fputs("hang, reset by the BMC watchdog: the machine's own", f);
	else if (c->by_host)
		fputs("hang, reset by the host: the machine's own", f);
	else
		fputs("reset: the machine's own", f);
}

static const struct rl_restart *restart_of(const struct runlog *rl, const struct rl_cycle *c)
{
	return c->has_restart && c->restart < rl->cur.nrestarts ? &rl->cur.restarts[c->restart]
								: NULL;
}

/* The host's reset of the cycle after --silence (runlog_silence.c), or NULL. */
static const struct rl_host_reset *host_reset_of(const struct runlog *rl, const struct rl_cycle *c)
{
	return c->has_host_reset && c->host_reset < rl->nhost_resets
		   ? &rl->host_resets[c->host_reset]
		   : NULL;
}

void report_fact_event_recovery(FILE *f, const struct runlog *rl, const struct rl_cycle *c)
{
	const struct rl_restart *x = restart_of(rl, c);
	const struct rl_host_reset *h = host_reset_of(rl, c);

	if (c->watchdog)
		fputs("recovered by the BMC watchdog", f);
	else if (h && !c->died)
		fprintf(f, "recovered by the host after %g s of silence", h->silence_s);
	else if (h)
		fprintf(f, "reset by the host after %g s of silence; nothing came back",
			h->silence_s);
	else if (c->died)
		fputs("not recovered: the stream ended in it", f);
	else if (c->injected && !c->hang)
		fputs("ended by the payload's own reset", f);
	else if (x && x->wd == RL_WD_QUIET)
		fputs("recovered by: unknown (not the BMC watchdog)", f);
	else
		fputs("recovered by: unknown", f);
}

/* "expiration flags 0x10: SMS/OS": each bit its timer use (27.7 byte 5). */
static void expiration_flags(FILE *f, uint64_t flags)
{
	unsigned b;
	int n = 0;

	fprintf(f, "expiration flags 0x%02" PRIx64 ": ", flags);
	if (!flags)
		fputs("none", f);
	for (b = 0; b < 8; b++) {
		const char *name = pd_ipmi_wd_use_name(b);

		if (!(flags >> b & 1))
			continue;
		fputs(n++ ? ", " : "", f);
		if (name)
			fputs(name, f);
		else
			fprintf(f, "reserved bit %u", b);
	}
}

void report_fact_event_evidence(FILE *f, const struct runlog *rl, const struct rl_cycle *c,
				report_put_fn *put)
{
	const struct rl_restart *x = restart_of(rl, c);

	if (!x) {
		fputs("no restart record", f);
		if (c->by_watchdog)
			fputs("; the cycle record says by=watchdog", f);
		return;
	}
	fputs(x->wd == RL_WD_EXPIRED ? "watchdog expired"
	      : x->wd == RL_WD_QUIET ? "watchdog did not expire"
				     : "watchdog unknown",
	      f);
	if (x->has_flags) {
		fputs(" (", f);
		expiration_flags(f, x->flags);
		fputc(')', f);
	} else if (x->wd == RL_WD_UNKNOWN) {
		fputs(" (no BMC to ask, or no answer)", f);
	}
	fputs(", ", f);
	if (x->cause[0]) {
		fputs("restart cause: ", f);
		put(f, x->cause);
	} else if (x->has_cause_cc) {
		uint8_t cc = (uint8_t)x->cause_cc;

		fprintf(f, "Get System Restart Cause %s (%02Xh %s)",
			pd_ipmi_cc_unsupported(cc) ? "not supported" : "failed", cc,
			pd_ipmi_cc_name(cc));
	} else {
		fputs("no restart cause", f);
	}
}

void report_fact_hung(FILE *f, const struct rl_summary *s)
{
	uint64_t other = s->cycles_hung - s->hung_watchdog - s->hung_died - s->hung_host;
	int n = 0;

	fprintf(f, "%" PRIu64 " hung on purpose (inject_hang)", s->cycles_hung);
	if (s->hung_watchdog == s->cycles_hung) {
		fputs(", recovered by the BMC watchdog", f);
		return;
	}
	if (s->hung_host == s->cycles_hung) {
		fputs(", recovered by the host (--silence)", f);
		return;
	}
	fputs(": ", f);
	if (s->hung_watchdog)
		fprintf(f, "%s%" PRIu64 " recovered by the BMC watchdog", n++ ? ", " : "",
			s->hung_watchdog);
	if (s->hung_host)
		fprintf(f, "%s%" PRIu64 " recovered by the host (--silence)", n++ ? ", " : "",
			s->hung_host);
	if (s->hung_died)
		fprintf(f, "%s%" PRIu64 " not recovered (the stream ended)", n++ ? ", " : "",
			s->hung_died);
	if (other)
		fprintf(f, "%s%" PRIu64 " recovered by something unknown", n++ ? ", " : "", other);
}
