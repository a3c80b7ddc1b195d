/* SPDX-License-Identifier: MIT */
/*
 * Machine checks: every CPU reports them (CR4.MCE, MCA banks enabled, as an
 * OS does), the BSP records and clears what a provocation delivers, and the
 * mce provocation itself: a broadcast machine check injected by the host's
 * QEMU monitor or by the firmware's ACPI EINJ table.
 */
#ifndef PD_PARK_MCE_H
#define PD_PARK_MCE_H

#include <stdint.h>

/* Turns machine-check reporting on for this CPU: every bank's CTL all 1s
 * and STATUS cleared, MCG_CTL all 1s when present, then CR4.MCE.  Without
 * MCE/MCA (CPUID.1:EDX[7], [14]) it does nothing. */
void mce_enable_this_cpu(void);

/* Installs the #MC handler in the IDT (BSP: records; APs: count, clear). */
void mce_install(void);

/*
 * provoke=mce for the cycle in flight, before (after == 0) or after the
 * handover: injects a broadcast machine check by the ACPI EINJ table when
 * there is one, else under QEMU by asking the host (an inject record), and
 * waits a bounded time for the BSP to take it.  Sends an mce record either
 * way and marks the cycle: delivered, or skipped with the reason.
 */
void mce_provoke(int after);

/* leave_mce=N (QEMU): asks the host to leave a corrected memory error in a
 * bank of CPU 1 (an inject record of kind PD_INJECT_MCE_CE), for the next
 * boot's mce_boot record to find; no machine check is signaled. */
void mce_leave_corrected(void);

#endif
