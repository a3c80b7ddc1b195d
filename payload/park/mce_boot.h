/* SPDX-License-Identifier: MIT */
/*
 * Machine-check banks at boot.  The banks survive a warm reset and say why
 * it happened (SDM Vol. 3B, 16.3.2.2: "the processor does not clear the
 * contents of IA32_MCi_STATUS on a warm reset"), so every CPU reads its
 * banks before mce_enable_this_cpu() clears them, and the BSP sends one
 * mce_boot record per valid bank, attributed to the boot: before the run
 * (the first boot), the cycle whose reset this boot follows, or the cycle
 * whose handover this instance arrives from.
 */
#ifndef PD_PARK_MCE_BOOT_H
#define PD_PARK_MCE_BOOT_H

/* This CPU's valid banks, kept for the report (any CPU, before clearing). */
void mce_boot_read_this_cpu(void);
/* The BSP, once the APs have read theirs: the mce_boot records. */
void mce_boot_report(void);

#endif
