/* SPDX-License-Identifier: MIT */
#include "platform/runend.h"
#include "platform/options.h"
#include "lib/x86.h"

#define ISA_DEBUG_EXIT_PORT 0xf4

void run_end(enum run_result r)
{
	if (opts.exit == EXIT_QEMU)
		outb(ISA_DEBUG_EXIT_PORT, (uint8_t)r);
	halt_forever();
	__builtin_unreachable();
}
