/* SPDX-License-Identifier: MIT */
/*
 * Machine-check banks at boot (mce_boot records): kept as sent, decoded from
 * their status with results/mca.h, and attributed to the cycle they belong
 * to.  A bank found after a reset or on arrival belongs to cycle n; an
 * uncorrected one found after a reset explains that reset (SDM Vol. 3B,
 * 16.3.2.2: the banks survive a warm reset).  Evidence only: no verdict
 * changes here.
 */
#include "host/model/runlog.h"
#include "host/model/runlog_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "results/fields.h"
#include "results/mca.h"
#include "results/park.h"

/* Cycles given a note each; the rest are counted in one. */
#define NOTED_CYCLES 8

void runlog_rec_mce_boot(struct rl_run *run, const struct pd_record *r)
{
	struct rl_mce_boot m;

	if (run->nmce_boots >= RL_MAX_MCE_BOOTS) {
		run->mce_boots_dropped++;
		return;
	}
	memset(&m, 0, sizeof(m));
	runlog_field_str(r, PD_F_WHEN, m.when, sizeof(m.when));
	m.has_n = runlog_field_u32(r, PD_F_N, &m.n);
	m.has_apic = runlog_field_u32(r, PD_F_APIC, &m.apic);
	m.has_bank = runlog_field_u32(r, PD_F_BANK, &m.bank);
	m.has_status = runlog_field_u64(r, PD_F_STATUS, &m.status);
	m.has_addr = runlog_field_u64(r, PD_F_ADDR, &m.addr);
	m.has_misc = runlog_field_u64(r, PD_F_MISC, &m.misc);
	m.has_mcg = runlog_field_u64(r, PD_F_MCG, &m.mcg);
	runlog_field_str(r, PD_F_SEVERITY, m.severity, sizeof(m.severity));
	runlog_field_str(r, PD_F_CLASS, m.cls, sizeof(m.cls));
	m.boot = r->boot;
	m.seq = r->seq;
	/* The first boot has no cycle behind it: an n there means nothing. */
	if (runlog_mce_boot_when(&m) == RL_MCE_BEFORE_RUN) {
		m.has_n = 0;
		m.n = 0;
	}
	runlog_grow((void **)&run->mce_boots, &run->mce_boots_cap, run->nmce_boots + 1, sizeof(m));
	run->mce_boots[run->nmce_boots++] = m;
}

enum rl_mce_when runlog_mce_boot_when(const struct rl_mce_boot *m)
{
	if (!strcmp(m->when, PD_MCE_BOOT_BEFORE_RUN))
		return RL_MCE_BEFORE_RUN;
	if (!strcmp(m->when, PD_MCE_BOOT_AFTER_RESET))
		return RL_MCE_AFTER_RESET;
	if (!strcmp(m->when, PD_MCE_BOOT_ARRIVAL))
		return RL_MCE_ARRIVAL;
	return RL_MCE_WHEN_UNKNOWN;
}

const char *runlog_mce_boot_severity(const struct rl_mce_boot *m)
{
	return m->has_status ? pd_mca_severity(m->status) : m->severity;
}

const char *runlog_mce_boot_class(const struct rl_mce_boot *m)
{
	return m->has_status ? pd_mca_error_class((uint16_t)m->status) : m->cls;
}

int runlog_mce_boot_uc(const struct rl_mce_boot *m)
{
	return m->has_status && (m->status & PD_MCI_UC);
}

/* The cycle a bank belongs to, or NULL (before the run, no n, no record). */
static struct rl_cycle *bank_cycle(struct rl_run *run, const struct rl_mce_boot *m)
{
	enum rl_mce_when w = runlog_mce_boot_when(m);
	size_t k;

	if ((w != RL_MCE_AFTER_RESET && w != RL_MCE_ARRIVAL) || !m->has_n)
		return NULL;
	k = runlog_cycle_index(run, m->n);
	return k < run->ncycles ? &run->cycles[k] : NULL;
}

/* The cycle reset: its record says so, or it never reported (reset or
 * hang), or it was reset on purpose. */
static int cycle_reset(const struct rl_cycle *c)
{
	return c->reset || c->died || c->injected;
}

/* "fatal error (class memory controller) in bank 1 of APIC 0" into buf. */
static void bank_words(char *buf, size_t cap, const struct rl_mce_boot *m)
{
	const char *sev = runlog_mce_boot_severity(m), *cls = runlog_mce_boot_class(m);
	char bank[16] = "?", apic[16] = "?";

	if (m->has_bank)
		snprintf(bank, sizeof(bank), "%" PRIu32, m->bank);
	if (m->has_apic)
		snprintf(apic, sizeof(apic), "%" PRIu32, m->apic);
	snprintf(buf, cap, "%s error (class %s) in bank %s of APIC %s", sev[0] ? sev : "?",
		 cls[0] ? cls : "?", bank, apic);
}

/* One note for cycle c: what was found after its reset or on arrival from
 * it, and whether that explains the reset. */
static void note_cycle(struct runlog *rl, const struct rl_cycle *c)
{
	const struct rl_run *run = &rl->cur;
	const struct rl_mce_boot *first = NULL, *first_uc = NULL;
	uint64_t after = 0, arrival = 0;
	char what[160], more[48] = "";
	size_t i;

	for (i = 0; i < run->nmce_boots; i++) {
		const struct rl_mce_boot *m = &run->mce_boots[i];
		enum rl_mce_when w = runlog_mce_boot_when(m);

		if (!m->has_n || m->n != c->n || (w != RL_MCE_AFTER_RESET && w != RL_MCE_ARRIVAL))
			continue;
		after += w == RL_MCE_AFTER_RESET;
		arrival += w == RL_MCE_ARRIVAL;
		if (!first)
			first = m;
		if (!first_uc && w == RL_MCE_AFTER_RESET && runlog_mce_boot_uc(m))
			first_uc = m;
	}
	if (!first)
		return;
	bank_words(what, sizeof(what), c->reset_mce && first_uc ? first_uc : first);
	if (after + arrival > 1)
		snprintf(more, sizeof(more), " (and %llu more)",
			 (unsigned long long)(after + arrival - 1));
	if (c->reset_mce)
		runlog_note(rl,
			    "cycle %" PRIu32 " (%s %s): its reset is explained by a machine check: "
			    "%s, found after the reset%s%s",
			    c->n, c->m, c->p, what, more,
			    c->injected ? "; the reset was also the payload's own (inject_reset)"
					: "");
	else
		runlog_note(rl, "cycle %" PRIu32 " (%s %s): machine-check %s found %s: %s%s%s",
			    c->n, c->m, c->p, runlog_plural(after + arrival, "bank", "banks"),
			    after && !cycle_reset(c)
				? "after a reset its cycle record does not show"
			    : after && arrival ? "after its reset and on arrival from it"
			    : after	       ? "after its reset"
					       : "on arrival from it",
			    what, more,
			    arrival && c->has_prov && (c->prov & PD_PROVOKE_MCE)
				? "; the cycle provoked a machine check"
				: "");
}

void runlog_attribute_mce_boot(struct runlog *rl)
{
	struct rl_run *run = &rl->cur;
	uint64_t no_cycle = 0, unplaced = 0, noted = 0, more = 0;
	int64_t first_no_cycle = -1;
	size_t i;

	for (i = 0; i < run->nmce_boots; i++) {
		const struct rl_mce_boot *m = &run->mce_boots[i];
		enum rl_mce_when w = runlog_mce_boot_when(m);
		struct rl_cycle *c = bank_cycle(run, m);

		if (w == RL_MCE_BEFORE_RUN)
			continue;
		if (w == RL_MCE_WHEN_UNKNOWN || !m->has_n) {
			unplaced++;
			continue;
		}
		if (!c) {
			if (!no_cycle++)
				first_no_cycle = m->n;
			continue;
		}
		c->mce_boot++;
		/* Only a reset the cycle's records show is explained. */
		if (w == RL_MCE_AFTER_RESET && runlog_mce_boot_uc(m) && cycle_reset(c))
			c->reset_mce = 1;
	}
	for (i = 0; i < run->ncycles; i++) {
		const struct rl_cycle *c = &run->cycles[i];

		if (!c->mce_boot)
			continue;
		if (noted++ < NOTED_CYCLES)
			note_cycle(rl, c);
		else
			more++;
	}
	if (more)
		runlog_note(rl, "%llu more %s machine-check banks at boot (see them listed)",
			    (unsigned long long)more,
			    runlog_plural(more, "cycle has", "cycles have"));
	if (no_cycle)
		runlog_note(rl,
			    "%llu machine-check %s found after a reset or on arrival from a cycle "
			    "without a cycle record (the first: cycle %lld)",
			    (unsigned long long)no_cycle, runlog_plural(no_cycle, "bank", "banks"),
			    (long long)first_no_cycle);
	if (unplaced)
		runlog_note(rl, "%llu mce_boot %s no usable when or n: not attributed to a cycle",
			    (unsigned long long)unplaced,
			    runlog_plural(unplaced, "record has", "records have"));
	if (run->mce_boots_dropped)
		runlog_note(rl, "%llu mce_boot records not kept (too many)",
			    (unsigned long long)run->mce_boots_dropped);
}
