/* SPDX-License-Identifier: MIT */
/*
 * Machine-check banks at boot (mce_boot records) worded once for the text
 * and HTML reports: when the bank was found, IA32_MCi_STATUS and
 * IA32_MCG_STATUS decoded from results/mca.h (SDM Vol. 3B, 16.3.1.2 and
 * 16.3.2.2), and the whole line the text report gives a bank.
 */
#include "host/report/report.h"

#include <inttypes.h>
#include <string.h>

#include "results/mca.h"

void report_fact_mce_when(FILE *f, const struct rl_mce_boot *m, report_put_fn *put)
{
	switch (runlog_mce_boot_when(m)) {
	case RL_MCE_BEFORE_RUN:
		fputs("before the run", f);
		return;
	case RL_MCE_AFTER_RESET:
		fputs("after the reset in cycle ", f);
		break;
	case RL_MCE_ARRIVAL:
		fputs("arriving from cycle ", f);
		break;
	default:
		fprintf(f, "at boot %" PRIu32 " (when ", m->boot);
		if (m->when[0]) {
			fputc('"', f);
			put(f, m->when);
			fputs("\")", f);
		} else {
			fputs("not sent)", f);
		}
		return;
	}
	if (m->has_n)
		fprintf(f, "%" PRIu32, m->n);
	else
		fputc('?', f);
}

void report_fact_mci_flags(FILE *f, uint64_t status)
{
	static const struct {
		uint64_t bit;
		const char *name;
	} flags[] = {
	    {PD_MCI_VAL, "VAL"}, {PD_MCI_OVER, "OVER"},	  {PD_MCI_UC, "UC"},
	    {PD_MCI_EN, "EN"},	 {PD_MCI_MISCV, "MISCV"}, {PD_MCI_ADDRV, "ADDRV"},
	    {PD_MCI_PCC, "PCC"}, {PD_MCI_S, "S"},	  {PD_MCI_AR, "AR"},
	};
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (status & flags[i].bit)
			fprintf(f, "%s%s", n++ ? " " : "", flags[i].name);
	if (!n)
		fputs("no flags", f);
}

void report_fact_mcg_flags(FILE *f, uint64_t mcg)
{
	static const struct {
		uint64_t bit;
		const char *name;
	} flags[] = {{PD_MCG_RIPV, "RIPV"}, {PD_MCG_EIPV, "EIPV"}, {PD_MCG_MCIP, "MCIP"}};
	size_t i;
	int n = 0;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (mcg & flags[i].bit)
			fprintf(f, "%s%s", n++ ? " " : "", flags[i].name);
	if (!n)
		fputs("none", f);
}

void report_fact_mci_status(FILE *f, const struct rl_mce_boot *m)
{
	if (!m->has_status) {
		fputs("status ?", f);
		return;
	}
	fprintf(f, "status 0x%" PRIx64 " (", m->status);
	report_fact_mci_flags(f, m->status);
	/* Bits 15:0 the MCA error code, 31:16 the model-specific one (SDM
	 * Vol. 3B, Figure 16-6). */
	fprintf(f, "; MCA code 0x%04" PRIx64 ", model-specific 0x%04" PRIx64 ")",
		m->status & 0xffff, (m->status >> 16) & 0xffff);
}

/* "APIC 0 (0/0/0), bank 1: fatal, class memory controller" (the class is
 * the MCA error code's, "no error" included: QEMU's broadcast leaves VAL|UC
 * with code 0 in the other CPUs' banks). */
static void cpu_bank_kind(FILE *f, const struct runlog *rl, const struct rl_mce_boot *m,
			  report_put_fn *put)
{
	const char *sev = runlog_mce_boot_severity(m), *cls = runlog_mce_boot_class(m);

	if (m->has_apic)
		report_fact_cpu(f, rl, m->apic);
	else
		fputs("APIC ?", f);
	if (m->has_bank)
		fprintf(f, ", bank %" PRIu32 ": ", m->bank);
	else
		fputs(", bank ?: ", f);
	put(f, sev[0] ? sev : "?");
	fputs(", class ", f);
	put(f, cls[0] ? cls : "?");
}

void report_fact_mce_boot(FILE *f, const struct runlog *rl, const struct rl_mce_boot *m,
			  report_put_fn *put)
{
	report_fact_mce_when(f, m, put);
	fputs(": ", f);
	cpu_bank_kind(f, rl, m, put);
	fputs("; ", f);
	report_fact_mci_status(f, m);
	if (m->has_addr)
		fprintf(f, ", address 0x%" PRIx64, m->addr);
	if (m->has_misc)
		fprintf(f, ", MISC 0x%" PRIx64, m->misc);
	if (m->has_mcg) {
		fprintf(f, ", MCG_STATUS 0x%" PRIx64 " (", m->mcg);
		report_fact_mcg_flags(f, m->mcg);
		fputc(')', f);
	} else {
		fputs(", MCG_STATUS ?", f);
	}
}

void report_fact_event_mce(FILE *f, const struct runlog *rl, const struct rl_cycle *c,
			   report_put_fn *put)
{
	const struct rl_run *run = &rl->cur;
	const struct rl_mce_boot *shown = NULL;
	uint64_t after = 0;
	size_t i;

	if (!c->mce_boot)
		return;
	for (i = 0; i < run->nmce_boots; i++) {
		const struct rl_mce_boot *m = &run->mce_boots[i];

		if (!m->has_n || m->n != c->n || runlog_mce_boot_when(m) != RL_MCE_AFTER_RESET)
			continue;
		after++;
		/* An uncorrected bank first: that one explains the reset. */
		if (!shown || (!runlog_mce_boot_uc(shown) && runlog_mce_boot_uc(m)))
			shown = m;
	}
	if (!shown)
		return;
	fputs("; machine check", f);
	fputs(c->reset_mce ? " (explains the reset): " : " (does not explain the reset): ", f);
	cpu_bank_kind(f, rl, shown, put);
	fputs("; ", f);
	report_fact_mci_status(f, shown);
	if (shown->has_mcg) {
		fprintf(f, ", MCG_STATUS 0x%" PRIx64 " (", shown->mcg);
		report_fact_mcg_flags(f, shown->mcg);
		fputc(')', f);
	}
	if (after > 1)
		fprintf(f, "; %" PRIu64 " more %s after the reset", after - 1,
			after == 2 ? "bank" : "banks");
}
