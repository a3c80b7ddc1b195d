/* SPDX-License-Identifier: MIT */
/* The emulator as a child process: started, waited for, killed. */
#ifndef PD_HOST_CHILD_H
#define PD_HOST_CHILD_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Starts argv[0] (PATH searched) in a process group of its own, killed with
 * us if we die, default signal dispositions and child_sigmask (when not
 * NULL) as its mask; stdin from /dev/null; stdout on out_fd and stderr on
 * err_fd when they are >= 0, else ours.  Returns 0; -1 with the failed
 * call in err; -2 with "cannot run BIN: why" when exec failed (the binary
 * missing included).
 */
int child_spawn(char *const argv[], const void *child_sigmask, int out_fd, int err_fd, pid_t *pid,
		char *err, size_t errcap);
/* Frees a NULL-terminated argument vector of malloc'd strings (NULL: nothing). */
void child_argv_free(char **argv);
/* SIGKILL to its process group, then reaps it. Returns the wait status. */
int child_kill(pid_t pid);
/* Waits up to timeout seconds; 1 and *status when it exited, 0 if not. */
int child_wait(pid_t pid, double timeout, int *status);

#endif
