/* SPDX-License-Identifier: MIT */
/*
 * The TSC's frequency once something measured it (platform/tsc_calibrate.c,
 * or an earlier instance), and time from the TSC: every wait of the payload,
 * the serial line's included.
 */
#ifndef PD_LIB_TSC_H
#define PD_LIB_TSC_H

#include <stdint.h>

/* kHz; before anything measured it, 10 GHz: above any TSC, so a bounded
 * wait is never shorter than asked. */
uint64_t tsc_khz(void);
/* 1 when tsc_khz() was measured (here or by an earlier instance). */
int tsc_measured(void);
/* Sets the measured frequency (0: not measured). */
void tsc_set_khz(uint64_t khz);
void udelay(uint64_t us);
uint64_t tsc_to_us(uint64_t cycles);
/* TSC value `us` microseconds from now. */
uint64_t tsc_deadline(uint64_t us);

#endif
