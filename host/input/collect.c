/* SPDX-License-Identifier: MIT */
/* The collection loop (see collect.h). */
#include "host/input/collect.h"
#include "host/model/silence.h"
#include "host/report/progress.h"

#include <errno.h>
#include <libgen.h>
#include <sys/wait.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define READ_CHUNK (64 * 1024)
/* Progress redraws per second at most. */
#define PROGRESS_HZ 4
/* Reconnection backoff, seconds. */
#define RECONNECT_FIRST 0.1
#define RECONNECT_MAX	2.0
/* --silence: how often a quiet input is looked at, ns. */
#define SILENCE_POLL_NS 250000000L

static volatile sig_atomic_t stop_signal;
static sigset_t orig_mask;
static int signals_ready;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

void collect_signals_setup(void)
{
	struct sigaction sa;
	sigset_t block;

	if (signals_ready)
		return;
	signals_ready = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &orig_mask);
}

const void *collect_orig_sigmask(void)
{
	return &orig_mask;
}

int collect_signal_pending(void)
{
	sigset_t pend;

	if (stop_signal)
		return stop_signal;
	/* Blocked signals wait in the pending set until ppoll opens it. */
	if (signals_ready && sigpending(&pend) == 0) {
		if (sigismember(&pend, SIGINT))
			return SIGINT;
		if (sigismember(&pend, SIGTERM))
			return SIGTERM;
		if (sigismember(&pend, SIGHUP))
			return SIGHUP;
	}
	return 0;
}

double collect_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void feed_runlog(void *ctx, const char *buf, size_t n)
{
	runlog_feed(ctx, buf, n);
}

void collect_name_input(struct runlog *rl, const char *name)
{
	char copy[256];
	const char *base = name;

	/* a path names its file; tcp:HOST:PORT stays whole */
	if (strchr(name, '/') && strncmp(name, "tcp:", 4)) {
		snprintf(copy, sizeof(copy), "%s", name);
		base = basename(copy);
	}
	snprintf(rl->input.name, sizeof(rl->input.name), "%s", base);
}

/* The unwrapper's findings go with the run model, under the input's name. */
static void input_done(struct logwrap *w, struct runlog *rl)
{
	char name[sizeof(rl->input.name)];

	logwrap_finish(w);
	memcpy(name, rl->input.name, sizeof(name));
	rl->input = w->info;
	memcpy(rl->input.name, name, sizeof(name));
}

static void progress(const struct runlog *rl, struct progress *p, double elapsed,
		     unsigned long reconnects, int final)
{
	char line[256];

	progress_format(line, sizeof(line), rl, p, elapsed, reconnects);
	/* \r and erase-to-end-of-line: one line redrawn in place. */
	fprintf(stderr, "\r%s\033[K%s", line, final ? "\n" : "");
	fflush(stderr);
}

/* Waits up to s seconds (less at the deadline); 1 when a stop signal came. */
static int pause_for(double s, double deadline)
{
	struct timespec ts;
	double now = collect_now();

	if (deadline > 0 && now + s > deadline)
		s = deadline > now ? deadline - now : 0;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	ppoll(NULL, 0, &ts, signals_ready ? &orig_mask : NULL);
	return stop_signal != 0;
}

/*
 * The connection dropped: connect again, waiting RECONNECT_FIRST s, doubling
 * up to RECONNECT_MAX s between tries, until the deadline or a signal.  The
 * new descriptor, or -1.
 */
static int reconnect(const struct collect_opts *o, double deadline, struct collect_result *res)
{
	double wait = RECONNECT_FIRST;
	char err[256];

	for (;;) {
		int fd;

		if (pause_for(wait, deadline) || (deadline > 0 && collect_now() >= deadline))
			return -1;
		fd = o->reconnect(o->reconnect_ctx, err, sizeof(err));
		if (fd >= 0) {
			res->reconnects++;
			return fd;
		}
		if (wait == RECONNECT_FIRST)
			fprintf(stderr, "\nplaydead: connection lost, reconnecting: %s\n", err);
		wait = wait * 2 < RECONNECT_MAX ? wait * 2 : RECONNECT_MAX;
	}
}

/*
 * --silence: resets the machine when its cycle in flight went quiet for
 * o->silence seconds (once, until a record comes); 1 when it is silent
 * again after the last reset allowed.
 */
static int watch_silence(struct runlog *rl, const struct collect_opts *o, struct rl_silence *w,
			 double now)
{
	uint64_t records = runlog_records_seen(rl);
	struct rl_died d;
	char err[256];
	int in_flight;

	/* Whether a cycle is in flight is asked only when it matters. */
	if (!rl_silence_due(w, now, records))
		return 0;
	in_flight = runlog_in_flight(rl, &d);
	switch (rl_silence_decide(w, now, records, in_flight)) {
	case RL_SILENCE_WAIT:
		return 0;
	case RL_SILENCE_GIVE_UP:
		rl->silence_gave_up = 1;
		fprintf(stderr,
			"\nplaydead: no record for %g s in cycle %u again after %u resets by the "
			"host: giving up\n",
			o->silence, d.n, w->resets);
		return 1;
	case RL_SILENCE_RESET:
		break;
	}
	fprintf(stderr,
		"\nplaydead: no record for %g s in cycle %u (phase %s): a hang; resetting the "
		"machine\n",
		o->silence, d.n, d.phase);
	runlog_host_reset(rl, &d, o->silence);
	if (o->reset(o->reset_ctx, err, sizeof(err)) != 0) {
		fprintf(stderr, "playdead: the reset failed: %s\n", err);
		runlog_note(rl, "cycle %u: the host could not reset the machine: %s", d.n, err);
	}
	return 0;
}

int collect_run(int fd, struct runlog *rl, const struct collect_opts *o, struct collect_result *res)
{
	static char buf[READ_CHUNK];
	static struct logwrap w;
	double start = collect_now(), deadline = o->timeout > 0 ? start + o->timeout : 0;
	double last_progress = 0;
	int ended = 0, child_gone = 0;
	struct progress prog = {0};
	struct rl_silence sw;

	memset(res, 0, sizeof(*res));
	rl_silence_init(&sw, o->reset ? o->silence : 0, RL_MAX_HOST_RESETS, start);
	logwrap_init(&w, feed_runlog, rl);
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		struct timespec ts, *tsp = NULL;
		double now = collect_now();
		ssize_t n;
		int rc;

		if (stop_signal) {
			res->stop = COLLECT_SIGNAL;
			res->signo = stop_signal;
			break;
		}
		if (sw.limit > 0 && watch_silence(rl, o, &sw, now)) {
			res->stop = COLLECT_SILENCE;
			break;
		}
		if (deadline > 0) {
			double left = deadline - now;

			if (left <= 0) {
				res->stop = ended ? COLLECT_END : COLLECT_TIMEOUT;
				break;
			}
			ts.tv_sec = (time_t)left;
			ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
			tsp = &ts;
		}
		if (o->child > 0) {
			/* Look for its exit twice a second (not reaped here). */
			siginfo_t si;

			memset(&si, 0, sizeof(si));
			if (!child_gone &&
			    waitid(P_PID, (id_t)o->child, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
			    si.si_pid == o->child)
				child_gone = 1;
			if (child_gone) {
				/* Read what it left, then stop. */
				ts.tv_sec = 0;
				ts.tv_nsec = 0;
				tsp = &ts;
			} else if (!tsp || ts.tv_sec > 0) {
				ts.tv_sec = 0;
				ts.tv_nsec = 500000000L;
				tsp = &ts;
			}
		}
		if (sw.limit > 0 && (!tsp || ts.tv_sec > 0 || ts.tv_nsec > SILENCE_POLL_NS)) {
			/* Wake up to look at the silence. */
			ts.tv_sec = 0;
			ts.tv_nsec = SILENCE_POLL_NS;
			tsp = &ts;
		}
		rc = ppoll(&p, 1, tsp, signals_ready ? &orig_mask : NULL);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			res->stop = COLLECT_ERROR;
			res->err = errno;
			break;
		}
		if (rc == 0 && child_gone) {
			res->stop = ended ? COLLECT_END : COLLECT_EOF;
			break;
		}
		if (rc == 0)
			continue; /* the deadline check above ends it */
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		/* A console server dropped us before the end: connect again.  What
		 * it sends twice the run model counts once (run, boot, seq). */
		if (n <= 0 && o->reconnect && !ended) {
			int nfd = reconnect(o, deadline, res);

			if (nfd >= 0) {
				fd = nfd;
				continue;
			}
			if (stop_signal || (deadline > 0 && collect_now() >= deadline))
				continue; /* reported at the top */
		}
		if (n < 0) {
			/* A tty whose other side went away reads EIO: an end. */
			if (errno == EIO) {
				res->stop = ended ? COLLECT_END : COLLECT_EOF;
				break;
			}
			res->stop = COLLECT_ERROR;
			res->err = errno;
			break;
		}
		if (n == 0) {
			res->stop = ended ? COLLECT_END : COLLECT_EOF;
			break;
		}
		if (o->log) {
			fwrite(buf, 1, (size_t)n, o->log);
			fflush(o->log);
		}
		logwrap_feed(&w, buf, (size_t)n);
		if (o->on_inject) {
			struct rl_inject q;

			while (runlog_take_inject(rl, &q))
				o->on_inject(o->inject_ctx, &q, rl);
		}
		now = collect_now();
		if (o->stop_on_restart && runlog_restarts(rl)) {
			res->stop = COLLECT_RESTART;
			break;
		}
		if (o->progress && now - last_progress >= 1.0 / PROGRESS_HZ) {
			progress(rl, &prog, now - start, res->reconnects, 0);
			last_progress = now;
		}
		if (!ended && runlog_end_seen(rl)) {
			ended = 1;
			if (o->stop_at_end) {
				res->stop = COLLECT_END;
				break;
			}
			if (o->end_grace > 0 && (!deadline || now + o->end_grace < deadline))
				deadline = now + o->end_grace;
		}
	}
	input_done(&w, rl);
	res->elapsed = collect_now() - start;
	res->fd = fd;
	if (o->progress)
		progress(rl, &prog, res->elapsed, res->reconnects, 1);
	return res->stop == COLLECT_ERROR ? -1 : 0;
}

int collect_read_all(int fd, struct runlog *rl)
{
	static char buf[READ_CHUNK];
	static struct logwrap w;
	ssize_t n;

	logwrap_init(&w, feed_runlog, rl);
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		logwrap_feed(&w, buf, (size_t)n);
	}
	input_done(&w, rl);
	return n < 0 ? errno : 0;
}
