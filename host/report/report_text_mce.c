/* SPDX-License-Identifier: MIT */
/*
 * The text report (see report_text.c): the machine-check banks found valid
 * at boot, one line each, worded by report_fact_mce_boot().  Only for logs
 * that hold mce_boot records.
 */
#include "host/report/report.h"
#include "host/report/report_text_parts.h"

#include <inttypes.h>

void text_mce_boot(FILE *f, const struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	uint64_t uc = 0;
	size_t i;

	if (!run->nmce_boots && !run->mce_boots_dropped)
		return;
	for (i = 0; i < run->nmce_boots; i++)
		uc += runlog_mce_boot_uc(&run->mce_boots[i]);
	fprintf(f, "machine checks at boot: %zu valid %s, %" PRIu64 " uncorrected", run->nmce_boots,
		run->nmce_boots == 1 ? "bank" : "banks", uc);
	if (run->mce_boots_dropped)
		fprintf(f, " (%" PRIu64 " more not kept)", run->mce_boots_dropped);
	fputc('\n', f);
	for (i = 0; i < run->nmce_boots; i++) {
		fputs("  ", f);
		report_fact_mce_boot(f, rl, &run->mce_boots[i], report_plain);
		fputc('\n', f);
	}
}
