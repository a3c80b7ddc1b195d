/* SPDX-License-Identifier: MIT */
/*
 * The run model: lines in, records out, kept per boot; the verdict at the
 * end.  Any byte sequence is valid input: what does not parse is counted,
 * what is too much is bounded (RL_MAX_*), nothing is trusted to be in order.
 */
#include "host/runlog.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/cpuid_dump.h"
#include "host/idlist.h"
#include "results/fields.h"

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q) {
		fprintf(stderr, "playdead: out of memory\n");
		exit(2);
	}
	return q;
}

/* Grows *arr (of elem-size items) so that it holds at least need items. */
static void grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap ? *cap : 16;

	if (need <= *cap)
		return;
	while (c < need)
		c *= 2;
	*arr = xrealloc(*arr, c * elem);
	*cap = c;
}

/* ---- seq sets ---- */

/* Adds seq; returns 0 when it was there already. */
static int seqset_add(struct rl_seqset *s, uint32_t seq)
{
	size_t lo = 0, hi = s->n, i;

	/* In-order arrival is the common case: extend the last range. */
	if (s->n && seq > s->r[s->n - 1].hi) {
		if (seq == s->r[s->n - 1].hi + 1) {
			s->r[s->n - 1].hi = seq;
			return 1;
		}
		lo = s->n;
	} else {
		/* First range with hi >= seq. */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (s->r[mid].hi < seq)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < s->n && s->r[lo].lo <= seq)
			return 0;
	}
	i = lo;
	/* Join the neighbour ranges where seq touches them (ranges far from the
	 * end are left touching: finding gaps copes, and no memmove). */
	if (i > 0 && s->r[i - 1].hi + 1 == seq) {
		s->r[i - 1].hi = seq;
		if (i < s->n && s->r[i].lo == seq + 1 && s->n - i <= RL_SEQ_WINDOW) {
			s->r[i - 1].hi = s->r[i].hi;
			memmove(&s->r[i], &s->r[i + 1], (s->n - i - 1) * sizeof(s->r[0]));
			s->n--;
		}
		return 1;
	}
	if (i < s->n && s->r[i].lo == seq + 1) {
		s->r[i].lo = seq;
		return 1;
	}
	/* Late records land near the end; far back, only a crafted log puts
	 * them, and keeping them would make the model quadratic. */
	if (s->n - i > RL_SEQ_WINDOW) {
		s->untracked++;
		return 1;
	}
	grow((void **)&s->r, &s->cap, s->n + 1, sizeof(s->r[0]));
	memmove(&s->r[i + 1], &s->r[i], (s->n - i) * sizeof(s->r[0]));
	s->r[i].lo = seq;
	s->r[i].hi = seq;
	s->n++;
	return 1;
}

/* ---- boots ---- */

static void boot_free(struct rl_boot *b)
{
	size_t i;

	for (i = 0; i < b->nmismatches; i++)
		free(b->mismatches[i].apics);
	free(b->mismatches);
	free(b->cpus);
	free(b->errors);
	free(b->exceptions);
	free(b->dump);
	free(b->seqs.r);
	memset(b, 0, sizeof(*b));
}

static void boot_start(struct rl_boot *b, uint32_t run, uint32_t boot)
{
	boot_free(b);
	b->started = 1;
	b->run = run;
	b->boot = boot;
}

static void summary_free(struct rl_summary *s)
{
	size_t i;

	for (i = 0; i < s->nucode; i++)
		free(s->ucode[i].apics);
	free(s->ucode);
	memset(s, 0, sizeof(*s));
}

struct runlog *runlog_new(void)
{
	struct runlog *rl = calloc(1, sizeof(*rl));

	if (!rl)
		return NULL;
	rl->qemu_status = -1;
	return rl;
}

void runlog_free(struct runlog *rl)
{
	size_t i;

	if (!rl)
		return;
	boot_free(&rl->cur);
	free(rl->others);
	for (i = 0; i < rl->nnotes; i++)
		free(rl->notes[i]);
	summary_free(&rl->sum);
	free(rl);
}

static void vnote(struct runlog *rl, const char *fmt, va_list ap)
{
	char *s = NULL;

	if (rl->nnotes >= RL_MAX_NOTES)
		return;
	if (vasprintf(&s, fmt, ap) < 0)
		return;
	rl->notes[rl->nnotes++] = s;
}

void runlog_note(struct runlog *rl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnote(rl, fmt, ap);
	va_end(ap);
}

void runlog_set_stop_reason(struct runlog *rl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rl->stop_reason, sizeof(rl->stop_reason), fmt, ap);
	va_end(ap);
}

void runlog_set_qemu_status(struct runlog *rl, int status)
{
	rl->qemu_status = status;
}

/* Remembers the current boot in the others list before a new one starts. */
static void archive_current(struct runlog *rl)
{
	struct rl_boot *b = &rl->cur;
	struct rl_other_boot *o;

	if (!b->started)
		return;
	if (rl->nothers >= RL_MAX_OTHER_BOOTS) {
		/* Keep the newest: shift the oldest out. */
		memmove(&rl->others[0], &rl->others[1], (rl->nothers - 1) * sizeof(rl->others[0]));
		rl->nothers--;
		rl->others_dropped++;
	}
	if (!rl->others)
		rl->others = xrealloc(NULL, RL_MAX_OTHER_BOOTS * sizeof(rl->others[0]));
	o = &rl->others[rl->nothers++];
	memset(o, 0, sizeof(*o));
	o->run = b->run;
	o->boot = b->boot;
	o->records = b->records;
	o->had_end = b->end.have;
	memcpy(o->verdict, b->end.verdict, sizeof(o->verdict));
	o->errors_fail = b->errors_fail;
	o->exceptions = b->exceptions_total;
}

/* A boot left behind: its late records are not mixed into the current one. */
static int is_old_boot(const struct runlog *rl, uint32_t run, uint32_t boot)
{
	size_t i;

	if (run == rl->cur.run && boot < rl->cur.boot)
		return 1;
	for (i = 0; i < rl->nothers; i++)
		if (rl->others[i].run == run && rl->others[i].boot == boot)
			return 1;
	return 0;
}

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

static void rec_boot(struct rl_boot *b, const struct pd_record *r)
{
	struct rl_boot_info *i = &b->info;

	i->have = 1;
	mstr(r, PD_F_VERSION, i->version, sizeof(i->version));
	mstr(r, PD_F_PATH, i->path, sizeof(i->path));
	mstr(r, PD_F_LOADER, i->loader, sizeof(i->loader));
	mstr(r, PD_F_CMDLINE, i->cmdline, sizeof(i->cmdline));
	mu64(r, PD_F_FORMAT, &i->format, &i->has_format);
	mu64(r, PD_F_MEM_KB, &i->mem_kb, &i->has_mem_kb);
	mu64(r, PD_F_BASE, &i->base, &i->has_base);
}

static void rec_error(struct rl_boot *b, const struct pd_record *r)
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
	/* Anything but an explicit warn fails the run: a validator errs on
	 * the side of reporting. */
	if (strcmp(e.level, PD_LEVEL_WARN) == 0)
		b->errors_warn++;
	else
		b->errors_fail++;
	if (b->nerrors >= RL_MAX_ERRORS) {
		b->errors_dropped++;
		return;
	}
	grow((void **)&b->errors, &b->errors_cap, b->nerrors + 1, sizeof(e));
	b->errors[b->nerrors++] = e;
}

static void rec_exception(struct rl_boot *b, const struct pd_record *r)
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
	b->exceptions_total++;
	if (b->nexceptions >= RL_MAX_EXCEPTIONS)
		return;
	grow((void **)&b->exceptions, &b->exceptions_cap, b->nexceptions + 1, sizeof(x));
	b->exceptions[b->nexceptions++] = x;
}

static void rec_tsc(struct rl_boot *b, const struct pd_record *r)
{
	int has = 0;

	b->tsc.have = 1;
	mu64(r, PD_F_KHZ, &b->tsc.khz, &has);
	mstr(r, PD_F_SOURCE, b->tsc.source, sizeof(b->tsc.source));
}

static void rec_acpi(struct rl_boot *b, const struct pd_record *r)
{
	struct rl_acpi *a = &b->acpi;

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

static void rec_smbios(struct rl_boot *b, const struct pd_record *r)
{
	struct rl_smbios *s = &b->smbios;

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

static void rec_apic(struct rl_boot *b, const struct pd_record *r)
{
	struct rl_apic *a = &b->apic;

	a->have = 1;
	mstr(r, PD_F_MODE, a->mode, sizeof(a->mode));
	mu64(r, PD_F_BSP, &a->bsp, &a->has_bsp);
	mu64(r, PD_F_INIT_UDELAY, &a->init_udelay, &a->has_init_udelay);
	mu64(r, PD_F_TRAMPOLINE, &a->trampoline, &a->has_trampoline);
	mu64(r, PD_F_ALL_UP_US, &a->all_up_us, &a->has_all_up_us);
}

static void rec_cpu(struct runlog *rl, struct rl_boot *b, const struct pd_record *r)
{
	struct rl_cpu c;
	char canary[8];
	uint64_t v;
	int st;

	memset(&c, 0, sizeof(c));
	if (!fu32(r, PD_F_IDX, &c.idx) || b->ncpus >= RL_MAX_CPUS) {
		b->cpu_records_bad++;
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
	grow((void **)&b->cpus, &b->cpus_cap, b->ncpus + 1, sizeof(c));
	b->cpus[b->ncpus++] = c;
}

static void features_unknown(struct rl_features *f)
{
	memset(f, 0, sizeof(*f));
	f->family = f->model = f->stepping = f->ucode = -1;
	f->sme = f->sev = f->sev_es = f->snp = f->cbit = -1;
	f->tme = f->tme_active = f->tdx_host = f->tdx_keyids = f->tdx_guest = -1;
	f->monitor_mwait = f->mwait_min = f->mwait_max = -1;
	f->mwait_emx = f->mwait_ibe = f->mwait_cstates = -1;
	f->smt = f->x2apic = f->hypervisor = f->pdpe1gb = f->smt_shift = f->core_shift = -1;
}

static void rec_features(struct rl_boot *b, const struct pd_record *r)
{
	struct rl_features *f = &b->features;

	if (!f->have)
		features_unknown(f);
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
	mopt(r, PD_F_SMT, &f->smt);
	mopt(r, PD_F_X2APIC, &f->x2apic);
	mopt(r, PD_F_HYPERVISOR, &f->hypervisor);
	mopt(r, PD_F_PDPE1GB, &f->pdpe1gb);
	mopt(r, PD_F_SMT_SHIFT, &f->smt_shift);
	mopt(r, PD_F_CORE_SHIFT, &f->core_shift);
}

static void rec_topology(struct rl_boot *b, const struct pd_record *r)
{
	struct rl_topology *t = &b->topology;

	if (!t->have)
		t->packages = t->cores = t->threads = t->cpus = t->smt = -1;
	t->have = 1;
	mopt(r, PD_F_PACKAGES, &t->packages);
	mopt(r, PD_F_CORES, &t->cores);
	mopt(r, PD_F_THREADS, &t->threads);
	mopt(r, PD_F_CPUS, &t->cpus);
	mopt(r, PD_F_SMT, &t->smt);
}

static void rec_dump(struct rl_boot *b, const struct pd_record *r)
{
	size_t n = r->body_len;

	b->dump_lines++;
	if (b->dump_truncated || b->dump_len + n + 1 > RL_MAX_DUMP) {
		b->dump_truncated = 1;
		return;
	}
	grow((void **)&b->dump, &b->dump_cap, b->dump_len + n + 1, 1);
	memcpy(b->dump + b->dump_len, r->body, n);
	b->dump_len += n;
	b->dump[b->dump_len++] = '\n';
}

struct id_sink {
	struct rl_boot *b;
	struct rl_mismatch *m;
};

static void add_mismatch_id(uint32_t id, void *ctx)
{
	struct id_sink *s = ctx;

	grow((void **)&s->m->apics, &s->m->cap, s->m->napics + 1, sizeof(uint32_t));
	s->m->apics[s->m->napics++] = id;
	s->b->mismatch_ids++;
}

static void rec_mismatch(struct rl_boot *b, const struct pd_record *r)
{
	struct rl_mismatch key, *m = NULL;
	const char *ids;
	size_t i, idlen;

	b->mismatch_records++;
	memset(&key, 0, sizeof(key));
	fstr(r, PD_F_WHAT_KIND, key.kind, sizeof(key.kind));
	fstr(r, PD_F_REG, key.reg, sizeof(key.reg));
	key.has_leaf = fu64(r, PD_F_LEAF, &key.leaf);
	key.has_sub = fu64(r, PD_F_SUB, &key.sub);
	key.has_val = fu64(r, PD_F_VAL, &key.val);

	/* Lists split over several records merge into one entry; the pieces
	 * come one after another, so the newest entry is tried first. */
	for (i = b->nmismatches; i-- > 0;) {
		struct rl_mismatch *x = &b->mismatches[i];

		if (x->val == key.val && x->leaf == key.leaf && x->sub == key.sub &&
		    x->has_leaf == key.has_leaf && x->has_sub == key.has_sub &&
		    x->has_val == key.has_val && !strcmp(x->kind, key.kind) &&
		    !strcmp(x->reg, key.reg)) {
			m = x;
			break;
		}
	}
	if (!m) {
		if (b->nmismatches >= RL_MAX_MISMATCHES) {
			b->mismatches_dropped++;
			return;
		}
		grow((void **)&b->mismatches, &b->mismatches_cap, b->nmismatches + 1, sizeof(key));
		m = &b->mismatches[b->nmismatches++];
		*m = key;
	}
	if (pd_record_field(r, PD_F_APICS, &ids, &idlen)) {
		size_t budget = RL_MAX_MISMATCH_ID - b->mismatch_ids;
		struct id_sink sink = {b, m};

		if (budget > RL_MAX_IDS_PER_REC)
			budget = RL_MAX_IDS_PER_REC;
		if (!budget ||
		    !pd_id_list_parse(ids, idlen, (uint32_t)budget, add_mismatch_id, &sink))
			m->bad_list = 1;
	}
}

static void rec_end(struct rl_boot *b, const struct pd_record *r)
{
	struct rl_end *e = &b->end;

	if (!e->have)
		e->cpus = e->online = e->lost = e->errors = e->mismatches = e->records = -1;
	e->have = 1;
	e->seq = r->seq;
	mopt(r, PD_F_CPUS, &e->cpus);
	mopt(r, PD_F_ONLINE, &e->online);
	mopt(r, PD_F_LOST, &e->lost);
	mopt(r, PD_F_ERRORS, &e->errors);
	mopt(r, PD_F_MISMATCHES, &e->mismatches);
	mopt(r, PD_F_RECORDS, &e->records);
	mstr(r, PD_F_VERDICT, e->verdict, sizeof(e->verdict));
}

/* The CRC of a line that parsed: its last 8 characters. */
static uint32_t line_crc(const char *line, size_t n)
{
	uint32_t v = 0;
	size_t i;

	while (n && (line[n - 1] == '\r' || line[n - 1] == '\n'))
		n--;
	for (i = n >= 8 ? n - 8 : 0; i < n; i++) {
		char c = line[i];

		v = v << 4 | (uint32_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

static void handle_record(struct runlog *rl, const struct pd_record *r, uint32_t crc)
{
	struct rl_boot *b = &rl->cur;

	if (!b->started) {
		boot_start(b, r->run, r->boot);
	} else if (r->run != b->run || r->boot != b->boot) {
		if (is_old_boot(rl, r->run, r->boot)) {
			rl->st.stale++;
			return;
		}
		archive_current(rl);
		boot_start(b, r->run, r->boot);
	} else if (r->seq == 0 && r->type == PD_REC_BOOT && b->has_seq0 && crc != b->seq0_crc) {
		/* The same run id and boot again with another first record:
		 * not a resend (a console server replaying its buffer) but a
		 * new run that picked the same id. */
		archive_current(rl);
		boot_start(b, r->run, r->boot);
	}
	if (!seqset_add(&b->seqs, r->seq)) {
		rl->st.duplicates++;
		return;
	}
	if (r->seq == 0) {
		b->has_seq0 = 1;
		b->seq0_crc = crc;
	}
	rl->st.good++;
	b->records++;

	switch (r->type) {
	case PD_REC_BOOT:
		rec_boot(b, r);
		break;
	case PD_REC_ERROR:
		rec_error(b, r);
		break;
	case PD_REC_EXCEPTION:
		rec_exception(b, r);
		break;
	case PD_REC_TSC:
		rec_tsc(b, r);
		break;
	case PD_REC_ACPI:
		rec_acpi(b, r);
		break;
	case PD_REC_SMBIOS:
		rec_smbios(b, r);
		break;
	case PD_REC_APIC:
		rec_apic(b, r);
		break;
	case PD_REC_CPU:
		rec_cpu(rl, b, r);
		break;
	case PD_REC_FEATURES:
		rec_features(b, r);
		break;
	case PD_REC_TOPOLOGY:
		rec_topology(b, r);
		break;
	case PD_REC_DUMP:
		rec_dump(b, r);
		break;
	case PD_REC_MISMATCH:
		rec_mismatch(b, r);
		break;
	case PD_REC_END:
		rec_end(b, r);
		break;
	default:
		/* Known types this model does not use yet are not "unknown". */
		if (r->type == PD_REC_UNKNOWN)
			b->unknown++;
		break;
	}
}

/* ---- lines ---- */

static const char *find_prefix(const char *s, size_t n, int last)
{
	const char *hit = NULL, *p = s, *end = s + n;

	while (p + PD_RECORD_PREFIX_LEN < end) {
		const char *q = memchr(p, '@', (size_t)(end - p) - PD_RECORD_PREFIX_LEN);

		if (!q)
			break;
		if (q[1] == 'P' && q[2] == 'D' && q[3] == ' ') {
			hit = q;
			if (!last)
				break;
		}
		p = q + 1;
	}
	return hit;
}

static void process_line(struct runlog *rl, const char *line, size_t n, int cut, int cut_prefix)
{
	struct pd_record r;
	enum pd_parse_result res;

	rl->st.lines++;
	if (cut)
		rl->st.overlong++;
	while (n && (line[n - 1] == '\r' || line[n - 1] == '\n'))
		n--;
	if (!n && !cut)
		return;
	res = pd_record_parse(line, n, &r);
	if (res == PD_PARSE_CORRUPT) {
		/* Two records run together (a lost line end) or a cut record
		 * before a whole one: the last prefix may still hold a record. */
		const char *first = find_prefix(line, n, 0), *last = find_prefix(line, n, 1);

		if (last && last != first)
			res = pd_record_parse(last, n - (size_t)(last - line), &r);
	}
	if (res == PD_PARSE_NONE) {
		if (cut_prefix)
			rl->st.corrupt++;
		else
			rl->st.noise++;
		return;
	}
	if (res == PD_PARSE_CORRUPT) {
		rl->st.corrupt++;
		return;
	}
	handle_record(rl, &r, line_crc(line, n));
}

void runlog_line(struct runlog *rl, const char *line, size_t n)
{
	rl->st.bytes += n;
	process_line(rl, line, n, 0, 0);
}

/* Drops the first d bytes of the line being assembled, noting a prefix. */
static void line_drop_head(struct runlog *rl, size_t d)
{
	/* A prefix starting before d needs its 3 following bytes in view. */
	size_t scan =
	    d + PD_RECORD_PREFIX_LEN < rl->line_len ? d + PD_RECORD_PREFIX_LEN : rl->line_len;

	if (find_prefix(rl->line, scan, 0))
		rl->line_cut_prefix = 1;
	memmove(rl->line, rl->line + d, rl->line_len - d);
	rl->line_len -= d;
	rl->line_cut = 1;
}

static void line_append(struct runlog *rl, const char *s, size_t m)
{
	while (m) {
		size_t room = RL_LINE_KEEP - rl->line_len, k;

		if (!room) {
			line_drop_head(rl, RL_LINE_KEEP / 2);
			continue;
		}
		k = m < room ? m : room;
		memcpy(rl->line + rl->line_len, s, k);
		rl->line_len += k;
		s += k;
		m -= k;
	}
}

static void line_flush(struct runlog *rl)
{
	process_line(rl, rl->line, rl->line_len, rl->line_cut, rl->line_cut_prefix);
	rl->line_len = 0;
	rl->line_cut = 0;
	rl->line_cut_prefix = 0;
}

void runlog_feed(struct runlog *rl, const void *buf, size_t n)
{
	const char *p = buf, *end = p + n;

	rl->st.bytes += n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t seg = (size_t)((nl ? nl : end) - p);

		if (!nl) {
			line_append(rl, p, seg);
			break;
		}
		/* Whole lines straight from the buffer, without a copy. */
		if (!rl->line_len && !rl->line_cut && seg <= RL_LINE_KEEP) {
			process_line(rl, p, seg, 0, 0);
		} else {
			line_append(rl, p, seg);
			line_flush(rl);
		}
		p = nl + 1;
	}
}

int runlog_end_seen(const struct runlog *rl)
{
	return rl->cur.started && rl->cur.end.have;
}

size_t runlog_cpu_count(const struct runlog *rl)
{
	return rl->cur.ncpus;
}

/* ---- finishing ---- */

static int cmp_cpu(const void *a, const void *b)
{
	const struct rl_cpu *x = a, *y = b;

	if (x->idx != y->idx)
		return x->idx < y->idx ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Sorts by idx; a CPU reported twice keeps its latest record. */
static void cpus_settle(struct rl_boot *b)
{
	size_t i, o = 0;

	if (b->ncpus < 2)
		return;
	qsort(b->cpus, b->ncpus, sizeof(b->cpus[0]), cmp_cpu);
	for (i = 0; i < b->ncpus; i++) {
		if (o && b->cpus[o - 1].idx == b->cpus[i].idx)
			b->cpus[o - 1] = b->cpus[i];
		else
			b->cpus[o++] = b->cpus[i];
	}
	b->ncpus = o;
}

static int cmp_mismatch(const void *a, const void *b)
{
	const struct rl_mismatch *x = a, *y = b;
	int c = strcmp(x->kind, y->kind);

	if (c)
		return c;
	if (x->leaf != y->leaf)
		return x->leaf < y->leaf ? -1 : 1;
	if (x->sub != y->sub)
		return x->sub < y->sub ? -1 : 1;
	c = strcmp(x->reg, y->reg);
	if (c)
		return c;
	if (x->val != y->val)
		return x->val < y->val ? -1 : 1;
	return 0;
}

int runlog_mismatch_same_reg(const struct rl_mismatch *a, const struct rl_mismatch *b)
{
	return !strcmp(a->kind, b->kind) && a->leaf == b->leaf && a->sub == b->sub &&
	       !strcmp(a->reg, b->reg);
}

static void seq_gaps(struct runlog *rl)
{
	const struct rl_boot *b = &rl->cur;
	uint64_t distinct = 0, expect;
	size_t i;

	rl->st.gaps = 0;
	rl->st.lost = 0;
	if (!b->seqs.n)
		return;
	for (i = 0; i < b->seqs.n; i++)
		distinct += (uint64_t)b->seqs.r[i].hi - b->seqs.r[i].lo + 1;
	rl->st.gaps = b->seqs.r[0].lo > 0;
	for (i = 1; i < b->seqs.n; i++)
		rl->st.gaps += b->seqs.r[i].lo > b->seqs.r[i - 1].hi + 1;
	expect = (uint64_t)b->seqs.r[b->seqs.n - 1].hi + 1;
	/* Records after the last one seen, when the end record counts them. */
	if (b->end.have && b->end.records > 0 && (uint64_t)b->end.records > expect) {
		rl->st.gaps++;
		expect = (uint64_t)b->end.records;
	}
	rl->st.lost = expect - distinct;
}

struct ucode_pair {
	uint64_t ucode;
	uint32_t apic;
};

static int cmp_ucode_pair(const void *a, const void *b)
{
	const struct ucode_pair *x = a, *y = b;

	if (x->ucode != y->ucode)
		return x->ucode < y->ucode ? -1 : 1;
	return x->apic < y->apic ? -1 : x->apic > y->apic;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void summarize_cpus(struct runlog *rl)
{
	struct rl_boot *b = &rl->cur;
	struct rl_summary *s = &rl->sum;
	struct ucode_pair *pairs;
	uint64_t *lat;
	size_t i, np = 0, nl = 0;
	uint64_t lat_max = 0;

	s->bsp_ucode = -1;
	if (!b->ncpus)
		return;
	pairs = xrealloc(NULL, b->ncpus * sizeof(*pairs));
	lat = xrealloc(NULL, b->ncpus * sizeof(*lat));
	for (i = 0; i < b->ncpus; i++) {
		const struct rl_cpu *c = &b->cpus[i];

		if (c->state == PD_CPU_BSP && !s->bsp)
			s->bsp = c;
		if (c->state == PD_CPU_BSP || c->state == PD_CPU_ONLINE)
			s->online_cpus++;
		if (c->state == PD_CPU_LOST)
			s->lost_cpus++;
		if (c->canary == 1)
			s->canary_bad++;
		if ((c->has & RL_CPU_UCODE) && (c->has & RL_CPU_APIC)) {
			pairs[np].ucode = c->ucode;
			pairs[np].apic = c->apic;
			np++;
		}
		if ((c->has & RL_CPU_UP) && c->state == PD_CPU_ONLINE) {
			if (!nl || c->up_us > lat_max) {
				lat_max = c->up_us;
				s->up_max_idx = c->idx;
			}
			lat[nl++] = c->up_us;
		}
	}
	if (s->bsp && (s->bsp->has & RL_CPU_UCODE) && s->bsp->ucode <= (uint64_t)INT64_MAX)
		s->bsp_ucode = (int64_t)s->bsp->ucode;

	if (np > 1)
		qsort(pairs, np, sizeof(*pairs), cmp_ucode_pair);
	for (i = 0; i < np;) {
		size_t j = i, k;
		struct rl_ucode_group *g;

		while (j < np && pairs[j].ucode == pairs[i].ucode)
			j++;
		s->ucode = xrealloc(s->ucode, (s->nucode + 1) * sizeof(*s->ucode));
		g = &s->ucode[s->nucode++];
		g->ucode = pairs[i].ucode;
		g->apics = xrealloc(NULL, (j - i) * sizeof(uint32_t));
		for (k = i; k < j; k++)
			g->apics[k - i] = pairs[k].apic;
		g->n = idlist_sort_unique(g->apics, j - i);
		i = j;
	}
	/* The BSP's revision first: the others are what differs from it. */
	for (i = 1; i < s->nucode && s->bsp_ucode >= 0; i++) {
		if (s->ucode[i].ucode == (uint64_t)s->bsp_ucode) {
			struct rl_ucode_group t = s->ucode[i];

			memmove(&s->ucode[1], &s->ucode[0], i * sizeof(t));
			s->ucode[0] = t;
			break;
		}
	}
	if (nl) {
		qsort(lat, nl, sizeof(*lat), cmp_u64);
		s->up_count = nl;
		s->up_min = lat[0];
		s->up_max = lat[nl - 1];
		s->up_median = nl % 2 ? lat[nl / 2] : (lat[nl / 2 - 1] + lat[nl / 2]) / 2;
	}
	free(pairs);
	free(lat);
}

static void decode_dump(struct runlog *rl)
{
	struct rl_boot *b = &rl->cur;
	struct rl_summary *s = &rl->sum;
	struct rl_features *f = &b->features;
	struct cpuid_dump d;

	if (!b->dump_len)
		return;
	memset(&d, 0, sizeof(d));
	if (cpuid_dump_parse(b->dump, b->dump_len, &d) != 0 || !d.ncpus)
		return;
	s->dump_ok = 1;
	s->dump_cpus = d.ncpus;
	s->dump_bad_lines = d.bad_lines;
	cpuid_decode(&d.cpu[0], &s->facts0);
	s->identity_tried = 1;
	identify_cpu(&d.cpu[0], &s->identity);
	cpuid_dump_free(&d);

	if (f->have)
		return;
	/* No features record: what the dump says, MSR-only facts unknown. */
	features_unknown(f);
	f->have = 1;
	f->from_dump = 1;
	snprintf(f->vendor, sizeof(f->vendor), "%s", cpuid_vendor_name(s->facts0.vendor));
	snprintf(f->brand, sizeof(f->brand), "%s", s->facts0.brand);
	f->family = s->facts0.family;
	f->model = s->facts0.model;
	f->stepping = s->facts0.stepping;
	f->ucode = -1;
	f->sme = s->facts0.sme;
	f->sev = s->facts0.sev;
	f->sev_es = s->facts0.sev_es;
	f->snp = s->facts0.snp;
	f->cbit = s->facts0.cbit;
	f->tme = s->facts0.tme;
	f->tme_active = -1;
	f->tdx_host = -1;
	f->tdx_keyids = -1;
	f->tdx_guest = s->facts0.tdx_guest;
	f->monitor_mwait = s->facts0.monitor;
	f->mwait_min = s->facts0.mwait_line_min;
	f->mwait_max = s->facts0.mwait_line_max;
	f->mwait_emx = s->facts0.mwait_emx;
	f->mwait_ibe = s->facts0.mwait_ibe;
	f->mwait_cstates = s->facts0.mwait_substates;
	f->smt = s->facts0.smt;
	f->x2apic = s->facts0.x2apic;
	f->hypervisor = s->facts0.hypervisor;
	f->pdpe1gb = s->facts0.pdpe1gb;
	f->smt_shift = s->facts0.smt_shift;
	f->core_shift = s->facts0.core_shift;
}

static void add_reason(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add_reason(char *buf, size_t cap, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len && len + 2 < cap) {
		memcpy(buf + len, ", ", 3);
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(buf + len, cap - len, fmt, ap);
	va_end(ap);
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* The end record's counts against what arrived. */
static void cross_check(struct runlog *rl)
{
	struct rl_boot *b = &rl->cur;
	struct rl_summary *s = &rl->sum;
	const struct rl_end *e = &b->end;
	uint64_t nerr = b->errors_fail + b->errors_warn;

	if (!e->have)
		return;
	if (e->records >= 0 && (uint64_t)e->records != b->records)
		runlog_note(rl, "end record counts %lld records, %llu received",
			    (long long)e->records, (unsigned long long)b->records);
	if (e->cpus >= 0 && (uint64_t)e->cpus != b->ncpus)
		runlog_note(rl, "end record counts %lld CPUs, %zu cpu records received",
			    (long long)e->cpus, b->ncpus);
	if (e->online >= 0 && (uint64_t)e->online != s->online_cpus &&
	    (uint64_t)e->online + 1 != s->online_cpus)
		runlog_note(rl, "end record counts %lld CPUs online, cpu records show %llu",
			    (long long)e->online, (unsigned long long)s->online_cpus);
	if (e->lost >= 0 && (uint64_t)e->lost != s->lost_cpus)
		runlog_note(rl, "end record counts %lld lost CPUs, cpu records show %llu",
			    (long long)e->lost, (unsigned long long)s->lost_cpus);
	if (e->errors >= 0 && (uint64_t)e->errors != nerr)
		runlog_note(rl, "end record counts %lld errors, %llu error records received",
			    (long long)e->errors, (unsigned long long)nerr);
	if (e->mismatches >= 0 && (e->mismatches == 0) != (s->mismatch_regs == 0))
		runlog_note(rl, "end record counts %lld mismatches, %llu registers differ here",
			    (long long)e->mismatches, (unsigned long long)s->mismatch_regs);
	if (e->verdict[0] && strcmp(e->verdict, PD_VERDICT_PASS) &&
	    strcmp(e->verdict, PD_VERDICT_FAIL))
		runlog_note(rl, "end record has an unknown verdict \"%s\"", e->verdict);
}

static void decide(struct runlog *rl)
{
	struct rl_boot *b = &rl->cur;
	struct rl_summary *s = &rl->sum;
	size_t i;
	int payload_fail = b->end.have && !strcmp(b->end.verdict, PD_VERDICT_FAIL);
	uint64_t lost = s->lost_cpus;

	/* The end record's count stands when cpu records of lost CPUs were
	 * themselves lost on the line. */
	if (b->end.have && b->end.lost > 0 && (uint64_t)b->end.lost > lost)
		lost = (uint64_t)b->end.lost;

	for (i = 0; i < b->nmismatches; i++)
		if (i == 0 || !runlog_mismatch_same_reg(&b->mismatches[i - 1], &b->mismatches[i]))
			s->mismatch_regs++;
	s->fail_errors = b->errors_fail;
	/* Errors that only restate a lost CPU or a bad canary are not counted
	 * again in the verdict line. */
	s->other_fail_errors = b->errors_fail;
	for (i = 0; i < b->nerrors; i++) {
		const struct rl_error *e = &b->errors[i];

		if (!strcmp(e->level, PD_LEVEL_WARN))
			continue;
		if ((!strcmp(e->code, PD_ERR_CPU_LOST) && lost) ||
		    (!strcmp(e->code, PD_ERR_STACK) && s->canary_bad))
			s->other_fail_errors--;
	}

	s->reason[0] = 0;
	if (!b->end.have || b->exceptions_total) {
		s->verdict = RL_BROKEN;
		if (!b->started)
			add_reason(s->reason, sizeof(s->reason), "no records%s%s",
				   rl->stop_reason[0] ? ": " : "", rl->stop_reason);
		else if (!b->end.have)
			add_reason(s->reason, sizeof(s->reason), "no end record: %s",
				   rl->stop_reason[0] ? rl->stop_reason : "input ended");
		if (b->exceptions_total)
			add_reason(s->reason, sizeof(s->reason), "%llu %s",
				   (unsigned long long)b->exceptions_total,
				   plural(b->exceptions_total, "exception", "exceptions"));
	} else {
		s->verdict = RL_PASS;
	}
	if (lost)
		add_reason(s->reason, sizeof(s->reason), "%llu lost %s", (unsigned long long)lost,
			   plural(lost, "CPU", "CPUs"));
	if (s->mismatch_regs)
		add_reason(s->reason, sizeof(s->reason), "%llu %s",
			   (unsigned long long)s->mismatch_regs,
			   plural(s->mismatch_regs, "mismatch", "mismatches"));
	if (s->canary_bad)
		add_reason(s->reason, sizeof(s->reason), "%llu damaged %s",
			   (unsigned long long)s->canary_bad,
			   plural(s->canary_bad, "stack canary", "stack canaries"));
	if (s->other_fail_errors)
		add_reason(s->reason, sizeof(s->reason), "%llu %s",
			   (unsigned long long)s->other_fail_errors,
			   plural(s->other_fail_errors, "error", "errors"));
	if (s->verdict == RL_PASS && (lost || s->mismatch_regs || s->canary_bad || s->fail_errors))
		s->verdict = RL_FAIL;
	if (s->verdict == RL_PASS && payload_fail) {
		s->verdict = RL_FAIL;
		add_reason(s->reason, sizeof(s->reason), "the payload's verdict is fail");
	}
	if (s->verdict == RL_FAIL && b->end.have && !payload_fail)
		runlog_note(rl, "the payload's end record says %s",
			    b->end.verdict[0] ? b->end.verdict : "nothing");
}

static void qemu_check(struct runlog *rl)
{
	int st = rl->qemu_status;
	const char *says;

	if (st < 0)
		return;
	/* isa-debug-exit: (value << 1) | 1, the payload writes 0 or 1. */
	says = st == 1 ? "pass" : st == 3 ? "fail" : NULL;
	if (!says)
		runlog_note(rl, "QEMU exited with status %d, not through isa-debug-exit", st);
	else if (rl->sum.verdict == RL_BROKEN ||
		 strcmp(says, rl->sum.verdict == RL_PASS ? "pass" : "fail"))
		runlog_note(rl, "QEMU's exit status %d says %s, the records say %s", st, says,
			    runlog_verdict_name(rl->sum.verdict));
}

void runlog_finish(struct runlog *rl)
{
	struct rl_boot *b = &rl->cur;
	size_t i;

	if (rl->finished)
		return;
	rl->finished = 1;
	if (rl->line_len || rl->line_cut)
		line_flush(rl);
	cpus_settle(b);
	if (b->nmismatches > 1)
		qsort(b->mismatches, b->nmismatches, sizeof(b->mismatches[0]), cmp_mismatch);
	for (i = 0; i < b->nmismatches; i++) {
		struct rl_mismatch *m = &b->mismatches[i];

		m->napics = idlist_sort_unique(m->apics, m->napics);
	}
	seq_gaps(rl);
	summarize_cpus(rl);
	decode_dump(rl);
	decide(rl);
	cross_check(rl);
	qemu_check(rl);
	if (b->cpu_records_bad)
		runlog_note(rl, "%llu cpu records without a usable idx",
			    (unsigned long long)b->cpu_records_bad);
	if (b->errors_dropped)
		runlog_note(rl, "%llu more error records not kept",
			    (unsigned long long)b->errors_dropped);
	if (b->mismatches_dropped)
		runlog_note(rl, "%llu mismatch records not kept (too many distinct values)",
			    (unsigned long long)b->mismatches_dropped);
	if (b->dump_truncated)
		runlog_note(rl, "CPUID dump longer than %u MiB: the rest was not kept",
			    RL_MAX_DUMP >> 20);
	if (b->dump_len && !rl->sum.dump_ok)
		runlog_note(rl, "the CPUID dump (%llu lines) did not parse",
			    (unsigned long long)b->dump_lines);
	if (rl->sum.identity_tried && !rl->sum.identity.ok)
		runlog_note(rl, "libcpuid could not identify CPU 0: %s",
			    rl->sum.identity.error[0] ? rl->sum.identity.error : "unknown error");
	if (rl->st.lost)
		runlog_note(rl,
			    "%llu records of this boot never arrived intact: the report may miss "
			    "details (the end record's counts and verdict still apply)",
			    (unsigned long long)rl->st.lost);
	if (b->seqs.untracked)
		runlog_note(rl, "%llu records far out of order were not checked for duplicates",
			    (unsigned long long)b->seqs.untracked);
	if (rl->st.stale)
		runlog_note(rl, "%llu records of earlier boots arrived late and were not used",
			    (unsigned long long)rl->st.stale);
	if (rl->st.overlong)
		runlog_note(rl, "%llu lines longer than %d bytes (their start dropped)",
			    (unsigned long long)rl->st.overlong, RL_LINE_KEEP);
}

int runlog_exit_status(const struct runlog *rl)
{
	switch (rl->sum.verdict) {
	case RL_PASS:
		return 0;
	case RL_FAIL:
		return 1;
	default:
		return 2;
	}
}

const char *runlog_verdict_name(enum rl_verdict v)
{
	switch (v) {
	case RL_PASS:
		return "pass";
	case RL_FAIL:
		return "fail";
	default:
		return "broken";
	}
}
