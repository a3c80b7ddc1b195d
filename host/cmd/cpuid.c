/* SPDX-License-Identifier: MIT */
/* playdead cpuid: a CPUID dump decoded. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "host/cmd/cmd.h"
#include "host/cpuid/cpuid_dump.h"
#include "host/cpuid/cpuid_report.h"

int cmd_cpuid(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, OPT_JSON},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct cpuid_dump d;
	int json = 0, c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			json = 1;
			break;
		case 'h':
			usage(stdout);
			return EXIT_PASS;
		default:
			return bad_args("cpuid: bad option (see usage)");
		}
	}
	if (optind >= argc)
		return bad_args("cpuid needs a CPUID dump file");
	if (argc - optind > 1)
		return bad_args("cpuid: one dump at a time ('%s' is extra)", argv[optind + 1]);
	memset(&d, 0, sizeof(d));
	errno = 0;
	if (cpuid_dump_read_file(argv[optind], &d) != 0) {
		fprintf(stderr, "playdead: %s: %s\n", argv[optind],
			errno ? strerror(errno) : "no CPUID leaves found");
		return EXIT_BROKEN;
	}
	rc = cpuid_report(stdout, &d, json) == 0 ? EXIT_PASS : EXIT_BROKEN;
	if (fflush(stdout) != 0)
		rc = EXIT_BROKEN;
	cpuid_dump_free(&d);
	return rc;
}
