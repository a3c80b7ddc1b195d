/* SPDX-License-Identifier: MIT */
/* The fleet view as text and as JSON (fleet.h). */
#include "host/fleet/fleet.h"

#include <inttypes.h>
#include <json-c/json.h>
#include <string.h>

/* ---- text ---- */

static void text_machine(FILE *out, const struct fleet_machine *m)
{
	const struct fleet_machine_key *k = &m->key;
	size_t i, j;

	fprintf(out, "\nmachine: %s %s%s%s", k->cpu_vendor[0] ? k->cpu_vendor : "(vendor unknown)",
		k->codename[0] ? k->codename : "(codename unknown)", k->brand[0] ? ", " : "",
		k->brand);
	if (k->family >= 0)
		fprintf(out, ", family 0x%" PRIx64 " model 0x%" PRIx64 " stepping %" PRId64,
			k->family, k->model, k->stepping);
	if (k->microcode >= 0)
		fprintf(out, ", microcode 0x%" PRIx64, k->microcode);
	fputc('\n', out);
	fprintf(out, "  BIOS:    %s %s %s\n", k->bios_vendor[0] ? k->bios_vendor : "(no SMBIOS)",
		k->bios_version, k->bios_date);
	fprintf(out, "  system:  %s %s\n", k->sys_vendor, k->sys_product);
	fprintf(out,
		"  runs:    %" PRIu64 " (%" PRIu64 " pass, %" PRIu64 " fail, %" PRIu64
		" broken); first run %08" PRIx32 " in %s, last %08" PRIx32 " in %s\n",
		m->runs, m->runs_pass, m->runs_fail, m->runs_broken, m->first.run, m->first.file,
		m->last.run, m->last.file);
	for (i = 0; i < m->ngroups; i++) {
		const struct fleet_group *g = &m->groups[i];

		fprintf(out,
			"  %-11s %-22s %4" PRIu64 " runs, %5" PRIu64 " cycles, %5" PRIu64
			" failed; %" PRIu64 " %s not as expected (%s)%s",
			g->m, g->p, g->runs, g->cycles, g->cycles_failed, g->runs_unexpected,
			g->runs_unexpected == 1 ? "run" : "runs",
			g->expected_pass ? "expected pass" : "negative control",
			g->nfailing ? "; failing CPUs (APIC ID x runs):" : "");
		for (j = 0; j < g->nfailing && j < 32; j++)
			fprintf(out, " %" PRIu32 "x%" PRIu64, g->failing[j].apic,
				g->failing[j].runs);
		if (g->nfailing > 32)
			fprintf(out, " ... %zu more", g->nfailing - 32);
		fputc('\n', out);
	}
}

void fleet_text(FILE *out, const struct fleet *f)
{
	size_t i;

	fprintf(out,
		"fleet: %" PRIu64 " logs read, %" PRIu64 " not usable, %" PRIu64 " runs, %zu %s\n",
		f->logs_read, f->logs_bad, f->runs, f->nmachines,
		f->nmachines == 1 ? "machine" : "machines");
	for (i = 0; i < f->nmachines; i++)
		text_machine(out, &f->machines[i]);
	if (f->nbad)
		fputs("\nnot usable:\n", out);
	for (i = 0; i < f->nbad; i++)
		fprintf(out, "  %s: %s\n", f->bad[i].path, f->bad[i].why);
	if (f->logs_bad > f->nbad)
		fprintf(out, "  ... %" PRIu64 " more\n", f->logs_bad - f->nbad);
	if (f->groups_dropped)
		fprintf(out, "note: %" PRIu64 " groups beyond %d per machine not counted\n",
			f->groups_dropped, FLEET_MAX_GROUPS);
}

/* ---- JSON ---- */

static struct json_object *jstr(const char *s)
{
	/* Logs are not trusted to be UTF-8; json-c writes bytes as given. */
	char buf[512];
	size_t i, n = 0;

	for (i = 0; s[i] && n + 1 < sizeof(buf); i++)
		buf[n++] = (unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f ? '?' : s[i];
	buf[n] = 0;
	return json_object_new_string(buf);
}

static struct json_object *jint_opt(int64_t v)
{
	return v < 0 ? NULL : json_object_new_int64(v);
}

static struct json_object *ju64(uint64_t v)
{
	return json_object_new_uint64(v);
}

static void add(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

static struct json_object *jseen(const struct fleet_seen *s)
{
	struct json_object *o;
	char run[16];

	if (!s->have)
		return NULL;
	o = json_object_new_object();
	snprintf(run, sizeof(run), "%08" PRIx32, s->run);
	add(o, "run", json_object_new_string(run));
	add(o, "file", jstr(s->file));
	return o;
}

static struct json_object *jgroup(const struct fleet_group *g)
{
	struct json_object *o = json_object_new_object(), *a = json_object_new_array();
	size_t j;

	add(o, "mode", jstr(g->m));
	add(o, "provoke", jstr(g->p));
	add(o, "expected", json_object_new_string(runlog_pass_name(g->expected_pass)));
	add(o, "negative_control", json_object_new_boolean(!g->expected_pass));
	add(o, "runs", ju64(g->runs));
	add(o, "runs_unexpected", ju64(g->runs_unexpected));
	add(o, "cycles", ju64(g->cycles));
	add(o, "cycles_failed", ju64(g->cycles_failed));
	for (j = 0; j < g->nfailing; j++) {
		struct json_object *c = json_object_new_object();

		add(c, "apic", ju64(g->failing[j].apic));
		add(c, "runs", ju64(g->failing[j].runs));
		json_object_array_add(a, c);
	}
	add(o, "failing_cpus", a);
	add(o, "first", jseen(&g->first));
	add(o, "last", jseen(&g->last));
	return o;
}

static struct json_object *jmachine(const struct fleet_machine *m)
{
	const struct fleet_machine_key *k = &m->key;
	struct json_object *o = json_object_new_object(), *a = json_object_new_array();
	size_t i;

	add(o, "cpu_vendor", jstr(k->cpu_vendor));
	add(o, "codename", jstr(k->codename));
	add(o, "brand", jstr(k->brand));
	add(o, "family", jint_opt(k->family));
	add(o, "model", jint_opt(k->model));
	add(o, "stepping", jint_opt(k->stepping));
	add(o, "microcode", jint_opt(k->microcode));
	add(o, "bios_vendor", jstr(k->bios_vendor));
	add(o, "bios_version", jstr(k->bios_version));
	add(o, "bios_date", jstr(k->bios_date));
	add(o, "system_vendor", jstr(k->sys_vendor));
	add(o, "system_product", jstr(k->sys_product));
	add(o, "runs", ju64(m->runs));
	add(o, "runs_pass", ju64(m->runs_pass));
	add(o, "runs_fail", ju64(m->runs_fail));
	add(o, "runs_broken", ju64(m->runs_broken));
	add(o, "first", jseen(&m->first));
	add(o, "last", jseen(&m->last));
	for (i = 0; i < m->ngroups; i++)
		json_object_array_add(a, jgroup(&m->groups[i]));
	add(o, "groups", a);
	return o;
}

struct json_object *fleet_json(const struct fleet *f)
{
	struct json_object *o = json_object_new_object(), *a = json_object_new_array(),
			   *bad = json_object_new_array();
	size_t i;

	add(o, "logs_read", ju64(f->logs_read));
	add(o, "logs_bad", ju64(f->logs_bad));
	add(o, "runs", ju64(f->runs));
	add(o, "bytes", ju64(f->bytes));
	for (i = 0; i < f->nmachines; i++)
		json_object_array_add(a, jmachine(&f->machines[i]));
	add(o, "machines", a);
	for (i = 0; i < f->nbad; i++) {
		struct json_object *b = json_object_new_object();

		add(b, "path", jstr(f->bad[i].path));
		add(b, "why", jstr(f->bad[i].why));
		json_object_array_add(bad, b);
	}
	add(o, "bad_files", bad);
	add(o, "groups_dropped", ju64(f->groups_dropped));
	return o;
}

int fleet_json_write(FILE *out, const struct fleet *f)
{
	struct json_object *o = fleet_json(f);
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							      JSON_C_TO_STRING_NOSLASHESCAPE);
	int rc = fputs(s, out) < 0 || fputc('\n', out) == EOF ? -1 : 0;

	json_object_put(o);
	return rc;
}
