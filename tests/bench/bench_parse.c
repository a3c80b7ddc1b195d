/* SPDX-License-Identifier: MIT */
/*
 * Host parse speed: a serial log resembling a 4096-CPU run (cpu records,
 * mismatches, the whole CPUID dump), repeated as new runs up to about
 * 100 MB, written with the payload's encoder, then fed to the run model the
 * way the collector feeds it (64 KiB reads), three times (a fresh model
 * each): the best pass counts, the machine being shared.  Prints
 * "host parse: X MB/s (N records)", then the model's heap after a third of
 * the log and after all of it (it must not grow with the log: a run is
 * replaced by the next) and the process's peak RSS (the log itself is in
 * memory here).
 *
 * Usage: bench_parse [MB] [--keep FILE]   (FILE: also write the log there)
 */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "host/model/runlog.h"
#include "results/fields.h"
#include "results/record.h"
#include "tests/lib/slog.h"

#define CPUS	   4096
#define READ_CHUNK (64 * 1024)

static void one_run(struct slog *o, uint32_t run)
{
	static const uint32_t leaves[][2] = {
	    {0x0, 0},	     {0x1, 0},	      {0x2, 0},	       {0x4, 0},	{0x4, 1},
	    {0x4, 2},	     {0x4, 3},	      {0x5, 0},	       {0x6, 0},	{0x7, 0},
	    {0xb, 0},	     {0xb, 1},	      {0xd, 0},	       {0xd, 1},	{0x1f, 0},
	    {0x1f, 1},	     {0x1f, 2},	      {0x80000000, 0}, {0x80000001, 0}, {0x80000002, 0},
	    {0x80000003, 0}, {0x80000004, 0}, {0x80000006, 0}, {0x80000007, 0}, {0x80000008, 0},
	};
	char line[128];
	unsigned i, j;

	o->run = run;
	o->boot = 1;
	o->seq = 0;
	slog_begin(o, PD_REC_BOOT);
	pd_rec_s(&W, PD_F_VERSION, "bench");
	pd_rec_u(&W, PD_F_FORMAT, PD_FORMAT_VERSION);
	pd_rec_s(&W, PD_F_PATH, "multiboot");
	pd_rec_s(&W, PD_F_CMDLINE, "console=ttyS0,115200 cycles=4 mode=\"mwait-kick\"");
	pd_rec_u(&W, PD_F_MEM_KB, 2u << 30);
	slog_emit(o);
	slog_begin(o, PD_REC_SMBIOS);
	pd_rec_s(&W, PD_F_BIOS_VENDOR, "American Megatrends International, LLC.");
	pd_rec_s(&W, PD_F_BIOS_VERSION, "1.2.3");
	pd_rec_s(&W, PD_F_SYS_PRODUCT, "Big Server 9000");
	slog_emit(o);
	slog_begin(o, PD_REC_APIC);
	pd_rec_s(&W, PD_F_MODE, "x2apic");
	pd_rec_u(&W, PD_F_BSP, 0);
	slog_emit(o);
	for (i = 0; i < CPUS; i++) {
		slog_begin(o, PD_REC_CPU);
		pd_rec_u(&W, PD_F_IDX, i);
		pd_rec_u(&W, PD_F_APIC, i * 2);
		pd_rec_u(&W, PD_F_UID, i);
		pd_rec_s(&W, PD_F_SRC, "x2apic");
		pd_rec_s(&W, PD_F_FLAGS, "enabled");
		pd_rec_s(&W, PD_F_STATE, i ? "online" : "bsp");
		if (i)
			pd_rec_u(&W, PD_F_UP_US, 180 + i % 53);
		pd_rec_u(&W, PD_F_PKG, i / 512);
		pd_rec_u(&W, PD_F_CORE, (i % 512) / 2);
		pd_rec_u(&W, PD_F_THREAD, i % 2);
		pd_rec_x(&W, PD_F_UCODE, 0x2b000590);
		pd_rec_s(&W, PD_F_CANARY, "ok");
		slog_emit(o);
	}
	slog_begin(o, PD_REC_TOPOLOGY);
	pd_rec_u(&W, PD_F_PACKAGES, 8);
	pd_rec_u(&W, PD_F_CORES, 256);
	pd_rec_u(&W, PD_F_THREADS, 2);
	pd_rec_u(&W, PD_F_CPUS, CPUS);
	pd_rec_u(&W, PD_F_SMT, 1);
	slog_emit(o);
	for (i = 0; i < CPUS; i++) {
		snprintf(line, sizeof(line), "------[ Logical CPU #%u ]------", i);
		slog_begin(o, PD_REC_DUMP);
		pd_rec_text(&W, line);
		slog_emit(o);
		for (j = 0; j < sizeof(leaves) / sizeof(leaves[0]); j++) {
			uint32_t l = leaves[j][0];

			snprintf(line, sizeof(line), "CPUID %08x: %08x-%08x-%08x-%08x [SL %02x]", l,
				 l == 0 ? 0x1f : l * 7 + i, l == 0 ? 0x756e6547 : i * 2,
				 l == 0 ? 0x6c65746e : 0x7ffefbff, l == 0 ? 0x49656e69 : 0xbfebfbff,
				 leaves[j][1]);
			slog_begin(o, PD_REC_DUMP);
			pd_rec_text(&W, line);
			slog_emit(o);
		}
	}
	for (i = 0; i < 8; i++) {
		slog_begin(o, PD_REC_MISMATCH);
		pd_rec_s(&W, PD_F_WHAT_KIND, "cpuid");
		pd_rec_x(&W, PD_F_LEAF, 6);
		pd_rec_x(&W, PD_F_SUB, 0);
		pd_rec_s(&W, PD_F_REG, "eax");
		pd_rec_x(&W, PD_F_VAL, 0xef7);
		snprintf(line, sizeof(line), "%u-%u", i * 1024, i * 1024 + 1023);
		pd_rec_s(&W, PD_F_APICS, line);
		slog_emit(o);
	}
	slog_begin(o, PD_REC_END);
	pd_rec_u(&W, PD_F_CPUS, CPUS);
	pd_rec_u(&W, PD_F_ONLINE, CPUS);
	pd_rec_u(&W, PD_F_LOST, 0);
	pd_rec_u(&W, PD_F_ERRORS, 0);
	pd_rec_u(&W, PD_F_MISMATCHES, 0);
	pd_rec_s(&W, PD_F_VERDICT, "pass");
	pd_rec_u(&W, PD_F_RECORDS, o->seq);
	slog_emit(o);
}

static double clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

int main(int argc, char **argv)
{
	struct slog o = {0};
	const char *keep = NULL;
	double mb = 100, t0, t1, t2, best = 0, best_lines = 0, c0, c1, best_cpu = 0;
	size_t third = 0, whole = 0;
	struct rusage ru;
	int pass;
	struct runlog *rl;
	uint32_t run = 0x5eed0000;
	size_t i;
	int a;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--keep") && a + 1 < argc)
			keep = argv[++a];
		else if (atof(argv[a]) > 0)
			mb = atof(argv[a]);
		else {
			fprintf(stderr, "usage: bench_parse [MB] [--keep FILE]\n");
			return 2;
		}
	}
	while ((double)o.len < mb * 1e6)
		one_run(&o, run++);
	if (keep) {
		FILE *f = fopen(keep, "wb");

		if (!f || fwrite(o.buf, 1, o.len, f) != o.len || fclose(f) != 0) {
			fprintf(stderr, "bench_parse: cannot write %s\n", keep);
			return 1;
		}
	}

	for (pass = 0; pass < 3; pass++) {
		size_t heap0 = mallinfo2().uordblks;

		rl = runlog_new();
		if (!rl)
			return 1;
		c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
		t0 = now();
		for (i = 0; i < o.len; i += READ_CHUNK) {
			runlog_feed(rl, o.buf + i,
				    i + READ_CHUNK <= o.len ? READ_CHUNK : o.len - i);
			if (!third && i >= o.len / 3)
				third = mallinfo2().uordblks - heap0;
		}
		t1 = now();
		whole = mallinfo2().uordblks - heap0;
		runlog_finish(rl);
		t2 = now();
		c1 = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
		if (pass == 0 || c1 < best_cpu)
			best_cpu = c1;
		if (pass == 0 || t2 - t0 < best) {
			best = t2 - t0;
			best_lines = t1 - t0;
		}
		if (pass < 2)
			runlog_free(rl);
	}
	t0 = 0;
	t2 = best;
	t1 = best_lines;
	printf("host parse: %.0f MB/s (%llu records; %.0f MB per CPU second)\n",
	       (double)o.len / 1e6 / (t2 - t0), (unsigned long long)o.nlines,
	       (double)o.len / 1e6 / best_cpu);
	printf("  %.1f MB in %.3f s: lines %.3f s, finish (last run's dump, %zu CPUs) %.3f s\n",
	       (double)o.len / 1e6, t2 - t0, t1 - t0, rl->sum.dump_cpus, t2 - t1);
	getrusage(RUSAGE_SELF, &ru);
	printf("  model heap: %.1f MB after a third of the log, %.1f MB after all of it; "
	       "peak RSS %.0f MB (with the %.0f MB log in memory)\n",
	       (double)third / 1e6, (double)whole / 1e6, (double)ru.ru_maxrss / 1024,
	       (double)o.len / 1e6);
	runlog_free(rl);
	slog_free(&o);
	return 0;
}
