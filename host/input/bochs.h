/* SPDX-License-Identifier: MIT */
/* Starting the payload in Bochs (a second machine model, with CPU models of
 * real processors) from the boot ISO, COM1 on a FIFO the host reads. */
#ifndef PD_HOST_BOCHS_H
#define PD_HOST_BOCHS_H

#include <stddef.h>
#include <sys/types.h>

#include "host/input/child.h"

#define BOCHS_DEFAULT_BIN "bochs"
#define BOCHS_DEFAULT_CPU "corei7_skylake_x"
#define BOCHS_BIOS	  "/usr/share/bochs/BIOS-bochs-latest"
#define BOCHS_VGABIOS	  "/usr/share/vgabios/vgabios.bin"
#define BOCHS_DEFAULT_IPS 50000000 /* instructions per emulated second */

/* Bochs 2.7 loses MWAIT sleepers (MONITOR armed on a stale address, a CPU
 * in MWAIT disarmed by a TLB invalidation and never woken); fixed in 2.8,
 * upstream commit b8f38eb8d. */
#define BOCHS_MWAIT_FIXED_MAJOR 2
#define BOCHS_MWAIT_FIXED_MINOR 8

/* Where make bochs puts the Bochs it builds, relative to host/playdead. */
#define BOCHS_BUILT_BIN "../build/bochs/bin/bochs"

struct bochs_config {
	const char *bin; /* bochs_default_bin() */
	const char *cpu; /* a model of "bochs --help cpu" */
	unsigned smp;
	unsigned mem_mb;
	int no_reboot;	 /* a triple fault ends Bochs instead of resetting */
	const char *iso; /* the boot ISO (options inside) */
	const char *dir; /* a directory for the configuration and the FIFO */
};

/* PLAYDEAD_BOCHS; else the Bochs make bochs built beside this tool's
 * build tree (BOCHS_BUILT_BIN from the executable's folder); else
 * BOCHS_DEFAULT_BIN on PATH. */
const char *bochs_default_bin(void);

/*
 * The version in Bochs's banner ("Bochs x86 Emulator 3.0", the first such
 * line of its log or terminal output) in TEXT (LEN bytes, not necessarily
 * terminated).  Returns 0 with *major and *minor, or -1 when there is none.
 */
int bochs_banner_version(const char *text, size_t len, unsigned *major, unsigned *minor);

/* bochs_banner_version() of DIR/bochs.log, which a run writes. */
int bochs_log_version(const char *dir, unsigned *major, unsigned *minor);

/*
 * Writes DIR/bochsrc and DIR/cont.rc (the debugger's start prompt answered
 * with "c") and makes the FIFO DIR/com1.  Returns 0, or -1 with a message.
 */
int bochs_prepare(const struct bochs_config *c, char *err, size_t errcap);

/* The argument vector (NULL-terminated, malloc'd; free with child_argv_free). */
char **bochs_argv(const struct bochs_config *c);

/*
 * Opens COM1's FIFO (read side, and a write side of our own so that it never
 * reads end-of-file before Bochs opens it), then starts Bochs in a process
 * group of its own with its terminal output in DIR/bochs.out.  *fd reads
 * COM1.  Returns 0, or -1 with a message in err.
 */
int bochs_spawn(const struct bochs_config *c, char *const argv[], const void *child_sigmask,
		pid_t *pid, int *fd, char *err, size_t errcap);

#endif
