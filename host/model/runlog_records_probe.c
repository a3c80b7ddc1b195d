/* SPDX-License-Identifier: MIT */
/*
 * The run model: the records of the machine's probe (boot 1) turned into
 * entries of the run (see runlog_records.c): boot, TSC, ACPI, SMBIOS, BMC,
 * the BMC's watchdog, APIC, CPUs, features, topology, the CPUID dump,
 * mismatches and limits.
 */
#include "host/model/runlog.h"
#include "host/model/runlog_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/model/idlist.h"
#include "results/fields.h"

void runlog_rec_boot(struct rl_run *run, const struct pd_record *r)
{
	struct rl_boot_info *i = &run->info;

	i->have = 1;
	runlog_merge_str(r, PD_F_VERSION, i->version, sizeof(i->version));
	runlog_merge_str(r, PD_F_PATH, i->path, sizeof(i->path));
	runlog_merge_str(r, PD_F_LOADER, i->loader, sizeof(i->loader));
	runlog_merge_str(r, PD_F_CMDLINE, i->cmdline, sizeof(i->cmdline));
	runlog_merge_u64(r, PD_F_FORMAT, &i->format, &i->has_format);
	runlog_merge_u64(r, PD_F_MEM_KB, &i->mem_kb, &i->has_mem_kb);
	runlog_merge_u64(r, PD_F_BASE, &i->base, &i->has_base);
	runlog_merge_str(r, PD_F_CONSOLE, i->console, sizeof(i->console));
	runlog_merge_str(r, PD_F_CONSOLE_FROM, i->console_from, sizeof(i->console_from));
	runlog_merge_u64(r, PD_F_BAUD, &i->baud, &i->has_baud);
	runlog_merge_u64(r, PD_F_IGNORED, &i->ignored, &i->has_ignored);
}

void runlog_rec_tsc(struct rl_run *run, const struct pd_record *r)
{
	struct rl_tsc *t = &run->tsc;
	uint64_t v;
	int s;

	t->have = 1;
	runlog_merge_u64(r, PD_F_KHZ, &t->khz, &t->has_khz);
	runlog_merge_str(r, PD_F_SOURCE, t->source, sizeof(t->source));
	runlog_merge_str(r, PD_F_CHECK, t->check, sizeof(t->check));
	runlog_merge_u64(r, PD_F_DIFF_PPM, &t->diff_ppm, &t->has_diff_ppm);
	if (pd_record_field_u64(r, PD_F_OUTVOTED, &v))
		t->outvoted = v != 0;
	for (s = PD_TSC_NONE + 1; s < PD_TSC_SOURCE_COUNT; s++) {
		runlog_merge_u64(r, pd_tsc_source_name(s), &t->src[s].khz, &t->src[s].has_khz);
		runlog_merge_str(r, pd_tsc_source_why_key(s), t->src[s].why, sizeof(t->src[s].why));
	}
}

void runlog_rec_acpi(struct rl_run *run, const struct pd_record *r)
{
	struct rl_acpi *a = &run->acpi;

	a->have = 1;
	runlog_merge_u64(r, PD_F_RSDP, &a->rsdp, &a->has_rsdp);
	runlog_merge_u64(r, PD_F_REV, &a->rev, &a->has_rev);
	runlog_merge_u64(r, PD_F_MADT, &a->madt, &a->has_madt);
	runlog_merge_u64(r, PD_F_FADT, &a->fadt, &a->has_fadt);
	runlog_merge_u64(r, PD_F_LAPIC, &a->lapic, &a->has_lapic);
	runlog_merge_u64(r, PD_F_SMI_CMD, &a->smi_cmd, &a->has_smi_cmd);
	runlog_merge_u64(r, PD_F_PM_TMR, &a->pm_tmr, &a->has_pm_tmr);
	runlog_merge_u64(r, PD_F_ENTRIES, &a->entries, &a->has_entries);
	runlog_merge_u64(r, PD_F_HW_REDUCED, &a->hw_reduced, &a->has_hw_reduced);
	runlog_merge_u64(r, PD_F_HPET, &a->hpet, &a->has_hpet);
	runlog_merge_str(r, PD_F_OEM, a->oem, sizeof(a->oem));
	runlog_merge_str(r, PD_F_SDT, a->sdt, sizeof(a->sdt));
}

void runlog_rec_smbios(struct rl_run *run, const struct pd_record *r)
{
	struct rl_smbios *s = &run->smbios;

	s->have = 1;
	runlog_merge_str(r, PD_F_SMBIOS_VER, s->ver, sizeof(s->ver));
	runlog_merge_str(r, PD_F_BIOS_VENDOR, s->bios_vendor, sizeof(s->bios_vendor));
	runlog_merge_str(r, PD_F_BIOS_VERSION, s->bios_version, sizeof(s->bios_version));
	runlog_merge_str(r, PD_F_BIOS_DATE, s->bios_date, sizeof(s->bios_date));
	runlog_merge_str(r, PD_F_SYS_VENDOR, s->sys_vendor, sizeof(s->sys_vendor));
	runlog_merge_str(r, PD_F_SYS_PRODUCT, s->sys_product, sizeof(s->sys_product));
	runlog_merge_str(r, PD_F_BOARD_VENDOR, s->board_vendor, sizeof(s->board_vendor));
	runlog_merge_str(r, PD_F_BOARD_PRODUCT, s->board_product, sizeof(s->board_product));
	runlog_merge_str(r, PD_F_CPU_SOCKET, s->cpu_socket, sizeof(s->cpu_socket));
	runlog_merge_str(r, PD_F_CPU_VERSION, s->cpu_version, sizeof(s->cpu_version));
}

void runlog_rec_bmc(struct rl_run *run, const struct pd_record *r)
{
	struct rl_bmc *b = &run->bmc;

	/* Once per run (boot 1); a repeat changes nothing. */
	if (b->have)
		return;
	b->have = 1;
	b->has_found = runlog_field_int(r, PD_F_FOUND, &b->found);
	runlog_field_str(r, PD_F_VIA, b->via, sizeof(b->via));
	runlog_field_str(r, PD_F_IFACE, b->iface, sizeof(b->iface));
	runlog_field_str(r, PD_F_SPACE, b->space, sizeof(b->space));
	b->has_addr = runlog_field_u64(r, PD_F_ADDR, &b->addr);
	b->has_spacing = runlog_field_int(r, PD_F_SPACING, &b->spacing);
	runlog_field_str(r, PD_F_SPEC, b->spec, sizeof(b->spec));
	b->has_answer = runlog_field_int(r, PD_F_ANSWER, &b->answer);
	runlog_field_str(r, PD_F_IPMI, b->ipmi, sizeof(b->ipmi));
	b->has_dev = runlog_field_u64(r, PD_F_DEV, &b->dev);
	b->has_dev_rev = runlog_field_int(r, PD_F_DEV_REV, &b->dev_rev);
	runlog_field_str(r, PD_F_FW, b->fw, sizeof(b->fw));
	b->has_mfg = runlog_field_int(r, PD_F_MFG, &b->mfg);
	b->has_product = runlog_field_int(r, PD_F_PRODUCT, &b->product);
	runlog_field_str(r, PD_F_WHY, b->why, sizeof(b->why));
}

void runlog_rec_watchdog(struct rl_run *run, const struct pd_record *r)
{
	struct rl_watchdog *w = &run->watchdog;

	/* Once per run (boot 1); a repeat changes nothing. */
	if (w->have)
		return;
	w->have = 1;
	w->has_armed = runlog_field_int(r, PD_F_ARMED, &w->armed);
	w->has_countdown_ms = runlog_field_int(r, PD_F_COUNTDOWN_MS, &w->countdown_ms);
	runlog_field_str(r, PD_F_WHY, w->why, sizeof(w->why));
}

void runlog_rec_apic(struct rl_run *run, const struct pd_record *r)
{
	struct rl_apic *a = &run->apic;

	a->have = 1;
	runlog_merge_str(r, PD_F_MODE, a->mode, sizeof(a->mode));
	runlog_merge_u64(r, PD_F_BSP, &a->bsp, &a->has_bsp);
	runlog_merge_u64(r, PD_F_INIT_UDELAY, &a->init_udelay, &a->has_init_udelay);
	runlog_merge_u64(r, PD_F_TRAMPOLINE, &a->trampoline, &a->has_trampoline);
	runlog_merge_u64(r, PD_F_ALL_UP_US, &a->all_up_us, &a->has_all_up_us);
}

void runlog_rec_cpu(struct runlog *rl, struct rl_run *run, const struct pd_record *r)
{
	struct rl_cpu c;
	char canary[8];
	uint64_t v;
	int st;

	memset(&c, 0, sizeof(c));
	if (!runlog_field_u32(r, PD_F_IDX, &c.idx) || run->ncpus >= RL_MAX_CPUS) {
		run->cpu_records_bad++;
		return;
	}
	if (runlog_field_u32(r, PD_F_APIC, &c.apic))
		c.has_apic = 1;
	if (runlog_field_u32(r, PD_F_UID, &c.uid))
		c.has_uid = 1;
	if (pd_record_field_u64(r, PD_F_UP_US, &v)) {
		c.up_us = v;
		c.has_up_us = 1;
	}
	if (runlog_field_u32(r, PD_F_PKG, &c.pkg) & runlog_field_u32(r, PD_F_CORE, &c.core) &
	    runlog_field_u32(r, PD_F_THREAD, &c.thread))
		c.has_topo = 1;
	if (pd_record_field_u64(r, PD_F_UCODE, &v)) {
		c.ucode = v;
		c.has_ucode = 1;
	}
	if (pd_record_field_u64(r, PD_F_CR0, &c.cr0) & pd_record_field_u64(r, PD_F_CR4, &c.cr4) &
	    pd_record_field_u64(r, PD_F_EFER, &c.efer))
		c.has_ctl = 1;
	if (runlog_field_u32(r, PD_F_CPUID_APIC, &c.cpuid_apic))
		c.has_cpuid_apic = 1;
	runlog_field_str(r, PD_F_STATE, c.state_name, sizeof(c.state_name));
	st = pd_cpu_state_lookup(c.state_name, strlen(c.state_name));
	if (st >= 0) {
		c.has_state = 1;
		c.state = (uint8_t)st;
	}
	runlog_field_str(r, PD_F_SRC, c.src, sizeof(c.src));
	runlog_field_str(r, PD_F_FLAGS, c.flags, sizeof(c.flags));
	if (pd_record_field_str(r, PD_F_CANARY, canary, sizeof(canary))) {
		c.has_canary = 1;
		c.canary_bad = strcmp(canary, "ok") != 0;
	}
	c.order = rl->order++;
	runlog_grow((void **)&run->cpus, &run->cpus_cap, run->ncpus + 1, sizeof(c));
	run->cpus[run->ncpus++] = c;
}

void runlog_features_from_facts(const struct cpuid_facts *x, struct rl_features *f)
{
	memset(f, 0, sizeof(*f));
	f->have = 1;
	f->from_dump = 1;
	snprintf(f->vendor, sizeof(f->vendor), "%s", cpuid_vendor_name(x->vendor));
	snprintf(f->brand, sizeof(f->brand), "%s", x->brand);
	f->family = x->family;
	f->has_family = 1;
	f->model = x->model;
	f->has_model = 1;
	f->stepping = x->stepping;
	f->has_stepping = 1;
	f->sme = x->sme;
	f->has_sme = 1;
	f->sev = x->sev;
	f->has_sev = 1;
	f->sev_es = x->sev_es;
	f->has_sev_es = 1;
	f->snp = x->snp;
	f->has_snp = 1;
	f->cbit = x->cbit;
	f->has_cbit = 1;
	f->tme = x->tme;
	f->has_tme = 1;
	f->tdx_guest = x->tdx_guest;
	f->has_tdx_guest = 1;
	f->monitor_mwait = x->monitor;
	f->has_monitor_mwait = 1;
	f->mwait_min = x->mwait_line_min;
	f->has_mwait_min = 1;
	f->mwait_max = x->mwait_line_max;
	f->has_mwait_max = 1;
	f->mwait_emx = x->mwait_emx;
	f->has_mwait_emx = 1;
	f->mwait_ibe = x->mwait_ibe;
	f->has_mwait_ibe = 1;
	f->mwait_cstates = x->mwait_substates;
	f->has_mwait_cstates = 1;
	f->mwait_hint = x->mwait_hint;
	f->has_mwait_hint = 1;
	f->mwait_line = x->mwait_line;
	f->has_mwait_line = 1;
	f->cpuid_max = x->max_basic;
	f->has_cpuid_max = 1;
	f->smt = x->smt;
	f->has_smt = 1;
	f->x2apic = x->x2apic;
	f->has_x2apic = 1;
	f->hypervisor = x->hypervisor;
	f->has_hypervisor = 1;
	f->pdpe1gb = x->pdpe1gb;
	f->has_pdpe1gb = 1;
	f->smt_shift = x->smt_shift;
	f->has_smt_shift = 1;
	f->core_shift = x->core_shift;
	f->has_core_shift = 1;
}

void runlog_rec_features(struct rl_run *run, const struct pd_record *r)
{
	struct rl_features *f = &run->features;

	f->have = 1;
	runlog_merge_str(r, PD_F_CPU_VENDOR, f->vendor, sizeof(f->vendor));
	runlog_merge_str(r, PD_F_BRAND, f->brand, sizeof(f->brand));
	runlog_merge_int(r, PD_F_FAMILY, &f->family, &f->has_family);
	runlog_merge_int(r, PD_F_MODEL, &f->model, &f->has_model);
	runlog_merge_int(r, PD_F_STEPPING, &f->stepping, &f->has_stepping);
	runlog_merge_int(r, PD_F_UCODE, &f->ucode, &f->has_ucode);
	runlog_merge_int(r, PD_F_SME, &f->sme, &f->has_sme);
	runlog_merge_int(r, PD_F_SEV, &f->sev, &f->has_sev);
	runlog_merge_int(r, PD_F_SEV_ES, &f->sev_es, &f->has_sev_es);
	runlog_merge_int(r, PD_F_SNP, &f->snp, &f->has_snp);
	runlog_merge_int(r, PD_F_CBIT, &f->cbit, &f->has_cbit);
	runlog_merge_int(r, PD_F_TME, &f->tme, &f->has_tme);
	runlog_merge_int(r, PD_F_TME_ACTIVE, &f->tme_active, &f->has_tme_active);
	runlog_merge_int(r, PD_F_TDX_HOST, &f->tdx_host, &f->has_tdx_host);
	runlog_merge_int(r, PD_F_TDX_KEYIDS, &f->tdx_keyids, &f->has_tdx_keyids);
	runlog_merge_int(r, PD_F_TDX_GUEST, &f->tdx_guest, &f->has_tdx_guest);
	runlog_merge_int(r, PD_F_MWAIT, &f->monitor_mwait, &f->has_monitor_mwait);
	runlog_merge_int(r, PD_F_MWAIT_MIN, &f->mwait_min, &f->has_mwait_min);
	runlog_merge_int(r, PD_F_MWAIT_MAX, &f->mwait_max, &f->has_mwait_max);
	runlog_merge_int(r, PD_F_MWAIT_EMX, &f->mwait_emx, &f->has_mwait_emx);
	runlog_merge_int(r, PD_F_MWAIT_IBE, &f->mwait_ibe, &f->has_mwait_ibe);
	runlog_merge_int(r, PD_F_MWAIT_CST, &f->mwait_cstates, &f->has_mwait_cstates);
	runlog_merge_int(r, PD_F_MWAIT_HINT, &f->mwait_hint, &f->has_mwait_hint);
	runlog_merge_int(r, PD_F_MWAIT_LINE, &f->mwait_line, &f->has_mwait_line);
	runlog_merge_int(r, PD_F_CPUID_MAX, &f->cpuid_max, &f->has_cpuid_max);
	runlog_merge_int(r, PD_F_CPUID_LIMIT, &f->cpuid_limit, &f->has_cpuid_limit);
	runlog_merge_int(r, PD_F_CPUID_LIMIT_CLEARED, &f->cpuid_limit_cleared,
			 &f->has_cpuid_limit_cleared);
	runlog_merge_int(r, PD_F_SMT, &f->smt, &f->has_smt);
	runlog_merge_int(r, PD_F_X2APIC, &f->x2apic, &f->has_x2apic);
	runlog_merge_int(r, PD_F_HYPERVISOR, &f->hypervisor, &f->has_hypervisor);
	runlog_merge_int(r, PD_F_PDPE1GB, &f->pdpe1gb, &f->has_pdpe1gb);
	runlog_merge_int(r, PD_F_SMT_SHIFT, &f->smt_shift, &f->has_smt_shift);
	runlog_merge_int(r, PD_F_CORE_SHIFT, &f->core_shift, &f->has_core_shift);
}

void runlog_rec_topology(struct rl_run *run, const struct pd_record *r)
{
	struct rl_topology *t = &run->topology;

	t->have = 1;
	runlog_merge_int(r, PD_F_PACKAGES, &t->packages, &t->has_packages);
	runlog_merge_int(r, PD_F_CORES, &t->cores, &t->has_cores);
	runlog_merge_int(r, PD_F_THREADS, &t->threads, &t->has_threads);
	runlog_merge_int(r, PD_F_CPUS, &t->cpus, &t->has_cpus);
	runlog_merge_int(r, PD_F_SMT, &t->smt, &t->has_smt);
	runlog_merge_str(r, PD_F_CORE_TYPES, t->core_types, sizeof(t->core_types));
}

void runlog_rec_dump(struct rl_run *run, const struct pd_record *r)
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

void runlog_rec_mismatch(struct rl_run *run, const struct pd_record *r)
{
	struct rl_mismatch key, *m = NULL;
	const char *ids;
	size_t i, idlen;

	run->mismatch_records++;
	memset(&key, 0, sizeof(key));
	runlog_field_str(r, PD_F_WHAT_KIND, key.kind, sizeof(key.kind));
	runlog_field_str(r, PD_F_REG, key.reg, sizeof(key.reg));
	runlog_field_str(r, PD_F_CORE_TYPE, key.core_type, sizeof(key.core_type));
	key.has_leaf = runlog_field_u64(r, PD_F_LEAF, &key.leaf);
	key.has_sub = runlog_field_u64(r, PD_F_SUB, &key.sub);
	key.has_val = runlog_field_u64(r, PD_F_VAL, &key.val);
	key.has_msr = runlog_field_u64(r, PD_F_MSR, &key.msr);

	/* Lists split over several records merge into one entry; the pieces
	 * come one after another, so the newest entry is tried first. */
	for (i = run->nmismatches; i-- > 0;) {
		struct rl_mismatch *x = &run->mismatches[i];

		if (x->val == key.val && x->leaf == key.leaf && x->sub == key.sub &&
		    x->msr == key.msr && x->has_leaf == key.has_leaf && x->has_sub == key.has_sub &&
		    x->has_val == key.has_val && x->has_msr == key.has_msr &&
		    !strcmp(x->kind, key.kind) && !strcmp(x->reg, key.reg) &&
		    !strcmp(x->core_type, key.core_type)) {
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

struct msr_sink {
	uint32_t *list;
	size_t *n;
};

static void add_msr(uint32_t msr, void *ctx)
{
	struct msr_sink *s = ctx;

	/* pd_msr_parse_list() gives no more than PD_MSR_SLOTS numbers. */
	if (*s->n < PD_MSR_SLOTS)
		s->list[(*s->n)++] = msr;
}

/* One list of MSR numbers ("fe,2ff,250,258-259"); 0 when it did not parse. */
static int msr_list(const struct pd_record *r, const char *key, uint32_t *list, size_t *n)
{
	struct msr_sink sink = {list, n};
	const char *s;
	size_t len;

	*n = 0;
	if (!pd_record_field(r, key, &s, &len))
		return 1;
	return pd_msr_parse_list(s, len, add_msr, &sink);
}

void runlog_rec_msrs(struct rl_run *run, const struct pd_record *r)
{
	struct rl_msrs *m = &run->msrs;

	/* Once per run (boot 1); a repeat changes nothing. */
	if (m->have)
		return;
	m->have = 1;
	m->has_count = runlog_field_int(r, PD_F_COUNT, &m->count);
	m->has_cpus = runlog_field_int(r, PD_F_CPUS, &m->cpus);
	if (!msr_list(r, PD_F_MSR_LIST, m->msrs, &m->nmsrs))
		m->bad_list = 1;
	if (!msr_list(r, PD_F_NOT_COMPARED, m->not_compared, &m->nnot_compared))
		m->bad_list = 1;
	runlog_field_str(r, PD_F_WHY, m->why, sizeof(m->why));
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
void runlog_rec_dumpset(struct rl_run *run, const struct pd_record *r)
{
	struct rl_dumpset *d = NULL;
	const char *ids;
	size_t idlen;
	uint32_t idx;

	if (!runlog_field_u32(r, PD_F_IDX, &idx)) {
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
	}
	if (!d->has_cpus)
		d->has_cpus = runlog_field_int(r, PD_F_CPUS, &d->cpus);
	if (!d->core_type[0])
		runlog_field_str(r, PD_F_CORE_TYPE, d->core_type, sizeof(d->core_type));
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

void runlog_rec_limits(struct rl_run *run, const struct pd_record *r)
{
	struct rl_limits *l = &run->limits;
	int w;

	/* Once per run (boot 1); a repeat changes nothing. */
	if (l->have)
		return;
	l->have = 1;
	l->has_cpus = runlog_field_int(r, PD_F_CPUS, &l->cpus);
	l->has_emulated = runlog_field_int(r, PD_F_EMULATED, &l->emulated);
	l->has_host_cpus = runlog_field_int(r, PD_F_HOST_CPUS, &l->host_cpus);
	l->has_per_core = runlog_field_int(r, PD_F_PER_CORE, &l->per_core);
	l->has_wbinvd_us = runlog_field_int(r, PD_F_WBINVD_US, &l->wbinvd_us);
	for (w = 0; w < PD_WAIT_COUNT; w++)
		l->has_us[w] = runlog_field_int(r, pd_wait_name((enum pd_wait)w), &l->us[w]);
}
