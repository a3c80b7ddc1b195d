/* SPDX-License-Identifier: MIT */
/*
 * Writes the synthetic 512-CPU log of synth_log.h to a file, for the
 * browser checks of tests/report/run.sh.
 * Usage: synth_log FILE [SYS_VENDOR]
 */
#include "tests/report/synth_log.h"

int main(int argc, char **argv)
{
	struct slog s;
	FILE *f;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: synth_log FILE [SYS_VENDOR]\n");
		return 2;
	}
	synth_log(&s, argc > 2 ? argv[2] : "Example Corp", "S512", "Example BIOS");
	f = fopen(argv[1], "wb");
	if (!f || fwrite(s.buf, 1, s.len, f) != s.len || fclose(f) != 0) {
		fprintf(stderr, "synth_log: cannot write %s\n", argv[1]);
		return 1;
	}
	slog_free(&s);
	return 0;
}
