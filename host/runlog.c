/* SPDX-License-Identifier: MIT */
/*
 * The run model: lines in, records out, kept per boot; the verdict at the
 * end.  Any byte sequence is valid input: what does not parse is counted,
 * what is too much is bounded (RL_MAX_*), nothing is trusted to be in order.
 */
#include "host/runlog.h"

#include <inttypes.h>
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

/* The uint32_t at off in a record. */
static uint32_t u32_at(const void *rec, size_t off)
{
	uint32_t v;

	memcpy(&v, (const char *)rec + off, sizeof(v));
	return v;
}

/* The first of n records (size bytes each, sorted by the uint32_t at off)
 * whose uint32_t at off is not below key; n when there is none. */
static size_t lower_bound_u32(const void *base, size_t n, size_t size, size_t off, uint32_t key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (u32_at((const char *)base + mid * size, off) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---- seq sets ---- */

/* Adds seq; returns 0 when it was there already. */
static int seqset_add(struct rl_seqset *s, uint32_t seq)
{
	size_t lo, i;

	/* In-order arrival is the common case: extend the last range. */
	if (s->n && seq > s->r[s->n - 1].hi) {
		if (seq == s->r[s->n - 1].hi + 1) {
			s->r[s->n - 1].hi = seq;
			return 1;
		}
		lo = s->n;
	} else {
		/* First range with hi >= seq. */
		lo = lower_bound_u32(s->r, s->n, sizeof(s->r[0]), offsetof(struct rl_range, hi),
				     seq);
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

/* ---- runs ---- */

static void run_free(struct rl_run *b)
{
	size_t i;

	for (i = 0; i < b->nmismatches; i++)
		free(b->mismatches[i].apics);
	for (i = 0; i < b->nboots; i++)
		free(b->boots[i].seqs.r);
	free(b->boots);
	free(b->mismatches);
	free(b->cpus);
	free(b->errors);
	free(b->exceptions);
	free(b->dump);
	free(b->cycles);
	free(b->outcomes);
	free(b->cpumodes);
	memset(b, 0, sizeof(*b));
}

static void run_start(struct runlog *rl, struct rl_run *b, uint32_t run)
{
	run_free(b);
	b->started = 1;
	b->run = run;
	b->serial = ++rl->runs;
}

/* Where boot stands, or would stand, in b->boots (sorted by boot). */
static size_t boot_index(const struct rl_run *b, uint32_t boot)
{
	return lower_bound_u32(b->boots, b->nboots, sizeof(b->boots[0]),
			       offsetof(struct rl_boot_seqs, boot), boot);
}

/* The seq bookkeeping of one boot, made when first seen; NULL beyond
 * RL_MAX_BOOTS.  Boots mostly arrive in order: the last one is tried first. */
static struct rl_boot_seqs *boot_get(struct rl_run *b, uint32_t boot)
{
	size_t lo;
	struct rl_boot_seqs *x;

	if (b->nboots && b->boots[b->nboots - 1].boot == boot)
		return &b->boots[b->nboots - 1];
	if (b->nboots && b->boots[b->nboots - 1].boot < boot) {
		lo = b->nboots;
	} else {
		lo = boot_index(b, boot);
		if (lo < b->nboots && b->boots[lo].boot == boot)
			return &b->boots[lo];
	}
	if (b->nboots >= RL_MAX_BOOTS)
		return NULL;
	grow((void **)&b->boots, &b->boots_cap, b->nboots + 1, sizeof(b->boots[0]));
	memmove(&b->boots[lo + 1], &b->boots[lo], (b->nboots - lo) * sizeof(b->boots[0]));
	b->nboots++;
	x = &b->boots[lo];
	memset(x, 0, sizeof(*x));
	x->boot = boot;
	x->end_records = -1;
	return x;
}

static const struct rl_boot_seqs *boot_find(const struct rl_run *b, uint32_t boot)
{
	size_t lo = boot_index(b, boot);

	return lo < b->nboots && b->boots[lo].boot == boot ? &b->boots[lo] : NULL;
}

static void summary_free(struct rl_summary *s)
{
	size_t i;

	for (i = 0; i < s->nucode; i++)
		free(s->ucode[i].apics);
	for (i = 0; i < s->ngroups; i++)
		free(s->groups[i].failing);
	free(s->groups);
	free(s->ucode);
	free(s->by_apic);
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
	run_free(&rl->cur);
	run_free(&rl->prev);
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

/* Remembers a run in the others list. */
static void archive_run(struct runlog *rl, const struct rl_run *b)
{
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
	o->serial = b->serial;
	o->records = b->records;
	o->had_end = b->end.have;
	memcpy(o->verdict, b->end.verdict, sizeof(o->verdict));
	o->errors_fail = b->errors_fail;
	o->exceptions = b->exceptions_total;
	o->cycles = b->cycle_records;
}

static void unarchive_run(struct runlog *rl, uint64_t serial)
{
	size_t i;

	for (i = 0; i < rl->nothers; i++) {
		if (rl->others[i].serial != serial)
			continue;
		memmove(&rl->others[i], &rl->others[i + 1],
			(rl->nothers - i - 1) * sizeof(rl->others[0]));
		rl->nothers--;
		return;
	}
}

/* A run left behind: its late records are not mixed into the current one. */
static int is_old_run(const struct runlog *rl, uint32_t run)
{
	size_t i;

	for (i = 0; i < rl->nothers; i++)
		if (rl->others[i].run == run)
			return 1;
	return 0;
}

/*
 * A record of another run (or of boot 1 again with another first record):
 * the current run is over.  One without an end record that is followed by a
 * new boot 1 means the machine started over outside a cycle; the one with
 * the most records of such a chain is kept for the report.
 */
static void new_run(struct runlog *rl, const struct pd_record *r)
{
	struct rl_run *b = &rl->cur;

	archive_run(rl, b);
	if (!b->end.have) {
		if (r->boot == 1) {
			rl->restarts++;
			runlog_note(
			    rl,
			    "machine reset outside a cycle: a new run started (run %08" PRIx32
			    " after run %08" PRIx32 " boot %" PRIu32 ", which has no end record)",
			    r->run, b->run, b->boot);
		} else {
			runlog_note(rl,
				    "run %08" PRIx32 " has no end record; run %08" PRIx32
				    " follows from boot %" PRIu32,
				    b->run, r->run, r->boot);
		}
		if (!rl->prev.started || b->records > rl->prev.records) {
			run_free(&rl->prev);
			rl->prev = *b;
			memset(b, 0, sizeof(*b));
		}
	} else {
		run_free(&rl->prev);
	}
	run_start(rl, b, r->run);
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

static void rec_boot(struct rl_run *b, const struct pd_record *r)
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

static void rec_error(struct rl_run *b, const struct pd_record *r)
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

static void rec_exception(struct rl_run *b, const struct pd_record *r)
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
	b->exceptions_total++;
	if (b->nexceptions >= RL_MAX_EXCEPTIONS)
		return;
	grow((void **)&b->exceptions, &b->exceptions_cap, b->nexceptions + 1, sizeof(x));
	b->exceptions[b->nexceptions++] = x;
}

static void rec_tsc(struct rl_run *b, const struct pd_record *r)
{
	int has = 0;

	b->tsc.have = 1;
	mu64(r, PD_F_KHZ, &b->tsc.khz, &has);
	mstr(r, PD_F_SOURCE, b->tsc.source, sizeof(b->tsc.source));
}

static void rec_acpi(struct rl_run *b, const struct pd_record *r)
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

static void rec_smbios(struct rl_run *b, const struct pd_record *r)
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

static void rec_apic(struct rl_run *b, const struct pd_record *r)
{
	struct rl_apic *a = &b->apic;

	a->have = 1;
	mstr(r, PD_F_MODE, a->mode, sizeof(a->mode));
	mu64(r, PD_F_BSP, &a->bsp, &a->has_bsp);
	mu64(r, PD_F_INIT_UDELAY, &a->init_udelay, &a->has_init_udelay);
	mu64(r, PD_F_TRAMPOLINE, &a->trampoline, &a->has_trampoline);
	mu64(r, PD_F_ALL_UP_US, &a->all_up_us, &a->has_all_up_us);
}

static void rec_cpu(struct runlog *rl, struct rl_run *b, const struct pd_record *r)
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

static void rec_features(struct rl_run *b, const struct pd_record *r)
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

static void rec_topology(struct rl_run *b, const struct pd_record *r)
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

static void rec_dump(struct rl_run *b, const struct pd_record *r)
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
	struct rl_run *b;
	struct rl_mismatch *m;
};

static void add_mismatch_id(uint32_t id, void *ctx)
{
	struct id_sink *s = ctx;

	grow((void **)&s->m->apics, &s->m->cap, s->m->napics + 1, sizeof(uint32_t));
	s->m->apics[s->m->napics++] = id;
	s->b->mismatch_ids++;
}

static void rec_mismatch(struct rl_run *b, const struct pd_record *r)
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

/* (boot, seq) order: where a record stands in the run. */
static int pos_before(uint32_t b1, uint32_t s1, uint32_t b2, uint32_t s2)
{
	return b1 < b2 || (b1 == b2 && s1 < s2);
}

static void rec_end(struct rl_run *b, const struct pd_record *r)
{
	struct rl_end *e = &b->end;
	struct rl_boot_seqs *bs = boot_get(b, r->boot);
	int64_t records = fopt(r, PD_F_RECORDS);

	b->end_records++;
	if (bs && records >= 0)
		bs->end_records = records;
	/* The last boot's end record is the run's. */
	if (e->have && pos_before(r->boot, r->seq, e->boot, e->seq))
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

static void rec_kexec(struct rl_run *b, const struct pd_record *r)
{
	struct rl_kexec *k = &b->kexec;

	uint64_t n = k->records + 1;

	k->records = n;
	/* Once per run: the first one stands. */
	if (k->have && !pos_before(r->boot, r->seq, k->boot, k->seq))
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
}

static void rec_cycle(struct rl_run *b, const struct pd_record *r)
{
	struct rl_cycle c;
	int o;

	b->cycle_records++;
	memset(&c, 0, sizeof(c));
	if (!fu32(r, PD_F_N, &c.n)) {
		b->cycle_records_bad++;
		return;
	}
	if (b->ncycles >= RL_MAX_CYCLES) {
		b->cycles_dropped++;
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
	c.scribbled = fopt(r, PD_F_SCRIBBLED) > 0;
	c.reset = c.counts[PD_OUTCOME_RESET] > 0;
	grow((void **)&b->cycles, &b->cycles_cap, b->ncycles + 1, sizeof(c));
	b->cycles[b->ncycles++] = c;
}

static void rec_outcome(struct rl_run *b, const struct pd_record *r)
{
	struct rl_outcome x;

	b->outcome_records++;
	memset(&x, 0, sizeof(x));
	if (!fu32(r, PD_F_N, &x.n) || !fu32(r, PD_F_APIC, &x.apic)) {
		b->outcome_records_bad++;
		return;
	}
	if (b->noutcomes >= RL_MAX_OUTCOMES) {
		b->outcomes_dropped++;
		return;
	}
	fstr(r, PD_F_O, x.name, sizeof(x.name));
	x.o = pd_outcome_lookup(x.name, strlen(x.name));
	x.before = fopt(r, PD_F_BEFORE);
	x.after = fopt(r, PD_F_AFTER);
	grow((void **)&b->outcomes, &b->outcomes_cap, b->noutcomes + 1, sizeof(x));
	b->outcomes[b->noutcomes++] = x;
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

static void rec_cpumodes(struct runlog *rl, struct rl_run *b, const struct pd_record *r)
{
	struct rl_cpumodes c;
	char val[PD_RECORD_MAX + 1];
	int m, bad = 0;

	memset(&c, 0, sizeof(c));
	if (!fu32(r, PD_F_APIC, &c.apic) || b->ncpumodes >= RL_MAX_CPUS) {
		b->cpumodes_bad++;
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
		b->cpumodes_bad++;
	c.order = rl->order++;
	grow((void **)&b->cpumodes, &b->cpumodes_cap, b->ncpumodes + 1, sizeof(c));
	b->cpumodes[b->ncpumodes++] = c;
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
	case PD_REC_MISMATCH:
		return 1;
	default:
		return 0;
	}
}

static void handle_record(struct runlog *rl, const struct pd_record *r, uint32_t crc)
{
	struct rl_run *b = &rl->cur;
	struct rl_boot_seqs *bs;

	if (!b->started) {
		run_start(rl, b, r->run);
	} else if (r->run != b->run) {
		if (is_old_run(rl, r->run)) {
			rl->st.stale++;
			return;
		}
		new_run(rl, r);
	} else if (r->seq == 0 && r->type == PD_REC_BOOT) {
		const struct rl_boot_seqs *seen = boot_find(b, r->boot);

		/* The same run id and boot again with another first record: not
		 * a resend (a console server replaying its buffer) but a new
		 * run that picked the same id, or a boot that started twice. */
		if (seen && seen->has_seq0 && crc != seen->seq0_crc) {
			if (r->boot == 1) {
				new_run(rl, r);
			} else {
				bs = boot_get(b, r->boot);
				free(bs->seqs.r);
				memset(&bs->seqs, 0, sizeof(bs->seqs));
				bs->has_seq0 = 0;
				b->boots_rerun++;
			}
		}
	}
	bs = boot_get(b, r->boot);
	if (bs) {
		if (!seqset_add(&bs->seqs, r->seq)) {
			rl->st.duplicates++;
			return;
		}
		if (r->seq == 0) {
			bs->has_seq0 = 1;
			bs->seq0_crc = crc;
		}
		bs->records++;
	} else {
		b->boots_untracked++;
	}
	if (r->boot > b->boot)
		b->boot = r->boot;
	rl->st.good++;
	b->records++;

	if (r->boot != 1 && is_probe_record(r->type)) {
		b->probe_later++;
		return;
	}
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
	case PD_REC_KEXEC:
		rec_kexec(b, r);
		break;
	case PD_REC_CYCLE:
		rec_cycle(b, r);
		break;
	case PD_REC_OUTCOME:
		rec_outcome(b, r);
		break;
	case PD_REC_CPUMODES:
		rec_cpumodes(rl, b, r);
		break;
	case PD_REC_END:
		rec_end(b, r);
		break;
	default:
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

size_t runlog_cycle_count(const struct runlog *rl)
{
	return rl->cur.ncycles;
}

uint64_t runlog_restarts(const struct runlog *rl)
{
	return rl->restarts;
}

void runlog_set_reboot_loop(struct runlog *rl)
{
	rl->reboot_loop = 1;
}

/* ---- finishing ---- */

/* Where a record's key and arrival order stand in it (both uint32_t). */
struct key_order {
	size_t key, order;
};

static int cmp_key_order(const void *a, const void *b, void *ctx)
{
	const struct key_order *k = ctx;
	uint32_t x = u32_at(a, k->key), y = u32_at(b, k->key);

	if (x != y)
		return x < y ? -1 : 1;
	x = u32_at(a, k->order);
	y = u32_at(b, k->order);
	return x < y ? -1 : x > y;
}

/*
 * Sorts n records of size bytes by the uint32_t key at key_off and keeps, of
 * those with one key, the latest by the uint32_t arrival order at order_off:
 * a thing reported twice keeps its latest record.  Returns how many are left.
 */
static size_t sort_keep_latest(void *base, size_t n, size_t size, size_t key_off, size_t order_off)
{
	struct key_order k = {key_off, order_off};
	char *v = base;
	size_t i, o = 0;

	if (n < 2)
		return n;
	qsort_r(v, n, size, cmp_key_order, &k);
	for (i = 0; i < n; i++) {
		if (!o || u32_at(v + (o - 1) * size, key_off) != u32_at(v + i * size, key_off))
			o++;
		if (o - 1 != i)
			memcpy(v + (o - 1) * size, v + i * size, size);
	}
	return o;
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

/* Holes in the seq numbers, per boot of the run. */
static void seq_gaps(struct runlog *rl)
{
	const struct rl_run *b = &rl->cur;
	size_t k, i;

	rl->st.gaps = 0;
	rl->st.lost = 0;
	for (k = 0; k < b->nboots; k++) {
		const struct rl_boot_seqs *bs = &b->boots[k];
		uint64_t distinct = 0, expect;

		if (!bs->seqs.n)
			continue;
		for (i = 0; i < bs->seqs.n; i++)
			distinct += (uint64_t)bs->seqs.r[i].hi - bs->seqs.r[i].lo + 1;
		rl->st.gaps += bs->seqs.r[0].lo > 0;
		for (i = 1; i < bs->seqs.n; i++)
			rl->st.gaps += bs->seqs.r[i].lo > bs->seqs.r[i - 1].hi + 1;
		expect = (uint64_t)bs->seqs.r[bs->seqs.n - 1].hi + 1;
		/* Records after the last one seen, when an end record counts them. */
		if (bs->end_records > 0 && (uint64_t)bs->end_records > expect) {
			rl->st.gaps++;
			expect = (uint64_t)bs->end_records;
		}
		rl->st.lost += expect - distinct;
	}
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

static int cmp_by_apic(const void *a, const void *b, void *ctx)
{
	const struct rl_cpu *cpus = ctx;
	const struct rl_cpu *x = &cpus[*(const size_t *)a], *y = &cpus[*(const size_t *)b];

	if (x->apic != y->apic)
		return x->apic < y->apic ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

const struct rl_cpu *runlog_cpu_by_apic(const struct runlog *rl, uint32_t apic)
{
	const struct rl_summary *s = &rl->sum;
	size_t lo = 0, hi = s->nby_apic;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rl->cur.cpus[s->by_apic[mid]].apic < apic)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nby_apic && rl->cur.cpus[s->by_apic[lo]].apic == apic
		   ? &rl->cur.cpus[s->by_apic[lo]]
		   : NULL;
}

static void summarize_cpus(struct runlog *rl)
{
	struct rl_run *b = &rl->cur;
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
	/* APIC ID lookups for the schedule's reports. */
	s->by_apic = xrealloc(NULL, b->ncpus * sizeof(*s->by_apic));
	for (i = 0; i < b->ncpus; i++)
		if (b->cpus[i].has & RL_CPU_APIC)
			s->by_apic[s->nby_apic++] = i;
	qsort_r(s->by_apic, s->nby_apic, sizeof(*s->by_apic), cmp_by_apic, b->cpus);
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
	struct rl_run *b = &rl->cur;
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

/* ---- the schedule ---- */

static const char *plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static int cmp_cycle(const void *a, const void *b)
{
	const struct rl_cycle *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	if (pos_before(x->boot, x->seq, y->boot, y->seq))
		return -1;
	return pos_before(y->boot, y->seq, x->boot, x->seq);
}

/* Where a cycle record stands in the run, to place exceptions. */
struct cycle_pos {
	uint32_t boot, seq, n;
};

static int cmp_cycle_pos(const void *a, const void *b)
{
	const struct cycle_pos *x = a, *y = b;

	if (pos_before(x->boot, x->seq, y->boot, y->seq))
		return -1;
	return pos_before(y->boot, y->seq, x->boot, x->seq);
}

static int same_cycle(const struct rl_cycle *a, const struct rl_cycle *b)
{
	return !memcmp(a->counts, b->counts, sizeof(a->counts)) && a->reset == b->reset &&
	       a->scribbled == b->scribbled && a->smi_us == b->smi_us && !strcmp(a->m, b->m) &&
	       !strcmp(a->p, b->p) && !strcmp(a->phase, b->phase);
}

/*
 * Sorts the cycle records by n and merges those of one n: a record sent
 * twice counts once; records that disagree keep the worst of each count (a
 * reset seen by any of them stays).  Returns the records' positions, sorted.
 */
static struct cycle_pos *cycles_settle(struct runlog *rl, size_t *npos)
{
	struct rl_run *b = &rl->cur;
	struct cycle_pos *pos = xrealloc(NULL, (b->ncycles ? b->ncycles : 1) * sizeof(*pos));
	size_t i, o = 0;
	uint64_t differ = 0, repeated = 0;
	int k;

	for (i = 0; i < b->ncycles; i++) {
		pos[i].boot = b->cycles[i].boot;
		pos[i].seq = b->cycles[i].seq;
		pos[i].n = b->cycles[i].n;
	}
	*npos = b->ncycles;
	if (b->ncycles > 1) {
		qsort(pos, b->ncycles, sizeof(*pos), cmp_cycle_pos);
		qsort(b->cycles, b->ncycles, sizeof(b->cycles[0]), cmp_cycle);
	}
	for (i = 0; i < b->ncycles; i++) {
		struct rl_cycle *c = &b->cycles[i], *m;

		if (!o || b->cycles[o - 1].n != c->n) {
			b->cycles[o++] = *c;
			continue;
		}
		m = &b->cycles[o - 1];
		m->records++;
		repeated++;
		if (same_cycle(m, c))
			continue;
		if (!m->differ)
			differ++;
		m->differ = 1;
		for (k = 0; k < PD_OUTCOME_COUNT; k++)
			if (c->counts[k] > m->counts[k])
				m->counts[k] = c->counts[k];
		m->reset |= c->reset;
		m->scribbled |= c->scribbled;
		if (c->smi_us > m->smi_us)
			m->smi_us = c->smi_us;
		if (!m->phase[0])
			memcpy(m->phase, c->phase, sizeof(m->phase));
	}
	b->ncycles = o;
	if (repeated)
		runlog_note(rl, "%llu %s repeated a cycle already reported (counted once)",
			    (unsigned long long)repeated,
			    plural(repeated, "cycle record", "cycle records"));
	if (differ)
		runlog_note(rl,
			    "%llu %s reported more than once with different contents: the "
			    "worst of each count kept",
			    (unsigned long long)differ, plural(differ, "cycle", "cycles"));
	return pos;
}

size_t runlog_cycle_index(const struct rl_run *b, int64_t n)
{
	size_t i;

	if (n < 0 || n > UINT32_MAX)
		return b->ncycles;
	i = lower_bound_u32(b->cycles, b->ncycles, sizeof(b->cycles[0]),
			    offsetof(struct rl_cycle, n), (uint32_t)n);
	return i < b->ncycles && b->cycles[i].n == n ? i : b->ncycles;
}

static struct rl_cycle *cycle_find(struct rl_run *b, int64_t n)
{
	size_t i = runlog_cycle_index(b, n);

	return i < b->ncycles ? &b->cycles[i] : NULL;
}

/* Sent after the schedule began: after the kexec record (or, without one, in
 * a boot after the first). */
static int in_schedule(const struct rl_run *b, uint32_t boot, uint32_t seq)
{
	if (b->kexec.have)
		return pos_before(b->kexec.boot, b->kexec.seq, boot, seq);
	return boot > 1;
}

/*
 * An exception during the schedule belongs to the cycle in flight: the one
 * after the last cycle record before it, or cycle 0.
 */
static void place_exceptions(struct runlog *rl, const struct cycle_pos *pos, size_t npos)
{
	struct rl_run *b = &rl->cur;
	struct rl_summary *s = &rl->sum;
	size_t i;

	for (i = 0; i < b->nexceptions; i++) {
		struct rl_exception *x = &b->exceptions[i];
		size_t lo = 0, hi = npos;
		struct rl_cycle *c;

		if (!s->schedule || !in_schedule(b, x->boot, x->seq)) {
			s->probe_exceptions++;
			continue;
		}
		/* Records before the exception: [0, lo). */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (pos_before(pos[mid].boot, pos[mid].seq, x->boot, x->seq))
				lo = mid + 1;
			else
				hi = mid;
		}
		x->cycle = lo ? (int64_t)pos[lo - 1].n + 1 : 0;
		c = cycle_find(b, x->cycle);
		if (c) {
			c->exceptions++;
			s->cycle_exceptions++;
		} else {
			s->orphan_exceptions++;
		}
	}
	/* Not kept (over RL_MAX_EXCEPTIONS): cannot be placed. */
	if (s->schedule)
		s->orphan_exceptions += b->exceptions_total - b->nexceptions;
	else
		s->probe_exceptions += b->exceptions_total - b->nexceptions;
	for (i = 0; i < b->nerrors; i++) {
		struct rl_error *e = &b->errors[i];

		e->in_schedule = s->schedule && in_schedule(b, e->boot, e->seq);
		if (e->in_schedule && strcmp(e->level, PD_LEVEL_WARN))
			s->schedule_fail_errors++;
	}
}

static struct rl_group *group_for(struct rl_summary *s, const struct rl_cycle *c)
{
	int known = c->mode >= 0 && c->prov >= 0;
	struct rl_group *g;
	struct pd_expect e;
	size_t i;

	for (i = 0; i < s->ngroups; i++) {
		g = &s->groups[i];
		if (known ? g->known && g->mode == c->mode && g->prov == c->prov
			  : !g->known && !strcmp(g->m, c->m) && !strcmp(g->p, c->p))
			return g;
	}
	if (s->ngroups >= RL_MAX_GROUPS)
		return NULL;
	s->groups = xrealloc(s->groups, (s->ngroups + 1) * sizeof(*s->groups));
	g = &s->groups[s->ngroups++];
	memset(g, 0, sizeof(*g));
	g->known = known;
	g->mode = c->mode;
	g->prov = c->prov;
	g->observed_pass = 1;
	if (known) {
		snprintf(g->m, sizeof(g->m), "%s", pd_park_mode_name((enum pd_park_mode)c->mode));
		pd_provoke_format((unsigned)c->prov, g->p, sizeof(g->p));
		pd_expect((enum pd_park_mode)c->mode, (unsigned)c->prov, s->platform, &e);
		g->allowed = e.allowed;
		g->expected_pass = e.pass;
		g->why = e.why;
	} else {
		memcpy(g->m, c->m, sizeof(g->m));
		memcpy(g->p, c->p, sizeof(g->p));
		/* Nothing to judge against: only what passes everywhere. */
		g->allowed = 1u << PD_OUTCOME_OK | 1u << PD_OUTCOME_SKIPPED;
		g->expected_pass = 1;
		g->why = "mode or provocation set unknown to this host tool";
	}
	return g;
}

static int cmp_outcome(const void *a, const void *b)
{
	const struct rl_outcome *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	if (x->apic != y->apic)
		return x->apic < y->apic ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* A CPU's outcome records: one per cycle and outcome. */
static void outcomes_settle(struct rl_run *b)
{
	size_t i, o = 0;

	if (b->noutcomes > 1)
		qsort(b->outcomes, b->noutcomes, sizeof(b->outcomes[0]), cmp_outcome);
	for (i = 0; i < b->noutcomes; i++)
		if (!o || cmp_outcome(&b->outcomes[o - 1], &b->outcomes[i]))
			b->outcomes[o++] = b->outcomes[i];
	b->noutcomes = o;
}

static void group_add_failing(struct rl_group *g, uint32_t apic)
{
	if (g->nfailing && g->failing[g->nfailing - 1] == apic)
		return;
	grow((void **)&g->failing, &g->failing_cap, g->nfailing + 1, sizeof(uint32_t));
	g->failing[g->nfailing++] = apic;
}

static void group_smi(struct rl_group *g, const struct rl_run *b, size_t gi)
{
	uint64_t *v = xrealloc(NULL, (b->ncycles ? b->ncycles : 1) * sizeof(*v));
	size_t i, n = 0;

	for (i = 0; i < b->ncycles; i++)
		if (b->cycles[i].group == (int)gi && b->cycles[i].smi_us >= 0)
			v[n++] = (uint64_t)b->cycles[i].smi_us;
	if (n) {
		qsort(v, n, sizeof(*v), cmp_u64);
		g->smi_count = n;
		g->smi_min = v[0];
		g->smi_max = v[n - 1];
		g->smi_median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	}
	free(v);
}

/* Cycles, their groups and what each group shows against pd_expect(). */
static void judge_schedule(struct runlog *rl)
{
	struct rl_run *b = &rl->cur;
	struct rl_summary *s = &rl->sum;
	const struct rl_kexec *k = &b->kexec;
	struct cycle_pos *pos;
	size_t npos, i;
	uint64_t beyond = 0, only_skipped = 0, most = 0, empty = 0;
	int64_t first_empty = -1;
	int o;

	s->schedule = k->have || b->cycle_records > 0;
	s->platform = !strcmp(k->platform, "qemu-tcg") ? PD_QEMU_TCG : PD_HARDWARE;
	if (k->have && strcmp(k->platform, "qemu-tcg") && strcmp(k->platform, "hardware"))
		runlog_note(rl, "kexec record names platform \"%s\": judged as hardware",
			    k->platform);
	pos = cycles_settle(rl, &npos);
	place_exceptions(rl, pos, npos);
	free(pos);
	outcomes_settle(b);
	/* By APIC ID; a CPU reported twice keeps its latest record. */
	b->ncpumodes = sort_keep_latest(b->cpumodes, b->ncpumodes, sizeof(b->cpumodes[0]),
					offsetof(struct rl_cpumodes, apic),
					offsetof(struct rl_cpumodes, order));

	for (i = 0; i < b->ncycles; i++) {
		struct rl_cycle *c = &b->cycles[i];
		struct rl_group *g = group_for(s, c);

		if (!g)
			continue;
		c->group = (int)(g - s->groups);
		c->allowed = g->allowed;
	}
	/* Outcome records: a CPU outside what the mode allows fails its cycle. */
	for (i = 0; i < b->noutcomes; i++) {
		const struct rl_outcome *x = &b->outcomes[i];
		struct rl_cycle *c = cycle_find(b, x->n);

		if (!c) {
			s->outcomes_orphan++;
			continue;
		}
		if (x->o >= 0 && (c->allowed & (1u << x->o)))
			continue;
		c->bad_cpus++;
		if (c->group >= 0)
			group_add_failing(&s->groups[c->group], x->apic);
	}
	for (i = 0; i < b->ncycles; i++) {
		struct rl_cycle *c = &b->cycles[i];
		struct rl_group *g = c->group >= 0 ? &s->groups[c->group] : NULL;

		uint64_t sum = 0;

		c->passed = !c->reset && !c->scribbled && !c->exceptions && !c->bad_cpus;
		for (o = 0; o < PD_OUTCOME_COUNT; o++) {
			if (c->counts[o] && !(c->allowed & (1u << o)))
				c->passed = 0;
			if (o != PD_OUTCOME_RESET)
				sum += c->counts[o];
		}
		if (sum > most)
			most = sum;
		if (!sum && !c->reset && !empty++)
			first_empty = c->n;
		s->cycles_reset += c->reset != 0;
		s->cycles_scribbled += c->scribbled != 0;
		s->cycles_failed += !c->passed;
		if (k->have && k->cycles >= 0 && c->n >= (uint64_t)k->cycles)
			beyond++;
		if (!g) {
			s->groups_unknown++; /* beyond RL_MAX_GROUPS: not judged */
			continue;
		}
		g->cycles++;
		g->passed += c->passed != 0;
		for (o = 0; o < PD_OUTCOME_COUNT; o++)
			g->counts[o] += o == PD_OUTCOME_RESET ? c->reset != 0 : c->counts[o];
		g->exceptions += c->exceptions;
		g->scribbled += c->scribbled != 0;
		if (!c->passed)
			g->observed_pass = 0;
	}
	for (i = 0; i < s->ngroups; i++) {
		struct rl_group *g = &s->groups[i];
		int any = 0;

		g->nfailing = idlist_sort_unique(g->failing, g->nfailing);
		group_smi(g, b, i);
		if (!g->known)
			s->groups_unknown += g->cycles;
		else if (g->observed_pass != g->expected_pass)
			s->groups_differ++;
		for (o = 0; o < PD_OUTCOME_COUNT; o++)
			any |= o != PD_OUTCOME_SKIPPED && g->counts[o];
		if (g->known && !g->expected_pass && g->observed_pass && !any &&
		    g->counts[PD_OUTCOME_SKIPPED])
			only_skipped++;
	}
	if (b->ncycles) {
		const struct rl_cycle *last = &b->cycles[b->ncycles - 1];
		uint64_t limit = (uint64_t)last->n + 1, have = 0;

		if (k->have && k->cycles >= 0 && (uint64_t)k->cycles < limit)
			limit = (uint64_t)k->cycles;
		for (i = 0; i < b->ncycles && b->cycles[i].n < limit; i++)
			have++;
		s->cycles_missing = limit - have;
	}
	s->cycles_run = b->ncycles;
	s->reached_last =
	    k->have && (k->cycles == 0 || (k->cycles > 0 && cycle_find(b, k->cycles - 1)));

	/* A machine without APs counts nothing; otherwise a cycle should. */
	if (empty && most)
		runlog_note(rl,
			    "%llu %s (the first: %lld) %s no CPU outcome while others count up to "
			    "%llu",
			    (unsigned long long)empty, plural(empty, "cycle", "cycles"),
			    (long long)first_empty, plural(empty, "counts", "count"),
			    (unsigned long long)most);
	if (s->cycles_missing)
		runlog_note(rl, "%llu %s before the last one reported %s no cycle record",
			    (unsigned long long)s->cycles_missing,
			    plural(s->cycles_missing, "cycle", "cycles"),
			    plural(s->cycles_missing, "has", "have"));
	if (beyond)
		runlog_note(rl, "%llu %s beyond the %lld cycles of the schedule",
			    (unsigned long long)beyond,
			    plural(beyond, "cycle record", "cycle records"), (long long)k->cycles);
	if (s->outcomes_orphan)
		runlog_note(rl, "%llu %s of cycles that have no cycle record",
			    (unsigned long long)s->outcomes_orphan,
			    plural(s->outcomes_orphan, "outcome record", "outcome records"));
	if (only_skipped)
		runlog_note(rl,
			    "%llu %s skipped by every CPU (mode unsupported): it could not show "
			    "the failure it is there for",
			    (unsigned long long)only_skipped,
			    plural(only_skipped, "negative control was", "negative controls were"));
	if (s->schedule_fail_errors)
		runlog_note(rl,
			    "%llu %s of level fail during the schedule: shown with the errors, "
			    "the cycles are judged by their outcomes",
			    (unsigned long long)s->schedule_fail_errors,
			    plural(s->schedule_fail_errors, "error", "errors"));
	if (k->records > 1)
		runlog_note(rl, "%llu kexec records: the first one kept",
			    (unsigned long long)k->records);
	if (s->ngroups >= RL_MAX_GROUPS)
		runlog_note(rl, "more than %d mode and provocation sets: the rest not judged",
			    RL_MAX_GROUPS);
	if (b->cycle_records_bad || b->outcome_records_bad)
		runlog_note(rl, "records without a usable n or apic: %llu cycle, %llu outcome",
			    (unsigned long long)b->cycle_records_bad,
			    (unsigned long long)b->outcome_records_bad);
	if (b->cpumodes_bad)
		runlog_note(rl, "%llu cpumodes %s without a usable apic or with unreadable counts",
			    (unsigned long long)b->cpumodes_bad,
			    plural(b->cpumodes_bad, "record", "records"));
	if (b->cycles_dropped || b->outcomes_dropped)
		runlog_note(rl, "%llu cycle and %llu outcome records not kept (too many)",
			    (unsigned long long)b->cycles_dropped,
			    (unsigned long long)b->outcomes_dropped);
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

/* The end record's counts against what arrived. */
static void cross_check(struct runlog *rl)
{
	struct rl_run *b = &rl->cur;
	struct rl_summary *s = &rl->sum;
	const struct rl_end *e = &b->end;
	const struct rl_boot_seqs *bs = boot_find(b, e->boot);
	uint64_t nerr = b->errors_fail + b->errors_warn, nerr_boot = 0;
	size_t i;

	if (!e->have)
		return;
	for (i = 0; i < b->nerrors; i++)
		nerr_boot += b->errors[i].boot == e->boot;
	/* records= counts the end record's own boot. */
	if (e->records >= 0 && bs && (uint64_t)e->records != bs->records)
		runlog_note(rl, "end record counts %lld records in boot %" PRIu32 ", %llu received",
			    (long long)e->records, e->boot, (unsigned long long)bs->records);
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
	/* Of the run or of its last boot: either reading is accepted. */
	if (e->errors >= 0 && (uint64_t)e->errors != nerr && (uint64_t)e->errors != nerr_boot)
		runlog_note(rl, "end record counts %lld errors, %llu error records received",
			    (long long)e->errors, (unsigned long long)nerr);
	if (e->mismatches >= 0 && (e->mismatches == 0) != (s->mismatch_regs == 0))
		runlog_note(rl, "end record counts %lld mismatches, %llu registers differ here",
			    (long long)e->mismatches, (unsigned long long)s->mismatch_regs);
	if (e->cycles >= 0 && (uint64_t)e->cycles != s->cycles_run)
		runlog_note(rl, "end record counts %lld cycles, %llu have a cycle record",
			    (long long)e->cycles, (unsigned long long)s->cycles_run);
	if (e->verdict[0] && strcmp(e->verdict, PD_VERDICT_PASS) &&
	    strcmp(e->verdict, PD_VERDICT_FAIL))
		runlog_note(rl, "end record has an unknown verdict \"%s\"", e->verdict);
}

/* Why the run cannot be judged, whatever it has. */
static void broken_reasons(struct runlog *rl)
{
	struct rl_run *b = &rl->cur;
	struct rl_summary *s = &rl->sum;
	const struct rl_kexec *k = &b->kexec;
	char *r = s->reason;
	size_t cap = sizeof(s->reason);
	uint64_t exc = s->schedule ? s->probe_exceptions : b->exceptions_total;

	if (!b->started)
		add_reason(r, cap, "no records%s%s", rl->stop_reason[0] ? ": " : "",
			   rl->stop_reason);
	else if (!b->end.have)
		add_reason(r, cap, "no end record: %s",
			   rl->stop_reason[0] ? rl->stop_reason : "input ended");
	if (rl->reboot_loop)
		add_reason(r, cap, "the machine started over and over (reboot loop)");
	if (exc)
		add_reason(r, cap, "%llu %s%s", (unsigned long long)exc,
			   plural(exc, "exception", "exceptions"),
			   s->schedule ? " before the schedule" : "");
	if (!s->schedule)
		return;
	if (s->orphan_exceptions)
		add_reason(r, cap, "%llu %s in cycles without a cycle record",
			   (unsigned long long)s->orphan_exceptions,
			   plural(s->orphan_exceptions, "exception", "exceptions"));
	if (!k->have)
		add_reason(r, cap, "no kexec record: the schedule is unknown");
	else if (k->cycles < 0)
		add_reason(r, cap, "the kexec record has no cycle count");
	else if (!s->reached_last && b->started)
		add_reason(r, cap, "the schedule stopped after %llu of %lld cycles",
			   (unsigned long long)s->cycles_run, (long long)k->cycles);
	if (s->groups_unknown)
		add_reason(r, cap, "%llu %s in a mode or provocation set unknown here",
			   (unsigned long long)s->groups_unknown,
			   plural(s->groups_unknown, "cycle", "cycles"));
}

static void decide(struct runlog *rl)
{
	struct rl_run *b = &rl->cur;
	struct rl_summary *s = &rl->sum;
	size_t i, shown = 0;
	int payload_fail = b->end.have && !strcmp(b->end.verdict, PD_VERDICT_FAIL);
	int payload_pass = b->end.have && !strcmp(b->end.verdict, PD_VERDICT_PASS);
	uint64_t lost = s->lost_cpus, negative = 0;

	/* The end record's count stands when cpu records of lost CPUs were
	 * themselves lost on the line (in a schedule, the last boot's end may
	 * count CPUs lost in cycles: those are judged by the cycles). */
	if (!s->schedule && b->end.have && b->end.lost > 0 && (uint64_t)b->end.lost > lost)
		lost = (uint64_t)b->end.lost;

	for (i = 0; i < b->nmismatches; i++)
		if (i == 0 || !runlog_mismatch_same_reg(&b->mismatches[i - 1], &b->mismatches[i]))
			s->mismatch_regs++;
	/* In a schedule only the probe's errors (before the first cycle) count. */
	s->fail_errors = b->errors_fail - s->schedule_fail_errors;
	/* Errors that only restate a lost CPU or a bad canary are not counted
	 * again in the verdict line. */
	s->other_fail_errors = s->fail_errors;
	for (i = 0; i < b->nerrors; i++) {
		const struct rl_error *e = &b->errors[i];

		if (!strcmp(e->level, PD_LEVEL_WARN) || e->in_schedule)
			continue;
		if ((!strcmp(e->code, PD_ERR_CPU_LOST) && lost) ||
		    (!strcmp(e->code, PD_ERR_STACK) && s->canary_bad))
			s->other_fail_errors--;
	}

	s->reason[0] = 0;
	broken_reasons(rl);
	s->verdict = s->reason[0] ? RL_BROKEN : RL_PASS;
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
	for (i = 0; i < s->ngroups; i++) {
		const struct rl_group *g = &s->groups[i];

		negative += g->known && !g->expected_pass;
		if (!g->known || g->observed_pass == g->expected_pass)
			continue;
		if (shown++ < 3)
			add_reason(s->reason, sizeof(s->reason), "%s %s observed %s (expected %s)",
				   g->m, g->p, runlog_pass_name(g->observed_pass),
				   runlog_pass_name(g->expected_pass));
	}
	if (shown > 3)
		add_reason(s->reason, sizeof(s->reason), "%zu more %s", shown - 3,
			   shown - 3 == 1 ? "group differs" : "groups differ");
	if (s->verdict == RL_PASS &&
	    (lost || s->mismatch_regs || s->canary_bad || s->fail_errors || s->groups_differ))
		s->verdict = RL_FAIL;
	if (!s->schedule) {
		if (s->verdict == RL_PASS && payload_fail) {
			s->verdict = RL_FAIL;
			add_reason(s->reason, sizeof(s->reason), "the payload's verdict is fail");
		}
		if (s->verdict == RL_FAIL && b->end.have && !payload_fail)
			runlog_note(rl, "the payload's end record says %s",
				    b->end.verdict[0] ? b->end.verdict : "nothing");
		return;
	}
	/* With a schedule the payload's verdict is a cross-check. */
	if (s->verdict == RL_PASS && s->ngroups)
		add_reason(s->reason, sizeof(s->reason),
			   "%zu mode and provocation %s as expected%s", s->ngroups,
			   s->ngroups == 1 ? "set" : "sets",
			   negative ? ", negative controls included" : "");
	if ((s->verdict == RL_PASS && payload_fail) || (s->verdict == RL_FAIL && payload_pass))
		runlog_note(rl, "the payload's end record says %s, the host judges %s",
			    b->end.verdict, runlog_verdict_name(s->verdict));
}

/*
 * After restarts (a new run at boot 1 following one without an end record)
 * the report is of the last run when it ended, else of the run with the most
 * records among those that started over: a machine in a reboot loop said
 * most in the run that got furthest.
 */
static void choose_run(struct runlog *rl)
{
	struct rl_run t;

	if (!rl->prev.started)
		return;
	if (rl->cur.end.have || rl->prev.records <= rl->cur.records) {
		runlog_note(rl,
			    "reporting the last run, %08" PRIx32 " (%llu records); the run before "
			    "it without an end record, %08" PRIx32 ", has %llu",
			    rl->cur.run, (unsigned long long)rl->cur.records, rl->prev.run,
			    (unsigned long long)rl->prev.records);
		return;
	}
	runlog_note(rl,
		    "reporting run %08" PRIx32 " (%llu records), the one that got furthest of "
		    "those that started over; the last run, %08" PRIx32 ", has %llu",
		    rl->prev.run, (unsigned long long)rl->prev.records, rl->cur.run,
		    (unsigned long long)rl->cur.records);
	unarchive_run(rl, rl->prev.serial);
	archive_run(rl, &rl->cur);
	t = rl->cur;
	rl->cur = rl->prev;
	rl->prev = t;
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
	struct rl_run *b = &rl->cur;
	uint64_t untracked;
	size_t i;

	if (rl->finished)
		return;
	rl->finished = 1;
	if (rl->line_len || rl->line_cut)
		line_flush(rl);
	choose_run(rl);
	/* By idx; a CPU reported twice keeps its latest record. */
	b->ncpus = sort_keep_latest(b->cpus, b->ncpus, sizeof(b->cpus[0]),
				    offsetof(struct rl_cpu, idx), offsetof(struct rl_cpu, order));
	if (b->nmismatches > 1)
		qsort(b->mismatches, b->nmismatches, sizeof(b->mismatches[0]), cmp_mismatch);
	for (i = 0; i < b->nmismatches; i++) {
		struct rl_mismatch *m = &b->mismatches[i];

		m->napics = idlist_sort_unique(m->apics, m->napics);
	}
	seq_gaps(rl);
	summarize_cpus(rl);
	decode_dump(rl);
	judge_schedule(rl);
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
			    "%llu records of this run never arrived intact: the report may miss "
			    "details (the end record's counts and verdict still apply)",
			    (unsigned long long)rl->st.lost);
	for (i = 0, untracked = b->boots_untracked; i < b->nboots; i++)
		untracked += b->boots[i].seqs.untracked;
	if (untracked)
		runlog_note(rl, "%llu records far out of order were not checked for duplicates",
			    (unsigned long long)untracked);
	if (b->nboots && b->nboots < RL_MAX_BOOTS && b->boots[0].boot == 1 &&
	    b->boots[b->nboots - 1].boot != b->nboots)
		runlog_note(
		    rl, "%llu boots of the run between 1 and %" PRIu32 " sent nothing that arrived",
		    (unsigned long long)(b->boots[b->nboots - 1].boot - b->nboots),
		    b->boots[b->nboots - 1].boot);
	if (b->boots_rerun)
		runlog_note(rl, "%llu boots of the run started twice under one boot number",
			    (unsigned long long)b->boots_rerun);
	if (rl->st.stale)
		runlog_note(rl, "%llu records of earlier runs arrived late and were not used",
			    (unsigned long long)rl->st.stale);
	if (rl->st.overlong)
		runlog_note(rl, "%llu lines longer than %d bytes (their start dropped)",
			    (unsigned long long)rl->st.overlong, RL_LINE_KEEP);
}

/* A verdict's name and exit status; anything unknown counts as broken. */
static const struct verdict_info {
	const char *name;
	int exit_status;
} verdicts[] = {
    [RL_PASS] = {"pass", 0},
    [RL_FAIL] = {"fail", 1},
    [RL_BROKEN] = {"broken", 2},
};

static const struct verdict_info *verdict_info(enum rl_verdict v)
{
	return &verdicts[(unsigned)v <= RL_BROKEN ? v : RL_BROKEN];
}

int runlog_exit_status(const struct runlog *rl)
{
	return verdict_info(rl->sum.verdict)->exit_status;
}

const char *runlog_pass_name(int pass)
{
	return pass ? PD_VERDICT_PASS : PD_VERDICT_FAIL;
}

const char *runlog_verdict_name(enum rl_verdict v)
{
	return verdict_info(v)->name;
}
