/* SPDX-License-Identifier: MIT */
/*
 * The JSON report (see report_json.c): the schedule, its modes, cycles and
 * outcomes, the limits, dump sets and machine checks.
 */
#include "host/report/report.h"
#include "host/report/report_json_parts.h"

#include <inttypes.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "host/model/idlist.h"
#include "results/fields.h"
#include "results/ipmi.h"
#include "results/park.h"
#include "results/vectors.h"

static struct json_object *j_outcomes(const uint64_t *counts)
{
	struct json_object *o = json_object_new_object();
	int i;

	for (i = 0; i < PD_OUTCOME_COUNT; i++)
		add(o, pd_outcome_name((enum pd_outcome)i), ju64(counts[i]));
	return o;
}

/* A list as sent ("hlt,mwait" or "none/nmi+smi") split at sep. */
static struct json_object *j_split(const char *s, char sep)
{
	struct json_object *a = json_object_new_array();
	char buf[192];
	size_t i = 0, n;

	while (s[i]) {
		n = 0;
		while (s[i + n] && s[i + n] != sep)
			n++;
		snprintf(buf, sizeof(buf), "%.*s", (int)(n < sizeof(buf) ? n : sizeof(buf) - 1),
			 s + i);
		if (n)
			json_object_array_add(a, jstr(buf));
		i += n;
		if (s[i])
			i++;
	}
	return a;
}

/* "nmi+smi" -> ["nmi", "smi"]; "none" -> []; unknown names kept as sent. */
static struct json_object *j_provoke(const char *p)
{
	return strcmp(p, "none") ? j_split(p, '+') : json_object_new_array();
}

struct json_object *report_json_schedule(const struct rl_kexec *k)
{
	struct json_object *o;

	if (!k->have)
		return NULL;
	o = json_object_new_object();
	add(o, "load", jstr_opt(k->load));
	/* Only from payloads that send them: older logs' reports unchanged. */
	if (k->has_load_at)
		add(o, "load_at", jhex((uint64_t)k->load_at));
	if (k->load_why[0])
		add(o, "load_why", jstr(k->load_why));
	add(o, "wbinvd", jbool_has(k->has_wbinvd, k->wbinvd));
	add(o, "wbinvd_why", jstr_opt(k->why));
	add(o, "platform", jstr_opt(k->platform));
	add(o, "cycles_planned", jint_has(k->has_cycles, k->cycles));
	add(o, "modes", j_split(k->modes, ','));
	add(o, "provoke", j_split(k->provoke, '/'));
	add(o, "on_reset", jstr_opt(k->on_reset));
	add(o, "area", k->has_area ? jhex((uint64_t)k->area) : NULL);
	add(o, "mwait_hint", jint_has(k->has_mwait_hint, k->mwait_hint));
	return o;
}

struct json_object *report_json_limits(const struct rl_limits *l)
{
	struct json_object *o;
	int w;

	if (!l->have)
		return NULL;
	o = json_object_new_object();
	add(o, "cpus", jint_has(l->has_cpus, l->cpus));
	add(o, "emulated", jbool_has(l->has_emulated, l->emulated));
	add(o, "host_cpus", jint_has(l->has_host_cpus, l->host_cpus));
	add(o, "per_core", jint_has(l->has_per_core, l->per_core));
	add(o, "wbinvd_us", jint_has(l->has_wbinvd_us, l->wbinvd_us));
	for (w = 0; w < PD_WAIT_COUNT; w++)
		add(o, pd_wait_name((enum pd_wait)w), jint_has(l->has_us[w], l->us[w]));
	return o;
}

struct json_object *report_json_dumpset(const void *elem, const void *ctx)
{
	const struct rl_dumpset *d = elem;
	struct json_object *o = json_object_new_object();

	(void)ctx;
	add(o, "idx", jint(d->idx));
	add(o, "cpus", ju64(d->napics));
	add(o, "apics", id_ranges(d->apics, d->napics));
	add(o, "core_type", jstr_opt(d->core_type));
	add(o, "complete",
	    json_object_new_boolean(!d->bad_list &&
				    (!d->has_cpus || (size_t)d->cpus == d->napics)));
	return o;
}

struct json_object *report_json_mce(const void *elem, const void *ctx)
{
	const struct rl_mce *m = elem;
	struct json_object *o = json_object_new_object();

	(void)ctx;
	add(o, "n", ju64(m->n));
	add(o, "when", jstr_opt(m->when));
	add(o, "via", jstr_opt(m->via));
	add(o, "injected", json_object_new_boolean(m->injected));
	add(o, "why", jstr_opt(m->why));
	add(o, "bank", m->injected && m->has_bank ? jint(m->bank) : NULL);
	add(o, "status", m->injected ? jhex(m->status) : NULL);
	add(o, "mcg_status", m->injected ? jhex(m->mcg) : NULL);
	return o;
}

struct json_object *report_json_mode(const void *elem, const void *ctx)
{
	const struct rl_group *g = elem;
	const struct runlog *rl = ctx;
	struct json_object *o = json_object_new_object(), *smi = NULL;

	add(o, "mode", jstr(g->m));
	add(o, "provoke", j_provoke(g->p));
	add(o, "cycles", ju64(g->cycles));
	add(o, "cycles_passed", ju64(g->passed));
	add(o, "outcomes", j_outcomes(g->counts));
	add(o, "scribbled", ju64(g->scribbled));
	add(o, "exceptions", ju64(g->exceptions));
	add(o, "failing_cpus", id_array(g->failing, g->nfailing));
	add(o, "expected",
	    g->known ? json_object_new_string(runlog_pass_name(g->expected_pass)) : NULL);
	add(o, "observed",
	    json_object_new_string(g->observed_skipped ? "skipped"
						       : runlog_pass_name(g->observed_pass)));
	add(o, "cycles_skipped", ju64(g->mce_skipped));
	add(o, "cycles_injected", ju64(g->injected));
	/* Only from payloads that send the watchdog's records: older logs'
	 * reports stay as they were. */
	if (rl && rl->sum.hang_records) {
		add(o, "cycles_hung", ju64(g->hung));
		add(o, "hangs_watchdog", ju64(g->hangs_watchdog));
	}
	if (rl && (rl->silence_s > 0 || rl->nhost_resets))
		add(o, "hangs_host", ju64(g->hangs_host));
	add(o, "negative_control", json_object_new_boolean(g->known && !g->expected_pass));
	add(o, "not_applicable", json_object_new_boolean(g->not_applicable));
	add(o, "reset_or_hang", json_object_new_int64((int64_t)g->died));
	add(o, "sipi_nmi", json_object_new_int64((int64_t)g->sipi_nmi));
	add(o, "known", json_object_new_boolean(g->known));
	add(o, "why", g->why ? jstr(g->why) : NULL);
	if (g->smi.count) {
		smi = json_object_new_object();
		add(smi, "min", ju64(g->smi.min));
		add(smi, "median", ju64(g->smi.median));
		add(smi, "max", ju64(g->smi.max));
		add(smi, "count", jint((int64_t)g->smi.count));
	}
	add(o, "smi_us", smi);
	return o;
}

struct json_object *report_json_cycle(const void *elem, const void *ctx)
{
	const struct rl_cycle *c = elem;
	const struct runlog *rl = ctx;
	struct json_object *o = json_object_new_object();

	add(o, "n", jint(c->n));
	add(o, "mode", jstr(c->m));
	add(o, "provoke", j_provoke(c->p));
	add(o, "outcomes", j_outcomes(c->counts));
	add(o, "reset", json_object_new_boolean(c->reset));
	add(o, "phase", jstr_opt(c->phase));
	add(o, "reset_or_hang", json_object_new_boolean(c->died));
	add(o, "sipi_nmi", ju64(c->sipi_nmi));
	add(o, "scribbled", json_object_new_boolean(c->scribbled));
	add(o, "mce_skipped", json_object_new_boolean(c->mce_skipped));
	add(o, "injected", json_object_new_boolean(c->injected));
	if (rl && rl->sum.hang_records) {
		add(o, "hang", json_object_new_boolean(c->hang));
		/* "host": reset by the host after --silence */
		add(o, "recovered_by",
		    c->watchdog	 ? jstr(PD_BY_WATCHDOG)
		    : c->by_host ? jstr("host")
				 : NULL);
	}
	add(o, "smi_us", jint_has(c->has_smi_us, c->smi_us));
	add(o, "exceptions", ju64(c->exceptions));
	add(o, "cpus_failed", ju64(c->bad_cpus));
	add(o, "passed", json_object_new_boolean(c->passed));
	add(o, "boot", jint(c->boot));
	add(o, "records", jint(c->records));
	return o;
}

struct json_object *report_json_watchdog(const struct rl_watchdog *w)
{
	struct json_object *o;

	if (!w->have)
		return NULL;
	o = json_object_new_object();
	add(o, "armed", jbool_has(w->has_armed, w->armed));
	add(o, "countdown_ms", jint_has(w->has_countdown_ms, w->countdown_ms));
	add(o, "why", jstr_opt(w->why));
	return o;
}

struct json_object *report_json_restart(const void *elem, const void *ctx)
{
	static const char *const wd[] = {
	    [RL_WD_UNKNOWN] = PD_WD_UNKNOWN,
	    [RL_WD_EXPIRED] = PD_WD_EXPIRED,
	    [RL_WD_QUIET] = PD_WD_QUIET,
	};
	const struct rl_restart *x = elem;
	struct json_object *o = json_object_new_object(), *supported = NULL;

	(void)ctx;
	add(o, "n", jint(x->n));
	add(o, "phase", jstr_opt(x->phase));
	add(o, "watchdog", jstr(wd[x->wd]));
	add(o, "flags", x->has_flags ? jhex(x->flags) : NULL);
	add(o, "cause", jstr_opt(x->cause));
	add(o, "cause_cc", x->has_cause_cc ? jhex(x->cause_cc) : NULL);
	/* Get System Restart Cause: answered; said it does not do it; or
	 * unknown (not asked, or failed otherwise). */
	if (x->cause[0])
		supported = json_object_new_boolean(1);
	else if (x->has_cause_cc && pd_ipmi_cc_unsupported((uint8_t)x->cause_cc))
		supported = json_object_new_boolean(0);
	add(o, "cause_supported", supported);
	add(o, "boot", jint(x->boot));
	return o;
}

struct json_object *report_json_outcome_record(const void *elem, const void *ctx)
{
	const struct rl_outcome *x = elem;
	struct json_object *o = json_object_new_object();

	(void)ctx;
	add(o, "n", jint(x->n));
	add(o, "apic", jint(x->apic));
	add(o, "o", jstr(x->name));
	add(o, "before", jint_has(x->has_before, x->before));
	add(o, "after", jint_has(x->has_after, x->after));
	return o;
}

struct json_object *report_json_cpu_mode(const void *elem, const void *ctx)
{
	const struct rl_cpumodes *c = elem;
	struct json_object *o = json_object_new_object(), *ms = json_object_new_object();
	int m;

	(void)ctx;
	add(o, "apic", jint(c->apic));
	for (m = 0; m < PD_PARK_MODE_COUNT; m++)
		if (c->modes & (1u << m))
			add(ms, pd_park_mode_name((enum pd_park_mode)m), j_outcomes(c->counts[m]));
	add(o, "modes", ms);
	return o;
}
