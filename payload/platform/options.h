/* SPDX-License-Identifier: MIT */
/* Boot command line: key=value options (README "Boot options" lists them). */
#ifndef PD_PLATFORM_OPTIONS_H
#define PD_PLATFORM_OPTIONS_H

#include <stdint.h>

#define OPT_ID_LIST_MAX 64

struct id_list {
	uint32_t n;
	uint32_t id[OPT_ID_LIST_MAX];
};

enum opt_x2apic { X2APIC_AUTO, X2APIC_OFF };
enum opt_dump { DUMP_ALL, DUMP_BSP, DUMP_NONE, DUMP_DISTINCT };
enum opt_clock { CLOCK_AUTO, CLOCK_PIT, CLOCK_PMTIMER };
enum opt_exit { EXIT_HALT, EXIT_QEMU };
enum opt_wbinvd { WBINVD_AUTO, WBINVD_ALWAYS, WBINVD_NEVER };
enum opt_load { LOAD_ALTERNATE, LOAD_SAME };
enum opt_on_reset { ON_RESET_CONTINUE, ON_RESET_STOP };

#define OPT_MAX_PROVOKE_SETS 8

struct options {
	uint16_t console_port;
	uint32_t console_baud;
	enum opt_exit exit;
	int64_t init_udelay;    /* microseconds; -1: chosen per CPU vendor/family */
	uint32_t ap_timeout_ms; /* INIT-SIPI-SIPI to check-in, per run */
	enum opt_x2apic x2apic;
	enum opt_dump cpuid_dump;
	enum opt_clock clock;
	/* fault injection, for the negative controls */
	struct id_list skip_sipi;     /* APs whose SIPIs are not sent: they end up lost */
	struct id_list lose;          /* the same, only when rediscovering after a handover */
	struct id_list fake_mismatch; /* APs whose recorded CPUID/microcode is altered */
	struct id_list fault;         /* CPUs that execute UD2 after check-in */
	int fault_bsp;                /* fault=bsp: the BSP executes UD2 */
	int later_boot;               /* not the run's first instance: fault= is spent */

	/* schedule: every mode x every provocation set, cycles times */
	uint32_t modes;  /* bit per enum pd_park_mode; 0: every safe mode the CPU supports */
	uint32_t cycles; /* per mode and provocation set */
	uint32_t nprovoke;
	uint32_t provoke[OPT_MAX_PROVOKE_SETS]; /* provocation bit sets */
	int64_t mwait_hint;                     /* -1: deepest C-state from leaf 5 */
	enum opt_wbinvd wbinvd;
	enum opt_load kexec_load;
	enum opt_on_reset on_reset;
	uint64_t results_addr;   /* 0: chosen from the memory map */
	int64_t smi_value;       /* -1: the FADT's ACPI_ENABLE value */
	uint32_t stop_timeout_ms;
	struct id_list ignore_stop; /* fault injection: keep interrupts off, so only NMI stops them */
	int64_t scribble_cycle;     /* fault injection: the stub writes into the new image */
	int timing;                 /* cycle records carry phase times */
	uint32_t host_cpus;         /* host CPUs running the vCPUs (emulation); 0: not told */
};

extern struct options opts;

/* Defaults, then the command line.  Errors are kept for options_report(). */
void options_parse(const char *cmdline);
/* Sends an error record for each bad or unknown option. */
void options_report(void);
int id_list_has(const struct id_list *l, uint32_t id);

#endif
