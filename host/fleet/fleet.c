/* SPDX-License-Identifier: MIT */
/* The fleet tables: finished runs folded in by machine and group (fleet.h). */
#include "host/fleet/fleet.h"
#include "host/cpuid/identify.h"

#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q) {
		fputs("playdead: out of memory\n", stderr);
		exit(2);
	}
	return q;
}

/* Grows *arr (of elem-sized items, capacity *cap) to hold need items. */
static void grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return;
	*cap = *cap ? *cap * 2 : 8;
	if (*cap < need)
		*cap = need;
	*arr = xrealloc(*arr, *cap * elem);
}

struct fleet *fleet_new(void)
{
	return calloc(1, sizeof(struct fleet));
}

void fleet_free(struct fleet *f)
{
	size_t i, j;

	if (!f)
		return;
	for (i = 0; i < f->nmachines; i++) {
		for (j = 0; j < f->machines[i].ngroups; j++)
			free(f->machines[i].groups[j].failing);
		free(f->machines[i].groups);
	}
	free(f->machines);
	free(f->bad);
	free(f);
}

void fleet_bad_file(struct fleet *f, const char *path, const char *why)
{
	f->logs_bad++;
	if (f->nbad >= FLEET_MAX_BAD)
		return;
	f->bad = xrealloc(f->bad, (f->nbad + 1) * sizeof(*f->bad));
	snprintf(f->bad[f->nbad].path, sizeof(f->bad[0].path), "%s", path);
	snprintf(f->bad[f->nbad].why, sizeof(f->bad[0].why), "%s", why);
	f->nbad++;
}

void fleet_group_name(const struct fleet_group *g, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s/%s", g->m, g->p);
}

static void key_of(const struct runlog *rl, struct fleet_machine_key *k)
{
	const struct rl_run *run = &rl->cur;
	const struct rl_summary *s = &rl->sum;
	const struct rl_features *ft = &run->features;

	memset(k, 0, sizeof(*k));
	k->family = k->model = k->stepping = -1;
	if (ft->have) {
		snprintf(k->cpu_vendor, sizeof(k->cpu_vendor), "%s", ft->vendor);
		snprintf(k->brand, sizeof(k->brand), "%s", ft->brand);
		/* fleet.h keeps -1 for unknown */
		k->family = ft->has_family ? ft->family : -1;
		k->model = ft->has_model ? ft->model : -1;
		k->stepping = ft->has_stepping ? ft->stepping : -1;
	}
	if (s->identity.ok) {
		/* A nearest match is not a name: "unknown to libcpuid ..." then. */
		identify_codename_text(&s->identity, k->codename, sizeof(k->codename));
		if (!k->cpu_vendor[0])
			snprintf(k->cpu_vendor, sizeof(k->cpu_vendor), "%s", s->identity.vendor);
		if (!k->brand[0])
			snprintf(k->brand, sizeof(k->brand), "%s", s->identity.brand);
	}
	k->microcode = s->has_bsp_ucode ? s->bsp_ucode : -1; /* fleet.h: -1 unknown */
	if (run->smbios.have) {
		memcpy(k->bios_vendor, run->smbios.bios_vendor, sizeof(k->bios_vendor));
		memcpy(k->bios_version, run->smbios.bios_version, sizeof(k->bios_version));
		memcpy(k->bios_date, run->smbios.bios_date, sizeof(k->bios_date));
		memcpy(k->sys_vendor, run->smbios.sys_vendor, sizeof(k->sys_vendor));
		memcpy(k->sys_product, run->smbios.sys_product, sizeof(k->sys_product));
	}
}

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* The identity fields only (the brand string is shown, not compared: the
 * codename, family/model/stepping and microcode already tell CPUs apart). */
static int key_cmp(const struct fleet_machine_key *a, const struct fleet_machine_key *b)
{
	int c;

	if ((c = strcmp(a->cpu_vendor, b->cpu_vendor)) || (c = cmp_i64(a->family, b->family)) ||
	    (c = cmp_i64(a->model, b->model)) || (c = cmp_i64(a->stepping, b->stepping)) ||
	    (c = strcmp(a->codename, b->codename)) || (c = cmp_i64(a->microcode, b->microcode)) ||
	    (c = strcmp(a->bios_vendor, b->bios_vendor)) ||
	    (c = strcmp(a->bios_version, b->bios_version)) ||
	    (c = strcmp(a->bios_date, b->bios_date)) ||
	    (c = strcmp(a->sys_vendor, b->sys_vendor)) ||
	    (c = strcmp(a->sys_product, b->sys_product)))
		return c;
	return 0;
}

static void seen(struct fleet_seen *first, struct fleet_seen *last, uint32_t run, const char *file)
{
	struct fleet_seen s = {.have = 1, .run = run};

	snprintf(s.file, sizeof(s.file), "%s", file);
	if (!first->have)
		*first = s;
	*last = s;
}

static struct fleet_machine *machine_for(struct fleet *f, const struct fleet_machine_key *k)
{
	struct fleet_machine *m;
	size_t i;

	for (i = 0; i < f->nmachines; i++)
		if (!key_cmp(&f->machines[i].key, k))
			return &f->machines[i];
	grow((void **)&f->machines, &f->machines_cap, f->nmachines + 1, sizeof(*f->machines));
	m = &f->machines[f->nmachines++];
	memset(m, 0, sizeof(*m));
	m->key = *k;
	return m;
}

static struct fleet_group *group_for(struct fleet *f, struct fleet_machine *m,
				     const struct rl_group *rg)
{
	struct fleet_group *g;
	size_t i;

	for (i = 0; i < m->ngroups; i++)
		if (!strcmp(m->groups[i].m, rg->m) && !strcmp(m->groups[i].p, rg->p))
			return &m->groups[i];
	if (m->ngroups >= FLEET_MAX_GROUPS) {
		f->groups_dropped++;
		return NULL;
	}
	grow((void **)&m->groups, &m->groups_cap, m->ngroups + 1, sizeof(*m->groups));
	g = &m->groups[m->ngroups++];
	memset(g, 0, sizeof(*g));
	memcpy(g->m, rg->m, sizeof(g->m));
	memcpy(g->p, rg->p, sizeof(g->p));
	g->expected_pass = rg->expected_pass;
	return g;
}

static void add_failing(struct fleet_group *g, uint32_t apic)
{
	size_t lo = 0, hi = g->nfailing;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (g->failing[mid].apic < apic)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < g->nfailing && g->failing[lo].apic == apic) {
		g->failing[lo].runs++;
		return;
	}
	grow((void **)&g->failing, &g->failing_cap, g->nfailing + 1, sizeof(*g->failing));
	memmove(&g->failing[lo + 1], &g->failing[lo], (g->nfailing - lo) * sizeof(*g->failing));
	g->failing[lo].apic = apic;
	g->failing[lo].runs = 1;
	g->nfailing++;
}

void fleet_add_run(struct fleet *f, const struct runlog *rl, const char *file)
{
	const struct rl_summary *s = &rl->sum;
	struct fleet_machine_key k;
	struct fleet_machine *m;
	size_t i, j;

	key_of(rl, &k);
	m = machine_for(f, &k);
	f->runs++;
	m->runs++;
	m->runs_pass += s->verdict == RL_PASS;
	m->runs_fail += s->verdict == RL_FAIL;
	m->runs_broken += s->verdict == RL_BROKEN;
	seen(&m->first, &m->last, rl->cur.run, file);
	for (i = 0; i < s->ngroups; i++) {
		const struct rl_group *rg = &s->groups[i];
		struct fleet_group *g = group_for(f, m, rg);

		if (!g)
			continue;
		g->runs++;
		g->cycles += rg->cycles;
		g->cycles_failed += rg->cycles - rg->passed;
		g->runs_unexpected += rg->observed_pass != rg->expected_pass;
		for (j = 0; j < rg->nfailing; j++)
			add_failing(g, rg->failing[j]);
		seen(&g->first, &g->last, rl->cur.run, file);
	}
}

static int cmp_machine(const void *a, const void *b)
{
	return key_cmp(&((const struct fleet_machine *)a)->key,
		       &((const struct fleet_machine *)b)->key);
}

/* Modes in the matrix's order, then the provocation set by name. */
static int cmp_group(const void *a, const void *b)
{
	const struct fleet_group *x = a, *y = b;
	int mx = pd_park_mode_lookup(x->m, strlen(x->m)),
	    my = pd_park_mode_lookup(y->m, strlen(y->m));
	int c;

	if (mx != my)
		return mx < 0 ? 1 : my < 0 ? -1 : mx - my;
	if ((c = strcmp(x->m, y->m)))
		return c;
	/* "none" first */
	if (strcmp(x->p, y->p) && (!strcmp(x->p, "none") || !strcmp(y->p, "none")))
		return strcmp(x->p, "none") ? 1 : -1;
	return strcmp(x->p, y->p);
}

void fleet_sort(struct fleet *f)
{
	size_t i;

	if (f->nmachines > 1)
		qsort(f->machines, f->nmachines, sizeof(*f->machines), cmp_machine);
	for (i = 0; i < f->nmachines; i++)
		if (f->machines[i].ngroups > 1)
			qsort(f->machines[i].groups, f->machines[i].ngroups,
			      sizeof(*f->machines[i].groups), cmp_group);
}
