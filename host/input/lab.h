/* SPDX-License-Identifier: MIT */
/*
 * A real machine in a lab, reached with the commands the lab already has,
 * named as LAVA's device dictionaries name them: the console (a BMC's
 * Serial-over-LAN, a console server: its standard output is the machine's
 * serial line), power on, hard reset, power off.  Each is a shell command.
 */
#ifndef PD_HOST_LAB_H
#define PD_HOST_LAB_H

#include "host/input/session.h"

/* How long power on, hard reset and power off may take. */
#define LAB_COMMAND_TIMEOUT 120.0
/* Console connections made again after it dropped, at most. */
#define LAB_MAX_RECONNECTS 100

struct lab_config {
	const char *connect;	/* --connection-command: required */
	const char *power_on;	/* --power-on-command, or NULL */
	const char *hard_reset; /* --hard-reset-command, or NULL (needed by --silence) */
	const char *power_off;	/* --power-off-command, or NULL */
};

/*
 * Powers the machine on (when asked), collects its console until the end
 * record, the timeout or a signal (connecting again when the console
 * drops), resets it through hard_reset when so->silence finds a hang, and
 * powers it off at the end (when asked).  0; -1 with a message on stderr
 * when the console or the power-on command could not be run.
 */
int session_lab(const struct lab_config *lc, const struct session_opts *so, struct runlog *rl);

#endif
