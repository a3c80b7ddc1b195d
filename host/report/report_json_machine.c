/* SPDX-License-Identifier: MIT */
/*
 * The JSON report (see report_json.c): the machine's facts, from boot
 * information, SMBIOS, ACPI and the APIC to identity, topology and features.
 */
#include "host/report/report.h"
#include "host/report/report_json_parts.h"

#include <inttypes.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "host/model/idlist.h"
#include "results/fields.h"
#include "results/park.h"
#include "results/vectors.h"

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

struct json_object *report_json_mwait(const struct rl_features *f)
{
	struct json_object *m = json_object_new_object(), *sub = NULL;
	int i;

	add(m, "min", jint_has(f->has_mwait_min, f->mwait_min));
	add(m, "max", jint_has(f->has_mwait_max, f->mwait_max));
	/* Only when sent: logs from before the field keep their report. */
	if (f->has_mwait_line)
		add(m, "line", jint(f->mwait_line));
	add(m, "emx", jbool_has(f->has_mwait_emx, f->mwait_emx));
	add(m, "ibe", jbool_has(f->has_mwait_ibe, f->mwait_ibe));
	if (f->has_mwait_cstates) {
		sub = json_object_new_array();
		for (i = 0; i < 8; i++)
			json_object_array_add(sub,
					      jint(((uint64_t)f->mwait_cstates >> (4 * i)) & 15));
	}
	add(m, "substates", sub);
	return m;
}

struct json_object *report_json_boot_info(const struct rl_boot_info *i)
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

struct json_object *report_json_identity(const struct runlog *rl)
{
	const struct rl_summary *s = &rl->sum;
	const struct rl_features *f = &rl->cur.features;
	const struct cpu_identity *id = &s->identity;
	struct json_object *o = json_object_new_object(), *g = json_object_new_array();
	int lib = s->identity_tried && id->ok;
	int has_ucode = s->has_bsp_ucode || (f->have && f->has_ucode);
	int64_t ucode = s->has_bsp_ucode ? s->bsp_ucode : f->ucode;
	char ctext[192];
	size_t i;

	add(o, "source", json_object_new_string(lib ? "libcpuid" : f->have ? "payload" : "none"));
	add(o, "vendor", lib ? jstr(id->vendor) : f->have ? jstr_opt(f->vendor) : NULL);
	add(o, "family",
	    lib	      ? jint(id->ext_family)
	    : f->have ? jint_has(f->has_family, f->family)
		      : NULL);
	add(o, "model",
	    lib	      ? jint(id->ext_model)
	    : f->have ? jint_has(f->has_model, f->model)
		      : NULL);
	add(o, "stepping",
	    lib	      ? jint(id->stepping)
	    : f->have ? jint_has(f->has_stepping, f->stepping)
		      : NULL);
	add(o, "codename", lib && id->known == CPU_KNOWN_YES ? jstr(id->codename) : NULL);
	add(o, "codename_text",
	    lib ? jstr(identify_codename_text(id, ctext, sizeof(ctext))) : NULL);
	add(o, "brand", lib ? jstr(id->brand) : f->have ? jstr_opt(f->brand) : NULL);
	add(o, "microcode", has_ucode ? jhex((uint64_t)ucode) : NULL);
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
		add(p, "family", jint_has(f->has_family, f->family));
		add(p, "model", jint_has(f->has_model, f->model));
		add(p, "stepping", jint_has(f->has_stepping, f->stepping));
		add(p, "brand", jstr_opt(f->brand));
		add(p, "microcode", f->has_ucode ? jhex((uint64_t)f->ucode) : NULL);
		add(p, "from_dump", json_object_new_boolean(f->from_dump));
		add(o, "payload", p);
	} else {
		add(o, "payload", NULL);
	}
	return o;
}

struct json_object *report_json_smbios(const struct rl_smbios *s)
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

struct json_object *report_json_bmc(const struct rl_bmc *b)
{
	struct json_object *o;

	if (!b->have)
		return NULL;
	o = json_object_new_object();
	add(o, "found", jbool_has(b->has_found, b->found));
	add(o, "via", jstr_opt(b->via));
	add(o, "interface", jstr_opt(b->iface));
	add(o, "space", jstr_opt(b->space));
	add(o, "addr", b->has_addr ? jhex(b->addr) : NULL);
	add(o, "spacing", jint_has(b->has_spacing, b->spacing));
	add(o, "spec", jstr_opt(b->spec));
	add(o, "answer", jbool_has(b->has_answer, b->answer));
	add(o, "ipmi", jstr_opt(b->ipmi));
	add(o, "device_id", b->has_dev ? jhex(b->dev) : NULL);
	add(o, "device_rev", jint_has(b->has_dev_rev, b->dev_rev));
	add(o, "firmware", jstr_opt(b->fw));
	add(o, "manufacturer", jint_has(b->has_mfg, b->mfg));
	add(o, "product", jint_has(b->has_product, b->product));
	add(o, "why", jstr_opt(b->why));
	return o;
}

struct json_object *report_json_acpi(const struct rl_acpi *a)
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
	add(o, "hw_reduced",
	    a->has_hw_reduced ? json_object_new_boolean(a->hw_reduced != 0) : NULL);
	add(o, "hpet", a->has_hpet ? jhex(a->hpet) : NULL);
	return o;
}

struct json_object *report_json_apic(const struct rl_apic *a)
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

struct json_object *report_json_topology(const struct rl_topology *t)
{
	struct json_object *o;

	if (!t->have)
		return NULL;
	o = json_object_new_object();
	add(o, "packages", jint_has(t->has_packages, t->packages));
	add(o, "cores", jint_has(t->has_cores, t->cores));
	add(o, "threads", jint_has(t->has_threads, t->threads));
	add(o, "cpus", jint_has(t->has_cpus, t->cpus));
	add(o, "smt", jbool_has(t->has_smt, t->smt));
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
	add(o, "sme", jbool_has(f->has_sme, f->sme));
	add(o, "sev", jbool_has(f->has_sev, f->sev));
	add(o, "sev_es", jbool_has(f->has_sev_es, f->sev_es));
	add(o, "snp", jbool_has(f->has_snp, f->snp));
	/* cbit: is there one; cbit_pos: which physical address bit */
	add(o, "cbit", jbool_has(f->has_cbit, f->cbit));
	add(o, "cbit_pos", f->cbit > 0 ? jint(f->cbit) : NULL);
	add(o, "tme", jbool_has(f->has_tme, f->tme));
	add(o, "tme_active", jbool_has(f->has_tme_active, f->tme_active));
	add(o, "tdx_host", jbool_has(f->has_tdx_host, f->tdx_host));
	add(o, "tdx_keyids", jint_has(f->has_tdx_keyids, f->tdx_keyids));
	add(o, "tdx_guest", jbool_has(f->has_tdx_guest, f->tdx_guest));
	add(o, "monitor_mwait", jbool_has(f->has_monitor_mwait, f->monitor_mwait));
	add(o, "mwait", report_json_mwait(f));
	add(o, "mwait_hint", jint_has(f->has_mwait_hint, f->mwait_hint));
	add(o, "smt", jbool_has(f->has_smt, f->smt));
	add(o, "x2apic", jbool_has(f->has_x2apic, f->x2apic));
	add(o, "hypervisor", jbool_has(f->has_hypervisor, f->hypervisor));
	add(o, "pdpe1gb", jbool_has(f->has_pdpe1gb, f->pdpe1gb));
	/* Only when sent: logs from before these fields keep their report. */
	if (f->has_cpuid_max)
		add(o, "cpuid_max", jint(f->cpuid_max));
	if (f->has_cpuid_limit)
		add(o, "cpuid_limit", json_object_new_boolean(f->cpuid_limit != 0));
	if (f->has_cpuid_limit_cleared)
		add(o, "cpuid_limit_cleared", json_object_new_boolean(f->cpuid_limit_cleared != 0));
	add(o, "smt_shift", jint_has(f->has_smt_shift, f->smt_shift));
	add(o, "core_shift", jint_has(f->has_core_shift, f->core_shift));
	return o;
}
