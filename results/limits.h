/* SPDX-License-Identifier: MIT */
/*
 * Bounded waits: how long the BSP waits for something every CPU must do,
 * derived from what it waits for.  Defined once: the payload computes the
 * limits with it and reports them in a `limits` record, the host shows them
 * and its unit tests check the formula.
 *
 * On hardware every AP answers in parallel, so a wait is its base plus a
 * small per-CPU term for what the BSP does one CPU at a time (polling the
 * flags, sending the NMIs):
 *     limit = base + cpus * hw_per_cpu
 * Under emulation (QEMU TCG, or host_cpus= given) the vCPUs share the host's
 * cores, so the last one may run only after every other vCPU of its core
 * had its turn:
 *     limit = max(base + cpus * hw_per_cpu, PD_EMU_MIN_WAIT_US)
 *             + ceil(cpus / host_cpus) * PD_EMU_PER_VCPU_US
 * host_cpus unknown (0) counts as 1: too long a wait costs time only when a
 * CPU really is late; too short a one is a false failure.
 *
 * Where every CPU does WBINVD before it parks (SME, TDX: kexec's WBINVD
 * decision), the stop and NMI waits also cover it: the stop and NMI bases
 * grow by PD_WBINVD_MARGIN times the WBINVD the BSP timed at boot.  Every
 * CPU flushes at once and their dirty lines share the memory, so one CPU's
 * time alone is too short; WBINVD grows with cache size (Linux waits a
 * whole second before its NMI).
 */
#ifndef PD_RESULTS_LIMITS_H
#define PD_RESULTS_LIMITS_H

#include <stdint.h>

/* How many of the BSP's own WBINVD times the stop and NMI waits add. */
#define PD_WBINVD_MARGIN 4

/* Under emulation no bounded wait is shorter than this. */
#define PD_EMU_MIN_WAIT_US 1000000
/* Under emulation, per vCPU sharing one host CPU: a host scheduler slice
 * (a few ms) for each vCPU ahead of it, times ten for a loaded host. */
#define PD_EMU_PER_VCPU_US 50000

/* X(enum suffix, field name, hardware base us, hardware ns per CPU).  A base
 * of 0 is the boot option's value (stop_timeout_ms, ap_timeout_ms). */
#define PD_WAITS(X)                                                                                \
	X(STOP, "stop_us", 0, 10000)	/* APs to park after the stop IPI */                       \
	X(NMI, "nmi_us", 0, 10000)	/* stragglers to park after the NMI */                     \
	X(KICK, "kick_us", 5000, 10000) /* mwait-kick: each AP to acknowledge the kick */          \
	X(AP, "ap_us", 0, 10000)	/* INIT-SIPI-SIPI to check-in, and to finish the probe */  \
	X(TAKEN, "taken_us", 10000, 10000) /* parked CPUs to show a provoked NMI or #MC */         \
	X(MCE, "mce_us", 200000, 10000)	   /* the BSP to take a requested machine check */

enum pd_wait {
#define PD_X(e, s, b, n) PD_WAIT_##e,
	PD_WAITS(PD_X)
#undef PD_X
	    PD_WAIT_COUNT,
};

struct pd_limits {
	uint32_t cpus;	    /* CPUs the waits are sized for */
	uint32_t host_cpus; /* host CPUs running the vCPUs; 0: unknown (or hardware) */
	uint32_t emulated;  /* 1: the emulation formula */
	uint32_t per_core;  /* emulated: vCPUs per host CPU, rounded up */
	uint64_t wbinvd_us; /* the BSP's WBINVD, 0: none before parking */
	uint64_t us[PD_WAIT_COUNT];
};

const char *pd_wait_name(enum pd_wait w);
/* The hardware base of w; 0 when a boot option gives it. */
uint64_t pd_wait_base_us(enum pd_wait w);
/* One wait's limit by the formula above. */
uint64_t pd_wait_limit_us(uint64_t base_us, uint32_t hw_per_cpu_ns, uint32_t cpus, int emulated,
			  uint32_t host_cpus);
/* Every wait; stop_us and ap_us are the bases the boot options give,
 * wbinvd_us the BSP's timed WBINVD (0 when the CPUs do none). */
void pd_limits_compute(struct pd_limits *l, uint32_t cpus, int emulated, uint32_t host_cpus,
		       uint64_t stop_us, uint64_t ap_us, uint64_t wbinvd_us);

#endif
