/* SPDX-License-Identifier: MIT */
/*
 * A session: a machine started (QEMU, Bochs) or a serial source opened,
 * its output collected into a run model until it ends, and why it ended
 * told to the model.  The report is the caller's.
 */
#ifndef PLAYDEAD_HOST_SESSION_H
#define PLAYDEAD_HOST_SESSION_H

#include <stdio.h>

#include "host/input/bochs.h"
#include "host/input/qemu.h"
#include "host/input/source.h"
#include "host/model/runlog.h"

struct session_opts {
	double timeout; /* seconds, 0: none */
	FILE *log;	/* the serial log, or NULL */
	int progress;	/* draw the progress line on stderr */
	double silence; /* --silence: seconds without a record in a cycle that
			   make a hang the host resets; 0: off (QEMU only) */
};

/* "SIGINT" for people. */
const char *session_signame(int sig);

/*
 * Boots QEMU as qc says and collects its serial output into rl.  With
 * monitor set, the session owns QEMU's monitor and injects the machine
 * checks the payload asks for, and resets the guest through it after
 * so->silence.  0 when QEMU ran (whatever the run did), -1 with a message
 * on stderr when it could not be started.
 */
int session_qemu(struct qemu_config *qc, int monitor, const struct session_opts *so,
		 struct runlog *rl);

/* The ISO in Bochs, COM1 collected into rl; 0 or -1 as session_qemu. */
int session_bochs(const struct bochs_config *bc, const struct session_opts *so, struct runlog *rl);

/* A machine's serial output from src (reconnecting a TCP source); 0, or -1
 * when reading failed (the message is on stderr). */
int session_source(struct source *src, const struct session_opts *so, struct runlog *rl);

#endif
