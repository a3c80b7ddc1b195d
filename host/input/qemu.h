/* SPDX-License-Identifier: MIT */
/* Starting the payload in QEMU (TCG) with its serial on a pipe. */
#ifndef PD_HOST_QEMU_H
#define PD_HOST_QEMU_H

#include <stddef.h>
#include <sys/types.h>

#include "host/input/child.h"
#include "host/input/media.h"

#define QEMU_DEFAULT_BIN     "qemu-system-x86_64"
#define QEMU_DEFAULT_MEM_MB  256
#define QEMU_DEFAULT_MACHINE "q35"
#define QEMU_DEFAULT_CPU     "max"
/* Above this many CPUs xAPIC IDs run out: x2APIC needs interrupt remapping. */
#define QEMU_XAPIC_MAX_CPUS 255

struct qemu_config {
	const char *qemu;    /* binary */
	const char *payload; /* multiboot ELF */
	const char *machine; /* q35 | pc */
	const char *cpu;
	unsigned smp;
	unsigned sockets, cores, threads; /* 0: no topology given */
	unsigned mem_mb;
	int no_reboot;			 /* -no-reboot: a reset ends QEMU instead of rebooting */
	const char *const *payload_opts; /* appended after "exit=qemu" */
	size_t npayload_opts;
	const char *const *extra; /* --qemu-arg, verbatim at the end */
	size_t nextra;
	enum boot_path boot;	   /* --boot: how the payload gets in */
	int uefi;		   /* --firmware uefi: OVMF instead of SeaBIOS */
	const char *efi;	   /* the EFI payload (kernel path under UEFI) */
	const char *ovmf;	   /* OVMF image */
	const struct media *media; /* prepared ISO or PXE directory */
	const char *monitor;	   /* HMP on this unix socket, NULL: no monitor */
	/* --serial-device: the UART collected, as a QEMU device without its
	 * chardev ("isa-serial,index=1": COM2; "pci-serial"); NULL: COM1. */
	const char *serial_device;
	int tcg_single;	    /* -accel tcg,thread=single: one host thread runs every vCPU */
	unsigned host_cpus; /* host CPUs online: host_cpus= for the payload's waits; 0: none */
};

/* The payload options, space-separated (malloc'd): "exit=qemu" first when
 * exit_qemu (isa-debug-exit: QEMU's exit status carries the verdict), then
 * "host_cpus=N" (when known and the options do not give it). */
char *qemu_payload_cmdline(const struct qemu_config *c, int exit_qemu);

/* The argument vector (NULL-terminated, malloc'd; free with child_argv_free). */
char **qemu_argv(const struct qemu_config *c);

/* PLAYDEAD_QEMU, else QEMU_DEFAULT_BIN. */
const char *qemu_default_bin(void);
/* PLAYDEAD_PAYLOAD, else <dir of this program>/../payload/playdead.elf. */
const char *qemu_default_payload(char *buf, size_t cap);

/*
 * Starts argv[0] in a process group of its own (killed with us if we die),
 * stdin from /dev/null, stdout on a pipe whose read end is *fd.  Returns 0,
 * or -1 with a message in err (the binary missing included).
 */
int qemu_spawn(char *const argv[], const void *child_sigmask, pid_t *pid, int *fd, char *err,
	       size_t errcap);
/* Waiting for it and killing it: child_wait(), child_kill(). */

#endif
