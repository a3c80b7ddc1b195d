/* SPDX-License-Identifier: MIT */
#include "cpus/cpu_report.h"
#include "cpus/apic.h"
#include "cpus/cpu.h"
#include "cpus/consistency.h"
#include "cpuid/consistency.h"
#include "cpuid/dump.h"
#include "mem/memalloc.h"
#include "report/report.h"
#include "platform/tsc.h"
#include "lib/fmt.h"
#include "lib/idrun.h"
#include "lib/sort.h"
#include "lib/string.h"
#include "arch/x86/cr.h"

static void flags_text(uint32_t f, char *buf)
{
	size_t n = 0;

	if (f & MADT_ENABLED) {
		memcpy(buf, "enabled", 7);
		n = 7;
	}
	if (f & MADT_ONLINE_CAPABLE) {
		if (n)
			buf[n++] = ',';
		memcpy(buf + n, "online-capable", 14);
		n += 14;
	}
	if (!n) {
		memcpy(buf, "none", 4);
		n = 4;
	}
	buf[n] = 0;
}

/* CPUID's initial ID as the APIC mode shows it: an xAPIC register holds
 * its low 8 bits (SDM Vol. 3A, 11.12.5.1). */
static uint32_t cpuid_id_seen(uint32_t cpuid_id)
{
	return apic_mode() == APIC_X2APIC ? cpuid_id : cpuid_id & 0xff;
}

/* An APIC ID that firmware rewrote: the register is used, CPUID's told
 * apart. */
static void report_apic_id_differs(const struct cpu *c)
{
	if (cpuid_id_seen(c->ctl.cpuid_apic_id) != c->apic_id) {
		struct pd_rec_writer w;

		rec_start(&w, PD_REC_ERROR);
		pd_rec_s(&w, PD_F_LEVEL, PD_LEVEL_WARN);
		pd_rec_s(&w, PD_F_CODE, PD_ERR_APIC_ID);
		pd_rec_u(&w, PD_F_APIC, c->apic_id);
		pd_rec_u(&w, PD_F_VALUE, c->ctl.cpuid_apic_id);
		pd_rec_s(&w, PD_F_WHAT,
			 "the APIC ID register differs from CPUID's initial APIC ID "
			 "(rewritten by firmware): the register's is used");
		report_count_error(PD_LEVEL_WARN);
		rec_send(&w);
	}
}

void report_caches_off(void)
{
	uint32_t i;

	for (i = 0; i < ncpus; i++)
		if (cpu_probed(&cpus[i]) && (cpus[i].ctl.cr0 & (CR0_CD | CR0_NW)))
			report_cpu_error(PD_LEVEL_FAIL, PD_ERR_CACHE_OFF, cpus[i].apic_id,
					 "CR0.CD or CR0.NW set: this CPU runs with caches "
					 "disabled");
}

void report_cpus(void)
{
	const struct cpuid_facts *bf = &cpus[0].facts;
	uint32_t i;

	for (i = 0; i < ncpus; i++) {
		struct cpu *c = &cpus[i];
		struct pd_rec_writer w;
		char flags[32];

		/* Topology fields from the BSP's view of the ID layout: valid for
		 * CPUs that never answered, too. */
		cpuid_topology_split(bf, c->apic_id, &c->pkg, &c->core, &c->thread);
		flags_text(c->madt_flags, flags);
		rec_start(&w, PD_REC_CPU);
		pd_rec_u(&w, PD_F_IDX, c->idx);
		pd_rec_u(&w, PD_F_APIC, c->apic_id);
		pd_rec_u(&w, PD_F_UID, c->uid);
		pd_rec_s(&w, PD_F_SRC, madt_src_name(c->src));
		pd_rec_s(&w, PD_F_FLAGS, flags);
		pd_rec_s(&w, PD_F_STATE, pd_cpu_state_name(c->state));
		if (c->state == PD_CPU_ONLINE && tsc_measured())
			pd_rec_u(&w, PD_F_UP_US, tsc_to_us(c->up_tsc - c->sipi_tsc));
		pd_rec_u(&w, PD_F_PKG, c->pkg);
		pd_rec_u(&w, PD_F_CORE, c->core);
		pd_rec_u(&w, PD_F_THREAD, c->thread);
		if (cpu_probed(c) && c->msrs.ucode_ok)
			pd_rec_x(&w, PD_F_UCODE, c->msrs.ucode);
		if (cpu_probed(c)) {
			if (cpuid_id_seen(c->ctl.cpuid_apic_id) != c->apic_id)
				pd_rec_u(&w, PD_F_CPUID_APIC, c->ctl.cpuid_apic_id);
			pd_rec_x(&w, PD_F_CR0, c->ctl.cr0);
			pd_rec_x(&w, PD_F_CR4, c->ctl.cr4);
			pd_rec_x(&w, PD_F_EFER, c->ctl.efer);
		}
		if (c->stack_base && c->state == PD_CPU_ONLINE)
			pd_rec_s(&w, PD_F_CANARY, c->canary_ok ? "ok" : "bad");
		rec_send(&w);
		if (cpu_probed(c))
			report_apic_id_differs(c);
	}
}

/* Appends s to buf at *n (NUL-terminated; the caller sized buf). */
static void put_s(char *buf, size_t *n, const char *s)
{
	while (*s)
		buf[(*n)++] = *s++;
	buf[*n] = 0;
}

static void put_hex(char *buf, size_t *n, uint64_t v)
{
	*n += fmt_hex(buf + *n, v);
	buf[*n] = 0;
}

/*
 * CPUID's maximum basic leaf, said when it hides leaves the CPU's own
 * feature flags need: leaf 5 with MONITOR (1:ECX[3]), leaf 0BH with x2APIC
 * (1:ECX[21]).  IA32_MISC_ENABLE[22] (Limit CPUID Maxval) does that on
 * Intel, and the probe clears it (probe.c); a hypervisor's CPUID level
 * (QEMU's level=) does it with no bit to clear.  Both are said, never a
 * silent loss of the MWAIT and topology leaves.
 */
static void report_cpuid_limit(void)
{
	const struct cpu *b = &cpus[0];
	const struct cpuid_facts *f = &b->facts;
	uint32_t i, set = 0, cleared = 0;
	char v[64];
	size_t n = 0;

	for (i = 0; i < ncpus; i++) {
		if (!cpu_probed(&cpus[i]))
			continue;
		set += cpus[i].msrs.cpuid_limited;
		cleared += cpus[i].msrs.cpuid_unlimited;
	}
	if (set) {
		put_s(v, &n, "set:");
		n += fmt_dec(v + n, set);
		put_s(v, &n, ",cleared:");
		n += fmt_dec(v + n, cleared);
		report_error_value(PD_LEVEL_WARN, PD_ERR_CPUID_LIMIT, v,
				   cleared == set
				       ? "IA32_MISC_ENABLE[22] (Limit CPUID Maxval) was set: CPUID "
					 "max leaf 2; cleared before the probe"
				       : "IA32_MISC_ENABLE[22] (Limit CPUID Maxval) not cleared on "
					 "every CPU: their CPUID leaves above 2 are lost");
	}
	if ((f->monitor && f->max_basic < 5) || (f->x2apic && f->max_basic < 0xb)) {
		n = 0;
		put_s(v, &n, "max:");
		put_hex(v, &n, f->max_basic);
		put_s(v, &n, ",missing:");
		if (f->monitor && f->max_basic < 5)
			put_s(v, &n, f->x2apic && f->max_basic < 0xb ? "0x5+0xb" : "0x5");
		else
			put_s(v, &n, "0xb");
		report_error_value(
		    PD_LEVEL_WARN, PD_ERR_CPUID_LEAVES, v,
		    b->msrs.cpuid_limited && !b->msrs.cpuid_unlimited
			? "CPUID max leaf hides leaves its flags need (5: MWAIT, "
			  "0BH: topology): IA32_MISC_ENABLE[22] could not be cleared"
			: "CPUID max leaf hides leaves its flags need (5: MWAIT, "
			  "0BH: topology): not IA32_MISC_ENABLE[22]; CPU or hypervisor "
			  "limit");
	}
}

void report_features(void)
{
	const struct cpu *b = &cpus[0];
	const struct cpuid_facts *f = &b->facts;
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_FEATURES);
	pd_rec_s(&w, PD_F_CPU_VENDOR, f->vendor_id);
	pd_rec_x(&w, PD_F_FAMILY, f->family);
	pd_rec_x(&w, PD_F_MODEL, f->model);
	pd_rec_u(&w, PD_F_STEPPING, f->stepping);
	if (b->msrs.ucode_ok)
		pd_rec_x(&w, PD_F_UCODE, b->msrs.ucode);
	pd_rec_u(&w, PD_F_SME, f->sme);
	pd_rec_u(&w, PD_F_SEV, f->sev);
	pd_rec_u(&w, PD_F_SEV_ES, f->sev_es);
	pd_rec_u(&w, PD_F_SNP, f->snp);
	pd_rec_u(&w, PD_F_CBIT, f->cbit);
	pd_rec_u(&w, PD_F_TME, f->tme);
	pd_rec_u(&w, PD_F_TME_ACTIVE, b->msrs.tme_active);
	pd_rec_u(&w, PD_F_TDX_HOST, b->msrs.tdx_keyids > 0);
	pd_rec_u(&w, PD_F_TDX_KEYIDS, b->msrs.tdx_keyids);
	pd_rec_u(&w, PD_F_TDX_GUEST, f->tdx_guest);
	pd_rec_u(&w, PD_F_MWAIT, f->monitor);
	pd_rec_u(&w, PD_F_MWAIT_MIN, f->mwait_line_min);
	pd_rec_u(&w, PD_F_MWAIT_MAX, f->mwait_line_max);
	pd_rec_u(&w, PD_F_MWAIT_EMX, f->mwait_emx);
	pd_rec_u(&w, PD_F_MWAIT_IBE, f->mwait_ibe);
	pd_rec_x(&w, PD_F_MWAIT_CST, f->mwait_substates);
	pd_rec_x(&w, PD_F_MWAIT_HINT, f->mwait_hint);
	pd_rec_u(&w, PD_F_MWAIT_LINE, f->mwait_line);
	pd_rec_x(&w, PD_F_CPUID_MAX, f->max_basic);
	if (b->msrs.misc_enable_ok) {
		pd_rec_u(&w, PD_F_CPUID_LIMIT, b->msrs.cpuid_limited);
		if (b->msrs.cpuid_limited)
			pd_rec_u(&w, PD_F_CPUID_LIMIT_CLEARED, b->msrs.cpuid_unlimited);
	}
	pd_rec_u(&w, PD_F_SMT, f->smt);
	pd_rec_u(&w, PD_F_X2APIC, f->x2apic);
	pd_rec_u(&w, PD_F_HYPERVISOR, f->hypervisor);
	pd_rec_u(&w, PD_F_PDPE1GB, f->pdpe1gb);
	pd_rec_u(&w, PD_F_SMT_SHIFT, f->smt_shift);
	pd_rec_u(&w, PD_F_CORE_SHIFT, f->core_shift);
	rec_send(&w);
	/* The brand string gets a record of its own: it is long. */
	rec_start(&w, PD_REC_FEATURES);
	pd_rec_s(&w, PD_F_BRAND, f->brand);
	rec_send(&w);
	if (f->mwait_line_capped)
		report_error(PD_LEVEL_WARN, PD_ERR_MONITOR_LINE,
			     "CPUID leaf 5 EBX asks for a monitor line over 4096 bytes: "
			     "park lines are 4096 bytes apart");
	report_cpuid_limit();
}

/* Hybrid parts: how many of the CPUs that are up have each core type. */
static void report_core_types(struct pd_rec_writer *w)
{
	uint32_t types[CPUID_MAX_CORE_TYPES], counts[CPUID_MAX_CORE_TYPES], n;
	char list[CPUID_MAX_CORE_TYPES * 24];
	uint32_t len;

	n = cpuid_count_core_types(ncpus, cpu_cpuid_view, 0, types, counts, CPUID_MAX_CORE_TYPES);
	if (!n)
		return; /* not a hybrid part */
	len = cpuid_format_core_types(types, counts, n, list, sizeof(list));
	pd_rec_sn(w, PD_F_CORE_TYPES, list, len);
}

/* Counts distinct packages and (package, core) pairs among the CPUs that
 * are up: sorted keys, O(n log n), not a scan of the others per CPU. */
void report_topology(void)
{
	uint64_t *pkg = memalloc((uint64_t)ncpus * 2 * sizeof(uint64_t), 8), *core;
	uint32_t i, pkgs = 0, cores = 0, up = 0, max_thread = 0;
	struct pd_rec_writer w;

	core = pkg ? pkg + ncpus : 0;
	for (i = 0; i < ncpus; i++) {
		const struct cpu *c = &cpus[i];

		if (c->state != PD_CPU_BSP && c->state != PD_CPU_ONLINE)
			continue;
		if (c->thread > max_thread)
			max_thread = c->thread;
		if (pkg) {
			pkg[up] = c->pkg;
			core[up] = (uint64_t)c->pkg << 32 | c->core;
		}
		up++;
	}
	if (pkg) {
		sort_u64(pkg, up);
		sort_u64(core, up);
		pkgs = (uint32_t)count_distinct_u64(pkg, up);
		cores = (uint32_t)count_distinct_u64(core, up);
	}
	rec_start(&w, PD_REC_TOPOLOGY);
	pd_rec_u(&w, PD_F_PACKAGES, pkgs);
	pd_rec_u(&w, PD_F_CORES, pkgs ? (cores + pkgs - 1) / pkgs : 0);
	pd_rec_u(&w, PD_F_THREADS, cores ? (up + cores - 1) / cores : 0);
	pd_rec_u(&w, PD_F_CPUS, up);
	pd_rec_u(&w, PD_F_SMT, max_thread > 0);
	report_core_types(&w);
	rec_send(&w);
}

static void dump_line(const char *text)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_DUMP);
	pd_rec_text(&w, text);
	rec_send(&w);
}

/* "------[ Logical CPU #N ]------" */
static void dump_header(const struct cpu *c)
{
	static const char open[] = CPUID_DUMP_RULE_OPEN " " CPUID_DUMP_CPU;
	static const char close[] = " " CPUID_DUMP_RULE_CLOSE;
	char line[64];
	size_t n;

	memcpy(line, open, sizeof(open) - 1);
	n = sizeof(open) - 1;
	n += fmt_dec(line + n, c->idx);
	memcpy(line + n, close, sizeof(close)); /* with its NUL */
	dump_line(line);
}

static void dump_leaves(const struct cpu *c)
{
	char line[64];
	uint32_t j;

	for (j = 0; j < c->raw.n; j++) {
		cpuid_format_leaf(&c->raw.l[j], line);
		dump_line(line);
	}
}

/*
 * One kind of CPU: the same leaves in the same order, equal but for the bits
 * that differ by design between logical CPUs (APIC IDs and the like:
 * cpuid_per_cpu_mask()), and the same core type.  A CPU whose CPUID differs
 * anywhere else (a firmware bug) is a kind of its own, so it is dumped.
 */
static int same_kind(const struct cpu *a, const struct cpu *b)
{
	uint32_t j;
	int r;

	if (a->facts.core_type != b->facts.core_type || a->raw.n != b->raw.n ||
	    a->raw.truncated != b->raw.truncated)
		return 0;
	for (j = 0; j < a->raw.n; j++) {
		const struct cpuid_leaf *x = &a->raw.l[j], *y = &b->raw.l[j];

		if (x->leaf != y->leaf || x->subleaf != y->subleaf ||
		    x->has_subleaf != y->has_subleaf)
			return 0;
		for (r = 0; r < 4; r++)
			if ((x->regs[r] ^ y->regs[r]) &
			    ~cpuid_per_cpu_mask(x->leaf, x->subleaf, (enum cpuid_reg)r))
				return 0;
	}
	return 1;
}

#define DUMP_MAX_KINDS 64  /* more: the rest are dumped one by one */
#define DUMPSET_ROOM   200 /* characters of ID list per dumpset record */
#define KIND_OWN       0xffff

static void send_dumpset(const struct cpu *rep, uint32_t count, const char *list, size_t len)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_DUMPSET);
	pd_rec_u(&w, PD_F_IDX, rep->idx);
	if (count)
		pd_rec_u(&w, PD_F_CPUS, count);
	if (rep->facts.core_type)
		pd_rec_s(&w, PD_F_CORE_TYPE, cpuid_core_type_name(rep->facts.core_type));
	pd_rec_sn(&w, PD_F_APICS, list, len);
	rec_send(&w);
}

struct dumpset_ctx {
	const struct cpu *rep;
	uint32_t count; /* sent with the first piece only */
};

static void dumpset_piece(void *ctx, const char *list, size_t n)
{
	struct dumpset_ctx *d = ctx;

	send_dumpset(d->rep, d->count, list, n);
	d->count = 0;
}

/* dumpset records: the APIC IDs of the CPUs of kind k (rep: its dumped CPU),
 * runs of consecutive IDs in CPU order written "a-b". */
static void report_dumpset(const uint16_t *kind, uint16_t k, const struct cpu *rep)
{
	char list[DUMPSET_ROOM + IDRUN_SLACK];
	struct dumpset_ctx d = {rep, 0};
	struct idrun r = {list, 0, DUMPSET_ROOM, 0, 0, 0, dumpset_piece, &d};
	uint32_t i;

	for (i = 0; i < ncpus; i++)
		d.count += kind[i] == k && (k != KIND_OWN || &cpus[i] == rep);
	for (i = 0; i < ncpus; i++)
		if (kind[i] == k && (k != KIND_OWN || &cpus[i] == rep))
			idrun_add(&r, cpus[i].apic_id);
	idrun_finish(&r);
}

/* cpuid_dump=distinct: each kind of CPU dumped once, as its first CPU
 * reported it, with the APIC IDs of every CPU of that kind.  Linear in
 * CPUs: each is compared with at most DUMP_MAX_KINDS dumped ones. */
static void report_distinct(void)
{
	uint16_t *kind = memalloc((uint64_t)ncpus * sizeof(*kind), 8);
	uint32_t rep[DUMP_MAX_KINDS], nkinds = 0, i, k;

	if (!kind) { /* no room for the table: every CPU, as cpuid_dump=all */
		for (i = 0; i < ncpus; i++)
			if (cpu_probed(&cpus[i])) {
				dump_header(&cpus[i]);
				dump_leaves(&cpus[i]);
			}
		return;
	}
	for (i = 0; i < ncpus; i++) {
		kind[i] = KIND_OWN - 1; /* not probed: in no set */
		if (!cpu_probed(&cpus[i]))
			continue;
		for (k = 0; k < nkinds && !same_kind(&cpus[rep[k]], &cpus[i]); k++)
			;
		if (k == nkinds && nkinds < DUMP_MAX_KINDS)
			rep[nkinds++] = i;
		kind[i] = k < nkinds ? (uint16_t)k : KIND_OWN;
	}
	/* In CPU order: a kind where its first CPU is, the others by themselves. */
	for (i = 0, k = 0; i < ncpus; i++) {
		if (kind[i] == KIND_OWN - 1)
			continue;
		if (kind[i] != KIND_OWN && (k >= nkinds || rep[k] != i))
			continue;
		dump_header(&cpus[i]);
		report_dumpset(kind, kind[i], &cpus[i]);
		dump_leaves(&cpus[i]);
		if (kind[i] != KIND_OWN)
			k++;
	}
}

void report_cpuid_dump(enum opt_dump which)
{
	uint32_t i;

	if (which == DUMP_NONE)
		return;
	if (which == DUMP_DISTINCT) {
		report_distinct();
		return;
	}
	for (i = 0; i < ncpus; i++) {
		const struct cpu *c = &cpus[i];

		if (!cpu_probed(c) || (which == DUMP_BSP && i))
			continue;
		dump_header(c);
		dump_leaves(c);
	}
}
