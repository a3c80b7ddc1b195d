/* SPDX-License-Identifier: MIT */
/*
 * The results area: a region of reserved memory that no cycle overwrites and
 * that every instance of the payload finds again, after a kexec and after a
 * warm reset that keeps RAM.  Layout and validation defined once here;
 * freestanding, so the host's unit tests exercise the same code.
 */
#ifndef PD_RESULTS_AREA_H
#define PD_RESULTS_AREA_H

#include <stddef.h>
#include <stdint.h>

#include "park.h"
#include "record.h"

#define PD_AREA_MAGIC      0x3141455241445050ull /* "PPDAREA1" little-endian */
#define PD_AREA_VERSION    3 /* 2: cycle sipi_nmi, 4 KiB command line; 3: the watchdog */
#define PD_AREA_MAX_CPUS   2048
#define PD_AREA_MAX_CYCLES 4096
#define PD_AREA_CMDLINE    4096 /* boot lines up to 4 KiB - 1 */
#define PD_AREA_MMAP       128

/* Where a cycle was when the machine went away (inflight_phase). */
#define PD_PHASES(X)                                                                               \
	X(NONE, "none")                                                                            \
	X(STOP, "stop")         /* stopping the APs */                                            \
	X(PROVOKE, "provoke")   /* provocations before the copy */                                \
	X(SMI, "smi")           /* inside an SMI write */                                         \
	X(HANDOVER, "handover") /* copy and jump */                                               \
	X(ARRIVED, "arrived")   /* new instance: provocations after the copy */             \
	X(REDISCOVER, "rediscover") /* new instance: INIT-SIPI-SIPI to the APs */

enum pd_phase {
#define PD_X(e, s) PD_PHASE_##e,
	PD_PHASES(PD_X)
#undef PD_X
	PD_PHASE_COUNT,
};
const char *pd_phase_name(enum pd_phase p);

/* probe_failed bits. */
#define PD_PROBE_BRINGUP     0x1 /* a CPU lost, or an error of level fail */
#define PD_PROBE_CONSISTENCY 0x2 /* a CPUID, microcode or MSR mismatch */

struct pd_area_mmap {
	uint64_t base, len;
	uint32_t type, pad;
};

/* Checksummed: everything here changes only at cycle boundaries. */
struct pd_area_header {
	uint64_t magic;
	uint32_t version;
	uint32_t header_size; /* sizeof(struct pd_area_header) */
	uint32_t header_crc;  /* CRC-32 of the header with this field 0 */
	uint32_t area_size;   /* bytes of the whole area */
	uint64_t area_addr;   /* where the area is, as a check */

	uint32_t run_id;
	uint32_t boot;        /* boot counter of the last instance */
	uint32_t ncpus;       /* CPU slots in use */
	uint32_t cursor;      /* next cycle to run */
	uint32_t cycles_total;
	uint32_t cycles_logged;
	uint32_t inflight;       /* set before a handover, cleared on arrival */
	uint32_t inflight_cycle; /* the cycle in flight */
	uint32_t inflight_phase; /* enum pd_phase */
	uint32_t resets;         /* cycles that ended in a reset */
	uint32_t probe_failed;   /* the first instance's checks that failed: PD_PROBE_* */
	uint32_t wbinvd_us;      /* the BSP's WBINVD as the first instance timed it */

	/* the pristine image and where instances load */
	uint64_t image_copy;  /* pristine copy in reserved memory */
	uint32_t image_size;  /* bytes loaded from the file (text to relocations) */
	uint32_t image_mem;   /* bytes including .bss */
	uint32_t text_size;   /* bytes covered by text_crc (text and rodata) */
	uint32_t text_crc;
	uint64_t load_addr[2]; /* the two load addresses kexec alternates between */
	uint32_t entry_offset; /* 64-bit entry, from the image start */
	uint32_t wbinvd;       /* the handover's WBINVD decision */

	uint64_t tsc_khz;
	uint32_t apic_mode; /* as the first instance chose it */
	uint32_t trampoline; /* the AP start page, the same in every instance */
	uint32_t platform;  /* enum pd_platform */

	char cmdline[PD_AREA_CMDLINE]; /* the run's options, as first booted */
	char loader[64];
	uint32_t nmmap, pad;
	struct pd_area_mmap mmap[PD_AREA_MMAP];
	uint64_t rsdp, smbios; /* the loader's table hints (UEFI), 0 if none */

	/* the BMC's watchdog (platform/watchdog.c) */
	uint32_t watchdog_ds; /* countdown armed around each cycle, 100 ms units; 0: none */
	uint32_t sel_start;   /* the BMC's SEL clock at the run's start; 0: none */
	uint32_t sel_cycle;   /* ... at the start of the cycle in flight */
	uint32_t sel_last;    /* the last SEL record ID reported; 0: none yet */
};

/* Per CPU.  The park loops write only wakes; the rest is the BSP's. */
struct pd_area_cpu {
	uint32_t apic_id;
	uint32_t flags;           /* PD_AREA_CPU_* */
	volatile uint32_t wakes;  /* every return from HLT/MWAIT/PAUSE/NMI in a park loop */
	uint32_t wakes_parked;    /* at the end of the stop */
	uint32_t wakes_handover;  /* just before the jump */
	uint32_t last_outcome;
	uint64_t line_addr;       /* this CPU's monitored line in the last instance */
	uint32_t counts[PD_PARK_MODE_COUNT][PD_OUTCOME_COUNT];
};
#define PD_AREA_CPU_LATE   0x1 /* needed the NMI to stop, this cycle */
#define PD_AREA_CPU_PARKED 0x2 /* acknowledged the stop, this cycle */
#define PD_AREA_CPU_NOKICK 0x4 /* never acknowledged the kick, this cycle */

struct pd_area_cycle {
	uint32_t index;
	uint16_t mode, provoke;
	uint32_t counts[PD_OUTCOME_COUNT]; /* reset counted as 1 for the cycle */
	uint32_t smi_us;                   /* slowest SMI of the cycle, 0 if none */
	uint32_t flags;                    /* PD_CYCLE_* */
	uint32_t sipi_nmi;                 /* NMIs held across wait-for-SIPI, taken after SIPI */
	uint32_t reserved;
	/* TSC at the phase boundaries (one machine, one TSC across kexecs) */
	uint64_t t_stop, t_parked, t_provoked, t_handover, t_arrived, t_rediscover, t_up;
};
#define PD_CYCLE_RESET     0x1
#define PD_CYCLE_SCRIBBLED 0x2 /* the image checksum failed on arrival */
#define PD_CYCLE_SMI_HANG  0x4
#define PD_CYCLE_MCE_SKIPPED 0x8  /* provoke=mce: no machine check could be delivered */
#define PD_CYCLE_MCE_SEEN    0x10 /* provoke=mce: the BSP took the machine check */
#define PD_CYCLE_INJECTED    0x20 /* inject_reset: the reset was the payload's own */
#define PD_CYCLE_HANG        0x40 /* inject_hang: the payload stopped the BSP on purpose */
#define PD_CYCLE_WATCHDOG    0x80 /* the BMC's watchdog expired: it reset the machine */

struct pd_area {
	struct pd_area_header h;
	struct pd_area_cpu cpu[PD_AREA_MAX_CPUS];
	struct pd_area_cycle cycle[PD_AREA_MAX_CYCLES];
};

enum pd_area_status {
	PD_AREA_OK,
	PD_AREA_EMPTY,     /* no magic: never used (or wiped) */
	PD_AREA_BAD_CRC,   /* magic right, header damaged */
	PD_AREA_BAD_FIELD, /* header checksum right, contents impossible */
	PD_AREA_MOVED,     /* valid, but recorded at another address or size */
};
const char *pd_area_status_name(enum pd_area_status s);

uint32_t pd_area_header_crc(const struct pd_area_header *h);
/* Recomputes the header CRC after a change. */
void pd_area_seal(struct pd_area *a);
/* Never trust an area this does not call OK. */
enum pd_area_status pd_area_check(const struct pd_area *a, uint64_t addr);
/* A fresh area (counters zeroed, header sealed). */
void pd_area_init(struct pd_area *a, uint64_t addr, uint32_t run_id);

#endif
