/* SPDX-License-Identifier: MIT */
/* The emulator as a child process (see child.h). */
#include "host/input/child.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int child_spawn(char *const argv[], const void *child_sigmask, int out_fd, int err_fd,
		pid_t *pid_out, char *err, size_t cap)
{
	int errp[2], child_errno = 0;
	pid_t parent = getpid(), pid;
	ssize_t n;

	/* exec failure travels back on a close-on-exec pipe. */
	if (pipe2(errp, O_CLOEXEC) != 0) {
		snprintf(err, cap, "pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(err, cap, "fork: %s", strerror(errno));
		close(errp[0]);
		close(errp[1]);
		return -1;
	}
	if (pid == 0) {
		int devnull, e;

		setpgid(0, 0);
		/* If playdead dies, the emulator goes with it. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		if (child_sigmask)
			sigprocmask(SIG_SETMASK, child_sigmask, NULL);
		/* QEMU's -serial stdio would read (and put into raw mode) our
		 * terminal. */
		devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0 && devnull != STDIN_FILENO) {
			dup2(devnull, STDIN_FILENO);
			close(devnull);
		}
		if (out_fd >= 0)
			dup2(out_fd, STDOUT_FILENO);
		if (err_fd >= 0)
			dup2(err_fd, STDERR_FILENO);
		execvp(argv[0], argv);
		e = errno;
		if (write(errp[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	setpgid(pid, pid); /* also here: no window where it is in our group */
	close(errp[1]);
	do
		n = read(errp[0], &child_errno, sizeof(child_errno));
	while (n < 0 && errno == EINTR);
	close(errp[0]);
	if (n == (ssize_t)sizeof(child_errno)) {
		snprintf(err, cap, "cannot run %s: %s", argv[0], strerror(child_errno));
		waitpid(pid, NULL, 0);
		return -2;
	}
	*pid_out = pid;
	return 0;
}

int child_kill(pid_t pid)
{
	int status = 0;

	if (kill(-pid, SIGKILL) != 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

int child_wait(pid_t pid, double timeout, int *status)
{
	struct timespec nap = {0, 10 * 1000 * 1000};
	double waited = 0;

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return 1;
		if (r < 0 && errno != EINTR)
			return 0;
		if (waited >= timeout)
			return 0;
		nanosleep(&nap, NULL);
		waited += 0.01;
	}
}

void child_argv_free(char **argv)
{
	size_t i;

	if (!argv)
		return;
	for (i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
}
