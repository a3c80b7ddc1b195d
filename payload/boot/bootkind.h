/* SPDX-License-Identifier: MIT */
/*
 * Which kind of boot this instance is, decided once by kmain and read
 * everywhere else: the run's first boot does the probes, the checks and the
 * fault injections; a boot that continues the run only resumes it.
 */
#ifndef PD_BOOT_BOOTKIND_H
#define PD_BOOT_BOOTKIND_H

enum boot_kind {
	BOOT_FIRST,	  /* a new run: from a loader, or a results area not to trust */
	BOOT_ARRIVAL,	  /* the next instance after a cycle's kexec */
	BOOT_AFTER_RESET, /* from firmware, with the same options, a cycle in flight */
};

void boot_kind_set(enum boot_kind k);
enum boot_kind boot_kind(void);

/* The run's first boot: fault= and the other injections apply, the probes
 * and comparisons run. */
static inline int boot_first(void)
{
	return boot_kind() == BOOT_FIRST;
}

#endif
