/* SPDX-License-Identifier: MIT */
/* Boot command line: key=value options (README "Boot options" lists them). */
#ifndef PD_OPTIONS_OPTIONS_H
#define PD_OPTIONS_OPTIONS_H

#include <stdint.h>

#include "report/serial.h"
#include "results/area.h"

/* An ID list names CPUs of one run: as many as a run can hold. */
#define OPT_ID_LIST_MAX PD_AREA_MAX_CPUS

struct id_list {
	uint32_t n;
	uint32_t id[OPT_ID_LIST_MAX];
};

enum opt_x2apic { X2APIC_AUTO, X2APIC_OFF };
enum opt_dump { DUMP_ALL, DUMP_BSP, DUMP_NONE, DUMP_DISTINCT };
enum opt_clock { CLOCK_AUTO, CLOCK_PIT, CLOCK_PMTIMER, CLOCK_HPET, CLOCK_CPUID };
enum opt_exit { EXIT_HALT, EXIT_QEMU };
enum opt_wbinvd { WBINVD_AUTO, WBINVD_ALWAYS, WBINVD_NEVER };
enum opt_load { LOAD_ALTERNATE, LOAD_SAME };
enum opt_on_reset { ON_RESET_CONTINUE, ON_RESET_STOP };
/* bmc=: find it (SMBIOS type 38, SPMI, a probe), leave it alone, only
 * probe the default KCS address, or a KCS at the given I/O port. */
enum opt_bmc { BMC_AUTO, BMC_OFF, BMC_PROBE, BMC_KCS };
/* watchdog=: the BMC's watchdog around each cycle; auto: when a BMC answers. */
enum opt_watchdog { WATCHDOG_AUTO, WATCHDOG_OFF, WATCHDOG_ON };
/* How a console was given: not at all, "auto" (the SPCR's UART, else COM1),
 * or a UART. */
enum opt_console { CONSOLE_NONE, CONSOLE_AUTO, CONSOLE_UART };

#define OPT_MAX_PROVOKE_SETS 8

struct options {
	/* console=: the last one naming a UART (or auto) wins; earlycon= (and
	 * x86 earlyprintk=) only when no console= is given. */
	enum opt_console console_how, earlycon_how;
	struct uart_cfg console, earlycon;
	uint32_t foreign; /* Linux and farm parameters ignored (not ours) */
	enum opt_exit exit;
	int64_t init_udelay;	/* microseconds; -1: chosen per CPU vendor/family */
	uint32_t ap_timeout_ms; /* INIT-SIPI-SIPI to check-in, per run */
	enum opt_x2apic x2apic;
	enum opt_dump cpuid_dump;
	enum opt_clock clock;
	/* fault injection, for the negative controls */
	struct id_list skip_sipi;     /* APs whose SIPIs are not sent: they end up lost */
	struct id_list lose;	      /* the same, only when rediscovering after a handover */
	struct id_list fake_mismatch; /* APs whose recorded CPUID/microcode is altered */
	struct id_list fake_pat;      /* APs that change their IA32_PAT before the probe */
	struct id_list fault;	      /* CPUs that execute UD2 after check-in */
	int fault_bsp;		      /* fault=bsp: the BSP executes UD2 */
	int64_t bsp_apic_id;	      /* -1, or the xAPIC ID the BSP's register is rewritten to */

	/* schedule: every mode x every provocation set, cycles times */
	uint32_t modes;	 /* bit per enum pd_park_mode; 0: every safe mode the CPU supports */
	uint32_t cycles; /* per mode and provocation set */
	uint32_t nprovoke;
	uint32_t provoke[OPT_MAX_PROVOKE_SETS]; /* provocation bit sets */
	int64_t mwait_hint;			/* -1: deepest C-state from leaf 5 */
	enum opt_wbinvd wbinvd;
	enum opt_load kexec_load;
	enum opt_on_reset on_reset;
	enum opt_bmc bmc;
	uint16_t bmc_port; /* bmc=kcs:PORT */
	enum opt_watchdog watchdog;
	uint64_t results_addr; /* 0: chosen from the memory map */
	int64_t smi_value;     /* -1: the FADT's ACPI_ENABLE value */
	uint32_t stop_timeout_ms;
	struct id_list
	    ignore_stop;	/* fault injection: keep interrupts off, so only NMI stops them */
	int64_t scribble_cycle; /* fault injection: the stub writes into the new image */
	int64_t leave_mce_cycle;  /* fault injection: a corrected error left in a bank (QEMU) */
	int mce_ripv;		  /* 0: the host's machine checks come with RIPV clear (QEMU) */
	int64_t stub_fault_cycle; /* fault injection: the stub takes a #GP (its message) */
	int timing;		/* cycle records carry phase times */
	uint32_t host_cpus;	/* host CPUs running the vCPUs (emulation); 0: not told */
	uint32_t inject_reset;	/* fault injection: percent of cycles reset on purpose */
	uint32_t inject_hang;	/* fault injection: percent of cycles hung on purpose */
	uint32_t seed;		/* picks the cycles and phases of inject_reset */
};

extern struct options opts;

/* A bad or unknown option, kept for options_report(). */
#define OPT_MAX_ERRORS 16
#define OPT_TOKEN_MAX  96
struct opt_error {
	const char *code; /* PD_ERR_* */
	const char *what;
	char key[OPT_TOKEN_MAX];
	char value[OPT_TOKEN_MAX];
};

/* Defaults, then the command line.  Errors are kept for options_report(). */
void options_parse(const char *cmdline);
/* The errors of the last options_parse(); *dropped: how many did not fit. */
uint32_t options_errors(const struct opt_error **list, uint32_t *dropped);
/* Sends an error record for each bad or unknown option, and one for a boot
 * line that was cut (options_report.c). */
void options_report(void);
int id_list_has(const struct id_list *l, uint32_t id);

#endif
