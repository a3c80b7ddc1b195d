/* SPDX-License-Identifier: MIT */
/* Sessions: a machine or a serial source collected into a run model. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host/input/child.h"
#include "host/input/collect.h"
#include "host/input/qemu_monitor.h"
#include "host/input/session.h"

/* After the end record QEMU should exit at once through isa-debug-exit. */
#define QEMU_EXIT_GRACE 10.0

const char *session_signame(int sig)
{
	switch (sig) {
	case SIGINT:
		return "SIGINT";
	case SIGTERM:
		return "SIGTERM";
	case SIGHUP:
		return "SIGHUP";
	default:
		return "a signal";
	}
}

/* The QEMU command line for people: shell-quoted where needed. */
static void print_cmdline(char *const argv[])
{
	size_t i;

	fputs("playdead: starting", stderr);
	for (i = 0; argv[i]; i++) {
		const char *a = argv[i];

		if (a[0] && !strpbrk(a, " \t\n'\"\\$`*?[]{}()<>|&;#~!"))
			fprintf(stderr, " %s", a);
		else {
			fputs(" '", stderr);
			for (; *a; a++)
				if (*a == '\'')
					fputs("'\\''", stderr);
				else
					fputc(*a, stderr);
			fputc('\'', stderr);
		}
	}
	fputc('\n', stderr);
}

/* An inject record: the payload waits (bounded) for a broadcast machine
 * check; QEMU's monitor delivers it.  A failure here shows in the
 * payload's mce record as a machine check that never came. */
static void inject_by_monitor(void *ctx, const struct rl_inject *q, struct runlog *rl)
{
	char reply[256];

	const char *cmd;

	if (!strcmp(q->kind, PD_INJECT_MCE))
		cmd = QEMU_MCE_BROADCAST_CMD;
	else if (!strcmp(q->kind, PD_INJECT_MCE_NORIPV))
		cmd = QEMU_MCE_BROADCAST_NORIPV_CMD;
	else if (!strcmp(q->kind, PD_INJECT_MCE_CE))
		cmd = QEMU_MCE_CORRECTED_CMD;
	else {
		runlog_note(rl, "inject request of an unknown kind \"%.8s\" ignored", q->kind);
		return;
	}
	if (qemu_monitor_command(ctx, cmd, reply, sizeof(reply), 5.0) != 0)
		runlog_note(rl, "cycle %u: machine check not injected: %s", q->n, reply);
	else if (reply[0] && !strstr(cmd, reply)) /* a piece of the echo is no answer */
		runlog_note(rl, "cycle %u: QEMU's monitor answered the machine check: %.200s", q->n,
			    reply);
}

/* --silence: a hang the host ends as the reset button would. */
static int reset_by_monitor(void *ctx, char *err, size_t cap)
{
	return qemu_monitor_command(ctx, QEMU_SYSTEM_RESET_CMD, err, cap, 5.0);
}

/* What every session's collection takes from the command line; the caller
 * adds how its input ends. */
static void collect_opts_from(const struct session_opts *so, struct collect_opts *co)
{
	memset(co, 0, sizeof(*co));
	co->timeout = so->timeout;
	co->log = so->log;
	co->progress = so->progress;
}

/* Which Bochs ran; one older than the MWAIT fixes is named as such, since
 * its MWAIT outcomes are the emulator's. */
static void session_bochs_version_note(const struct bochs_config *bc, struct runlog *rl)
{
	unsigned major, minor;

	if (bochs_log_version(bc->dir, &major, &minor) != 0) {
		runlog_note(rl, "Bochs %s: no version in its log", bc->bin);
		return;
	}
	runlog_note(rl, "Bochs %u.%u (%s)", major, minor, bc->bin);
	if (major < BOCHS_MWAIT_FIXED_MAJOR ||
	    (major == BOCHS_MWAIT_FIXED_MAJOR && minor < BOCHS_MWAIT_FIXED_MINOR))
		runlog_note(rl,
			    "Bochs %u.%u arms MONITOR on a stale address and leaves a CPU in "
			    "MWAIT asleep after a TLB invalidation (fixed in %u.%u): its mwait "
			    "and mwait-kick outcomes are the emulator's; make bochs builds one",
			    major, minor, BOCHS_MWAIT_FIXED_MAJOR, BOCHS_MWAIT_FIXED_MINOR);
}

/* Boots the ISO in Bochs, collects COM1, reports.  Bochs does not exit when
 * the payload ends (it halts): collection stops at the end record. */
int session_bochs(const struct bochs_config *bc, const struct session_opts *so, struct runlog *rl)
{
	char err[512];
	char **argv;
	struct collect_opts co;
	struct collect_result cr;
	int fd = -1, status = 0, reaped = 0;
	pid_t pid;

	if (bochs_prepare(bc, err, sizeof(err)) != 0) {
		fprintf(stderr, "playdead: bochs: %s\n", err);
		return -1;
	}
	argv = bochs_argv(bc);
	if (!argv) {
		fprintf(stderr, "playdead: out of memory\n");
		return -1;
	}
	print_cmdline(argv);
	if (bochs_spawn(bc, argv, collect_orig_sigmask(), &pid, &fd, err, sizeof(err)) != 0) {
		fprintf(stderr, "playdead: %s\n", err);
		child_argv_free(argv);
		return -1;
	}
	child_argv_free(argv);
	collect_opts_from(so, &co);
	co.stop_at_end = 1;
	co.child = pid;
	collect_run(fd, rl, &co, &cr);
	close(fd);
	switch (cr.stop) {
	case COLLECT_TIMEOUT:
		runlog_set_stop_reason(rl, "timeout after %g s", so->timeout);
		fprintf(stderr, "playdead: timeout after %g s: Bochs killed\n", so->timeout);
		break;
	case COLLECT_SIGNAL:
		runlog_set_stop_reason(rl, "interrupted by %s", session_signame(cr.signo));
		break;
	case COLLECT_ERROR:
		runlog_set_stop_reason(rl, "reading COM1 failed: %s", strerror(cr.err));
		break;
	case COLLECT_EOF:
		/* Bochs exited: a triple fault with --no-reboot, or an error. */
		reaped = child_wait(pid, 1.0, &status);
		if (reaped && WIFEXITED(status)) {
			runlog_set_stop_reason(rl, "Bochs exited with status %d",
					       WEXITSTATUS(status));
			runlog_note(rl, "Bochs exited with status %d (its log: bochs.log)",
				    WEXITSTATUS(status));
		} else {
			runlog_set_stop_reason(rl, "Bochs ended");
		}
		break;
	case COLLECT_END:
	case COLLECT_RESTART:
	case COLLECT_SILENCE: /* not watched here */
		break;
	}
	if (!reaped)
		child_kill(pid);
	session_bochs_version_note(bc, rl);
	runlog_note(rl, "target: Bochs, CPU model %s, %u CPUs (%.0f s)", bc->cpu, bc->smp,
		    cr.elapsed);
	return 0;
}

/* The monitor's socket and its directory, when made. */
static void session_monitor_cleanup(const char *mon_dir, const char *mon_path)
{
	if (mon_dir[0]) {
		unlink(mon_path);
		rmdir(mon_dir);
	}
}

/* Boots QEMU, collects its serial output; QEMU is gone on return. */
int session_qemu(struct qemu_config *qc, int monitor, const struct session_opts *so,
		 struct runlog *rl)
{
	char mon_dir[64] = "", mon_path[96] = "", err[512];
	char **qargv;
	int fd = -1, status = 0, reaped = 0;
	pid_t pid;
	struct collect_opts co;
	struct collect_result cr;

	/* A monitor of our own: how provoke=mce gets its machine checks. */
	if (monitor) {
		snprintf(mon_dir, sizeof(mon_dir), "/tmp/playdead-mon-XXXXXX");
		if (mkdtemp(mon_dir)) {
			snprintf(mon_path, sizeof(mon_path), "%s/hmp.sock", mon_dir);
			qc->monitor = mon_path;
		} else {
			fprintf(stderr,
				"playdead: no directory for QEMU's monitor (%s): "
				"machine checks cannot be injected\n",
				strerror(errno));
			mon_dir[0] = 0;
		}
	}
	if (so->silence > 0 && !qc->monitor) {
		fprintf(stderr, "playdead: --silence resets the machine through QEMU's monitor, "
				"and there is none\n");
		return -1;
	}
	qargv = qemu_argv(qc);
	if (!qargv) {
		fprintf(stderr, "playdead: out of memory\n");
		session_monitor_cleanup(mon_dir, mon_path);
		qc->monitor = NULL;
		return -1;
	}
	print_cmdline(qargv);
	if (qemu_spawn(qargv, collect_orig_sigmask(), &pid, &fd, err, sizeof(err)) != 0) {
		fprintf(stderr, "playdead: %s (give --qemu BIN or PLAYDEAD_QEMU)\n", err);
		child_argv_free(qargv);
		session_monitor_cleanup(mon_dir, mon_path);
		qc->monitor = NULL;
		return -1;
	}
	child_argv_free(qargv);

	collect_opts_from(so, &co);
	co.end_grace = QEMU_EXIT_GRACE;
	co.stop_on_restart = 1;
	if (qc->monitor) {
		co.on_inject = inject_by_monitor;
		co.inject_ctx = (void *)qc->monitor;
	}
	if (so->silence > 0) {
		co.silence = so->silence;
		co.reset = reset_by_monitor;
		co.reset_ctx = (void *)qc->monitor;
		rl->silence_s = so->silence;
	}
	collect_run(fd, rl, &co, &cr);
	close(fd);

	switch (cr.stop) {
	case COLLECT_TIMEOUT:
		child_kill(pid);
		runlog_set_stop_reason(rl, "timeout after %g s", so->timeout);
		fprintf(stderr, "playdead: timeout after %g s: QEMU killed\n", so->timeout);
		break;
	case COLLECT_SIGNAL:
		child_kill(pid);
		runlog_set_stop_reason(rl, "interrupted by %s", session_signame(cr.signo));
		fprintf(stderr, "playdead: interrupted by %s: QEMU killed\n",
			session_signame(cr.signo));
		break;
	case COLLECT_ERROR:
		child_kill(pid);
		runlog_set_stop_reason(rl, "reading QEMU's output failed: %s", strerror(cr.err));
		break;
	case COLLECT_RESTART:
		child_kill(pid);
		runlog_set_reboot_loop(rl);
		runlog_set_stop_reason(rl, "the machine started a new run after one without an "
					   "end record: QEMU stopped");
		runlog_note(rl,
			    "reboot loop guard: QEMU stopped after %.0f s when a new run "
			    "started over a broken one",
			    cr.elapsed);
		fprintf(stderr, "playdead: a new run started after one without an end record "
				"(reboot loop?): QEMU killed\n");
		break;
	case COLLECT_SILENCE:
		child_kill(pid);
		runlog_set_stop_reason(rl,
				       "silent in a cycle again after %u resets by the host: "
				       "QEMU stopped",
				       RL_MAX_HOST_RESETS);
		runlog_note(rl,
			    "the machine hung again after the host had reset it %u times "
			    "(--silence %g): QEMU stopped after %.0f s",
			    RL_MAX_HOST_RESETS, so->silence, cr.elapsed);
		break;
	case COLLECT_END:
	case COLLECT_EOF:
		/* Its output ended: QEMU is exiting, or it ignored the end. */
		reaped = child_wait(pid, cr.stop == COLLECT_EOF ? 5.0 : 1.0, &status);
		if (!reaped) {
			child_kill(pid);
			runlog_note(rl, "QEMU did not exit after %s; killed",
				    cr.stop == COLLECT_END ? "the end record"
							   : "closing its output");
			if (cr.stop == COLLECT_EOF)
				runlog_set_stop_reason(rl, "QEMU closed its output");
		} else if (WIFEXITED(status)) {
			runlog_set_qemu_status(rl, WEXITSTATUS(status));
			runlog_set_stop_reason(rl, "QEMU exited with status %d",
					       WEXITSTATUS(status));
		} else if (WIFSIGNALED(status)) {
			runlog_set_stop_reason(rl, "QEMU was killed by signal %d",
					       WTERMSIG(status));
			runlog_note(rl, "QEMU was killed by signal %d", WTERMSIG(status));
		}
		break;
	}
	session_monitor_cleanup(mon_dir, mon_path);
	qc->monitor = NULL; /* mon_path ends here */
	return 0;
}

static int reconnect_source(void *ctx, char *err, size_t cap)
{
	return source_reconnect(ctx, err, cap);
}

int session_source(struct source *src, const struct session_opts *so, struct runlog *rl)
{
	struct collect_opts co;
	struct collect_result cr;

	collect_opts_from(so, &co);
	co.stop_at_end = src->live;
	collect_name_input(rl, src->name);
	if (src->kind == SOURCE_TCP) {
		co.reconnect = reconnect_source;
		co.reconnect_ctx = src;
	}
	collect_run(src->fd, rl, &co, &cr);
	source_close(src);
	rl->reconnects = cr.reconnects;
	if (cr.reconnects)
		runlog_note(rl, "%s dropped the connection; reconnected %lu %s", src->name,
			    cr.reconnects, cr.reconnects == 1 ? "time" : "times");
	switch (cr.stop) {
	case COLLECT_TIMEOUT:
		runlog_set_stop_reason(rl, "timeout after %g s", so->timeout);
		break;
	case COLLECT_SIGNAL:
		runlog_set_stop_reason(rl, "interrupted by %s", session_signame(cr.signo));
		break;
	case COLLECT_ERROR:
		fprintf(stderr, "playdead: reading %s: %s\n", src->name, strerror(cr.err));
		runlog_set_stop_reason(rl, "read error: %s", strerror(cr.err));
		break;
	case COLLECT_EOF:
		runlog_set_stop_reason(rl, "%s ended",
				       src->kind == SOURCE_TCP ? "connection" : "input");
		break;
	case COLLECT_END:
	case COLLECT_RESTART:
	case COLLECT_SILENCE: /* not watched here */
		break;
	}
	return cr.stop == COLLECT_ERROR ? -1 : 0;
}
