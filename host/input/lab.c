/* SPDX-License-Identifier: MIT */
/* A real machine through the lab's own commands (host/input/lab.h). */
#include "host/input/lab.h"

#include "host/input/child.h"
#include "host/input/collect.h"
#include "host/model/runlog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The console: the connection command's output, and the process. */
struct lab_console {
	const struct lab_config *lc;
	pid_t pid;
	int fd;
	unsigned long drops;
};

static int spawn_shell(const char *cmd, int out_fd, pid_t *pid, char *err, size_t cap)
{
	char *argv[] = {"/bin/sh", "-c", (char *)cmd, NULL};

	return child_spawn(argv, collect_orig_sigmask(), out_fd, -1, pid, err, cap) ? -1 : 0;
}

/* A command that must finish: 0 when it exited with status 0 in time. */
static int run_command(const char *what, const char *cmd, char *err, size_t cap)
{
	pid_t pid;
	int status;

	if (spawn_shell(cmd, -1, &pid, err, cap))
		return -1;
	if (!child_wait(pid, LAB_COMMAND_TIMEOUT, &status)) {
		child_kill(pid);
		snprintf(err, cap, "%s did not finish in %.0f s: killed", what,
			 LAB_COMMAND_TIMEOUT);
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(err, cap, "%s failed (%s %d)", what,
			 WIFEXITED(status) ? "exit status" : "signal",
			 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return -1;
	}
	return 0;
}

/* Starts the connection command with its output on a pipe we read. */
static int console_open(struct lab_console *c, char *err, size_t cap)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC)) {
		snprintf(err, cap, "pipe: %s", strerror(errno));
		return -1;
	}
	if (spawn_shell(c->lc->connect, p[1], &c->pid, err, cap)) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	close(p[1]);
	c->fd = p[0];
	return 0;
}

/* The console dropped (a SOL session ends, a console server hangs up):
 * the old command is ended and a new one started. */
static int console_reopen(void *ctx, char *err, size_t cap)
{
	struct lab_console *c = ctx;

	if (c->pid > 0)
		child_kill(c->pid);
	c->pid = -1;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	if (++c->drops > LAB_MAX_RECONNECTS) {
		snprintf(err, cap, "the console dropped more than %d times", LAB_MAX_RECONNECTS);
		return -1;
	}
	if (console_open(c, err, cap))
		return -1;
	return c->fd;
}

static int hard_reset(void *ctx, char *err, size_t cap)
{
	const struct lab_config *lc = ctx;

	return run_command("the hard reset command", lc->hard_reset, err, cap);
}

/* The stop, as the report tells it. */
static void note_stop(struct runlog *rl, const struct collect_result *cr,
		      const struct session_opts *so)
{
	switch (cr->stop) {
	case COLLECT_TIMEOUT:
		runlog_set_stop_reason(rl, "timeout after %g s", so->timeout);
		break;
	case COLLECT_SIGNAL:
		runlog_set_stop_reason(rl, "interrupted by %s", session_signame(cr->signo));
		break;
	case COLLECT_ERROR:
		runlog_set_stop_reason(rl, "reading the console failed: %s", strerror(cr->err));
		break;
	case COLLECT_EOF:
		runlog_set_stop_reason(rl, "the console ended");
		break;
	case COLLECT_SILENCE:
		runlog_set_stop_reason(rl,
				       "silent in a cycle again after %u resets by the host: "
				       "stopped",
				       RL_MAX_HOST_RESETS);
		break;
	case COLLECT_END:
	case COLLECT_RESTART:
		break;
	}
}

int session_lab(const struct lab_config *lc, const struct session_opts *so, struct runlog *rl)
{
	struct lab_console c = {.lc = lc, .pid = -1, .fd = -1};
	struct collect_opts co;
	struct collect_result cr;
	char err[512];

	if (lc->power_on && run_command("the power-on command", lc->power_on, err, sizeof(err))) {
		fprintf(stderr, "playdead: %s\n", err);
		return -1;
	}
	if (console_open(&c, err, sizeof(err))) {
		fprintf(stderr, "playdead: the connection command: %s\n", err);
		return -1;
	}
	memset(&co, 0, sizeof(co));
	co.timeout = so->timeout;
	co.log = so->log;
	co.progress = so->progress;
	co.stop_at_end = 1;
	co.reconnect = console_reopen;
	co.reconnect_ctx = &c;
	if (so->silence > 0) {
		co.silence = so->silence;
		co.reset = hard_reset;
		co.reset_ctx = (void *)lc;
		rl->silence_s = so->silence;
	}
	collect_name_input(rl, "lab console");
	collect_run(c.fd, rl, &co, &cr);
	if (cr.fd >= 0 && cr.fd != c.fd)
		c.fd = cr.fd;
	if (c.pid > 0)
		child_kill(c.pid);
	if (c.fd >= 0)
		close(c.fd);
	rl->reconnects = cr.reconnects;
	if (cr.reconnects)
		runlog_note(rl, "the console dropped; connected again %lu %s", cr.reconnects,
			    cr.reconnects == 1 ? "time" : "times");
	note_stop(rl, &cr, so);
	if (lc->power_off && run_command("the power-off command", lc->power_off, err, sizeof(err)))
		runlog_note(rl, "%s", err);
	return 0;
}
