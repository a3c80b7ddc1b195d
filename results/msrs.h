/* SPDX-License-Identifier: MIT */
/*
 * The MSRs compared across CPUs: what decides how memory is cached (the
 * MTRRs, IA32_PAT) and the firmware's per-CPU settings (IA32_MISC_ENABLE,
 * IA32_FEATURE_CONTROL), which firmware must program alike on every logical
 * CPU.  Inconsistent MTRRs are a classic BIOS bug (Linux warns "your CPUs
 * had inconsistent ... MTRR settings").  Defined once: the payload reads
 * and compares them (each CPU's reading has one slot per MSR), the host
 * names them in its reports and its unit tests check the comparison.
 * Numbers and bits: SDM Vol. 4, Table 2-2 (IA-32 architectural MSRs);
 * Vol. 3A, 11.11 "Memory Type Range Registers" and 11.12 "Page Attribute
 * Table".  Freestanding: no libc.
 */
#ifndef PD_RESULTS_MSRS_H
#define PD_RESULTS_MSRS_H

#include <stddef.h>
#include <stdint.h>

/* Exists when CPUID.01H:ECX[5] (VMX) or ECX[6] (SMX), and on Intel parts
 * with the other features it controls (SGX, LMCE). */
#define PD_MSR_FEATURE_CONTROL 0x3a
/* Read only: VCNT [7:0] variable ranges, FIX [8] fixed ranges, WC [10],
 * SMRR [11] (SDM Vol. 3A, 11.11.1).  CPUID.01H:EDX[12] (MTRR). */
#define PD_MSR_MTRRCAP	   0xfe
#define PD_MTRRCAP_VCNT(c) ((uint32_t)(c)&0xff)
#define PD_MTRRCAP_FIX	   0x100
/* Intel only (AMD has no such MSR). */
#define PD_MSR_MISC_ENABLE 0x1a0
/* Its architectural bits (SDM Vol. 4, Table 2-2): 0 fast strings, 3
 * automatic thermal control, 7 performance monitoring available, 11 BTS
 * unavailable, 12 PEBS unavailable, 16 Enhanced SpeedStep, 18 MONITOR FSM,
 * 22 limit CPUID maxval, 23 xTPR message disable, 34 XD bit disable.  The
 * other bits are model-specific, some of them package-scoped or changed
 * by the hardware itself: only these are compared. */
#define PD_MISC_ENABLE_ARCH 0x400c51889ull
/* Variable-range pair n: IA32_MTRR_PHYSBASEn 0x200 + 2n, PHYSMASKn
 * 0x201 + 2n, n < VCNT (SDM Vol. 3A, 11.11.2.3). */
#define PD_MSR_MTRR_PHYSBASE0 0x200
/* Fixed ranges (SDM Vol. 3A, 11.11.2.2), when MTRRCAP.FIX: FIX64K_00000,
 * FIX16K_80000, FIX16K_A0000, then FIX4K_C0000 .. FIX4K_F8000. */
#define PD_MSR_MTRR_FIX64K_00000 0x250
#define PD_MSR_MTRR_FIX16K_80000 0x258
#define PD_MSR_MTRR_FIX16K_A0000 0x259
#define PD_MSR_MTRR_FIX4K_C0000	 0x268 /* up to FIX4K_F8000, 0x26f */
#define PD_MTRR_FIXED_COUNT	 11
/* PA0..PA7, one byte each, memory type in bits 2:0 (SDM Vol. 3A, 11.12.2);
 * CPUID.01H:EDX[16] (PAT). */
#define PD_MSR_PAT	     0x277
#define PD_MSR_MTRR_DEF_TYPE 0x2ff

/* Variable-range pairs kept per CPU (processors have 8 or 10; the pairs
 * cannot go past 0x24f, where the fixed ranges start). */
#define PD_MSR_MAX_VAR 32

/* Where each MSR sits in a CPU's reading. */
enum pd_msr_slot {
	PD_MSR_SLOT_MTRRCAP,
	PD_MSR_SLOT_DEF_TYPE,
	PD_MSR_SLOT_FIXED,					   /* 11 */
	PD_MSR_SLOT_VAR = PD_MSR_SLOT_FIXED + PD_MTRR_FIXED_COUNT, /* base, mask, ... */
	PD_MSR_SLOT_PAT = PD_MSR_SLOT_VAR + 2 * PD_MSR_MAX_VAR,
	PD_MSR_SLOT_MISC_ENABLE,
	PD_MSR_SLOT_FEATURE_CONTROL,
	PD_MSR_SLOTS
};

/* One CPU's reading: the value of each slot it has (read without a #GP,
 * and enumerated by its CPUID). */
struct pd_msr_values {
	uint64_t val[PD_MSR_SLOTS];
	uint64_t have[(PD_MSR_SLOTS + 63) / 64];
};

/* The slot holds an MTRR setting (IA32_MTRR_DEF_TYPE, a fixed or a
 * variable range), not the read-only IA32_MTRRCAP. */
static inline int pd_msr_slot_is_mtrr(unsigned slot)
{
	return slot >= PD_MSR_SLOT_DEF_TYPE && slot < PD_MSR_SLOT_PAT;
}

/* The MSR is a fixed-range MTRR, or one of a variable range's pair. */
static inline int pd_msr_is_fixed_mtrr(uint32_t msr)
{
	return msr == PD_MSR_MTRR_FIX64K_00000 || msr == PD_MSR_MTRR_FIX16K_80000 ||
	       msr == PD_MSR_MTRR_FIX16K_A0000 ||
	       (msr >= PD_MSR_MTRR_FIX4K_C0000 && msr < PD_MSR_MTRR_FIX4K_C0000 + 8);
}

static inline int pd_msr_is_var_mtrr(uint32_t msr)
{
	return msr >= PD_MSR_MTRR_PHYSBASE0 && msr < PD_MSR_MTRR_PHYSBASE0 + 2 * PD_MSR_MAX_VAR;
}

/* How many slots have[] marks. */
uint32_t pd_msr_count(const uint64_t have[(PD_MSR_SLOTS + 63) / 64]);

/* The MSR number of a slot. */
uint32_t pd_msr_slot_number(unsigned slot);

/* A slot's bit in a have[] set. */
static inline int pd_msr_has_slot(const uint64_t have[(PD_MSR_SLOTS + 63) / 64], unsigned slot)
{
	return (int)((have[slot / 64] >> (slot % 64)) & 1);
}

static inline int pd_msr_has(const struct pd_msr_values *v, unsigned slot)
{
	return pd_msr_has_slot(v->have, slot);
}

/* Records a slot's value as read. */
void pd_msr_put(struct pd_msr_values *v, unsigned slot, uint64_t val);

/*
 * Writes the SDM name of a compared MSR ("IA32_MTRR_PHYSBASE3",
 * "IA32_PAT") into buf (cap bytes, NUL-terminated, cut to fit); any other
 * number gives "MSR_0x1234".  Returns 1 for a compared MSR, 0 otherwise.
 */
int pd_msr_name(uint32_t msr, char *buf, size_t cap);

/* CPU i's reading, or 0 when it has none (offline, lost, not probed). */
typedef const struct pd_msr_values *(*pd_msr_view_fn)(void *ctx, uint32_t i);

/* The slot differs between CPU 0 (the reference, the BSP) and some other
 * CPU with a reading: in its value, or one has it and the other not. */
int pd_msr_slot_differs(unsigned slot, uint32_t ncpus, pd_msr_view_fn view, void *ctx);

/*
 * The distinct (present, value) pairs of a slot over the CPUs with a
 * reading, in the order first seen: up to max, returns how many (more
 * than max when they did not fit).
 */
uint32_t pd_msr_slot_values(unsigned slot, uint32_t ncpus, pd_msr_view_fn view, void *ctx,
			    uint8_t *present, uint64_t *vals, uint32_t max);

/* What was read: have[] gets a bit for each slot any CPU has, and
 * *ncpus_read the CPUs with a reading; returns how many slots. */
uint32_t pd_msr_compared(uint32_t ncpus, pd_msr_view_fn view, void *ctx,
			 uint64_t have[(PD_MSR_SLOTS + 63) / 64], uint32_t *ncpus_read);

/*
 * The MSR numbers of the slots set in have[], in slot order, as lower-case
 * hex without 0x, runs of consecutive numbers as ranges:
 * "fe,2ff,250,258-259,268-26f,200-20f,277".  Written into buf (cap bytes,
 * NUL-terminated; a list that does not fit is cut before the item that
 * did not); returns its length.
 */
size_t pd_msr_format_list(const uint64_t have[(PD_MSR_SLOTS + 63) / 64], char *buf, size_t cap);

/* Reads such a list: fn is called for each MSR number in order.  Returns
 * 0 when the list is malformed (fn may have been called for its start). */
int pd_msr_parse_list(const char *s, size_t n, void (*fn)(uint32_t msr, void *ctx), void *ctx);

#endif
