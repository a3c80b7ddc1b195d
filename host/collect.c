/* SPDX-License-Identifier: MIT */
/* The collection loop (see collect.h). */
#include "host/collect.h"

#include <errno.h>
#include <sys/wait.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define READ_CHUNK (64 * 1024)
/* Progress redraws per second at most. */
#define PROGRESS_HZ 4

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

static void progress(const struct runlog *rl, double elapsed, int final)
{
	fprintf(stderr,
		"\rplaydead: %llu records, %zu CPUs, boot %lu, %zu cycles, %llu corrupt lines, "
		"%.0f s%s",
		(unsigned long long)rl->st.good, runlog_cpu_count(rl), (unsigned long)rl->cur.boot,
		runlog_cycle_count(rl), (unsigned long long)rl->st.corrupt, elapsed,
		runlog_end_seen(rl) ? ", ended" : "");
	/* Clear what a longer earlier line left. */
	fputs("\033[K", stderr);
	if (final)
		fputc('\n', stderr);
	fflush(stderr);
}

int collect_run(int fd, struct runlog *rl, const struct collect_opts *o, struct collect_result *res)
{
	static char buf[READ_CHUNK];
	double start = collect_now(), deadline = o->timeout > 0 ? start + o->timeout : 0;
	double last_progress = 0;
	int ended = 0, child_gone = 0;

	memset(res, 0, sizeof(*res));
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
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
				continue;
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
		runlog_feed(rl, buf, (size_t)n);
		now = collect_now();
		if (o->stop_on_restart && runlog_restarts(rl)) {
			res->stop = COLLECT_RESTART;
			break;
		}
		if (o->progress && now - last_progress >= 1.0 / PROGRESS_HZ) {
			progress(rl, now - start, 0);
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
	res->elapsed = collect_now() - start;
	if (o->progress)
		progress(rl, res->elapsed, 1);
	return res->stop == COLLECT_ERROR ? -1 : 0;
}
