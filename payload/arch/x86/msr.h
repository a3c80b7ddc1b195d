/* SPDX-License-Identifier: MIT */
/*
 * Model-specific registers the payload reads or writes, and their bits
 * (SDM Vol. 4, chapter 2 "Model-Specific Registers"; APM Vol. 2, appendix
 * A).  Plain numbers only, so assembly can include it too.
 */
#ifndef PD_ARCH_X86_MSR_H
#define PD_ARCH_X86_MSR_H

/* IA32_APIC_BASE (SDM Vol. 3A, 11.4.4 "Local APIC Status and Location"). */
#define MSR_IA32_APIC_BASE 0x1b
#define APIC_BASE_BSP	   0x100	      /* this CPU is the bootstrap processor */
#define APIC_BASE_EXTD	   0x400	      /* x2APIC mode (11.12.1) */
#define APIC_BASE_EN	   0x800	      /* APIC global enable */
#define APIC_BASE_ADDR	   0x000ffffffffff000 /* xAPIC MMIO base */

/* Microcode update signature (SDM Vol. 3A, 10.11.7). */
#define MSR_IA32_BIOS_SIGN_ID 0x8b

/* [31:0] MKTME KeyIDs, [63:32] TDX KeyIDs (SDM Vol. 4, table 2-2). */
#define MSR_IA32_MKTME_KEYID_PARTITIONING 0x87

/* IA32_MISC_ENABLE (the MSR number is results/msrs.h's PD_MSR_MISC_ENABLE;
 * SDM Vol. 4, Table 2-2): bit 22 "Limit CPUID Maxval": set, CPUID leaf 0
 * reports at most 2. */
#define MISC_ENABLE_LIMIT_CPUID_MAXVAL (1ull << 22)

/* Total memory encryption (SDM Vol. 4, table 2-2). */
#define MSR_IA32_TME_ACTIVATE 0x982
#define TME_ACTIVATE_ENABLED  0x2

/* Machine-check MSRs (SDM Vol. 3B, 16.3 "Machine-Check MSRs"). */
#define MSR_IA32_MCG_CAP    0x179
#define MSR_IA32_MCG_STATUS 0x17a
#define MSR_IA32_MCG_CTL    0x17b
#define MSR_IA32_MC0_CTL    0x400 /* bank i: CTL 0x400 + 4i, STATUS +1, ADDR +2, MISC +3 */
#define MCG_CAP_COUNT(c)    ((uint32_t)(c)&0xff)
#define MCG_CAP_CTL_P	    0x100
#define MCG_STATUS_RIPV	    0x1
#define MCG_STATUS_MCIP	    0x4
#define MCI_STATUS_VAL	    0x8000000000000000

/* Extended feature enables (SDM Vol. 3A, 2.2.1 "Extended Feature Enable
 * Register"; APM Vol. 2, 3.1.7). */
#define MSR_EFER 0xc0000080
#define EFER_LME 0x100 /* long mode enable */
#define EFER_NXE 0x800 /* execute-disable bit enable */

/* GS segment base (SDM Vol. 3A, 3.4.4 "Segment Loading Instructions in
 * IA-32e Mode"). */
#define MSR_GS_BASE 0xc0000101

#endif
