/* SPDX-License-Identifier: MIT */
/* The JSON report, built with json-c: for test farms and scripts. */
#include "host/report/report.h"

#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "host/model/idlist.h"
#include "results/fields.h"
#include "results/park.h"
#include "results/vectors.h"

/* Wire strings may hold any byte: keep the JSON valid UTF-8. */
static struct json_object *jstr(const char *s)
{
	char buf[512];
	size_t i;

	for (i = 0; s[i] && i + 1 < sizeof(buf); i++)
		buf[i] = (unsigned char)s[i] < 0x80 ? s[i] : '?';
	buf[i] = 0;
	return json_object_new_string(buf);
}

/* "" reads as unknown. */
static struct json_object *jstr_opt(const char *s)
{
	return s[0] ? jstr(s) : NULL;
}

static struct json_object *jint(int64_t v)
{
	return json_object_new_int64(v);
}

static struct json_object *jint_opt(int64_t v)
{
	return v < 0 ? NULL : jint(v);
}

static struct json_object *ju64(uint64_t v)
{
	return json_object_new_int64(v > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)v);
}

static struct json_object *jbool_opt(int64_t v)
{
	return v < 0 ? NULL : json_object_new_boolean(v != 0);
}

static struct json_object *jhex(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	return json_object_new_string(buf);
}

static void add(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

static struct json_object *id_array(const uint32_t *ids, size_t n)
{
	struct json_object *a = json_object_new_array_ext((int)(n < 1024 ? n : 1024));
	size_t i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, jint(ids[i]));
	return a;
}

static struct json_object *id_ranges(const uint32_t *ids, size_t n)
{
	char *s = idlist_format(ids, n);
	struct json_object *o = json_object_new_string(s ? s : "");

	free(s);
	return o;
}

struct json_object *report_json_libcpuid(const struct cpu_identity *id, int raw,
					 struct json_object *(*str)(const char *))
{
	struct json_object *l = json_object_new_object();

	add(l, "ok", json_object_new_boolean(id->ok));
	add(l, "error", id->ok ? NULL : str(id->error));
	add(l, "vendor", str(id->vendor));
	add(l, "brand", str(id->brand));
	add(l, "codename", str(id->codename));
	add(l, "codename_known",
	    id->known == CPU_KNOWN_UNSURE ? NULL
					  : json_object_new_boolean(id->known == CPU_KNOWN_YES));
	add(l, "version", str(id->libcpuid));
	add(l, "purpose", id->ok ? str(id->purpose) : NULL);
	add(l, "family", jint(raw ? id->family : id->ext_family));
	add(l, "model", jint(raw ? id->model : id->ext_model));
	add(l, "stepping", jint(id->stepping));
	if (raw) {
		add(l, "ext_family", jint(id->ext_family));
		add(l, "ext_model", jint(id->ext_model));
	}
	return l;
}

struct json_object *report_json_mwait(int64_t min, int64_t max, int64_t emx, int64_t ibe,
				      int64_t cstates)
{
	struct json_object *m = json_object_new_object(), *sub = NULL;
	int i;

	add(m, "min", jint_opt(min));
	add(m, "max", jint_opt(max));
	add(m, "emx", jbool_opt(emx));
	add(m, "ibe", jbool_opt(ibe));
	if (cstates >= 0) {
		sub = json_object_new_array();
		for (i = 0; i < 8; i++)
			json_object_array_add(sub, jint(((uint64_t)cstates >> (4 * i)) & 15));
	}
	add(m, "substates", sub);
	return m;
}

static struct json_object *j_boot_info(const struct rl_boot_info *i)
{
	struct json_object *o;

	if (!i->have)
		return NULL;
	o = json_object_new_object();
	add(o, "version", jstr_opt(i->version));
	add(o, "format", i->has_format ? ju64(i->format) : NULL);
	add(o, "path", jstr_opt(i->path));
	add(o, "loader", jstr_opt(i->loader));
	add(o, "cmdline", jstr(i->cmdline));
	add(o, "mem_kb", i->has_mem_kb ? ju64(i->mem_kb) : NULL);
	add(o, "base", i->has_base ? jhex(i->base) : NULL);
	add(o, "console", jstr_opt(i->console));
	add(o, "console_from", jstr_opt(i->console_from));
	add(o, "baud", i->has_baud ? ju64(i->baud) : NULL);
	add(o, "ignored_parameters", i->has_ignored ? ju64(i->ignored) : NULL);
	return o;
}

static struct json_object *j_identity(const struct runlog *rl)
{
	const struct rl_summary *s = &rl->sum;
	const struct rl_features *f = &rl->cur.features;
	const struct cpu_identity *id = &s->identity;
	struct json_object *o = json_object_new_object(), *g = json_object_new_array();
	int lib = s->identity_tried && id->ok;
	int64_t ucode = s->bsp_ucode >= 0 ? s->bsp_ucode : f->have ? f->ucode : -1;
	char ctext[192];
	size_t i;

	add(o, "source", json_object_new_string(lib ? "libcpuid" : f->have ? "payload" : "none"));
	add(o, "vendor", lib ? jstr(id->vendor) : f->have ? jstr_opt(f->vendor) : NULL);
	add(o, "family", lib ? jint(id->ext_family) : f->have ? jint_opt(f->family) : NULL);
	add(o, "model", lib ? jint(id->ext_model) : f->have ? jint_opt(f->model) : NULL);
	add(o, "stepping", lib ? jint(id->stepping) : f->have ? jint_opt(f->stepping) : NULL);
	add(o, "codename", lib && id->known == CPU_KNOWN_YES ? jstr(id->codename) : NULL);
	add(o, "codename_text",
	    lib ? jstr(identify_codename_text(id, ctext, sizeof(ctext))) : NULL);
	add(o, "brand", lib ? jstr(id->brand) : f->have ? jstr_opt(f->brand) : NULL);
	add(o, "microcode", ucode >= 0 ? jhex((uint64_t)ucode) : NULL);
	for (i = 0; i < s->nucode; i++) {
		struct json_object *e = json_object_new_object();

		add(e, "microcode", jhex(s->ucode[i].ucode));
		add(e, "apics", id_array(s->ucode[i].apics, s->ucode[i].n));
		add(e, "apic_ranges", id_ranges(s->ucode[i].apics, s->ucode[i].n));
		add(e, "count", jint((int64_t)s->ucode[i].n));
		json_object_array_add(g, e);
	}
	add(o, "microcode_groups", g);
	/* the version string; what libcpuid said is libcpuid_result */
	add(o, "libcpuid", jstr(identify_libcpuid_version()));
	add(o, "libcpuid_result", s->identity_tried ? report_json_libcpuid(id, 1, jstr) : NULL);
	if (f->have) {
		struct json_object *p = json_object_new_object();

		add(p, "vendor", jstr_opt(f->vendor));
		add(p, "family", jint_opt(f->family));
		add(p, "model", jint_opt(f->model));
		add(p, "stepping", jint_opt(f->stepping));
		add(p, "brand", jstr_opt(f->brand));
		add(p, "microcode", f->ucode >= 0 ? jhex((uint64_t)f->ucode) : NULL);
		add(p, "from_dump", json_object_new_boolean(f->from_dump));
		add(o, "payload", p);
	} else {
		add(o, "payload", NULL);
	}
	return o;
}

static struct json_object *j_smbios(const struct rl_smbios *s)
{
	struct json_object *o;

	if (!s->have)
		return NULL;
	o = json_object_new_object();
	add(o, "version", jstr_opt(s->ver));
	add(o, "bios_vendor", jstr_opt(s->bios_vendor));
	add(o, "bios_version", jstr_opt(s->bios_version));
	add(o, "bios_date", jstr_opt(s->bios_date));
	add(o, "sys_vendor", jstr_opt(s->sys_vendor));
	add(o, "sys_product", jstr_opt(s->sys_product));
	add(o, "board_vendor", jstr_opt(s->board_vendor));
	add(o, "board_product", jstr_opt(s->board_product));
	add(o, "cpu_socket", jstr_opt(s->cpu_socket));
	add(o, "cpu_version", jstr_opt(s->cpu_version));
	return o;
}

static struct json_object *j_acpi(const struct rl_acpi *a)
{
	struct json_object *o;

	if (!a->have)
		return NULL;
	o = json_object_new_object();
	add(o, "rsdp", a->has_rsdp ? jhex(a->rsdp) : NULL);
	add(o, "rev", a->has_rev ? ju64(a->rev) : NULL);
	add(o, "oem", jstr_opt(a->oem));
	add(o, "sdt", jstr_opt(a->sdt));
	add(o, "madt", a->has_madt ? json_object_new_boolean(a->madt != 0) : NULL);
	add(o, "fadt", a->has_fadt ? json_object_new_boolean(a->fadt != 0) : NULL);
	add(o, "lapic", a->has_lapic ? jhex(a->lapic) : NULL);
	add(o, "smi_cmd", a->has_smi_cmd ? jhex(a->smi_cmd) : NULL);
	add(o, "pm_tmr", a->has_pm_tmr ? jhex(a->pm_tmr) : NULL);
	add(o, "entries", a->has_entries ? ju64(a->entries) : NULL);
	return o;
}

static struct json_object *j_apic(const struct rl_apic *a)
{
	struct json_object *o;

	if (!a->have)
		return NULL;
	o = json_object_new_object();
	add(o, "mode", jstr_opt(a->mode));
	add(o, "bsp", a->has_bsp ? ju64(a->bsp) : NULL);
	add(o, "init_udelay", a->has_init_udelay ? ju64(a->init_udelay) : NULL);
	add(o, "trampoline", a->has_trampoline ? jhex(a->trampoline) : NULL);
	add(o, "all_up_us", a->has_all_up_us ? ju64(a->all_up_us) : NULL);
	return o;
}

static struct json_object *j_topology(const struct rl_topology *t)
{
	struct json_object *o;

	if (!t->have)
		return NULL;
	o = json_object_new_object();
	add(o, "packages", jint_opt(t->packages));
	add(o, "cores", jint_opt(t->cores));
	add(o, "threads", jint_opt(t->threads));
	add(o, "cpus", jint_opt(t->cpus));
	add(o, "smt", jbool_opt(t->smt));
	add(o, "core_types", report_json_core_types(t->core_types));
	return o;
}

struct json_object *report_json_core_types(const char *list)
{
	struct json_object *a;
	const char *p = list;

	if (!list || !*list)
		return NULL;
	a = json_object_new_array();
	while (*p) {
		const char *colon = strchr(p, ':'), *comma = strchr(p, ',');
		struct json_object *e;
		char *end;
		long n;

		if (!comma)
			comma = p + strlen(p);
		if (!colon || colon > comma)
			break; /* not "type:count": keep what parsed */
		n = strtol(colon + 1, &end, 10);
		if (end != comma || n < 0)
			break;
		e = json_object_new_object();
		add(e, "type", json_object_new_string_len(p, (int)(colon - p)));
		add(e, "cpus", json_object_new_int64(n));
		json_object_array_add(a, e);
		p = *comma ? comma + 1 : comma;
	}
	return a;
}

struct json_object *report_json_features(const struct rl_features *f)
{
	struct json_object *o;

	if (!f->have)
		return NULL;
	o = json_object_new_object();
	add(o, "source", json_object_new_string(f->from_dump ? "dump" : "payload"));
	add(o, "sme", jbool_opt(f->sme));
	add(o, "sev", jbool_opt(f->sev));
	add(o, "sev_es", jbool_opt(f->sev_es));
	add(o, "snp", jbool_opt(f->snp));
	/* cbit: is there one; cbit_pos: which physical address bit */
	add(o, "cbit", jbool_opt(f->cbit));
	add(o, "cbit_pos", f->cbit > 0 ? jint(f->cbit) : NULL);
	add(o, "tme", jbool_opt(f->tme));
	add(o, "tme_active", jbool_opt(f->tme_active));
	add(o, "tdx_host", jbool_opt(f->tdx_host));
	add(o, "tdx_keyids", jint_opt(f->tdx_keyids));
	add(o, "tdx_guest", jbool_opt(f->tdx_guest));
	add(o, "monitor_mwait", jbool_opt(f->monitor_mwait));
	add(o, "mwait",
	    report_json_mwait(f->mwait_min, f->mwait_max, f->mwait_emx, f->mwait_ibe,
			      f->mwait_cstates));
	add(o, "mwait_hint", jint_opt(f->mwait_hint));
	add(o, "smt", jbool_opt(f->smt));
	add(o, "x2apic", jbool_opt(f->x2apic));
	add(o, "hypervisor", jbool_opt(f->hypervisor));
	add(o, "pdpe1gb", jbool_opt(f->pdpe1gb));
	add(o, "smt_shift", jint_opt(f->smt_shift));
	add(o, "core_shift", jint_opt(f->core_shift));
	return o;
}

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

static struct json_object *j_cpu(const void *elem, const void *ctx)
{
	const struct rl_cpu *c = elem;
	struct json_object *o = json_object_new_object();
	int up = c->state == PD_CPU_BSP || c->state == PD_CPU_ONLINE;

	(void)ctx;
	add(o, "idx", jint(c->idx));
	add(o, "apic_id", c->has & RL_CPU_APIC ? jint(c->apic) : NULL);
	add(o, "package", c->has & RL_CPU_TOPO ? jint(c->pkg) : NULL);
	add(o, "core", c->has & RL_CPU_TOPO ? jint(c->core) : NULL);
	add(o, "thread", c->has & RL_CPU_TOPO ? jint(c->thread) : NULL);
	add(o, "online", json_object_new_boolean(up));
	add(o, "state", jstr_opt(c->state_name));
	add(o, "bringup_us",
	    c->state == PD_CPU_ONLINE && (c->has & RL_CPU_UP) ? ju64(c->up_us) : NULL);
	add(o, "ucode", c->has & RL_CPU_UCODE ? jhex(c->ucode) : NULL);
	add(o, "uid", c->has & RL_CPU_UID ? jint(c->uid) : NULL);
	add(o, "src", jstr_opt(c->src));
	add(o, "flags", jstr(c->flags));
	add(o, "canary", c->canary < 0 ? NULL : json_object_new_string(c->canary ? "bad" : "ok"));
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

	for (k = 0; bsp && (bsp->has & RL_CPU_APIC) && k < m->napics; k++)
		has_bsp |= m->apics[k] == bsp->apic;
	add(o, "kind", jstr_opt(m->kind));
	add(o, "leaf", m->has_leaf ? jhex(m->leaf) : NULL);
	add(o, "sub", m->has_sub ? jhex(m->sub) : NULL);
	add(o, "reg", jstr_opt(m->reg));
	add(o, "core_type", jstr_opt(m->core_type));
	add(o, "val", m->has_val ? jhex(m->val) : NULL);
	add(o, "apics", id_array(m->apics, m->napics));
	add(o, "apic_ranges", id_ranges(m->apics, m->napics));
	add(o, "count", jint((int64_t)m->napics));
	add(o, "bsp", json_object_new_boolean(has_bsp));
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
	add(o, "cycle", x->cycle >= 0 ? jint(x->cycle) : NULL);
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
	add(o, "cpus", jint_opt(e->cpus));
	add(o, "online", jint_opt(e->online));
	add(o, "lost", jint_opt(e->lost));
	add(o, "errors", jint_opt(e->errors));
	add(o, "mismatches", jint_opt(e->mismatches));
	add(o, "records", jint_opt(e->records));
	add(o, "cycles", jint_opt(e->cycles));
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

static struct json_object *j_schedule(const struct rl_kexec *k)
{
	struct json_object *o;

	if (!k->have)
		return NULL;
	o = json_object_new_object();
	add(o, "load", jstr_opt(k->load));
	add(o, "wbinvd", jbool_opt(k->wbinvd));
	add(o, "wbinvd_why", jstr_opt(k->why));
	add(o, "platform", jstr_opt(k->platform));
	add(o, "cycles_planned", jint_opt(k->cycles));
	add(o, "modes", j_split(k->modes, ','));
	add(o, "provoke", j_split(k->provoke, '/'));
	add(o, "on_reset", jstr_opt(k->on_reset));
	add(o, "area", k->area >= 0 ? jhex((uint64_t)k->area) : NULL);
	add(o, "mwait_hint", jint_opt(k->mwait_hint));
	return o;
}

static struct json_object *j_limits(const struct rl_limits *l)
{
	struct json_object *o;
	int w;

	if (!l->have)
		return NULL;
	o = json_object_new_object();
	add(o, "cpus", jint_opt(l->cpus));
	add(o, "emulated", jbool_opt(l->emulated));
	add(o, "host_cpus", jint_opt(l->host_cpus));
	add(o, "per_core", jint_opt(l->per_core));
	for (w = 0; w < PD_WAIT_COUNT; w++)
		add(o, pd_wait_name((enum pd_wait)w), jint_opt(l->us[w]));
	return o;
}

static struct json_object *j_dumpset(const void *elem, const void *ctx)
{
	const struct rl_dumpset *d = elem;
	struct json_object *o = json_object_new_object();

	(void)ctx;
	add(o, "idx", jint(d->idx));
	add(o, "cpus", ju64(d->napics));
	add(o, "apics", id_ranges(d->apics, d->napics));
	add(o, "core_type", jstr_opt(d->core_type));
	add(o, "complete",
	    json_object_new_boolean(!d->bad_list && (d->cpus < 0 || (size_t)d->cpus == d->napics)));
	return o;
}

static struct json_object *j_mce(const void *elem, const void *ctx)
{
	const struct rl_mce *m = elem;
	struct json_object *o = json_object_new_object();

	(void)ctx;
	add(o, "n", ju64(m->n));
	add(o, "when", jstr_opt(m->when));
	add(o, "via", jstr_opt(m->via));
	add(o, "injected", json_object_new_boolean(m->injected));
	add(o, "why", jstr_opt(m->why));
	add(o, "bank", m->injected && m->bank >= 0 ? jint(m->bank) : NULL);
	add(o, "status", m->injected ? jhex(m->status) : NULL);
	add(o, "mcg_status", m->injected ? jhex(m->mcg) : NULL);
	return o;
}

static struct json_object *j_mode(const void *elem, const void *ctx)
{
	const struct rl_group *g = elem;
	struct json_object *o = json_object_new_object(), *smi = NULL;

	(void)ctx;
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

static struct json_object *j_cycle(const void *elem, const void *ctx)
{
	const struct rl_cycle *c = elem;
	struct json_object *o = json_object_new_object();

	(void)ctx;
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
	add(o, "smi_us", jint_opt(c->smi_us));
	add(o, "exceptions", ju64(c->exceptions));
	add(o, "cpus_failed", ju64(c->bad_cpus));
	add(o, "passed", json_object_new_boolean(c->passed));
	add(o, "boot", jint(c->boot));
	add(o, "records", jint(c->records));
	return o;
}

static struct json_object *j_outcome_record(const void *elem, const void *ctx)
{
	const struct rl_outcome *x = elem;
	struct json_object *o = json_object_new_object();

	(void)ctx;
	add(o, "n", jint(x->n));
	add(o, "apic", jint(x->apic));
	add(o, "o", jstr(x->name));
	add(o, "before", jint_opt(x->before));
	add(o, "after", jint_opt(x->after));
	return o;
}

static struct json_object *j_cpu_mode(const void *elem, const void *ctx)
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
	add(o, "qemu_status", rl->qemu_status >= 0 ? jint(rl->qemu_status) : NULL);
	add(o, "boot_info", j_boot_info(&run->info));
	add(o, "identity", j_identity(rl));
	add(o, "smbios", j_smbios(&run->smbios));
	add(o, "acpi", j_acpi(&run->acpi));
	if (run->tsc.have) {
		struct json_object *t = json_object_new_object();

		add(t, "khz", ju64(run->tsc.khz));
		add(t, "source", jstr_opt(run->tsc.source));
		add(o, "tsc", t);
	} else {
		add(o, "tsc", NULL);
	}
	add(o, "apic", j_apic(&run->apic));
	add(o, "topology", j_topology(&run->topology));
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
		if (run->cpus[i].state == PD_CPU_LOST)
			json_object_array_add(lost, jint(run->cpus[i].idx));
	add(o, "lost_cpus", lost);
	add(o, "online_cpus", ju64(s->online_cpus));
	add(o, "mismatches",
	    j_array(run->mismatches, run->nmismatches, sizeof(run->mismatches[0]),
		    report_json_mismatch, rl->sum.bsp));
	add(o, "mismatch_registers", ju64(s->mismatch_regs));
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
	add(o, "schedule", j_schedule(&run->kexec));
	add(o, "limits", j_limits(&run->limits));
	add(o, "cycles_total", ju64(s->cycles_run));
	add(o, "resets_injected", ju64(s->cycles_injected));
	add(o, "injected_records", ju64(run->ninjected));
	add(o, "resets_injected_expected",
	    s->injected_expected >= 0 ? jint(s->injected_expected) : NULL);
	add(o, "cycles_planned", run->kexec.have ? jint_opt(run->kexec.cycles) : NULL);
	add(o, "modes", j_array(s->groups, s->ngroups, sizeof(s->groups[0]), j_mode, NULL));
	add(o, "cycles", j_array(run->cycles, run->ncycles, sizeof(run->cycles[0]), j_cycle, NULL));
	add(o, "mce", j_array(run->mces, run->nmces, sizeof(run->mces[0]), j_mce, NULL));
	add(o, "mce_requests", ju64(rl->inject_requests));
	add(o, "einj_actions", ju64(run->einj_actions));
	add(o, "outcomes",
	    j_array(run->outcomes, run->noutcomes < 65536 ? run->noutcomes : 65536,
		    sizeof(run->outcomes[0]), j_outcome_record, NULL));
	add(o, "cpu_modes",
	    j_array(run->cpumodes, run->ncpumodes, sizeof(run->cpumodes[0]), j_cpu_mode, NULL));
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
	    j_array(run->dumpsets, run->ndumpsets, sizeof(run->dumpsets[0]), j_dumpset, NULL));
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
