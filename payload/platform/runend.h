/* SPDX-License-Identifier: MIT */
#ifndef PD_PLATFORM_RUNEND_H
#define PD_PLATFORM_RUNEND_H

enum run_result { RUN_PASS = 0, RUN_FAIL = 1, RUN_BROKEN = 2 };

/* Ends the run: with exit=qemu through isa-debug-exit at port 0xf4 (QEMU
 * then exits with status 2 * result + 1: 1 pass, 3 fail, 5 broken);
 * otherwise this CPU halts.  Never returns. */
__attribute__((noreturn)) void run_end(enum run_result r);

#endif
