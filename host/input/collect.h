/* SPDX-License-Identifier: MIT */
/* The collection loop: read serial output until the run ends, feed the run
 * model, keep the raw bytes, show progress. */
#ifndef PD_HOST_COLLECT_H
#define PD_HOST_COLLECT_H

#include <stdio.h>
#include <sys/types.h>

#include "host/model/runlog.h"

struct collect_opts {
	double timeout;	     /* seconds from the start, 0: none */
	FILE *log;	     /* raw copy of every byte read, or NULL */
	int progress;	     /* a status line on stderr */
	int stop_at_end;     /* return right after the end record */
	double end_grace;    /* else after the end record, read on until EOF for at
				most this long (QEMU exiting), 0: until EOF */
	int stop_on_restart; /* return when a new run starts after one without an
				end record (a reboot loop) */
	/* Called for each inject record the payload sends (NULL: ignored). */
	void (*on_inject)(void *ctx, const struct rl_inject *q, struct runlog *rl);
	void *inject_ctx;
	/* A console server that drops the connection: called when the input
	 * ends or fails before the end record; returns a new descriptor (the
	 * old one is the callee's to close) or -1 to retry later.  Retried
	 * with backoff until the end record, opts.timeout or a signal.  NULL:
	 * the end of input is the end. */
	int (*reconnect)(void *ctx, char *err, size_t cap);
	void *reconnect_ctx;
	pid_t child;	     /* > 0: the input has a writer of our own, so its end
				is this process exiting (COLLECT_EOF) */
	/* --silence: a cycle in flight without a record for this many seconds
	 * is a hang (host/model/silence.h), and reset(reset_ctx, err, cap)
	 * resets the machine: 0, or -1 with why in err.  0: not watched. */
	double silence;
	int (*reset)(void *ctx, char *err, size_t cap);
	void *reset_ctx;
};

enum collect_stop {
	COLLECT_END,	 /* the end record arrived */
	COLLECT_EOF,	 /* the input ended */
	COLLECT_TIMEOUT, /* opts.timeout passed */
	COLLECT_SIGNAL,	 /* SIGINT, SIGTERM or SIGHUP */
	COLLECT_ERROR,	 /* a read failed */
	COLLECT_RESTART, /* opts.stop_on_restart: the machine started over */
	COLLECT_SILENCE, /* opts.silence: silent again after RL_MAX_HOST_RESETS resets */
};

struct collect_result {
	enum collect_stop stop;
	int signo;
	int err; /* errno of a failed read */
	double elapsed;
	unsigned long reconnects; /* connections made again after a drop */
	int fd;			  /* the descriptor in use at the end (reconnect) */
};

/*
 * Blocks SIGINT, SIGTERM and SIGHUP (delivered only while collect_run()
 * waits, so that a stop is never missed) and ignores SIGPIPE.  Call once
 * before starting anything.
 */
void collect_signals_setup(void);
/* The signal mask from before collect_signals_setup(), for children. */
const void *collect_orig_sigmask(void);
/* A stop signal already arrived (e.g. while QEMU was starting). */
int collect_signal_pending(void);

/* Reads until the input ends (or as opts say), unwrapping the container the
 * log came in (logwrap.h) into rl; rl->input then tells which it was. */
int collect_run(int fd, struct runlog *rl, const struct collect_opts *o,
		struct collect_result *res);

/* A saved log read whole (a file or stdin), unwrapped the same way.
 * Returns 0, or an errno when a read failed. */
int collect_read_all(int fd, struct runlog *rl);

/* Names the input in the report: a path by its file name. */
void collect_name_input(struct runlog *rl, const char *name);

/* Monotonic seconds. */
double collect_now(void);

#endif
