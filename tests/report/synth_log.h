/* SPDX-License-Identifier: MIT */
/*
 * A synthetic serial log of a 512-CPU machine (2 packages x 128 cores x 2
 * threads, APIC ID = package << 8 | core << 1 | thread) that ran a schedule
 * on hardware: hlt, mwait (the negative control, caught: every cycle
 * resets) and spin, 2 cycles each, with timing=1 phase times.  One CPU goes
 * wrong in hlt: APIC 5 (package 0, core 2, thread 1) is late in cycle 0.
 * Written with the payload's encoder.  The SMBIOS strings are the caller's
 * (a hostile one tests escaping).  Used by tests/unit/test_report_html.c and
 * tests/report/synth_log.c.
 */
#ifndef PD_TESTS_SYNTH_LOG_H
#define PD_TESTS_SYNTH_LOG_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results/fields.h"
#include "results/park.h"
#include "results/record.h"
#include "tests/lib/slog.h"

#define SYNTH_PKGS	  2
#define SYNTH_CORES	  128
#define SYNTH_THREADS	  2
#define SYNTH_CPUS	  (SYNTH_PKGS * SYNTH_CORES * SYNTH_THREADS)
#define SYNTH_LATE_APIC	  5u /* package 0, core 2, thread 1 */
#define SYNTH_CYCLES_EACH 2

static inline uint32_t synth_apic(unsigned i)
{
	return (uint32_t)((i / (SYNTH_CORES * SYNTH_THREADS)) << 8 |
			  ((i / SYNTH_THREADS) % SYNTH_CORES) << 1 | (i % SYNTH_THREADS));
}

static inline void synth_boot(struct slog *s, uint32_t boot)
{
	s->boot = boot;
	s->seq = 0;
	slog_begin(s, PD_REC_BOOT);
	pd_rec_s(&W, PD_F_VERSION, "synthetic");
	pd_rec_u(&W, PD_F_FORMAT, PD_FORMAT_VERSION);
	pd_rec_s(&W, PD_F_PATH, "multiboot");
	pd_rec_s(&W, PD_F_CMDLINE, "modes=hlt,mwait,spin cycles=2 timing=1");
	slog_emit(s);
}

/* The whole log into s->buf (NUL-terminated). */
static inline void synth_log(struct slog *s, const char *sys_vendor, const char *sys_product,
			     const char *bios_vendor)
{
	static const char *const modes[] = {"hlt", "mwait", "spin"};
	unsigned i, m, k, n = 0;
	char counts[64];

	memset(s, 0, sizeof(*s));
	s->run = 0x51200512;
	synth_boot(s, 1);
	slog_begin(s, PD_REC_SMBIOS);
	pd_rec_s(&W, PD_F_SYS_VENDOR, sys_vendor);
	pd_rec_s(&W, PD_F_SYS_PRODUCT, sys_product);
	pd_rec_s(&W, PD_F_BIOS_VENDOR, bios_vendor);
	pd_rec_s(&W, PD_F_BIOS_VERSION, "2.1");
	slog_emit(s);
	slog_begin(s, PD_REC_APIC);
	pd_rec_s(&W, PD_F_MODE, "x2apic");
	pd_rec_u(&W, PD_F_BSP, 0);
	slog_emit(s);
	for (i = 0; i < SYNTH_CPUS; i++) {
		slog_begin(s, PD_REC_CPU);
		pd_rec_u(&W, PD_F_IDX, i);
		pd_rec_u(&W, PD_F_APIC, synth_apic(i));
		pd_rec_s(&W, PD_F_STATE, i ? "online" : "bsp");
		if (i)
			pd_rec_u(&W, PD_F_UP_US, 100 + i % 37);
		pd_rec_u(&W, PD_F_PKG, i / (SYNTH_CORES * SYNTH_THREADS));
		pd_rec_u(&W, PD_F_CORE, (i / SYNTH_THREADS) % SYNTH_CORES);
		pd_rec_u(&W, PD_F_THREAD, i % SYNTH_THREADS);
		pd_rec_x(&W, PD_F_UCODE, 0x2b000603);
		pd_rec_s(&W, PD_F_CANARY, "ok");
		slog_emit(s);
	}
	slog_begin(s, PD_REC_TOPOLOGY);
	pd_rec_u(&W, PD_F_PACKAGES, SYNTH_PKGS);
	pd_rec_u(&W, PD_F_CORES, SYNTH_CORES);
	pd_rec_u(&W, PD_F_THREADS, SYNTH_THREADS);
	pd_rec_u(&W, PD_F_CPUS, SYNTH_CPUS);
	pd_rec_u(&W, PD_F_SMT, 1);
	slog_emit(s);
	slog_begin(s, PD_REC_KEXEC);
	pd_rec_s(&W, PD_F_LOAD, "alternate");
	pd_rec_u(&W, PD_F_WBINVD, 1);
	pd_rec_s(&W, PD_F_WHY, "TME active");
	pd_rec_u(&W, PD_F_CYCLES, 3 * SYNTH_CYCLES_EACH);
	pd_rec_s(&W, PD_F_MODES, "hlt,mwait,spin");
	pd_rec_s(&W, PD_F_PROVOKE, "none");
	pd_rec_s(&W, PD_F_ON_RESET, "continue");
	pd_rec_s(&W, PD_F_PLATFORM, "hardware");
	slog_emit(s);
	/* One boot per cycle: its cycle record (and outcome records). */
	for (m = 0; m < 3; m++)
		for (k = 0; k < SYNTH_CYCLES_EACH; k++, n++) {
			int late = m == 0 && k == 0, reset = m == 1;

			synth_boot(s, n + 2);
			slog_begin(s, PD_REC_CYCLE);
			pd_rec_u(&W, PD_F_N, n);
			pd_rec_s(&W, PD_F_M, modes[m]);
			pd_rec_s(&W, PD_F_P, "none");
			if (reset) {
				pd_rec_u(&W, pd_outcome_name(PD_OUTCOME_RESET), 1);
				pd_rec_s(&W, PD_F_PHASE, "handover");
			} else {
				pd_rec_u(&W, pd_outcome_name(PD_OUTCOME_OK),
					 SYNTH_CPUS - 1 - (unsigned)late);
				if (late)
					pd_rec_u(&W, pd_outcome_name(PD_OUTCOME_LATE), 1);
				pd_rec_s(&W, PD_F_TIMES, "120/0/850/40/2100");
			}
			slog_emit(s);
			if (late) {
				slog_begin(s, PD_REC_OUTCOME);
				pd_rec_u(&W, PD_F_N, n);
				pd_rec_u(&W, PD_F_APIC, SYNTH_LATE_APIC);
				pd_rec_s(&W, PD_F_O, pd_outcome_name(PD_OUTCOME_LATE));
				pd_rec_u(&W, PD_F_BEFORE, 0);
				pd_rec_u(&W, PD_F_AFTER, 0);
				slog_emit(s);
			}
		}
	/* The per-CPU table (the BSP does not park: no counts). */
	for (i = 0; i < SYNTH_CPUS; i++) {
		uint32_t apic = synth_apic(i);
		int late = apic == SYNTH_LATE_APIC;

		slog_begin(s, PD_REC_CPUMODES);
		pd_rec_u(&W, PD_F_APIC, apic);
		snprintf(counts, sizeof(counts), "%u,0,%u,0,0,0,0,0", i ? 2u - late : 0u,
			 i ? (unsigned)late : 0u);
		pd_rec_s(&W, "hlt", counts);
		pd_rec_s(&W, "mwait", "0,0,0,0,0,0,0,0");
		pd_rec_s(&W, "spin", i ? "2,0,0,0,0,0,0,0" : "0,0,0,0,0,0,0,0");
		slog_emit(s);
	}
	slog_begin(s, PD_REC_END);
	pd_rec_u(&W, PD_F_CPUS, SYNTH_CPUS);
	pd_rec_u(&W, PD_F_ONLINE, SYNTH_CPUS);
	pd_rec_u(&W, PD_F_LOST, 0);
	pd_rec_u(&W, PD_F_CYCLES, n);
	pd_rec_s(&W, PD_F_VERDICT, PD_VERDICT_FAIL);
	pd_rec_u(&W, PD_F_RECORDS, s->seq);
	slog_emit(s);
}

#endif
