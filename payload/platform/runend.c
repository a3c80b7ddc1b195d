/* SPDX-License-Identifier: MIT */
#include "platform/runend.h"
#include "options/options.h"
#include "arch/x86/insn.h"

void run_end(enum pd_result r)
{
	if (opts.exit == EXIT_QEMU)
		outb(PD_DEBUG_EXIT_PORT, (uint8_t)r);
	halt_forever();
	__builtin_unreachable();
}
