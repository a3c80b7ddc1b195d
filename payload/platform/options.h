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
enum opt_dump { DUMP_ALL, DUMP_BSP, DUMP_NONE };
enum opt_clock { CLOCK_AUTO, CLOCK_PIT, CLOCK_PMTIMER };
enum opt_exit { EXIT_HALT, EXIT_QEMU };

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
	struct id_list fake_mismatch; /* APs whose recorded CPUID/microcode is altered */
	struct id_list fault;         /* CPUs that execute UD2 after check-in */
	int fault_bsp;                /* fault=bsp: the BSP executes UD2 */
};

extern struct options opts;

/* Defaults, then the command line.  Errors are kept for options_report(). */
void options_parse(const char *cmdline);
/* Sends an error record for each bad or unknown option. */
void options_report(void);
int id_list_has(const struct id_list *l, uint32_t id);

#endif
