/* SPDX-License-Identifier: MIT */
/* TSC frequency from the PIT or the ACPI PM timer; delays from the TSC. */
#ifndef PD_PLATFORM_TSC_H
#define PD_PLATFORM_TSC_H

#include <stdint.h>

enum tsc_source { TSC_SOURCE_NONE, TSC_SOURCE_PIT, TSC_SOURCE_PMTIMER };

/* pm_tmr_port: FADT PM_TMR_BLK (0: none).  prefer: 0 auto, 1 PIT, 2 PM timer.
 * Returns the frequency in kHz (a guess of 1 GHz when both fail). */
uint64_t tsc_calibrate(uint16_t pm_tmr_port, int prefer, enum tsc_source *src);
uint64_t tsc_khz(void);
/* Reuses an earlier instance's calibration. */
void tsc_set_khz(uint64_t khz);
void udelay(uint64_t us);
uint64_t tsc_to_us(uint64_t cycles);
/* TSC value `us` microseconds from now. */
uint64_t tsc_deadline(uint64_t us);
const char *tsc_source_name(enum tsc_source s);

#endif
