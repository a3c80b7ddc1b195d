/* SPDX-License-Identifier: MIT */
/* Listing the CPUs and starting the APs with INIT-SIPI-SIPI. */
#ifndef PD_CPUS_SMPBOOT_H
#define PD_CPUS_SMPBOOT_H

#include <stdint.h>

struct smpboot_stats {
	uint32_t started;   /* APs sent INIT-SIPI-SIPI */
	uint32_t online;    /* APs that checked in */
	uint32_t lost;	    /* APs that never did */
	uint32_t unknown;   /* CPUs that ran the trampoline but were not expected */
	uint64_t all_up_us; /* first INIT to the last check-in */
	uint32_t init_udelay;
	uint64_t trampoline;
};

/* Builds cpus[] from the MADT (or the BSP alone) and probes the BSP. */
int cpus_setup(void);
/* Starts every startable AP in parallel and waits for them (bounded).
 * rediscover: after a handover, where a lost AP is a cycle outcome rather
 * than an error record. */
void smp_boot_aps(struct smpboot_stats *st, int rediscover);
struct cpu;
typedef void (*ap_idle_fn)(struct cpu *c) __attribute__((noreturn));
/* What each AP does after bring-up, set by the later stages before
 * smp_boot_aps(): setup once its APIC is on (before the probe), then idle
 * for good once probed. */
void smp_set_ap_work(void (*setup)(void), ap_idle_fn idle);
/* Called by the trampoline on the AP's own stack. */
void ap_entry(uint32_t idx);

#endif
