/* SPDX-License-Identifier: MIT */
/* playdead collect: a machine's serial output from a tty, TCP, a file, or
 * the console command a lab already has. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "host/cmd/cmd.h"
#include "host/input/collect.h"
#include "host/input/lab.h"
#include "host/input/session.h"
#include "host/input/source.h"

/* --connection-command: the lab's console command (run --target lab's,
 * without power or reset), started again when it drops. */
static int collect_by_command(const char *connect, const struct common_opts *com)
{
	struct lab_config lc = {.connect = connect};

	return lab_session_report(&lc, com, 0);
}

int cmd_collect(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, OPT_FROM},
	    {"connection-command", required_argument, NULL, OPT_CONNECTION_COMMAND},
	    {"timeout", required_argument, NULL, OPT_TIMEOUT},
	    {"log", required_argument, NULL, OPT_LOG},
	    {"json", required_argument, NULL, OPT_JSON},
	    {"html", required_argument, NULL, OPT_HTML},
	    {"junit", required_argument, NULL, OPT_JUNIT},
	    {"quiet", no_argument, NULL, OPT_QUIET},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct common_opts com = {0};
	const char *from = NULL, *connect = NULL;
	int c, rc;
	char err[512];
	struct source src;
	struct runlog *rl;
	struct session_opts so;
	int read_failed;
	FILE *log;

	optind = 1;
	while ((c = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
		switch (c) {
		case OPT_FROM:
			from = optarg;
			break;
		case OPT_CONNECTION_COMMAND:
			if (!optarg[0])
				return bad_args(
				    "--connection-command wants a shell command, not an "
				    "empty one");
			connect = optarg;
			break;
		default:
			rc = common_option(c, "collect", &com);
			if (rc >= 0)
				return rc;
		}
	}
	if (optind < argc)
		return bad_args("collect: unexpected argument '%s'", argv[optind]);
	if (from && connect)
		return bad_args("collect reads --from SPEC or --connection-command CMD, not both");
	if (connect)
		return collect_by_command(connect, &com);
	if (!from)
		return bad_args("collect needs --from SPEC (/dev/ttyS0@115200, tcp:HOST:PORT, "
				"FILE or -) or --connection-command CMD");
	collect_signals_setup();
	if (source_open(&src, from, err, sizeof(err)) != 0) {
		fprintf(stderr, "playdead: %s\n", err);
		return EXIT_BROKEN;
	}
	log = open_log(com.log_path);
	if (com.log_path && !log) {
		source_close(&src);
		return EXIT_BROKEN;
	}
	rl = runlog_new();
	if (!rl) {
		fprintf(stderr, "playdead: out of memory\n");
		return EXIT_BROKEN;
	}
	so.timeout = com.timeout;
	so.log = log;
	so.progress = !com.quiet && isatty(STDERR_FILENO);
	so.silence = 0; /* the reset needs a command: not yet */
	read_failed = session_source(&src, &so, rl) != 0;
	rc = finish_and_report(rl, log, &com, FORMAT_TEXT);
	return read_failed ? EXIT_BROKEN : rc;
}
