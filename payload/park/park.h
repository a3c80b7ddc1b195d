/* SPDX-License-Identifier: MIT */
/* Parking the APs: play_dead in each mode, and the state the BSP sets. */
#ifndef PD_PARK_PARK_H
#define PD_PARK_PARK_H

#include <stdint.h>
#include "results/park.h"

struct cpu;

/* The vector of the stop IPI (as Linux's REBOOT_VECTOR). */
#define STOP_VECTOR 0xf2

/* Control words of a monitored line. */
#define PARK_CONTROL_PARKED 0x50415244u /* armed */
#define PARK_CONTROL_POKE   0x504f4b45u /* monitor-write provocation: not a kick */
#define PARK_CONTROL_KICK   0x4b49434bu /* mwait-kick: leave MWAIT for a HLT loop */
#define PARK_STATUS_KICKED  0x41434b21u /* the CPU's acknowledgement */

/* One monitored line per CPU, in this image's .bss: the next image
 * overwrites it, which is the point of the mwait negative control.  The
 * lines are park_lines_setup()'s size apart and aligned to it. */
struct park_line {
	volatile uint32_t control;
	volatile uint32_t status;
};

struct park_state {
	volatile uint32_t stop_requested;
	enum pd_park_mode mode;
	uint32_t mwait_hint; /* EAX for MWAIT */
	uint32_t wbinvd;     /* flush caches before parking */
	uint32_t pad;
};

extern struct park_state park_state;

/* How the APs are to park: what stop_other_cpus() publishes with the stop
 * and play_dead() reads. */
struct park_request {
	enum pd_park_mode mode;
	uint32_t mwait_hint; /* EAX for MWAIT (mwait modes) */
	uint32_t wbinvd;     /* flush caches before parking */
};
/* Sizes the lines as leaf 5 EBX asks (line: cpuid_monitor_line()), or
 * smaller when ncpus lines that big do not fit the image's room for them
 * (PD_AREA_MAX_CPUS cache lines).  Returns the size in use.  Before APs
 * park. */
uint32_t park_lines_setup(uint32_t line, uint32_t ncpus);
struct park_line *park_line(uint32_t idx);

/* The MWAIT hint the mwait modes use: mwait_hint= when given, else the
 * BSP's deepest C-state (cpuid_mwait_hint(), Linux's old mwait_play_dead()
 * rule). */
uint32_t mwait_hint_in_use(void);

/* The AP's last code: park in park_state.mode.  Never returns. */
__attribute__((noreturn)) void play_dead(struct cpu *c);
/* The AP after bring-up: interrupts on, HLT, waiting for the stop IPI
 * (interrupts off when the CPU is in ignore_stop=). */
__attribute__((noreturn)) void ap_idle(struct cpu *c);

#endif
