/* SPDX-License-Identifier: MIT */
/*
 * TSC calibration.  PAUSE counts mean nothing under TCG (and differ across
 * CPU generations), so every delay is TSC cycles, calibrated against the
 * 8254 PIT (channel 2, gated through port 0x61, as memtest86+ and Linux's
 * pit_calibrate_tsc do) or the ACPI PM timer (3.579545 MHz, ACPI 6.5, 4.8.3.3).
 */
#include "platform/tsc.h"
#include "arch/x86/insn.h"

#define PIT_HZ        1193182ull
#define PIT_CH2       0x42
#define PIT_CMD       0x43
#define PIT_GATE      0x61
#define PMTMR_HZ      3579545ull
#define CALIBRATE_MS  10
#define FALLBACK_KHZ  1000000ull

static uint64_t khz; /* .bss: 0 until calibrated (FALLBACK_KHZ then) */

/* 0 on failure (OUT2 never rose: no PIT). */
static uint64_t calibrate_pit(void)
{
	uint32_t count = (uint32_t)(PIT_HZ * CALIBRATE_MS / 1000);
	uint64_t t0, t1, limit;
	uint8_t gate = inb(PIT_GATE);

	/* Gate on, speaker off. */
	outb(PIT_GATE, (gate & ~0x02) | 0x01);
	/* Channel 2, lobyte/hibyte, mode 0 (interrupt on terminal count), binary. */
	outb(PIT_CMD, 0xB0);
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	t0 = rdtsc();
	/* Bound: 2^34 cycles is seconds on any CPU, so a missing PIT is caught. */
	limit = t0 + (1ull << 34);
	while (!(inb(PIT_GATE) & 0x20))
		if (rdtsc() > limit)
			return 0;
	t1 = rdtsc();
	outb(PIT_GATE, gate);
	return (t1 - t0) / CALIBRATE_MS;
}

static uint64_t calibrate_pmtimer(uint16_t port)
{
	uint32_t ticks = (uint32_t)(PMTMR_HZ * CALIBRATE_MS / 1000), start, now;
	uint64_t t0, t1, limit;

	/* 24-bit counter at least (TMR_VAL_EXT picks 32): compare modulo 2^24. */
	start = inl(port) & 0xffffff;
	t0 = rdtsc();
	limit = t0 + (1ull << 34);
	do {
		now = inl(port) & 0xffffff;
		if (rdtsc() > limit)
			return 0;
	} while (((now - start) & 0xffffff) < ticks);
	t1 = rdtsc();
	return (t1 - t0) / CALIBRATE_MS;
}

uint64_t tsc_calibrate(uint16_t pm_tmr_port, int prefer, enum tsc_source *src)
{
	uint64_t k = 0;

	*src = TSC_SOURCE_NONE;
	if (prefer != 2) {
		/* Best of three: an SMI or a host hiccup only ever makes it longer. */
		uint64_t a = calibrate_pit(), b = calibrate_pit(), c = calibrate_pit();

		k = a;
		if (b && b < k)
			k = b;
		if (c && c < k)
			k = c;
		if (k)
			*src = TSC_SOURCE_PIT;
	}
	if (!k && pm_tmr_port && prefer != 1) {
		k = calibrate_pmtimer(pm_tmr_port);
		if (k)
			*src = TSC_SOURCE_PMTIMER;
	}
	khz = k ? k : FALLBACK_KHZ;
	return khz;
}

uint64_t tsc_khz(void)
{
	return khz ? khz : FALLBACK_KHZ;
}

void tsc_set_khz(uint64_t k)
{
	khz = k;
}

uint64_t tsc_to_us(uint64_t cycles)
{
	return cycles * 1000 / tsc_khz();
}

uint64_t tsc_deadline(uint64_t us)
{
	return rdtsc() + us * tsc_khz() / 1000;
}

void udelay(uint64_t us)
{
	uint64_t end = tsc_deadline(us);

	while (rdtsc() < end)
		cpu_relax();
}

const char *tsc_source_name(enum tsc_source s)
{
	switch (s) {
	case TSC_SOURCE_PIT:
		return "pit";
	case TSC_SOURCE_PMTIMER:
		return "pmtimer";
	default:
		return "none";
	}
}
