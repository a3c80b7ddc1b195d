/* SPDX-License-Identifier: MIT */
/*
 * What the files of the text report share (report_text.c,
 * report_text_schedule.c, report_text_mce.c).
 */
#ifndef PD_HOST_REPORT_TEXT_PARTS_H
#define PD_HOST_REPORT_TEXT_PARTS_H

#include <stddef.h>
#include <stdio.h>

#include "host/model/runlog.h"
#include "host/report/report.h"

/* report_text.c */
void text_safe_copy(char *dst, size_t cap, const char *s);
void text_label(FILE *f, const char *l);
void text_put_opt(FILE *f, const char *pre, const char *s, int quote, const char *post);

/* report_text_sel.c: the BMC's event log entries (nothing without them) */
/* Cycle c's entries, a line each, under its resets-and-hangs line. */
void text_sel_of_cycle(FILE *f, const struct runlog *rl, const struct rl_cycle *c);
/* "BMC event log:", the entries of cycles without such a line. */
void text_sel_others(FILE *f, const struct runlog *rl);

/* report_text_schedule.c: sections */
void text_cpu_modes(FILE *f, const struct runlog *rl, const struct report_opts *o);
void text_schedule(FILE *f, const struct runlog *rl);
void text_resets_hangs(FILE *f, const struct runlog *rl);
void text_limits(FILE *f, const struct runlog *rl);
void text_dumpsets(FILE *f, const struct runlog *rl);

/* report_text_mce.c: machine checks at boot (nothing for logs without) */
void text_mce_boot(FILE *f, const struct runlog *rl);

#endif
