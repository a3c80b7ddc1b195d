/* SPDX-License-Identifier: MIT */
/*
 * The JSON report, built with json-c: for test farms and scripts.  This
 * file: the report's top level, CPUs, errors, exceptions and the input;
 * the machine's facts in report_json_machine.c, the schedule's in
 * report_json_schedule.c, machine checks at boot in report_json_mce.c.
 */
#include "host/report/report.h"
#include "host/report/report_json_parts.h"

#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "host/model/idlist.h"
#include "results/fields.h"
#include "results/park.h"
#include "results/vectors.h"

/* An array of one(element, ctx) for each of n elements of size bytes. */
static struct json_object *j_array(const void *base, size_t n, size_t size,
				   struct json_object *(*one)(const void *elem, const void *ctx),
				   const void *ctx)
{
	struct json_object *a = json_object_new_array_ext((int)(n < 4096 ? n : 4096));
	const char *p = base;
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, one(p + i * size, ctx));
	return a;
}

/* The run's TSC frequency, its cross-check, and each source's value or why
 * it gave none (null: the record did not say). */
static struct json_object *j_tsc(const struct rl_tsc *t)
{
	struct json_object *o = json_object_new_object(), *srcs = json_object_new_object();
	int s;

	add(o, "khz", t->has_khz ? ju64(t->khz) : NULL);
	add(o, "source", jstr_opt(t->source));
	add(o, "check", jstr_opt(t->check));
	add(o, "diff_ppm", t->has_diff_ppm ? ju64(t->diff_ppm) : NULL);
	add(o, "agree",
	    t->has_diff_ppm ? json_object_new_boolean(t->diff_ppm <= PD_TSC_AGREE_PPM) : NULL);
	add(o, "outvoted", json_object_new_boolean(t->outvoted));
	for (s = PD_TSC_NONE + 1; s < PD_TSC_SOURCE_COUNT; s++) {
		struct json_object *one = json_object_new_object();

		add(one, "khz", t->src[s].has_khz ? ju64(t->src[s].khz) : NULL);
		add(one, "why", jstr_opt(t->src[s].why));
		add(srcs, pd_tsc_source_name(s), one);
	}
	add(o, "sources", srcs);
	return o;
}

static struct json_object *j_cpu(const void *elem, const void *ctx)
{
	const struct rl_cpu *c = elem;
	struct json_object *o = json_object_new_object();
	int up = rl_cpu_in_state(c, PD_CPU_BSP) || rl_cpu_in_state(c, PD_CPU_ONLINE);

	(void)ctx;
	add(o, "idx", jint(c->idx));
	add(o, "apic_id", c->has_apic ? jint(c->apic) : NULL);
	add(o, "package", c->has_topo ? jint(c->pkg) : NULL);
	add(o, "core", c->has_topo ? jint(c->core) : NULL);
	add(o, "thread", c->has_topo ? jint(c->thread) : NULL);
	add(o, "online", json_object_new_boolean(up));
	add(o, "state", jstr_opt(c->state_name));
	add(o, "bringup_us",
	    rl_cpu_in_state(c, PD_CPU_ONLINE) && c->has_up_us ? ju64(c->up_us) : NULL);
	add(o, "ucode", c->has_ucode ? jhex(c->ucode) : NULL);
	add(o, "cpuid_apic_id", c->has_cpuid_apic ? jint(c->cpuid_apic) : NULL);
	add(o, "cr0", c->has_ctl ? jhex(c->cr0) : NULL);
	add(o, "cr4", c->has_ctl ? jhex(c->cr4) : NULL);
	add(o, "efer", c->has_ctl ? jhex(c->efer) : NULL);
	add(o, "uid", c->has_uid ? jint(c->uid) : NULL);
	add(o, "src", jstr_opt(c->src));
	add(o, "flags", jstr(c->flags));
	add(o, "canary",
	    c->has_canary ? json_object_new_string(c->canary_bad ? "bad" : "ok") : NULL);
	return o;
}

/* One entry per value of a register: who reported it; ctx: the BSP or NULL. */
struct json_object *report_json_mismatch(const void *elem, const void *ctx)
{
	const struct rl_mismatch *m = elem;
	const struct rl_cpu *bsp = ctx;
	struct json_object *o = json_object_new_object();
	int has_bsp = 0;
	size_t k;

	for (k = 0; bsp && bsp->has_apic && k < m->napics; k++)
		has_bsp |= m->apics[k] == bsp->apic;
	add(o, "kind", jstr_opt(m->kind));
	add(o, "leaf", m->has_leaf ? jhex(m->leaf) : NULL);
	add(o, "sub", m->has_sub ? jhex(m->sub) : NULL);
	add(o, "reg", jstr_opt(m->reg));
	add(o, "msr", m->has_msr ? jhex(m->msr) : NULL);
	if (!strcmp(m->kind, "msr")) {
		char name[32];

		pd_msr_name((uint32_t)m->msr, name, sizeof(name));
		add(o, "name", json_object_new_string(name));
	}
	add(o, "core_type", jstr_opt(m->core_type));
	add(o, "val", m->has_val ? jhex(m->val) : NULL);
	add(o, "apics", id_array(m->apics, m->napics));
	add(o, "apic_ranges", id_ranges(m->apics, m->napics));
	add(o, "count", jint((int64_t)m->napics));
	add(o, "bsp", json_object_new_boolean(has_bsp));
	add(o, "list_ok", json_object_new_boolean(!m->bad_list));
	return o;
}

static struct json_object *msr_names(const uint32_t *msrs, size_t n)
{
	struct json_object *a = json_object_new_array_ext((int)n);
	char name[32];
	size_t i;

	for (i = 0; i < n; i++) {
		pd_msr_name(msrs[i], name, sizeof(name));
		json_object_array_add(a, json_object_new_string(name));
	}
	return a;
}

/* The msrs record: what was compared across CPUs, and how many differ. */
static struct json_object *j_msr_check(const struct runlog *rl)
{
	const struct rl_msrs *m = &rl->cur.msrs;
	struct json_object *o = json_object_new_object();

	add(o, "count", jint_has(m->has_count, m->count));
	add(o, "cpus", jint_has(m->has_cpus, m->cpus));
	add(o, "differ", ju64(report_msrs_differing(rl)));
	add(o, "msrs", msr_names(m->msrs, m->nmsrs));
	add(o, "not_compared", msr_names(m->not_compared, m->nnot_compared));
	add(o, "why", jstr_opt(m->why));
	add(o, "list_ok", json_object_new_boolean(!m->bad_list));
	return o;
}

static struct json_object *j_error(const void *elem, const void *ctx)
{
	const struct rl_error *e = elem;
	struct json_object *o = json_object_new_object();

	(void)ctx;
	add(o, "level", jstr_opt(e->level));
	add(o, "code", jstr_opt(e->code));
	add(o, "what", jstr_opt(e->what));
	add(o, "key", jstr_opt(e->key));
	add(o, "value", e->key[0] || e->value[0] ? jstr(e->value) : NULL);
	add(o, "apic", e->has_apic ? jint(e->apic) : NULL);
	if (e->table[0])
		add(o, "table", jstr(e->table));
	if (e->has_addr)
		add(o, "addr", jhex(e->addr));
	if (e->has_esr)
		add(o, "esr", jhex(e->esr));
	if (e->has_dropped)
		add(o, "dropped", ju64(e->dropped));
	add(o, "boot", jint(e->boot));
	add(o, "in_schedule", json_object_new_boolean(e->in_schedule));
	return o;
}

static struct json_object *j_exception(const void *elem, const void *ctx)
{
	const struct rl_exception *x = elem;
	struct json_object *o = json_object_new_object();
	const char *vn = x->has_vector ? pd_vector_name(x->vector) : NULL;

	(void)ctx;
	add(o, "vector", x->has_vector ? ju64(x->vector) : NULL);
	add(o, "name", x->name[0] ? jstr(x->name) : vn ? jstr(vn) : NULL);
	add(o, "err", x->has_err ? jhex(x->err) : NULL);
	add(o, "rip", x->has_rip ? jhex(x->rip) : NULL);
	add(o, "rsp", x->has_rsp ? jhex(x->rsp) : NULL);
	add(o, "cr2", x->has_cr2 ? jhex(x->cr2) : NULL);
	add(o, "apic", x->has_apic ? jint(x->apic) : NULL);
	add(o, "boot", jint(x->boot));
	add(o, "cycle", jint_has(x->has_cycle, x->cycle));
	return o;
}

static struct json_object *j_records(const struct runlog *rl)
{
	const struct rl_stats *st = &rl->st;
	struct json_object *o = json_object_new_object();

	add(o, "good", ju64(st->good));
	add(o, "boot_records", ju64(rl->cur.records));
	add(o, "corrupt", ju64(st->corrupt));
	add(o, "noise", ju64(st->noise));
	add(o, "duplicates", ju64(st->duplicates));
	add(o, "gaps", ju64(st->gaps));
	add(o, "lost", ju64(st->lost));
	add(o, "unknown", ju64(rl->cur.unknown));
	add(o, "stale", ju64(st->stale));
	add(o, "overlong", ju64(st->overlong));
	add(o, "lines", ju64(st->lines));
	add(o, "bytes", ju64(st->bytes));
	return o;
}

/* The container the log came in (logwrap.h). */
static struct json_object *j_input(const struct lw_info *in)
{
	struct json_object *o = json_object_new_object();

	add(o, "format", jstr(logwrap_format_name(in->format)));
	add(o, "name", jstr_opt(in->name));
	add(o, "style", in->style ? jstr(in->style) : NULL);
	add(o, "lines", ju64(in->lines));
	add(o, "serial_lines", ju64(in->serial));
	add(o, "feedback_lines", ju64(in->feedback));
	add(o, "other_entries", ju64(in->other));
	add(o, "bad_lines", ju64(in->bad));
	add(o, "truncated", ju64(in->truncated));
	add(o, "unescaped", ju64(in->unescaped));
	add(o, "cut", ju64(in->cut));
	add(o, "markers", ju64(in->markers));
	return o;
}

static struct json_object *j_end(const struct rl_end *e)
{
	struct json_object *o;

	if (!e->have)
		return NULL;
	o = json_object_new_object();
	add(o, "cpus", jint_has(e->has_cpus, e->cpus));
	add(o, "online", jint_has(e->has_online, e->online));
	add(o, "lost", jint_has(e->has_lost, e->lost));
	add(o, "errors", jint_has(e->has_errors, e->errors));
	add(o, "mismatches", jint_has(e->has_mismatches, e->mismatches));
	add(o, "records", jint_has(e->has_records, e->records));
	add(o, "cycles", jint_has(e->has_cycles, e->cycles));
	add(o, "boot", jint(e->boot));
	add(o, "verdict", jstr_opt(e->verdict));
	return o;
}

static struct json_object *j_other(const void *elem, const void *ctx)
{
	const struct rl_other_boot *other = elem;
	struct json_object *o = json_object_new_object();
	char id[12];

	(void)ctx;
	snprintf(id, sizeof(id), "%08" PRIx32, other->run);
	add(o, "run_id", json_object_new_string(id));
	add(o, "boot", jint(other->boot));
	add(o, "records", ju64(other->records));
	add(o, "end", json_object_new_boolean(other->had_end));
	add(o, "verdict", jstr_opt(other->verdict));
	add(o, "fail_errors", ju64(other->errors_fail));
	add(o, "exceptions", ju64(other->exceptions));
	add(o, "cycle_records", ju64(other->cycles));
	return o;
}

/* Outcome name -> count, every name present. */
struct json_object *report_json(const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	const struct rl_summary *s = &rl->sum;
	struct json_object *o = json_object_new_object(), *notes, *lat, *lost, *dump;
	char id[12];
	size_t i;

	if (!o)
		return NULL;
	snprintf(id, sizeof(id), "%08" PRIx32, run->run);
	add(o, "tool", json_object_new_string("playdead"));
	add(o, "format", jint(PD_FORMAT_VERSION));
	add(o, "run_id", run->started ? json_object_new_string(id) : NULL);
	add(o, "boot", run->started ? jint(run->boot) : NULL);
	add(o, "boots", jint((int64_t)run->nboots));
	add(o, "verdict", json_object_new_string(runlog_verdict_name(s->verdict)));
	add(o, "verdict_reason", jstr(s->reason));
	add(o, "exit_status", jint(runlog_exit_status(rl)));
	add(o, "stop_reason", jstr_opt(rl->stop_reason));
	add(o, "reconnects", ju64(rl->reconnects));
	add(o, "qemu_status", jint_has(rl->has_qemu_status, rl->qemu_status));
	add(o, "boot_info", report_json_boot_info(&run->info));
	add(o, "identity", report_json_identity(rl));
	add(o, "smbios", report_json_smbios(&run->smbios));
	/* Only from payloads that look for a BMC: older logs' reports stay
	 * as they were. */
	if (run->bmc.have)
		add(o, "bmc", report_json_bmc(&run->bmc));
	if (run->watchdog.have)
		add(o, "watchdog", report_json_watchdog(&run->watchdog));
	add(o, "acpi", report_json_acpi(&run->acpi));
	add(o, "tsc", run->tsc.have ? j_tsc(&run->tsc) : NULL);
	add(o, "apic", report_json_apic(&run->apic));
	add(o, "topology", report_json_topology(&run->topology));
	add(o, "features", report_json_features(&run->features));
	add(o, "cpus", j_array(run->cpus, run->ncpus, sizeof(run->cpus[0]), j_cpu, NULL));
	lat = json_object_new_object();
	add(lat, "count", jint((int64_t)s->up.count));
	add(lat, "min_us", s->up.count ? ju64(s->up.min) : NULL);
	add(lat, "median_us", s->up.count ? ju64(s->up.median) : NULL);
	add(lat, "max_us", s->up.count ? ju64(s->up.max) : NULL);
	add(lat, "max_idx", s->up.count ? jint(s->up_max_idx) : NULL);
	add(o, "bringup", lat);
	lost = json_object_new_array();
	for (i = 0; i < run->ncpus; i++)
		if (rl_cpu_in_state(&run->cpus[i], PD_CPU_LOST))
			json_object_array_add(lost, jint(run->cpus[i].idx));
	add(o, "lost_cpus", lost);
	add(o, "online_cpus", ju64(s->online_cpus));
	add(o, "mismatches",
	    j_array(run->mismatches, run->nmismatches, sizeof(run->mismatches[0]),
		    report_json_mismatch, rl->sum.bsp));
	add(o, "mismatch_registers", ju64(s->mismatch_regs));
	/* Only from payloads that compare MSRs: older logs' reports stay as
	 * they were. */
	if (run->msrs.have)
		add(o, "msr_check", j_msr_check(rl));
	add(o, "errors", j_array(run->errors, run->nerrors, sizeof(run->errors[0]), j_error, NULL));
	add(o, "exceptions",
	    j_array(run->exceptions, run->nexceptions, sizeof(run->exceptions[0]), j_exception,
		    NULL));
	add(o, "input", j_input(&rl->input));
	add(o, "records", j_records(rl));
	add(o, "end", j_end(&run->end));
	add(o, "other_boots",
	    j_array(rl->others, rl->nothers, sizeof(rl->others[0]), j_other, NULL));
	add(o, "restarts", ju64(rl->restarts));
	add(o, "schedule", report_json_schedule(&run->kexec));
	add(o, "limits", report_json_limits(&run->limits));
	add(o, "cycles_total", ju64(s->cycles_run));
	add(o, "resets_injected", ju64(s->cycles_injected));
	add(o, "injected_records", ju64(run->ninjected));
	add(o, "resets_injected_expected",
	    s->has_injected_expected ? ju64(s->injected_expected) : NULL);
	/* Only from payloads that send the watchdog's records: older logs'
	 * reports stay as they were.  ("restarts" above is older: runs that
	 * started afresh.) */
	if (s->hang_records) {
		add(o, "hangs_injected", ju64(s->cycles_hung));
		add(o, "hangs_injected_expected",
		    s->has_hangs_expected ? ju64(s->hangs_expected) : NULL);
		add(o, "hangs_recovered_by_watchdog", ju64(s->hung_watchdog));
		add(o, "hangs_not_recovered", ju64(s->hung_died));
		add(o, "hangs_watchdog", ju64(s->hangs_watchdog));
		add(o, "restart_evidence",
		    j_array(run->restarts, run->nrestarts, sizeof(run->restarts[0]),
			    report_json_restart, NULL));
	}
	/* Only when the host watched for silence: other reports stay as
	 * they were. */
	{
		struct json_object *silence = report_json_silence(rl);

		if (silence)
			add(o, "silence", silence);
	}
	add(o, "cycles_planned",
	    run->kexec.have ? jint_has(run->kexec.has_cycles, run->kexec.cycles) : NULL);
	add(o, "modes", j_array(s->groups, s->ngroups, sizeof(s->groups[0]), report_json_mode, rl));
	add(o, "cycles",
	    j_array(run->cycles, run->ncycles, sizeof(run->cycles[0]), report_json_cycle, rl));
	/* Only from payloads that read the BMC's event log after a reset:
	 * other logs' reports stay as they were. */
	if (run->nsels || run->sel_records_bad || run->sels_dropped) {
		struct json_object *cycles = NULL;

		add(o, "sel", report_json_sel(run));
		add(o, "sel_records_bad", ju64(run->sel_records_bad));
		add(o, "sel_dropped", ju64(run->sels_dropped));
		if (json_object_object_get_ex(o, "cycles", &cycles))
			report_json_sel_cycles(cycles, run);
	}
	add(o, "mce", j_array(run->mces, run->nmces, sizeof(run->mces[0]), report_json_mce, NULL));
	/* Only from payloads that read the banks at boot and found one:
	 * other logs' reports stay as they were. */
	if (run->nmce_boots || run->mce_boots_dropped) {
		struct json_object *cycles = NULL;

		add(o, "mce_boot", report_json_mce_boot(run));
		add(o, "mce_boot_dropped", ju64(run->mce_boots_dropped));
		if (json_object_object_get_ex(o, "cycles", &cycles))
			report_json_mce_boot_cycles(cycles, run);
	}
	add(o, "mce_requests", ju64(rl->inject_requests));
	add(o, "einj_actions", ju64(run->einj_actions));
	add(o, "outcomes",
	    j_array(run->outcomes, run->noutcomes < 65536 ? run->noutcomes : 65536,
		    sizeof(run->outcomes[0]), report_json_outcome_record, NULL));
	add(o, "cpu_modes",
	    j_array(run->cpumodes, run->ncpumodes, sizeof(run->cpumodes[0]), report_json_cpu_mode,
		    NULL));
	dump = json_object_new_object();
	add(dump, "lines", ju64(run->dump_lines));
	add(dump, "parsed", json_object_new_boolean(s->dump_ok));
	add(dump, "cpus", ju64(s->dump_cpus));
	add(dump, "bad_lines", ju64(s->dump_bad_lines));
	add(dump, "truncated", json_object_new_boolean(run->dump_truncated));
	add(dump, "form",
	    json_object_new_string(run->ndumpsets    ? "distinct"
				   : run->dump_lines ? "all"
						     : "none"));
	add(dump, "sets",
	    j_array(run->dumpsets, run->ndumpsets, sizeof(run->dumpsets[0]), report_json_dumpset,
		    NULL));
	add(o, "dump", dump);
	notes = json_object_new_array();
	for (i = 0; i < rl->nnotes; i++)
		json_object_array_add(notes, jstr(rl->notes[i]));
	add(o, "notes", notes);
	return o;
}

int report_json_write(FILE *f, const struct runlog *rl)
{
	struct json_object *o = report_json(rl);
	const char *s;
	int rc = 0;

	if (!o)
		return -1;
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
						  JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!s || fputs(s, f) < 0 || fputc('\n', f) == EOF)
		rc = -1;
	json_object_put(o);
	return rc;
}

int report_json_save(const char *path, const struct runlog *rl)
{
	FILE *f = fopen(path, "w");
	int rc, saved;

	if (!f)
		return -1;
	rc = report_json_write(f, rl);
	saved = errno;
	if (fclose(f) != 0 && rc == 0)
		return -1;
	errno = saved;
	return rc;
}
