/* SPDX-License-Identifier: MIT */
/*
 * Raw CPUID leaves and the facts playdead decodes from them.  Freestanding:
 * compiled into the payload and into the host tool.
 */
#ifndef PD_CPUID_CPUID_H
#define PD_CPUID_CPUID_H

#include <stddef.h>
#include <stdint.h>

/* Leaves kept per logical CPU; enough for every leaf and subleaf listed in
 * cpuid_raw_collect() on current server parts. */
#define CPUID_RAW_MAX 192

enum cpuid_reg { CPUID_EAX, CPUID_EBX, CPUID_ECX, CPUID_EDX };

struct cpuid_leaf {
	uint32_t leaf, subleaf;
	uint32_t regs[4];    /* indexed by enum cpuid_reg */
	uint8_t has_subleaf; /* leaf is indexed by ECX: dumps mark it [SL nn] */
};

struct cpuid_raw {
	uint32_t n;
	uint8_t truncated; /* more leaves existed than CPUID_RAW_MAX */
	struct cpuid_leaf l[CPUID_RAW_MAX];
};

/* Executes CPUID(leaf, subleaf) into regs[4] (the payload's instruction, or a
 * table in tests). */
typedef void (*cpuid_fn)(uint32_t leaf, uint32_t subleaf, uint32_t regs[4], void *ctx);

/*
 * Fills out with every basic, hypervisor (when the hypervisor bit is set) and
 * extended leaf up to the maxima the CPU reports (bounded), enumerating the
 * subleaves of the subleaf-indexed leaves (4, 7, 0xB, 0xD, 0xF, 0x10, 0x12,
 * 0x14, 0x17, 0x18, 0x1D, 0x1F, 0x20, 0x23, 0x24, 0x8000001D, 0x80000020,
 * 0x80000026) until their own end marker.
 */
void cpuid_raw_collect(struct cpuid_raw *out, cpuid_fn fn, void *ctx);

/* Appends one leaf; returns 0 when full (and sets truncated). */
int cpuid_raw_add(struct cpuid_raw *raw, uint32_t leaf, uint32_t subleaf, const uint32_t regs[4],
		  int has_subleaf);

/* The leaf, or NULL when the dump does not have it. */
const struct cpuid_leaf *cpuid_raw_find(const struct cpuid_raw *raw, uint32_t leaf,
					uint32_t subleaf);

enum cpuid_vendor {
	CPUID_VENDOR_UNKNOWN,
	CPUID_VENDOR_INTEL,
	CPUID_VENDOR_AMD,
	CPUID_VENDOR_HYGON,
	CPUID_VENDOR_ZHAOXIN,
	CPUID_VENDOR_CENTAUR
};

struct cpuid_facts {
	enum cpuid_vendor vendor;
	char vendor_id[13]; /* "GenuineIntel" */
	char brand[49];     /* 0x80000002..4, leading spaces trimmed; "" if absent */
	uint32_t max_basic, max_ext;
	/* display values, as Linux computes them for /proc/cpuinfo */
	uint32_t family, model, stepping;
	uint32_t signature; /* leaf 1 EAX */

	/* leaf 1 / 0x80000001 */
	uint8_t hypervisor; /* 1 ECX[31] */
	uint8_t x2apic;     /* 1 ECX[21] */
	uint8_t monitor;    /* 1 ECX[3] MONITOR/MWAIT */
	uint8_t htt;        /* 1 EDX[28] */
	uint8_t pdpe1gb;    /* 0x80000001 EDX[26] */
	uint8_t nx;         /* 0x80000001 EDX[20] */
	uint8_t lm;         /* 0x80000001 EDX[29] */
	uint32_t initial_apic_id; /* 1 EBX[31:24] */

	/* leaf 5: MONITOR/MWAIT */
	uint8_t mwait_leaf;          /* leaf 5 present and non-zero */
	uint16_t mwait_line_min;     /* 5 EAX[15:0], bytes */
	uint16_t mwait_line_max;     /* 5 EBX[15:0], bytes */
	/* TSC frequency as CPUID enumerates it (cpuid_tsc_decode), 0 if not */
	uint64_t tsc_khz;
	uint32_t tsc_crystal_khz;    /* the crystal the TSC ratio multiplies */
	uint8_t tsc_from;	     /* enum cpuid_tsc_from */
	uint8_t mwait_emx;           /* 5 ECX[0]: enumeration of extensions */
	uint8_t mwait_ibe;           /* 5 ECX[1]: interrupts as break events */
	uint32_t mwait_substates;    /* 5 EDX: 4 bits per C-state, C0 in [3:0] */
	uint8_t mwait_substate[8];   /* the same, unpacked */
	/* MWAIT EAX hint for the deepest C-state leaf 5 lists (see
	 * cpuid_mwait_hint()); 0 (C1) without EMX or leaf 5. */
	uint32_t mwait_hint;
	/* The size and alignment of a monitored line: cpuid_monitor_line() of
	 * 5 EBX; mwait_line_capped when EBX asked for more. */
	uint16_t mwait_line;
	uint8_t mwait_line_capped;

	/* hybrid parts: cpuid_core_type() of this logical CPU, 0 if not hybrid */
	uint32_t core_type;

	/* AMD memory encryption: 0x8000001F, only when max_ext allows */
	uint8_t sme, sev, sev_es, snp; /* EAX bits 0, 1, 3, 4 */
	uint8_t cbit;                  /* EBX[5:0]: C-bit position, 0 if none */
	uint8_t phys_addr_reduction;   /* EBX[11:6] */

	/* Intel TME: CPUID 7.0 ECX[13] (activation is an MSR, read by the payload) */
	uint8_t tme;
	/* TDX guest: leaf 0x21 reads "IntelTDX    " */
	uint8_t tdx_guest;

	/* topology */
	uint32_t topo_leaf;     /* 0x1F, 0xB, 0x8000001E or 1 (legacy) */
	uint8_t smt_shift;      /* APIC ID bits below the core field */
	uint8_t core_shift;     /* APIC ID bits below the package field */
	uint8_t smt;            /* more than one thread per core is possible */
	uint32_t x2apic_id;     /* 0xB/0x1F EDX when present, else initial_apic_id */
	uint8_t topo_cut;       /* CPUID_TOPO_CUT_*: leaves skipped as incomplete */
};

/*
 * The MWAIT hint (EAX) that asks for the deepest C-state and sub-state that
 * leaf 5 enumerates.  SDM Vol. 2A, CPUID leaf 05H: EDX[4n+3:4n] is the
 * number of C<n> sub-states MWAIT supports, C0 in [3:0]; MWAIT EAX[7:4] is
 * the target C-state minus 1 and EAX[3:0] the sub-state.  EDX is valid only
 * when ECX[0] (EMX) is set; without it the hint is 0 (C1), as in Linux's
 * mwait_play_dead() before 2023, whose rule this is: C1..C7 only, skipping
 * the C0 nibble.  No sub-state listed at all: 0 as well.
 */
uint32_t cpuid_mwait_hint(uint32_t leaf5_ecx, uint32_t leaf5_edx);

/*
 * The size and alignment to give a line MONITOR watches: leaf 5 EBX[15:0],
 * the largest monitor-line size in bytes (SDM Vol. 2A, CPUID leaf 05H; Vol.
 * 3A, "Monitor/Mwait Address Range Determination": a monitored structure
 * should be that big and aligned to it so no other data shares it), rounded
 * up to a power of two; 64 (a cache line) when EBX is 0 (no leaf 5, or a
 * hypervisor that leaves it empty); at most CPUID_MONITOR_LINE_MAX, with
 * *capped set when EBX asked for more.
 */
#define CPUID_MONITOR_LINE_DEFAULT 64u
#define CPUID_MONITOR_LINE_MAX	   4096u
uint32_t cpuid_monitor_line(uint32_t leaf5_ebx, int *capped);

/*
 * A topology leaf whose enumeration the dump does not hold up to its end
 * (subleaf 0 kept alone, as libcpuid's raw.txt keeps 0x1F, or a subleaf
 * missing below one that is there): its levels may stop short of the
 * package, so cpuid_decode() skips it for the next source and says so here.
 * Never set on a live CPU, where every subleaf can be read.
 */
#define CPUID_TOPO_CUT_1F 1u
#define CPUID_TOPO_CUT_B  2u

/*
 * Decodes the facts from one logical CPU's leaves; missing leaves read as 0,
 * except in a topology enumeration (see CPUID_TOPO_CUT_1F).
 */
void cpuid_decode(const struct cpuid_raw *raw, struct cpuid_facts *f);

/* Where CPUID's TSC frequency came from (SDM Vol. 2A, CPUID leaves 15H and
 * 16H; Linux native_calibrate_tsc()). */
enum cpuid_tsc_from {
	CPUID_TSC_NONE,	   /* leaf 15H absent or without a ratio */
	CPUID_TSC_CRYSTAL, /* 15H: ratio EBX/EAX times the crystal ECX */
	CPUID_TSC_MODEL,   /* 15H ratio, crystal known for the model (ECX = 0) */
	CPUID_TSC_BASE,	   /* 15H ratio, crystal from 16H's base frequency */
};
const char *cpuid_tsc_from_name(enum cpuid_tsc_from from);

/* Package, core (within package) and thread (within core) of an APIC ID. */
void cpuid_topology_split(const struct cpuid_facts *f, uint32_t apic_id, uint32_t *pkg,
			  uint32_t *core, uint32_t *thread);

/*
 * Core type of one logical CPU of a hybrid part, 0 when the part is not
 * hybrid: Intel 0x100 | CPUID.1AH:EAX[31:24] when CPUID.07H.0:EDX[15]
 * (Hybrid) is set; AMD/Hygon 0x200 | CPUID Fn8000_0026 EBX[31:28] of the
 * core-level subleaf when EAX[30] (HeterogeneousCores) is set.
 */
uint32_t cpuid_core_type(const struct cpuid_raw *raw);

/* "core", "atom" (Intel), "performance", "efficiency" (AMD), "unknown". */
const char *cpuid_core_type_name(uint32_t core_type);

/*
 * Bits of leaf/subleaf/reg that legitimately differ between logical CPUs of
 * one machine (APIC IDs, core/node IDs, OS-controlled bits such as OSXSAVE),
 * to be masked out before comparing a CPU with the BSP.
 */
uint32_t cpuid_per_cpu_mask(uint32_t leaf, uint32_t subleaf, enum cpuid_reg reg);

const char *cpuid_reg_name(enum cpuid_reg r); /* "eax" ... */
const char *cpuid_vendor_name(enum cpuid_vendor v); /* "intel", "amd", ... */
/* The vendor of leaf 0's EBX, ECX, EDX (the string is EBX-EDX-ECX). */
enum cpuid_vendor cpuid_vendor_of(uint32_t ebx, uint32_t ecx, uint32_t edx);
/* Display family and model from CPUID.1:EAX, as Linux shows them. */
void cpuid_family_model(uint32_t sig, uint32_t *family, uint32_t *model);

/*
 * Writes one dump line "CPUID 0000000B: 00000001-00000002-00000100-00000000 [SL 00]"
 * (no line end) into buf; returns its length.  buf must hold 64 bytes.
 */
size_t cpuid_format_leaf(const struct cpuid_leaf *l, char *buf);

#endif
