/* SPDX-License-Identifier: MIT */
/*
 * Local APIC registers (SDM Vol. 3A, chapter 11; table 11-1 "Local APIC
 * Register Address Map").  Offsets are the xAPIC MMIO offsets; in x2APIC
 * mode the register is the MSR X2APIC_MSR(offset) (11.12.1.2, table 11-6).
 */
#ifndef PD_ARCH_X86_APIC_H
#define PD_ARCH_X86_APIC_H

#define APIC_ID	  0x020
#define APIC_EOI  0x0b0
#define APIC_SVR  0x0f0
#define APIC_ESR  0x280
#define APIC_ICR  0x300
#define APIC_ICR2 0x310 /* xAPIC: destination in bits 31:24 */

#define X2APIC_MSR_BASE 0x800
#define X2APIC_MSR(reg) (X2APIC_MSR_BASE + (reg) / 16)

/* Spurious-interrupt vector register (11.9). */
#define APIC_SVR_ENABLE 0x100

/* Interrupt command register, low half (11.6.1, figure 11-12). */
#define ICR_DM_FIXED	 0x000
#define ICR_DM_NMI	 0x400
#define ICR_DM_INIT	 0x500
#define ICR_DM_STARTUP	 0x600
#define ICR_BUSY	 0x1000 /* delivery status, xAPIC only */
#define ICR_LEVEL_ASSERT 0x4000
#define ICR_LEVEL_TRIG	 0x8000

#endif
