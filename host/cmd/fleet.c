/* SPDX-License-Identifier: MIT */
/* playdead fleet: many logs grouped by machine. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "host/cmd/cmd.h"
#include "host/fleet/fleet.h"

int cmd_fleet(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"out", required_argument, NULL, OPT_OUT},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *format = "text", *out_path = NULL;
	struct fleet *f;
	FILE *out = stdout;
	int c, rc = EXIT_PASS;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json") &&
			    strcmp(optarg, "html"))
				return bad_args("--format is text, json or html, not '%s'", optarg);
			format = optarg;
			break;
		case OPT_OUT:
			out_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_PASS;
		default:
			return bad_args("fleet: bad option (see usage)");
		}
	}
	if (optind >= argc)
		return bad_args("fleet needs log files or folders");
	f = fleet_new();
	if (!f) {
		fprintf(stderr, "playdead: out of memory\n");
		return EXIT_BROKEN;
	}
	for (; optind < argc; optind++)
		fleet_read_path(f, argv[optind]);
	fleet_sort(f);
	if (out_path && !(out = fopen(out_path, "w"))) {
		fprintf(stderr, "playdead: cannot create %s: %s\n", out_path, strerror(errno));
		fleet_free(f);
		return EXIT_BROKEN;
	}
	if (!strcmp(format, "json"))
		rc = fleet_json_write(out, f) ? EXIT_BROKEN : EXIT_PASS;
	else if (!strcmp(format, "html"))
		fleet_html(out, f);
	else
		fleet_text(out, f);
	if ((out != stdout ? fclose(out) : fflush(out)) != 0 && errno != EPIPE) {
		fprintf(stderr, "playdead: cannot write the fleet report: %s\n", strerror(errno));
		rc = EXIT_BROKEN;
	}
	/* Unusable files are named in the report; the exit status says so too. */
	if (rc == EXIT_PASS && !f->logs_read)
		rc = EXIT_BROKEN;
	fleet_free(f);
	return rc;
}
