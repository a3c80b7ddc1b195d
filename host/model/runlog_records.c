/* SPDX-License-Identifier: MIT */
/*
 * The run model: each record type turned into entries of the run (see
 * runlog.c), and the dispatch of a record accepted into its run
 * (runlog_runs.c) to its type's handler.
 */
#include "host/model/runlog.h"
#include "host/model/runlog_internal.h"

#include <stdlib.h>
#include <string.h>

#include "host/model/idlist.h"
#include "results/fields.h"

/* ---- field helpers ---- */

static void fstr(const struct pd_record *r, const char *key, char *dst, size_t cap)
{
	if (!pd_record_field_str(r, key, dst, cap))
		dst[0] = 0;
}

/* The value, or -1 when absent or malformed (values beyond INT64_MAX too). */
static int64_t fopt(const struct pd_record *r, const char *key)
{
	uint64_t v;

	if (!pd_record_field_u64(r, key, &v) || v > (uint64_t)INT64_MAX)
		return -1;
	return (int64_t)v;
}

static int fu64(const struct pd_record *r, const char *key, uint64_t *v)
{
	if (pd_record_field_u64(r, key, v))
		return 1;
	*v = 0;
	return 0;
}

static int fu32(const struct pd_record *r, const char *key, uint32_t *v)
{
	uint64_t x;

	if (!pd_record_field_u64(r, key, &x) || x > UINT32_MAX) {
		*v = 0;
		return 0;
	}
	*v = (uint32_t)x;
	return 1;
}

/*
 * Records of one kind may come split over several (a long one is continued):
 * the m* helpers change only what a record carries.
 */
static void mstr(const struct pd_record *r, const char *key, char *dst, size_t cap)
{
	char tmp[PD_RECORD_MAX + 1];
	size_t n;

	if (!pd_record_field_str(r, key, tmp, sizeof(tmp)))
		return;
	n = strlen(tmp);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, tmp, n);
	dst[n] = 0;
}

static void mu64(const struct pd_record *r, const char *key, uint64_t *v, int *has)
{
	uint64_t x;

	if (pd_record_field_u64(r, key, &x)) {
		*v = x;
		*has = 1;
	}
}

static void mopt(const struct pd_record *r, const char *key, int64_t *v)
{
	int64_t x = fopt(r, key);

	if (x >= 0)
		*v = x;
}

/* ---- records ---- */

static void rec_boot(struct rl_run *run, const struct pd_record *r)
{
	struct rl_boot_info *i = &run->info;

	i->have = 1;
	mstr(r, PD_F_VERSION, i->version, sizeof(i->version));
	mstr(r, PD_F_PATH, i->path, sizeof(i->path));
	mstr(r, PD_F_LOADER, i->loader, sizeof(i->loader));
	mstr(r, PD_F_CMDLINE, i->cmdline, sizeof(i->cmdline));
	mu64(r, PD_F_FORMAT, &i->format, &i->has_format);
	mu64(r, PD_F_MEM_KB, &i->mem_kb, &i->has_mem_kb);
	mu64(r, PD_F_BASE, &i->base, &i->has_base);
	mstr(r, PD_F_CONSOLE, i->console, sizeof(i->console));
	mstr(r, PD_F_CONSOLE_FROM, i->console_from, sizeof(i->console_from));
	mu64(r, PD_F_BAUD, &i->baud, &i->has_baud);
	mu64(r, PD_F_IGNORED, &i->ignored, &i->has_ignored);
}

static void rec_error(struct rl_run *run, const struct pd_record *r)
{
	struct rl_error e;

	memset(&e, 0, sizeof(e));
	fstr(r, PD_F_LEVEL, e.level, sizeof(e.level));
	fstr(r, PD_F_CODE, e.code, sizeof(e.code));
	fstr(r, PD_F_WHAT, e.what, sizeof(e.what));
	fstr(r, PD_F_KEY, e.key, sizeof(e.key));
	fstr(r, PD_F_VALUE, e.value, sizeof(e.value));
	e.has_apic = fu32(r, PD_F_APIC, &e.apic);
	fstr(r, PD_F_TABLE, e.table, sizeof(e.table));
	e.has_addr = fu64(r, PD_F_ADDR, &e.addr);
	e.has_esr = fu64(r, PD_F_ESR, &e.esr);
	e.has_dropped = fu64(r, PD_F_DROPPED, &e.dropped);
	e.boot = r->boot;
	e.seq = r->seq;
	/* Anything but an explicit warn fails the run: a validator errs on
	 * the side of reporting. */
	if (strcmp(e.level, PD_LEVEL_WARN) == 0)
		run->errors_warn++;
	else
		run->errors_fail++;
	if (run->nerrors >= RL_MAX_ERRORS) {
		run->errors_dropped++;
		return;
	}
	runlog_grow((void **)&run->errors, &run->errors_cap, run->nerrors + 1, sizeof(e));
	run->errors[run->nerrors++] = e;
}

static void rec_exception(struct rl_run *run, const struct pd_record *r)
{
	struct rl_exception x;

	memset(&x, 0, sizeof(x));
	x.has_vector = fu64(r, PD_F_VECTOR, &x.vector);
	x.has_err = fu64(r, PD_F_ERR, &x.err);
	x.has_rip = fu64(r, PD_F_RIP, &x.rip);
	x.has_rsp = fu64(r, PD_F_RSP, &x.rsp);
	x.has_cr2 = fu64(r, PD_F_CR2, &x.cr2);
	x.has_apic = fu32(r, PD_F_APIC, &x.apic);
	fstr(r, PD_F_NAME, x.name, sizeof(x.name));
	x.boot = r->boot;
	x.seq = r->seq;
	x.cycle = -1;
	run->exceptions_total++;
	if (run->nexceptions >= RL_MAX_EXCEPTIONS)
		return;
	runlog_grow((void **)&run->exceptions, &run->exceptions_cap, run->nexceptions + 1,
		    sizeof(x));
	run->exceptions[run->nexceptions++] = x;
}

static void rec_tsc(struct rl_run *run, const struct pd_record *r)
{
	int has = 0;

	run->tsc.have = 1;
	mu64(r, PD_F_KHZ, &run->tsc.khz, &has);
	mstr(r, PD_F_SOURCE, run->tsc.source, sizeof(run->tsc.source));
}

static void rec_acpi(struct rl_run *run, const struct pd_record *r)
{
	struct rl_acpi *a = &run->acpi;

	a->have = 1;
	mu64(r, PD_F_RSDP, &a->rsdp, &a->has_rsdp);
	mu64(r, PD_F_REV, &a->rev, &a->has_rev);
	mu64(r, PD_F_MADT, &a->madt, &a->has_madt);
	mu64(r, PD_F_FADT, &a->fadt, &a->has_fadt);
	mu64(r, PD_F_LAPIC, &a->lapic, &a->has_lapic);
	mu64(r, PD_F_SMI_CMD, &a->smi_cmd, &a->has_smi_cmd);
	mu64(r, PD_F_PM_TMR, &a->pm_tmr, &a->has_pm_tmr);
	mu64(r, PD_F_ENTRIES, &a->entries, &a->has_entries);
	mstr(r, PD_F_OEM, a->oem, sizeof(a->oem));
	mstr(r, PD_F_SDT, a->sdt, sizeof(a->sdt));
}

static void rec_smbios(struct rl_run *run, const struct pd_record *r)
{
	struct rl_smbios *s = &run->smbios;

	s->have = 1;
	mstr(r, PD_F_SMBIOS_VER, s->ver, sizeof(s->ver));
	mstr(r, PD_F_BIOS_VENDOR, s->bios_vendor, sizeof(s->bios_vendor));
	mstr(r, PD_F_BIOS_VERSION, s->bios_version, sizeof(s->bios_version));
	mstr(r, PD_F_BIOS_DATE, s->bios_date, sizeof(s->bios_date));
	mstr(r, PD_F_SYS_VENDOR, s->sys_vendor, sizeof(s->sys_vendor));
	mstr(r, PD_F_SYS_PRODUCT, s->sys_product, sizeof(s->sys_product));
	mstr(r, PD_F_BOARD_VENDOR, s->board_vendor, sizeof(s->board_vendor));
	mstr(r, PD_F_BOARD_PRODUCT, s->board_product, sizeof(s->board_product));
	mstr(r, PD_F_CPU_SOCKET, s->cpu_socket, sizeof(s->cpu_socket));
	mstr(r, PD_F_CPU_VERSION, s->cpu_version, sizeof(s->cpu_version));
}

static void rec_apic(struct rl_run *run, const struct pd_record *r)
{
	struct rl_apic *a = &run->apic;

	a->have = 1;
	mstr(r, PD_F_MODE, a->mode, sizeof(a->mode));
	mu64(r, PD_F_BSP, &a->bsp, &a->has_bsp);
	mu64(r, PD_F_INIT_UDELAY, &a->init_udelay, &a->has_init_udelay);
	mu64(r, PD_F_TRAMPOLINE, &a->trampoline, &a->has_trampoline);
	mu64(r, PD_F_ALL_UP_US, &a->all_up_us, &a->has_all_up_us);
}

static void rec_cpu(struct runlog *rl, struct rl_run *run, const struct pd_record *r)
{
	struct rl_cpu c;
	char canary[8];
	uint64_t v;
	int st;

	memset(&c, 0, sizeof(c));
	if (!fu32(r, PD_F_IDX, &c.idx) || run->ncpus >= RL_MAX_CPUS) {
		run->cpu_records_bad++;
		return;
	}
	if (fu32(r, PD_F_APIC, &c.apic))
		c.has |= RL_CPU_APIC;
	if (fu32(r, PD_F_UID, &c.uid))
		c.has |= RL_CPU_UID;
	if (pd_record_field_u64(r, PD_F_UP_US, &v)) {
		c.up_us = v;
		c.has |= RL_CPU_UP;
	}
	if (fu32(r, PD_F_PKG, &c.pkg) & fu32(r, PD_F_CORE, &c.core) &
	    fu32(r, PD_F_THREAD, &c.thread))
		c.has |= RL_CPU_TOPO;
	if (pd_record_field_u64(r, PD_F_UCODE, &v)) {
		c.ucode = v;
		c.has |= RL_CPU_UCODE;
	}
	fstr(r, PD_F_STATE, c.state_name, sizeof(c.state_name));
	st = pd_cpu_state_lookup(c.state_name, strlen(c.state_name));
	c.state = (int8_t)st;
	fstr(r, PD_F_SRC, c.src, sizeof(c.src));
	fstr(r, PD_F_FLAGS, c.flags, sizeof(c.flags));
	c.canary = -1;
	if (pd_record_field_str(r, PD_F_CANARY, canary, sizeof(canary)))
		c.canary = strcmp(canary, "ok") != 0;
	c.order = rl->order++;
	runlog_grow((void **)&run->cpus, &run->cpus_cap, run->ncpus + 1, sizeof(c));
	run->cpus[run->ncpus++] = c;
}

static void runlog_features_unknown(struct rl_features *f)
{
	memset(f, 0, sizeof(*f));
	f->family = f->model = f->stepping = f->ucode = -1;
	f->sme = f->sev = f->sev_es = f->snp = f->cbit = -1;
	f->tme = f->tme_active = f->tdx_host = f->tdx_keyids = f->tdx_guest = -1;
	f->monitor_mwait = f->mwait_min = f->mwait_max = -1;
	f->mwait_emx = f->mwait_ibe = f->mwait_cstates = f->mwait_hint = -1;
	f->smt = f->x2apic = f->hypervisor = f->pdpe1gb = f->smt_shift = f->core_shift = -1;
}

void runlog_features_from_facts(const struct cpuid_facts *x, struct rl_features *f)
{
	runlog_features_unknown(f);
	f->have = 1;
	f->from_dump = 1;
	snprintf(f->vendor, sizeof(f->vendor), "%s", cpuid_vendor_name(x->vendor));
	snprintf(f->brand, sizeof(f->brand), "%s", x->brand);
	f->family = x->family;
	f->model = x->model;
	f->stepping = x->stepping;
	f->sme = x->sme;
	f->sev = x->sev;
	f->sev_es = x->sev_es;
	f->snp = x->snp;
	f->cbit = x->cbit;
	f->tme = x->tme;
	f->tdx_guest = x->tdx_guest;
	f->monitor_mwait = x->monitor;
	f->mwait_min = x->mwait_line_min;
	f->mwait_max = x->mwait_line_max;
	f->mwait_emx = x->mwait_emx;
	f->mwait_ibe = x->mwait_ibe;
	f->mwait_cstates = x->mwait_substates;
	f->mwait_hint = x->mwait_hint;
	f->smt = x->smt;
	f->x2apic = x->x2apic;
	f->hypervisor = x->hypervisor;
	f->pdpe1gb = x->pdpe1gb;
	f->smt_shift = x->smt_shift;
	f->core_shift = x->core_shift;
}

static void rec_features(struct rl_run *run, const struct pd_record *r)
{
	struct rl_features *f = &run->features;

	if (!f->have)
		runlog_features_unknown(f);
	f->have = 1;
	mstr(r, PD_F_CPU_VENDOR, f->vendor, sizeof(f->vendor));
	mstr(r, PD_F_BRAND, f->brand, sizeof(f->brand));
	mopt(r, PD_F_FAMILY, &f->family);
	mopt(r, PD_F_MODEL, &f->model);
	mopt(r, PD_F_STEPPING, &f->stepping);
	mopt(r, PD_F_UCODE, &f->ucode);
	mopt(r, PD_F_SME, &f->sme);
	mopt(r, PD_F_SEV, &f->sev);
	mopt(r, PD_F_SEV_ES, &f->sev_es);
	mopt(r, PD_F_SNP, &f->snp);
	mopt(r, PD_F_CBIT, &f->cbit);
	mopt(r, PD_F_TME, &f->tme);
	mopt(r, PD_F_TME_ACTIVE, &f->tme_active);
	mopt(r, PD_F_TDX_HOST, &f->tdx_host);
	mopt(r, PD_F_TDX_KEYIDS, &f->tdx_keyids);
	mopt(r, PD_F_TDX_GUEST, &f->tdx_guest);
	mopt(r, PD_F_MWAIT, &f->monitor_mwait);
	mopt(r, PD_F_MWAIT_MIN, &f->mwait_min);
	mopt(r, PD_F_MWAIT_MAX, &f->mwait_max);
	mopt(r, PD_F_MWAIT_EMX, &f->mwait_emx);
	mopt(r, PD_F_MWAIT_IBE, &f->mwait_ibe);
	mopt(r, PD_F_MWAIT_CST, &f->mwait_cstates);
	mopt(r, PD_F_MWAIT_HINT, &f->mwait_hint);
	mopt(r, PD_F_SMT, &f->smt);
	mopt(r, PD_F_X2APIC, &f->x2apic);
	mopt(r, PD_F_HYPERVISOR, &f->hypervisor);
	mopt(r, PD_F_PDPE1GB, &f->pdpe1gb);
	mopt(r, PD_F_SMT_SHIFT, &f->smt_shift);
	mopt(r, PD_F_CORE_SHIFT, &f->core_shift);
}

static void rec_topology(struct rl_run *run, const struct pd_record *r)
{
	struct rl_topology *t = &run->topology;

	if (!t->have)
		t->packages = t->cores = t->threads = t->cpus = t->smt = -1;
	t->have = 1;
	mopt(r, PD_F_PACKAGES, &t->packages);
	mopt(r, PD_F_CORES, &t->cores);
	mopt(r, PD_F_THREADS, &t->threads);
	mopt(r, PD_F_CPUS, &t->cpus);
	mopt(r, PD_F_SMT, &t->smt);
	mstr(r, PD_F_CORE_TYPES, t->core_types, sizeof(t->core_types));
}

static void rec_dump(struct rl_run *run, const struct pd_record *r)
{
	size_t n = r->body_len;

	run->dump_lines++;
	if (run->dump_truncated || run->dump_len + n + 1 > RL_MAX_DUMP) {
		run->dump_truncated = 1;
		return;
	}
	runlog_grow((void **)&run->dump, &run->dump_cap, run->dump_len + n + 1, 1);
	memcpy(run->dump + run->dump_len, r->body, n);
	run->dump_len += n;
	run->dump[run->dump_len++] = '\n';
}

struct id_sink {
	struct rl_run *run;
	struct rl_mismatch *m;
};

static void add_mismatch_id(uint32_t id, void *ctx)
{
	struct id_sink *s = ctx;

	runlog_grow((void **)&s->m->apics, &s->m->cap, s->m->napics + 1, sizeof(uint32_t));
	s->m->apics[s->m->napics++] = id;
	s->run->mismatch_ids++;
}

static void rec_mismatch(struct rl_run *run, const struct pd_record *r)
{
	struct rl_mismatch key, *m = NULL;
	const char *ids;
	size_t i, idlen;

	run->mismatch_records++;
	memset(&key, 0, sizeof(key));
	fstr(r, PD_F_WHAT_KIND, key.kind, sizeof(key.kind));
	fstr(r, PD_F_REG, key.reg, sizeof(key.reg));
	fstr(r, PD_F_CORE_TYPE, key.core_type, sizeof(key.core_type));
	key.has_leaf = fu64(r, PD_F_LEAF, &key.leaf);
	key.has_sub = fu64(r, PD_F_SUB, &key.sub);
	key.has_val = fu64(r, PD_F_VAL, &key.val);

	/* Lists split over several records merge into one entry; the pieces
	 * come one after another, so the newest entry is tried first. */
	for (i = run->nmismatches; i-- > 0;) {
		struct rl_mismatch *x = &run->mismatches[i];

		if (x->val == key.val && x->leaf == key.leaf && x->sub == key.sub &&
		    x->has_leaf == key.has_leaf && x->has_sub == key.has_sub &&
		    x->has_val == key.has_val && !strcmp(x->kind, key.kind) &&
		    !strcmp(x->reg, key.reg) && !strcmp(x->core_type, key.core_type)) {
			m = x;
			break;
		}
	}
	if (!m) {
		if (run->nmismatches >= RL_MAX_MISMATCHES) {
			run->mismatches_dropped++;
			return;
		}
		runlog_grow((void **)&run->mismatches, &run->mismatches_cap, run->nmismatches + 1,
			    sizeof(key));
		m = &run->mismatches[run->nmismatches++];
		*m = key;
	}
	if (pd_record_field(r, PD_F_APICS, &ids, &idlen)) {
		size_t budget = RL_MAX_MISMATCH_ID - run->mismatch_ids;
		struct id_sink sink = {run, m};

		if (budget > RL_MAX_IDS_PER_REC)
			budget = RL_MAX_IDS_PER_REC;
		if (!budget ||
		    !pd_id_list_parse(ids, idlen, (uint32_t)budget, add_mismatch_id, &sink))
			m->bad_list = 1;
	}
}

struct dumpset_sink {
	struct rl_run *run;
	struct rl_dumpset *d;
};

static void add_dumpset_id(uint32_t id, void *ctx)
{
	struct dumpset_sink *s = ctx;

	runlog_grow((void **)&s->d->apics, &s->d->cap, s->d->napics + 1, sizeof(uint32_t));
	s->d->apics[s->d->napics++] = id;
	s->run->dumpset_ids++;
}

/* The pieces of one set's list come one after another with the same idx. */
static void rec_dumpset(struct rl_run *run, const struct pd_record *r)
{
	struct rl_dumpset *d = NULL;
	const char *ids;
	size_t idlen;
	uint32_t idx;

	if (!fu32(r, PD_F_IDX, &idx)) {
		run->dumpsets_dropped++;
		return;
	}
	if (run->ndumpsets && run->dumpsets[run->ndumpsets - 1].idx == idx) {
		d = &run->dumpsets[run->ndumpsets - 1];
	} else {
		if (run->ndumpsets >= RL_MAX_DUMPSETS) {
			run->dumpsets_dropped++;
			return;
		}
		runlog_grow((void **)&run->dumpsets, &run->dumpsets_cap, run->ndumpsets + 1,
			    sizeof(*d));
		d = &run->dumpsets[run->ndumpsets++];
		memset(d, 0, sizeof(*d));
		d->idx = idx;
		d->cpus = -1;
	}
	if (d->cpus < 0)
		d->cpus = fopt(r, PD_F_CPUS);
	if (!d->core_type[0])
		fstr(r, PD_F_CORE_TYPE, d->core_type, sizeof(d->core_type));
	if (pd_record_field(r, PD_F_APICS, &ids, &idlen)) {
		size_t budget = RL_MAX_CPUS - run->dumpset_ids;
		struct dumpset_sink sink = {run, d};

		if (budget > RL_MAX_IDS_PER_REC)
			budget = RL_MAX_IDS_PER_REC;
		if (!budget ||
		    !pd_id_list_parse(ids, idlen, (uint32_t)budget, add_dumpset_id, &sink))
			d->bad_list = 1;
	}
}

static void rec_limits(struct rl_run *run, const struct pd_record *r)
{
	struct rl_limits *l = &run->limits;
	int w;

	/* Once per run (boot 1); a repeat changes nothing. */
	if (l->have)
		return;
	l->have = 1;
	l->cpus = fopt(r, PD_F_CPUS);
	l->emulated = fopt(r, PD_F_EMULATED);
	l->host_cpus = fopt(r, PD_F_HOST_CPUS);
	l->per_core = fopt(r, PD_F_PER_CORE);
	for (w = 0; w < PD_WAIT_COUNT; w++)
		l->us[w] = fopt(r, pd_wait_name((enum pd_wait)w));
}

static void rec_end(struct rl_run *run, const struct pd_record *r)
{
	struct rl_end *e = &run->end;
	struct rl_boot_seqs *bs = runlog_boot_get(run, r->boot);
	int64_t records = fopt(r, PD_F_RECORDS);

	run->end_records++;
	if (bs && records >= 0)
		bs->end_records = records;
	/* The last boot's end record is the run's. */
	if (e->have && runlog_pos_before(r->boot, r->seq, e->boot, e->seq))
		return;
	if (!e->have || e->boot != r->boot) {
		memset(e, 0, sizeof(*e));
		e->cpus = e->online = e->lost = e->errors = e->mismatches = e->cycles = -1;
		e->records = -1;
	}
	e->have = 1;
	e->boot = r->boot;
	e->seq = r->seq;
	mopt(r, PD_F_CPUS, &e->cpus);
	mopt(r, PD_F_ONLINE, &e->online);
	mopt(r, PD_F_LOST, &e->lost);
	mopt(r, PD_F_ERRORS, &e->errors);
	mopt(r, PD_F_MISMATCHES, &e->mismatches);
	mopt(r, PD_F_CYCLES, &e->cycles);
	mopt(r, PD_F_RECORDS, &e->records);
	mstr(r, PD_F_VERDICT, e->verdict, sizeof(e->verdict));
}

static void rec_kexec(struct rl_run *run, const struct pd_record *r)
{
	struct rl_kexec *k = &run->kexec;

	uint64_t n = k->records + 1;

	k->records = n;
	/* Once per run: the first one stands. */
	if (k->have && !runlog_pos_before(r->boot, r->seq, k->boot, k->seq))
		return;
	memset(k, 0, sizeof(*k));
	k->have = 1;
	k->records = n;
	k->boot = r->boot;
	k->seq = r->seq;
	fstr(r, PD_F_LOAD, k->load, sizeof(k->load));
	fstr(r, PD_F_WHY, k->why, sizeof(k->why));
	fstr(r, PD_F_ON_RESET, k->on_reset, sizeof(k->on_reset));
	fstr(r, PD_F_PLATFORM, k->platform, sizeof(k->platform));
	fstr(r, PD_F_MODES, k->modes, sizeof(k->modes));
	fstr(r, PD_F_PROVOKE, k->provoke, sizeof(k->provoke));
	k->wbinvd = fopt(r, PD_F_WBINVD);
	k->area = fopt(r, PD_F_AREA);
	k->cycles = fopt(r, PD_F_CYCLES);
	k->mwait_hint = fopt(r, PD_F_MWAIT_HINT);
}

/* Kept for the collector, which owns the means to inject (QEMU's monitor). */
static void rec_inject(struct runlog *rl, const struct pd_record *r)
{
	struct rl_inject q;

	rl->inject_requests++;
	memset(&q, 0, sizeof(q));
	if (!fu32(r, PD_F_N, &q.n))
		return;
	fstr(r, PD_F_WHAT_KIND, q.kind, sizeof(q.kind));
	fstr(r, PD_F_WHEN, q.when, sizeof(q.when));
	if (rl->ninject >= RL_MAX_INJECT_PENDING) {
		rl->inject_dropped++;
		return;
	}
	rl->inject_q[rl->ninject++] = q;
}

int runlog_take_inject(struct runlog *rl, struct rl_inject *out)
{
	if (!rl->ninject)
		return 0;
	*out = rl->inject_q[0];
	memmove(&rl->inject_q[0], &rl->inject_q[1], --rl->ninject * sizeof(rl->inject_q[0]));
	return 1;
}

static void rec_mce(struct rl_run *run, const struct pd_record *r)
{
	struct rl_mce m;

	memset(&m, 0, sizeof(m));
	if (!fu32(r, PD_F_N, &m.n))
		return;
	if (run->nmces >= RL_MAX_MCES) {
		run->mces_dropped++;
		return;
	}
	fstr(r, PD_F_WHEN, m.when, sizeof(m.when));
	fstr(r, PD_F_VIA, m.via, sizeof(m.via));
	fstr(r, PD_F_WHY, m.why, sizeof(m.why));
	m.injected = fopt(r, PD_F_INJECTED) > 0;
	m.bank = fopt(r, PD_F_BANK);
	fu64(r, PD_F_STATUS, &m.status);
	fu64(r, PD_F_MCG, &m.mcg);
	runlog_grow((void **)&run->mces, &run->mces_cap, run->nmces + 1, sizeof(m));
	run->mces[run->nmces++] = m;
}

/* t=: PD_TIMES_COUNT decimal microseconds, '/'-separated; 1 when all parse. */
static int cycle_times(const struct pd_record *r, uint64_t *t)
{
	char buf[96], *p = buf, *end;
	int k;

	fstr(r, PD_F_TIMES, buf, sizeof(buf));
	for (k = 0; k < PD_TIMES_COUNT; k++) {
		if (*p < '0' || *p > '9')
			return 0;
		t[k] = strtoull(p, &end, 10);
		if (*end != (k + 1 < PD_TIMES_COUNT ? '/' : 0))
			return 0;
		p = end + 1;
	}
	return 1;
}

static void rec_cycle(struct rl_run *run, const struct pd_record *r)
{
	struct rl_cycle c;
	int o;

	run->cycle_records++;
	memset(&c, 0, sizeof(c));
	if (!fu32(r, PD_F_N, &c.n)) {
		run->cycle_records_bad++;
		return;
	}
	if (run->ncycles >= RL_MAX_CYCLES) {
		run->cycles_dropped++;
		return;
	}
	c.boot = r->boot;
	c.seq = r->seq;
	c.records = 1;
	c.group = -1;
	fstr(r, PD_F_M, c.m, sizeof(c.m));
	fstr(r, PD_F_P, c.p, sizeof(c.p));
	fstr(r, PD_F_PHASE, c.phase, sizeof(c.phase));
	c.mode = pd_park_mode_lookup(c.m, strlen(c.m));
	c.prov = pd_provoke_parse(c.p, strlen(c.p));
	for (o = 0; o < PD_OUTCOME_COUNT; o++)
		fu64(r, pd_outcome_name((enum pd_outcome)o), &c.counts[o]);
	c.smi_us = fopt(r, PD_F_SMI_US);
	c.has_t = cycle_times(r, c.t_us);
	c.sipi_nmi = fopt(r, PD_F_SIPI_NMI) > 0 ? (uint64_t)fopt(r, PD_F_SIPI_NMI) : 0;
	c.scribbled = fopt(r, PD_F_SCRIBBLED) > 0;
	c.injected = fopt(r, PD_F_INJECTED) > 0;
	{
		char mce[12];

		fstr(r, PD_F_MCE, mce, sizeof(mce));
		c.mce_skipped = !strcmp(mce, "skipped");
	}
	c.reset = c.counts[PD_OUTCOME_RESET] > 0;
	runlog_grow((void **)&run->cycles, &run->cycles_cap, run->ncycles + 1, sizeof(c));
	run->cycles[run->ncycles++] = c;
}

static void rec_start(struct rl_run *run, const struct pd_record *r)
{
	struct rl_inflight *f = &run->inflight;
	uint32_t n;

	if (!fu32(r, PD_F_N, &n)) {
		run->cycle_records_bad++;
		return;
	}
	if (f->have && runlog_pos_before(r->boot, r->seq, f->boot, f->seq))
		return; /* an older start arriving late */
	memset(f, 0, sizeof(*f));
	f->have = 1;
	f->n = n;
	f->boot = r->boot;
	f->seq = r->seq;
	fstr(r, PD_F_M, f->m, sizeof(f->m));
	fstr(r, PD_F_P, f->p, sizeof(f->p));
}

static void rec_injected(struct rl_run *run, const struct pd_record *r)
{
	struct rl_injected x;

	memset(&x, 0, sizeof(x));
	if (!fu32(r, PD_F_N, &x.n)) {
		run->injected_records_bad++;
		return;
	}
	if (run->ninjected >= RL_MAX_CYCLES) {
		run->injected_dropped++;
		return;
	}
	x.boot = r->boot;
	x.seq = r->seq;
	fstr(r, PD_F_M, x.m, sizeof(x.m));
	fstr(r, PD_F_P, x.p, sizeof(x.p));
	fstr(r, PD_F_PHASE, x.phase, sizeof(x.phase));
	runlog_grow((void **)&run->injected, &run->injected_cap, run->ninjected + 1, sizeof(x));
	run->injected[run->ninjected++] = x;
}

static void rec_outcome(struct rl_run *run, const struct pd_record *r)
{
	struct rl_outcome x;

	run->outcome_records++;
	memset(&x, 0, sizeof(x));
	if (!fu32(r, PD_F_N, &x.n) || !fu32(r, PD_F_APIC, &x.apic)) {
		run->outcome_records_bad++;
		return;
	}
	if (run->noutcomes >= RL_MAX_OUTCOMES) {
		run->outcomes_dropped++;
		return;
	}
	fstr(r, PD_F_O, x.name, sizeof(x.name));
	x.o = pd_outcome_lookup(x.name, strlen(x.name));
	x.before = fopt(r, PD_F_BEFORE);
	x.after = fopt(r, PD_F_AFTER);
	x.sipi_nmi = fopt(r, PD_F_SIPI_NMI);
	runlog_grow((void **)&run->outcomes, &run->outcomes_cap, run->noutcomes + 1, sizeof(x));
	run->outcomes[run->noutcomes++] = x;
}

/* "3,0,0,0,0,0,0,0": PD_OUTCOME_COUNT decimal counts. */
static int parse_counts(const char *s, uint64_t *out)
{
	int i;

	for (i = 0; i < PD_OUTCOME_COUNT; i++) {
		uint64_t v = 0;
		const char *p = s;

		while (*s >= '0' && *s <= '9' && s - p < 19)
			v = v * 10 + (uint64_t)(*s++ - '0');
		if (s == p || *s != (i + 1 < PD_OUTCOME_COUNT ? ',' : 0))
			return 0;
		out[i] = v;
		if (*s)
			s++;
	}
	return 1;
}

static void rec_cpumodes(struct runlog *rl, struct rl_run *run, const struct pd_record *r)
{
	struct rl_cpumodes c;
	char val[PD_RECORD_MAX + 1];
	int m, bad = 0;

	memset(&c, 0, sizeof(c));
	if (!fu32(r, PD_F_APIC, &c.apic) || run->ncpumodes >= RL_MAX_CPUS) {
		run->cpumodes_bad++;
		return;
	}
	for (m = 0; m < PD_PARK_MODE_COUNT; m++) {
		if (!pd_record_field_str(r, pd_park_mode_name((enum pd_park_mode)m), val,
					 sizeof(val)))
			continue;
		if (parse_counts(val, c.counts[m]))
			c.modes |= 1u << m;
		else
			bad = 1;
	}
	if (bad)
		run->cpumodes_bad++;
	c.order = rl->order++;
	runlog_grow((void **)&run->cpumodes, &run->cpumodes_cap, run->ncpumodes + 1, sizeof(c));
	run->cpumodes[run->ncpumodes++] = c;
}

/* Records of the machine's probe: taken from boot 1 only. */
static int is_probe_record(enum pd_record_type t)
{
	switch (t) {
	case PD_REC_BOOT:
	case PD_REC_TSC:
	case PD_REC_ACPI:
	case PD_REC_SMBIOS:
	case PD_REC_APIC:
	case PD_REC_CPU:
	case PD_REC_FEATURES:
	case PD_REC_TOPOLOGY:
	case PD_REC_DUMP:
	case PD_REC_DUMPSET:
	case PD_REC_LIMITS:
	case PD_REC_MISMATCH:
		return 1;
	default:
		return 0;
	}
}

/* The record's own handler; the record was accepted into run. */
void runlog_apply_record(struct runlog *rl, struct rl_run *run, const struct pd_record *r)
{
	if (r->boot != 1 && is_probe_record(r->type)) {
		run->probe_later++;
		return;
	}
	switch (r->type) {
	case PD_REC_BOOT:
		rec_boot(run, r);
		break;
	case PD_REC_ERROR:
		rec_error(run, r);
		break;
	case PD_REC_EXCEPTION:
		rec_exception(run, r);
		break;
	case PD_REC_TSC:
		rec_tsc(run, r);
		break;
	case PD_REC_ACPI:
		rec_acpi(run, r);
		break;
	case PD_REC_SMBIOS:
		rec_smbios(run, r);
		break;
	case PD_REC_APIC:
		rec_apic(run, r);
		break;
	case PD_REC_CPU:
		rec_cpu(rl, run, r);
		break;
	case PD_REC_FEATURES:
		rec_features(run, r);
		break;
	case PD_REC_TOPOLOGY:
		rec_topology(run, r);
		break;
	case PD_REC_DUMP:
		rec_dump(run, r);
		break;
	case PD_REC_DUMPSET:
		rec_dumpset(run, r);
		break;
	case PD_REC_LIMITS:
		rec_limits(run, r);
		break;
	case PD_REC_MISMATCH:
		rec_mismatch(run, r);
		break;
	case PD_REC_INJECT:
		rec_inject(rl, r);
		break;
	case PD_REC_MCE:
		rec_mce(run, r);
		break;
	case PD_REC_EINJ:
		run->einj_actions++;
		break;
	case PD_REC_KEXEC:
		rec_kexec(run, r);
		break;
	case PD_REC_START:
		rec_start(run, r);
		break;
	case PD_REC_INJECTED:
		rec_injected(run, r);
		break;
	case PD_REC_CYCLE:
		rec_cycle(run, r);
		break;
	case PD_REC_OUTCOME:
		rec_outcome(run, r);
		break;
	case PD_REC_CPUMODES:
		rec_cpumodes(rl, run, r);
		break;
	case PD_REC_GROUP:
		runlog_rec_group(run, r);
		break;
	case PD_REC_END:
		rec_end(run, r);
		break;
	default:
		run->unknown++;
		break;
	}
}
