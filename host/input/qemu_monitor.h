/* SPDX-License-Identifier: MIT */
/* QEMU's human monitor (HMP) on a unix socket that the host owns: how the
 * host injects what the payload asks for (a broadcast machine check). */
#ifndef PD_HOST_QEMU_MONITOR_H
#define PD_HOST_QEMU_MONITOR_H

#include <stddef.h>

/*
 * Connects to the monitor socket at path, waits for its prompt, sends cmd
 * and reads its answer (up to the next prompt) into reply (cap bytes,
 * NUL-terminated; may be NULL).  Gives up after timeout seconds.  Returns
 * 0, or -1 with a message in reply.
 */
int qemu_monitor_command(const char *path, const char *cmd, char *reply, size_t cap,
			 double timeout);

/*
 * The HMP command for a broadcast, uncorrected machine check (SDM Vol. 3B,
 * Machine-Check Architecture): bank 1 of CPU 0 gets IA32_MCi_STATUS with
 * VAL, UC, EN and PCC set and a memory-controller error code, every CPU
 * IA32_MCG_STATUS with MCIP and RIPV; the others get QEMU's broadcast
 * status in their bank 1.
 */
#define QEMU_MCE_BROADCAST_CMD "mce -b 0 1 0xb20000000000009f 0x5 0x0 0x0"
/* The broadcast one with IA32_MCG_STATUS MCIP only: RIPV clear, so the
 * interrupted code must not be returned to. */
#define QEMU_MCE_BROADCAST_NORIPV_CMD "mce -b 0 1 0xb20000000000009f 0x4 0x0 0x0"
/* A corrected memory read error left in CPU 1's bank 1, no machine check
 * signaled (QEMU records a corrected error in the bank without an #MC):
 * VAL|EN|ADDRV (SDM Vol. 3B 16.3.2.2), MCA code 009Fh, a memory controller
 * read on an unspecified channel (Table 16-8), at 0x12345000. */
#define QEMU_MCE_CORRECTED_CMD	      "mce 1 1 0x940000000000009f 0x0 0x12345000 0x0"
/* A hang the host found (--silence): a reset of the whole machine, as its
 * reset button; RAM, and so the payload's results area, stays. */
#define QEMU_SYSTEM_RESET_CMD "system_reset"

#endif
