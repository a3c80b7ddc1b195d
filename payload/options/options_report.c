/* SPDX-License-Identifier: MIT */
/* Error records for the boot line: a cut line, bad and unknown options. */
#include "boot/bootinfo.h"
#include "options/options.h"
#include "report/report.h"

/* A line cut at the limit fails the run: options the user gave were not
 * applied, so a pass would not be the run that was asked for. */
static void report_cut(void)
{
	struct pd_rec_writer w;

	if (!bootinfo.cmdline_cut)
		return;
	rec_start(&w, PD_REC_ERROR);
	pd_rec_s(&w, PD_F_LEVEL, PD_LEVEL_FAIL);
	pd_rec_s(&w, PD_F_CODE, PD_ERR_CMDLINE_LONG);
	pd_rec_u(&w, PD_F_OFFSET, bootinfo.cmdline_cut_at);
	pd_rec_u(&w, PD_F_LEN, bootinfo.cmdline_len);
	pd_rec_s(&w, PD_F_VALUE, bootinfo.cmdline_lost);
	pd_rec_s(&w, PD_F_WHAT,
		 "boot line longer than 4095 bytes: cut before the option at offset, "
		 "nothing from there on applied");
	report_count_error(PD_LEVEL_FAIL);
	rec_send(&w);
}

void options_report(void)
{
	const struct opt_error *e;
	uint32_t i, n, dropped;

	_Static_assert(sizeof(bootinfo.cmdline) == 4096, "the message names 4095 bytes");
	report_cut();
	n = options_errors(&e, &dropped);
	for (i = 0; i < n; i++) {
		struct pd_rec_writer w;

		rec_start(&w, PD_REC_ERROR);
		pd_rec_s(&w, PD_F_LEVEL, PD_LEVEL_WARN);
		pd_rec_s(&w, PD_F_CODE, e[i].code);
		pd_rec_s(&w, PD_F_KEY, e[i].key);
		pd_rec_s(&w, PD_F_VALUE, e[i].value);
		pd_rec_s(&w, PD_F_WHAT, e[i].what);
		report_count_error(PD_LEVEL_WARN);
		rec_send(&w);
	}
	if (dropped) {
		struct pd_rec_writer w;

		rec_start(&w, PD_REC_ERROR);
		pd_rec_s(&w, PD_F_LEVEL, PD_LEVEL_WARN);
		pd_rec_s(&w, PD_F_CODE, PD_ERR_BAD_OPTION);
		pd_rec_u(&w, PD_F_DROPPED, dropped);
		pd_rec_s(&w, PD_F_WHAT, "more bad options than reported");
		report_count_error(PD_LEVEL_WARN);
		rec_send(&w);
	}
}
