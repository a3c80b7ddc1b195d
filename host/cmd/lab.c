/* SPDX-License-Identifier: MIT */
/* A lab's machine through its commands, then its report: run --target lab
 * and collect --connection-command share it. */
#include <stdio.h>
#include <unistd.h>

#include "host/cmd/cmd.h"
#include "host/input/collect.h"
#include "host/input/lab.h"

int lab_session_report(const struct lab_config *lc, const struct common_opts *com,
		       unsigned silence)
{
	struct session_opts so;
	struct runlog *rl;
	FILE *log;

	collect_signals_setup();
	log = open_log(com->log_path);
	if (com->log_path && !log)
		return EXIT_BROKEN;
	so.timeout = com->timeout;
	so.log = log;
	so.progress = !com->quiet && isatty(STDERR_FILENO);
	so.silence = silence;
	rl = runlog_new();
	if (!rl || session_lab(lc, &so, rl) != 0) {
		if (!rl)
			fprintf(stderr, "playdead: out of memory\n");
		runlog_free(rl);
		close_log(log, com->log_path);
		return EXIT_BROKEN;
	}
	return finish_and_report(rl, log, com, FORMAT_TEXT);
}
