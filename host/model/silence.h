/* SPDX-License-Identifier: MIT */
/*
 * --silence: a hang seen from the host, for machines without a BMC
 * watchdog.  While a cycle is in flight (its start record came and its
 * cycle record has not: runlog_in_flight()), no record for S seconds means
 * the machine hung, and the host resets it once; it resets again only
 * after a record came in between (the reboot, then a new silence), and
 * gives up after RL_MAX_HOST_RESETS resets, so that a machine that hangs at
 * once every time does not reboot for ever.  The decision is here, on a
 * record count and a clock the caller gives, so that it is tested without a
 * machine; the reset itself is the session's.
 */
#ifndef PD_HOST_SILENCE_H
#define PD_HOST_SILENCE_H

#include <stdint.h>

/* The shortest --silence: under emulation each bounded wait of a cycle may
 * last a second before anything is sent (PD_EMU_MIN_WAIT_US,
 * results/limits.h); below five seconds ordinary cycles would be reset. */
#define RL_SILENCE_MIN_S 5

struct rl_silence {
	double limit;	     /* S, seconds; 0: off */
	unsigned max_resets; /* resets allowed in all */
	double last;	     /* when the record count last changed, or watching began */
	uint64_t records;    /* the record count then */
	int reset_sent;	     /* a reset went out and no record came since */
	unsigned resets;     /* resets asked for */
};

enum rl_silence_action {
	RL_SILENCE_WAIT,   /* nothing to do */
	RL_SILENCE_RESET,  /* reset the machine now */
	RL_SILENCE_GIVE_UP /* silent again after max_resets resets: stop the run */
};

/* Starts watching at now: nothing seen yet, limit 0 turns it off. */
void rl_silence_init(struct rl_silence *w, double limit, unsigned max_resets, double now);

/*
 * Takes the count of records seen so far at now; 1 when a decision is due
 * (limit seconds without a record and no reset waiting for one), so that a
 * caller asks whether a cycle is in flight only then.
 */
int rl_silence_due(struct rl_silence *w, double now, uint64_t records);

/* What to do at now, in_flight saying whether a cycle is in flight.  A
 * RESET counts against max_resets and holds further resets until the next
 * record. */
enum rl_silence_action rl_silence_decide(struct rl_silence *w, double now, uint64_t records,
					 int in_flight);

#endif
