/* SPDX-License-Identifier: MIT */
/* The host tool's commands and what their option parsing shares. */
#ifndef PLAYDEAD_HOST_CMD_H
#define PLAYDEAD_HOST_CMD_H

#include <stdio.h>

#include "host/model/runlog.h"
#include "results/runend.h"

/* The exit status says the run's result (results/runend.h). */
#define EXIT_PASS   PD_RESULT_PASS
#define EXIT_FAILED PD_RESULT_FAIL
#define EXIT_BROKEN PD_RESULT_BROKEN

/* Long options without a short form. */
enum {
	OPT_SMP = 256,
	OPT_TOPO,
	OPT_CPU,
	OPT_MEM,
	OPT_MACHINE,
	OPT_TIMEOUT,
	OPT_LOG,
	OPT_JSON,
	OPT_PAYLOAD,
	OPT_QEMU,
	OPT_QEMU_ARG,
	OPT_NO_REBOOT,
	OPT_BOOT,
	OPT_FIRMWARE,
	OPT_NO_MONITOR,
	OPT_SERIAL_DEVICE,
	OPT_TCG,
	OPT_FROM,
	OPT_FORMAT,
	OPT_HTML,
	OPT_JUNIT,
	OPT_OUT,
	OPT_QUIET,
	OPT_TARGET,
	OPT_BOCHS_CPU,
	OPT_SILENCE,
	OPT_CONNECTION_COMMAND,
	OPT_POWER_ON_COMMAND,
	OPT_HARD_RESET_COMMAND,
	OPT_POWER_OFF_COMMAND,
};

/* What the report on stdout is. */
enum report_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_HTML, FORMAT_JUNIT };

/* Options more than one command takes. */
struct common_opts {
	double timeout;
	const char *log_path, *json_path, *html_path, *junit_path;
	int verbose;
	int quiet; /* no progress line */
};

/* main.c */
void usage(FILE *f);

/* options.c */
/* Bad arguments: what is wrong, then how to do it right; exit 2. */
int bad_args(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int parse_uint(const char *s, unsigned long min, unsigned long max, unsigned *out);
int parse_seconds(const char *s, double *out);
/*
 * Takes an option that is not the command's own: -1 when parsing goes on,
 * otherwise the exit status to return at once.
 */
int common_option(int c, const char *cmd, struct common_opts *o);
FILE *open_log(const char *path);
int close_log(FILE *f, const char *path);

/* report.c */
/*
 * Closes the serial log, then the report on stdout in the format asked,
 * report files where asked; frees rl.  The exit status of the run.
 */
int finish_and_report(struct runlog *rl, FILE *log, const struct common_opts *com,
		      enum report_format format);

/* lab.c */
struct lab_config;
/* The lab session (host/input/lab.h) with the command line's log, timeout
 * and progress, then the report; silence: --silence's seconds, 0: off.
 * The exit status of the run. */
int lab_session_report(const struct lab_config *lc, const struct common_opts *com,
		       unsigned silence);

/* One file per command: argv[0] is "playdead CMD". */
int cmd_run(int argc, char **argv);
int cmd_collect(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_cpuid(int argc, char **argv);
int cmd_fleet(int argc, char **argv);

#endif
