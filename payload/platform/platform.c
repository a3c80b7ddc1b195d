/* SPDX-License-Identifier: MIT */
#include "platform/platform.h"
#include "options/options.h"
#include "report/report.h"
#include "platform/tsc.h"
#include "arch/x86/insn.h"

static struct pd_limits limits;

enum pd_platform platform_detect(void)
{
	static int known;
	static enum pd_platform p;
	uint32_t r[4];

	if (known)
		return p;
	known = 1;
	p = PD_HARDWARE;
	cpuid_count(1, 0, r);
	if (!(r[2] & (1u << 31))) /* no hypervisor bit */
		return p;
	cpuid_count(0x40000000, 0, r);
	if (r[1] == 0x54474354 && r[2] == 0x43544743 && r[3] == 0x47435447) /* "TCGTCGTCGTCG" */
		p = PD_QEMU_TCG;
	return p;
}

void platform_limits_init(uint32_t cpus, uint64_t wbinvd_us)
{
	int emulated = platform_detect() == PD_QEMU_TCG || opts.host_cpus;

	pd_limits_compute(&limits, cpus, emulated, opts.host_cpus,
			  (uint64_t)opts.stop_timeout_ms * 1000, (uint64_t)opts.ap_timeout_ms * 1000,
			  wbinvd_us);
}

uint64_t platform_time_wbinvd_us(void)
{
	uint64_t worst = 0, t0, t;
	int i;

	for (i = 0; i < 3; i++) {
		t0 = rdtsc();
		asm volatile("wbinvd" ::: "memory");
		t = rdtsc() - t0;
		if (t > worst)
			worst = t;
	}
	/* Rounded up: a WBINVD is never free. */
	return tsc_to_us(worst) + 1;
}

uint64_t platform_wait_us(enum pd_wait w)
{
	if (!limits.cpus) /* before platform_limits_init(): sized for the BSP alone */
		platform_limits_init(1, 0);
	return limits.us[w];
}

const struct pd_limits *platform_limits(void)
{
	return &limits;
}

void platform_report_limits(void)
{
	struct pd_rec_writer w;
	unsigned i;

	rec_start(&w, PD_REC_LIMITS);
	pd_rec_u(&w, PD_F_CPUS, limits.cpus);
	pd_rec_u(&w, PD_F_EMULATED, limits.emulated);
	if (limits.host_cpus)
		pd_rec_u(&w, PD_F_HOST_CPUS, limits.host_cpus);
	if (limits.emulated)
		pd_rec_u(&w, PD_F_PER_CORE, limits.per_core);
	if (limits.wbinvd_us)
		pd_rec_u(&w, PD_F_WBINVD_US, limits.wbinvd_us);
	for (i = 0; i < PD_WAIT_COUNT; i++)
		pd_rec_u(&w, pd_wait_name((enum pd_wait)i), limits.us[i]);
	rec_send(&w);
}
