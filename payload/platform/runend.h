/* SPDX-License-Identifier: MIT */
#ifndef PD_PLATFORM_RUNEND_H
#define PD_PLATFORM_RUNEND_H

#include "results/runend.h"

/* Ends the run: with exit=qemu through isa-debug-exit (results/runend.h);
 * otherwise this CPU halts.  Never returns. */
__attribute__((noreturn)) void run_end(enum pd_result r);

#endif
