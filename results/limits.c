/* SPDX-License-Identifier: MIT */
#include "limits.h"

static const struct {
	const char *name;
	uint64_t base_us;
	uint32_t hw_per_cpu_ns;
} waits[PD_WAIT_COUNT] = {
#define PD_X(e, s, b, n) {s, b, n},
    PD_WAITS(PD_X)
#undef PD_X
};

const char *pd_wait_name(enum pd_wait w)
{
	return (unsigned)w < PD_WAIT_COUNT ? waits[w].name : "?";
}

uint64_t pd_wait_base_us(enum pd_wait w)
{
	return (unsigned)w < PD_WAIT_COUNT ? waits[w].base_us : 0;
}

uint64_t pd_wait_limit_us(uint64_t base_us, uint32_t hw_per_cpu_ns, uint32_t cpus, int emulated,
			  uint32_t host_cpus)
{
	uint64_t us = base_us + ((uint64_t)cpus * hw_per_cpu_ns + 999) / 1000;

	if (!emulated)
		return us;
	if (us < PD_EMU_MIN_WAIT_US)
		us = PD_EMU_MIN_WAIT_US;
	if (!host_cpus)
		host_cpus = 1;
	return us + ((uint64_t)cpus + host_cpus - 1) / host_cpus * PD_EMU_PER_VCPU_US;
}

void pd_limits_compute(struct pd_limits *l, uint32_t cpus, int emulated, uint32_t host_cpus,
		       uint64_t stop_us, uint64_t ap_us, uint64_t wbinvd_us)
{
	unsigned w;

	l->cpus = cpus;
	l->host_cpus = host_cpus;
	l->emulated = emulated ? 1 : 0;
	l->wbinvd_us = wbinvd_us;
	l->per_core =
	    emulated ? (cpus + (host_cpus ? host_cpus : 1) - 1) / (host_cpus ? host_cpus : 1) : 0;
	for (w = 0; w < PD_WAIT_COUNT; w++) {
		uint64_t base = waits[w].base_us;

		if (w == PD_WAIT_STOP || w == PD_WAIT_NMI)
			base = stop_us + PD_WBINVD_MARGIN * wbinvd_us;
		else if (w == PD_WAIT_AP)
			base = ap_us;
		l->us[w] =
		    pd_wait_limit_us(base, waits[w].hw_per_cpu_ns, cpus, emulated, host_cpus);
	}
}
