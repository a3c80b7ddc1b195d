/* SPDX-License-Identifier: MIT */
/*
 * The TSC's frequency, as Linux's native_calibrate_tsc() and
 * pit_hpet_ptimer_calibrate_cpu() find it: CPUID leaves 15H/16H where the
 * CPU enumerates it (cpuid/decode.c), else measured over 10 ms against the
 * HPET, the ACPI PM timer or the 8254 PIT.  Every source the platform has is
 * tried and the run's choice is cross-checked against a second one, since a
 * gated PIT (modern chipsets), a stopped HPET or a PM timer port that reads
 * a constant each give a number that looks like a frequency.
 */
#include "platform/tsc.h"
#include "mem/paging.h"
#include "arch/x86/insn.h"

#define CALIBRATE_MS 10
#define TRIES	     3

/* 8254 PIT: 1.193182 MHz; channel 2 gated through port 61H bit 0, OUT2 read
 * back in bit 5 (the AT's system control port B, as memtest86+ and Linux). */
#define PIT_HZ	      1193182ull
#define PIT_CH2	      0x42
#define PIT_CMD	      0x43
#define PIT_PORT_B    0x61
#define PIT_GATE2     0x01
#define PIT_SPEAKER   0x02
#define PIT_OUT2      0x20
#define PIT_CH2_MODE0 0xb0 /* channel 2, lobyte/hibyte, mode 0, binary */
/* As Linux's pit_calibrate_tsc(): fewer port reads than this while waiting
 * 10 ms for OUT2 means OUT2 did not count (a gated or absent PIT: port 61H
 * reads back a constant).  A stalled read (an SMI) delays seeing OUT2 rise
 * by up to its length: one over 1 % of the window spoils the try.  (Linux
 * rejects a read 10x the fastest; an emulator's reads vary that much with
 * no harm to the result, so the bound is on the error itself.) */
#define PIT_MIN_LOOPS	  1000
#define PIT_MAX_STALL_PCT 1
/* Bounds on every wait for a timer that may never move: reads (each a bus
 * cycle of about a microsecond on real chipsets) and TSC cycles. */
#define MAX_READS      (1u << 22)
#define MAX_TSC_CYCLES (1ull << 34)

/* ACPI PM timer: 3.579545 MHz (ACPI 6.5, 4.8.3.3), 24 or 32 bits. */
#define PMTMR_HZ 3579545ull

/* HPET registers (IA-PC HPET 1.0a, 2.3): capabilities (period in fs in
 * 63:32), configuration (ENABLE_CNF bit 0), main counter. */
#define HPET_CAP	   0x000
#define HPET_CFG	   0x010
#define HPET_COUNTER	   0x0f0
#define HPET_ENABLE	   0x1
#define HPET_MAX_PERIOD_FS 100000000ull /* 100 ns: the spec's bound */
#define HPET_MIN_PERIOD_FS 100000ull	/* 100 ps: faster is bogus (Linux's bound) */
#define HPET_REGS_LEN	   0x400	/* the register block (1 KiB) */

static uint64_t mmio_read64(uint64_t addr)
{
	return *(volatile uint64_t *)(uintptr_t)addr;
}

static uint32_t mmio_read32(uint64_t addr)
{
	return *(volatile uint32_t *)(uintptr_t)addr;
}

static void mmio_write64(uint64_t addr, uint64_t v)
{
	*(volatile uint64_t *)(uintptr_t)addr = v;
}

static const char PIT_STOPPED[] = "OUT2 never rose (a stopped PIT)";
static const char PIT_GATED[] = "OUT2 rose too soon (a gated or absent PIT)";

/* One PIT try; 0 and *why when it fails its checks. */
static uint64_t pit_try(uint64_t max_cycles, const char **why)
{
	uint32_t count = (uint32_t)(PIT_HZ * CALIBRATE_MS / 1000), loops = 0;
	uint64_t t0, t1, prev, step, max_step = 0;
	uint8_t b = inb(PIT_PORT_B);

	outb(PIT_PORT_B, (b & ~PIT_SPEAKER) | PIT_GATE2);
	outb(PIT_CMD, PIT_CH2_MODE0);
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	t0 = prev = rdtsc();
	while (!(inb(PIT_PORT_B) & PIT_OUT2)) {
		t1 = rdtsc();
		step = t1 - prev;
		prev = t1;
		if (step > max_step)
			max_step = step;
		if (++loops > MAX_READS || t1 - t0 > max_cycles) {
			outb(PIT_PORT_B, b);
			*why = PIT_STOPPED;
			return 0;
		}
	}
	t1 = rdtsc();
	outb(PIT_PORT_B, b);
	if (loops < PIT_MIN_LOOPS) {
		*why = PIT_GATED;
		return 0;
	}
	if (max_step * 100 > PIT_MAX_STALL_PCT * (t1 - t0)) {
		*why = "a read stalled (an SMI?)";
		return 0;
	}
	return (t1 - t0) * PIT_HZ / ((uint64_t)count * 1000);
}

/* One PM timer try over 10 ms of its ticks. */
static uint64_t pmtimer_try(uint16_t port, uint32_t mask, const char **why)
{
	uint32_t ticks = (uint32_t)(PMTMR_HZ * CALIBRATE_MS / 1000), start, now, reads = 0;
	uint64_t t0, t1;

	start = inl(port) & mask;
	t0 = rdtsc();
	do {
		now = inl(port) & mask;
		t1 = rdtsc();
		if (++reads > MAX_READS || t1 - t0 > MAX_TSC_CYCLES) {
			*why = "the counter did not advance";
			return 0;
		}
	} while (((now - start) & mask) < ticks);
	return (t1 - t0) * PMTMR_HZ / ((uint64_t)((now - start) & mask) * 1000);
}

/* One HPET try; the counter is read as 32 bits, which 10 ms never wraps. */
static uint64_t hpet_try(uint64_t base, uint64_t period_fs, const char **why)
{
	uint64_t ticks = (uint64_t)CALIBRATE_MS * 1000000000000ull / period_fs, t0, t1, ns;
	uint32_t start, now, reads = 0;

	start = mmio_read32(base + HPET_COUNTER);
	t0 = rdtsc();
	do {
		now = mmio_read32(base + HPET_COUNTER);
		t1 = rdtsc();
		if (++reads > MAX_READS || t1 - t0 > MAX_TSC_CYCLES) {
			*why = "the counter did not advance";
			return 0;
		}
	} while ((uint32_t)(now - start) < ticks);
	ns = (uint64_t)(uint32_t)(now - start) * period_fs / 1000000;
	return ns ? (t1 - t0) * 1000000 / ns : 0;
}

/* The lowest of TRIES (a stall only lengthens a try), when the two lowest
 * agree: a spread means the source is not counting steadily. */
static uint64_t best_of(uint64_t v[TRIES], const char **why)
{
	uint64_t lo = 0, next = 0;
	int i;

	for (i = 0; i < TRIES; i++) {
		if (!v[i])
			continue;
		if (!lo || v[i] < lo) {
			next = lo;
			lo = v[i];
		} else if (!next || v[i] < next) {
			next = v[i];
		}
	}
	if (!lo)
		return 0;
	if (!next) {
		*why = "only one try passed its checks";
		return 0;
	}
	if ((next - lo) * 1000000 / lo > PD_TSC_AGREE_PPM) {
		*why = "the tries disagree";
		return 0;
	}
	return lo;
}

/* known_khz: a frequency another source measured, 0 if none: a PIT whose
 * OUT2 is stuck low then costs five windows, not the full bound. */
static uint64_t measure_pit(uint64_t known_khz, const char **why)
{
	uint64_t v[TRIES] = {0};
	int i;

	for (i = 0; i < TRIES; i++) {
		v[i] = pit_try(known_khz ? 5 * CALIBRATE_MS * known_khz : MAX_TSC_CYCLES, why);
		/* A PIT found stopped or gated is not tried again (a stopped
		 * one costs the whole bound each time); a stall may pass. */
		if (!v[i] && (*why == PIT_STOPPED || *why == PIT_GATED))
			return 0;
	}
	return best_of(v, why);
}

static uint64_t measure_pmtimer(uint16_t port, int wide, const char **why)
{
	uint64_t v[TRIES] = {0};
	uint32_t mask = wide ? 0xffffffffu : 0xffffffu;
	int i;

	for (i = 0; i < TRIES; i++) {
		v[i] = pmtimer_try(port, mask, why);
		if (!v[i] && i == 0)
			return 0;
	}
	return best_of(v, why);
}

static uint64_t measure_hpet(uint64_t base, const char **why)
{
	uint64_t period, cfg, v[TRIES] = {0}, k;
	int i;

	/* Only RAM is mapped unless asked: the block uncached. */
	if (paging_map(base, HPET_REGS_LEN)) {
		*why = "its registers could not be mapped";
		return 0;
	}
	period = mmio_read64(base + HPET_CAP) >> 32;
	if (period < HPET_MIN_PERIOD_FS || period > HPET_MAX_PERIOD_FS) {
		*why = "its period is out of the specification's range";
		return 0;
	}
	/* Firmware may leave it stopped; run it for the measurement only. */
	cfg = mmio_read64(base + HPET_CFG);
	if (!(cfg & HPET_ENABLE))
		mmio_write64(base + HPET_CFG, cfg | HPET_ENABLE);
	for (i = 0; i < TRIES; i++) {
		v[i] = hpet_try(base, period, why);
		if (!v[i] && i == 0)
			break;
	}
	if (!(cfg & HPET_ENABLE))
		mmio_write64(base + HPET_CFG, cfg);
	k = v[0] ? best_of(v, why) : 0;
	return k;
}

static uint32_t diff_ppm(uint64_t a, uint64_t b)
{
	uint64_t d = a > b ? a - b : b - a;

	/* Saturated: a gated PIT can be 10^5 times off, past 32 bits of ppm. */
	if (!a || d / a >= UINT32_MAX / 1000000)
		return UINT32_MAX;
	return (uint32_t)(d * 1000000 / a);
}

void tsc_choose(struct tsc_calibration *c, enum pd_tsc_source only)
{
	enum pd_tsc_source s, other;

	c->used = c->check = PD_TSC_NONE;
	c->diff_ppm = 0;
	c->disagree = c->outvoted = 0;
	for (s = PD_TSC_CPUID; s < PD_TSC_SOURCE_COUNT; s++) {
		if (!c->khz[s] || (only != PD_TSC_NONE && s != only))
			continue;
		if (c->used == PD_TSC_NONE)
			c->used = s;
	}
	if (c->used == PD_TSC_NONE)
		return;
	for (s = PD_TSC_CPUID; s < PD_TSC_SOURCE_COUNT; s++)
		if (s != c->used && c->khz[s]) {
			c->check = s;
			break;
		}
	if (c->check == PD_TSC_NONE)
		return;
	c->diff_ppm = diff_ppm(c->khz[c->used], c->khz[c->check]);
	c->disagree = c->diff_ppm > PD_TSC_AGREE_PPM;
	if (!c->disagree || only != PD_TSC_NONE)
		return;
	/* Two disagree: a third that sides with the second outvotes the
	 * first (two clocks wrong the same way is the less likely story). */
	for (other = PD_TSC_CPUID; other < PD_TSC_SOURCE_COUNT; other++) {
		if (other == c->used || other == c->check || !c->khz[other])
			continue;
		if (diff_ppm(c->khz[c->check], c->khz[other]) <= PD_TSC_AGREE_PPM &&
		    diff_ppm(c->khz[c->used], c->khz[other]) > PD_TSC_AGREE_PPM) {
			s = c->used;
			c->used = c->check;
			c->check = s;
			c->outvoted = 1;
			return;
		}
	}
}

/* The value of the first source that gave one, 0 if none yet. */
static uint64_t first_measured(const struct tsc_calibration *c)
{
	int s;

	for (s = PD_TSC_CPUID; s < PD_TSC_SOURCE_COUNT; s++)
		if (c->khz[s])
			return c->khz[s];
	return 0;
}

void tsc_calibrate(const struct tsc_inputs *in, struct tsc_calibration *c)
{
	int s;

	for (s = 0; s < PD_TSC_SOURCE_COUNT; s++) {
		c->khz[s] = 0;
		c->why[s] = 0;
	}
	c->khz[PD_TSC_CPUID] = in->cpuid_khz;
	if (!in->cpuid_khz)
		c->why[PD_TSC_CPUID] = "not enumerated (leaf 15H)";
	if (in->hpet)
		c->khz[PD_TSC_HPET] = measure_hpet(in->hpet, &c->why[PD_TSC_HPET]);
	else
		c->why[PD_TSC_HPET] = "no ACPI HPET table";
	if (in->pm_tmr_port)
		c->khz[PD_TSC_PMTIMER] =
		    measure_pmtimer(in->pm_tmr_port, in->pm_tmr_32bit, &c->why[PD_TSC_PMTIMER]);
	else
		c->why[PD_TSC_PMTIMER] = "no FADT PM timer (or hardware-reduced ACPI)";
	c->khz[PD_TSC_PIT] = measure_pit(first_measured(c), &c->why[PD_TSC_PIT]);
	for (s = 0; s < PD_TSC_SOURCE_COUNT; s++)
		if (c->khz[s])
			c->why[s] = 0;
	tsc_choose(c, in->only);
	tsc_set_khz(c->used == PD_TSC_NONE ? 0 : c->khz[c->used]);
}
