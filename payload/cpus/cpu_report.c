/* SPDX-License-Identifier: MIT */
#include "cpus/cpu_report.h"
#include "cpus/cpu.h"
#include "cpus/consistency.h"
#include "cpuid/consistency.h"
#include "platform/report.h"
#include "platform/tsc.h"
#include "lib/fmt.h"
#include "lib/string.h"

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
		if (c->state == PD_CPU_ONLINE)
			pd_rec_u(&w, PD_F_UP_US, tsc_to_us(c->up_tsc - c->sipi_tsc));
		pd_rec_u(&w, PD_F_PKG, c->pkg);
		pd_rec_u(&w, PD_F_CORE, c->core);
		pd_rec_u(&w, PD_F_THREAD, c->thread);
		if (cpu_probed(c) && c->msrs.ucode_ok)
			pd_rec_x(&w, PD_F_UCODE, c->msrs.ucode);
		if (c->stack_base && c->state == PD_CPU_ONLINE)
			pd_rec_s(&w, PD_F_CANARY, c->canary_ok ? "ok" : "bad");
		rec_send(&w);
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

/* Counts distinct values among the CPUs that are up. */
void report_topology(void)
{
	uint32_t i, j, pkgs = 0, cores = 0, up = 0, max_thread = 0;
	struct pd_rec_writer w;

	for (i = 0; i < ncpus; i++) {
		const struct cpu *c = &cpus[i];
		int new_pkg = 1, new_core = 1;

		if (c->state != PD_CPU_BSP && c->state != PD_CPU_ONLINE)
			continue;
		up++;
		if (c->thread > max_thread)
			max_thread = c->thread;
		for (j = 0; j < i; j++) {
			const struct cpu *d = &cpus[j];

			if (d->state != PD_CPU_BSP && d->state != PD_CPU_ONLINE)
				continue;
			if (d->pkg == c->pkg) {
				new_pkg = 0;
				if (d->core == c->core)
					new_core = 0;
			}
		}
		pkgs += (uint32_t)new_pkg;
		cores += (uint32_t)new_core;
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

void report_cpuid_dump(enum opt_dump which)
{
	uint32_t i, j;

	if (which == DUMP_NONE)
		return;
	for (i = 0; i < ncpus; i++) {
		const struct cpu *c = &cpus[i];
		char line[64];
		size_t n;

		if (!cpu_probed(c) || (which == DUMP_BSP && i))
			continue;
		/* "------[ Logical CPU #N ]------" */
		memcpy(line, "------[ Logical CPU #", 21);
		n = 21;
		n += fmt_dec(line + n, c->idx);
		memcpy(line + n, " ]------", 9);
		dump_line(line);
		for (j = 0; j < c->raw.n; j++) {
			cpuid_format_leaf(&c->raw.l[j], line);
			dump_line(line);
		}
	}
}
