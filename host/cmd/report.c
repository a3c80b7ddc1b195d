/* SPDX-License-Identifier: MIT */
/* playdead report: a saved serial log; and every command's report at the end. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/cmd/cmd.h"
#include "host/input/collect.h"
#include "host/report/report.h"

/* A report file asked for with --json/--html/--junit; 0 when written. */
static int save_report(const char *path, const struct runlog *rl,
		       int (*save)(const char *, const struct runlog *))
{
	if (!path || save(path, rl) == 0)
		return 0;
	fprintf(stderr, "playdead: cannot write %s: %s\n", path, strerror(errno));
	return -1;
}

int finish_and_report(struct runlog *rl, FILE *log, const struct common_opts *com,
		      enum report_format format)
{
	struct report_opts ro = {.verbose = com->verbose};
	int rc;

	if (close_log(log, com->log_path) != 0) {
		runlog_free(rl);
		return EXIT_BROKEN;
	}
	runlog_finish(rl);
	rc = runlog_exit_status(rl);
	if (format == FORMAT_JSON) {
		if (report_json_write(stdout, rl) != 0) {
			fprintf(stderr, "playdead: cannot write the JSON report\n");
			rc = EXIT_BROKEN;
		}
	} else if (format == FORMAT_HTML) {
		report_html(stdout, rl);
	} else if (format == FORMAT_JUNIT) {
		report_junit(stdout, rl);
	} else {
		report_text(stdout, rl, &ro);
	}
	/* Each file is tried, whichever failed before. */
	if (save_report(com->json_path, rl, report_json_save) |
	    save_report(com->html_path, rl, report_html_save) |
	    save_report(com->junit_path, rl, report_junit_save))
		rc = EXIT_BROKEN;
	if (fflush(stdout) != 0 && errno != EPIPE) {
		fprintf(stderr, "playdead: cannot write the report: %s\n", strerror(errno));
		rc = EXIT_BROKEN;
	}
	runlog_free(rl);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"json", required_argument, NULL, OPT_JSON},
	    {"html", required_argument, NULL, OPT_HTML},
	    {"junit", required_argument, NULL, OPT_JUNIT},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct common_opts com = {0};
	const char *path = NULL;
	enum report_format format = FORMAT_TEXT;
	int c, rc, fd, err;
	struct runlog *rl;

	optind = 1;
	while ((c = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (!strcmp(optarg, "json"))
				format = FORMAT_JSON;
			else if (!strcmp(optarg, "text"))
				format = FORMAT_TEXT;
			else if (!strcmp(optarg, "html"))
				format = FORMAT_HTML;
			else if (!strcmp(optarg, "junit"))
				format = FORMAT_JUNIT;
			else
				return bad_args("--format is text, json, html or junit, not '%s'",
						optarg);
			break;
		default:
			rc = common_option(c, "report", &com);
			if (rc >= 0)
				return rc;
		}
	}
	if (optind >= argc)
		return bad_args("report needs a serial log file (or - for stdin)");
	if (argc - optind > 1)
		return bad_args("report: one log at a time ('%s' is extra)", argv[optind + 1]);
	path = argv[optind];
	if (!strcmp(path, "-")) {
		fd = STDIN_FILENO;
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "playdead: cannot open %s: %s\n", path, strerror(errno));
			return EXIT_BROKEN;
		}
	}
	rl = runlog_new();
	if (!rl) {
		fprintf(stderr, "playdead: out of memory\n");
		return EXIT_BROKEN;
	}
	collect_name_input(rl, fd == STDIN_FILENO ? "stdin" : path);
	err = collect_read_all(fd, rl);
	if (fd != STDIN_FILENO)
		close(fd);
	if (err) {
		fprintf(stderr, "playdead: reading %s: %s\n", path, strerror(err));
		runlog_free(rl);
		return EXIT_BROKEN;
	}
	runlog_set_stop_reason(rl, "the log ends");
	return finish_and_report(rl, NULL, &com, format);
}
