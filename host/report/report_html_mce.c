/* SPDX-License-Identifier: MIT */
/*
 * The HTML report (see report_html.c): the machine-check banks found valid
 * at boot, one table row each, decoded as the text report words them
 * (report_facts_mce.c).  Only for logs that hold mce_boot records.
 */
#include <inttypes.h>

#include "host/report/report.h"
#include "host/report/report_html_parts.h"

static void mce_boot_row(FILE *f, const struct runlog *rl, const struct rl_mce_boot *m)
{
	const char *sev = runlog_mce_boot_severity(m);

	fprintf(f, "<tr class=\"%s\"><td>", runlog_mce_boot_uc(m) ? "mce-uc" : "mce");
	report_fact_mce_when(f, m, report_markup);
	fputs("</td><td>", f);
	if (m->has_apic)
		report_fact_cpu(f, rl, m->apic);
	fputs("</td><td>", f);
	if (m->has_bank)
		fprintf(f, "%" PRIu32, m->bank);
	fputs("</td><td>", f);
	esc(f, html_or_unknown(sev));
	fputs("</td><td>", f);
	esc(f, html_or_unknown(runlog_mce_boot_class(m)));
	fputs("</td><td class=\"mono\">", f);
	if (m->has_status) {
		fprintf(f, "0x%" PRIx64 "</td><td>", m->status);
		report_fact_mci_flags(f, m->status);
		fprintf(f, "; MCA code 0x%04" PRIx64 ", model-specific 0x%04" PRIx64,
			m->status & 0xffff, (m->status >> 16) & 0xffff);
	} else {
		fputs("</td><td>", f);
	}
	fputs("</td><td class=\"mono\">", f);
	if (m->has_addr)
		fprintf(f, "0x%" PRIx64, m->addr);
	fputs("</td><td class=\"mono\">", f);
	if (m->has_misc)
		fprintf(f, "0x%" PRIx64, m->misc);
	fputs("</td><td>", f);
	if (m->has_mcg) {
		fprintf(f, "<span class=\"mono\">0x%" PRIx64 "</span> (", m->mcg);
		report_fact_mcg_flags(f, m->mcg);
		fputc(')', f);
	}
	fputs("</td></tr>\n", f);
}

void html_mce_boot(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	uint64_t uc = 0;
	size_t i;

	if (!run->nmce_boots && !run->mce_boots_dropped)
		return;
	for (i = 0; i < run->nmce_boots; i++)
		uc += runlog_mce_boot_uc(&run->mce_boots[i]);
	fputs("<section id=\"mce-boot\"><h2>Machine checks at boot</h2>\n", f);
	fprintf(f, "<p>%zu valid %s, %" PRIu64 " uncorrected", run->nmce_boots,
		run->nmce_boots == 1 ? "bank" : "banks", uc);
	if (run->mce_boots_dropped)
		fprintf(f, " (%" PRIu64 " more not kept)", run->mce_boots_dropped);
	fputs(".</p>\n", f);
	fputs("<table id=\"mce-boot-table\"><thead><tr><th>when</th><th>CPU</th><th>bank</th>"
	      "<th>severity</th><th>class</th><th>status</th><th>decoded</th><th>address</th>"
	      "<th>MISC</th><th>MCG_STATUS</th></tr></thead><tbody>\n",
	      f);
	for (i = 0; i < run->nmce_boots; i++)
		mce_boot_row(f, rl, &run->mce_boots[i]);
	fputs("</tbody></table></section>\n", f);
}
