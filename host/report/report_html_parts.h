/* SPDX-License-Identifier: MIT */
/*
 * What the files of the HTML report share (report_html.c,
 * report_html_schedule.c, report_html_tables.c, report_html_mce.c): the page's sections in the
 * order report_html() writes them, and small pieces.
 */
#ifndef PD_HOST_REPORT_HTML_PARTS_H
#define PD_HOST_REPORT_HTML_PARTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "host/model/runlog.h"

/* Every string from the machine goes through report_markup(). */
#define esc report_markup

/* s, or "?" when empty. */
const char *html_or_unknown(const char *s);
/* An ID list as ranges ("0-3,8"), marked up. */
void html_put_ids(FILE *f, const uint32_t *ids, size_t n);

/* report_html_sel.c: the BMC's event log entries (nothing without them) */
/* Cycle c's entries, a row each, under its resets-and-hangs row. */
void html_sel_of_cycle(FILE *f, const struct runlog *rl, const struct rl_cycle *c);
/* A "BMC event log" section: the entries of cycles without such a row. */
void html_sel_others(FILE *f, const struct runlog *rl);

/* report_html_schedule.c */
void html_matrix(FILE *f, const struct runlog *rl);
void html_heatmap(FILE *f, const struct runlog *rl);
void html_timeline(FILE *f, const struct runlog *rl);

/* report_html_tables.c */
void html_cpus(FILE *f, const struct runlog *rl);
void html_mismatches(FILE *f, const struct runlog *rl);
void html_errors(FILE *f, const struct runlog *rl);
void html_exceptions(FILE *f, const struct runlog *rl);
void html_resets_hangs(FILE *f, const struct runlog *rl);
void html_phase_times(FILE *f, const struct runlog *rl);
void html_records(FILE *f, const struct runlog *rl);

/* report_html_mce.c: machine checks at boot (nothing for logs without) */
void html_mce_boot(FILE *f, const struct runlog *rl);

#endif
