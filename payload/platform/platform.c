/* SPDX-License-Identifier: MIT */
#include "platform/platform.h"
#include "lib/x86.h"

/* Under TCG every bounded wait lasts at least this long. */
#define TCG_MIN_WAIT_US 1000000

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

uint64_t platform_timeout_us(uint64_t hardware_us)
{
	if (platform_detect() == PD_QEMU_TCG && hardware_us < TCG_MIN_WAIT_US)
		return TCG_MIN_WAIT_US;
	return hardware_us;
}
