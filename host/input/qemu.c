/* SPDX-License-Identifier: MIT */
/* Starting the payload in QEMU (see qemu.h). */
#include "host/input/qemu.h"

#include "host/input/child.h"
#include "results/runend.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * Extra arguments for more than QEMU_XAPIC_MAX_CPUS CPUs on q35: x2APIC IDs
 * above 255 need interrupt remapping with extended interrupt mode.  Kept in
 * one place so the set can change with what QEMU needs.
 */
static const char *const big_smp_args[] = {
    "-device",
    "intel-iommu,intremap=on,eim=on",
};

/*
 * By default a reset reboots (RAM kept): negative controls reset the machine
 * and the next boot records that and goes on with the schedule.
 */
static const char *const no_reboot_args[] = {
    "-no-reboot",
};

struct argv_builder {
	char **v;
	size_t n, cap;
	int oom;
};

static void vpush(struct argv_builder *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
static void vpush(struct argv_builder *b, const char *fmt, va_list ap)
{
	char *s;

	if (b->oom)
		return;
	if (b->n + 2 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 32;
		char **v = realloc(b->v, cap * sizeof(*v));

		if (!v) {
			b->oom = 1;
			return;
		}
		b->v = v;
		b->cap = cap;
	}
	if (vasprintf(&s, fmt, ap) < 0)
		b->oom = 1;
	else
		b->v[b->n++] = s;
	b->v[b->n] = NULL;
}

static void push(struct argv_builder *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void push(struct argv_builder *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpush(b, fmt, ap);
	va_end(ap);
}

/* An option and its value: "-m", "256". */
static void push_opt(struct argv_builder *b, const char *opt, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void push_opt(struct argv_builder *b, const char *opt, const char *fmt, ...)
{
	va_list ap;

	push(b, "%s", opt);
	va_start(ap, fmt);
	vpush(b, fmt, ap);
	va_end(ap);
}

char *qemu_payload_cmdline(const struct qemu_config *c, int exit_qemu)
{
	size_t i, len = strlen("exit=qemu") + 1 + 32;
	unsigned host_cpus = c->host_cpus;
	char *s;

	for (i = 0; i < c->npayload_opts; i++) {
		len += strlen(c->payload_opts[i]) + 1;
		if (!strncmp(c->payload_opts[i], "host_cpus=", 10))
			host_cpus = 0; /* the user's value stands */
	}
	s = malloc(len);
	if (!s)
		return NULL;
	strcpy(s, exit_qemu ? "exit=qemu" : "");
	/* The payload sizes its waits by vCPUs per host CPU (results/limits.h). */
	if (host_cpus)
		snprintf(s + strlen(s), 32, "%shost_cpus=%u", s[0] ? " " : "", host_cpus);
	for (i = 0; i < c->npayload_opts; i++) {
		if (s[0])
			strcat(s, " ");
		strcat(s, c->payload_opts[i]);
	}
	return s;
}

char **qemu_argv(const struct qemu_config *c)
{
	struct argv_builder b = {0};
	char *append;
	size_t i;

	push(&b, "%s", c->qemu);
	push_opt(&b, "-accel", "tcg,thread=%s", c->tcg_single ? "single" : "multi");
	push_opt(&b, "-machine", "%s", c->machine);
	push_opt(&b, "-cpu", "%s", c->cpu);
	push(&b, "-smp");
	if (c->sockets)
		push(&b, "%u,sockets=%u,cores=%u,threads=%u", c->smp, c->sockets, c->cores,
		     c->threads);
	else
		push(&b, "%u", c->smp);
	push_opt(&b, "-m", "%u", c->mem_mb);
	push_opt(&b, "-display", "none");
	push_opt(&b, "-vga", "none");
	if (c->no_reboot)
		for (i = 0; i < sizeof(no_reboot_args) / sizeof(no_reboot_args[0]); i++)
			push(&b, "%s", no_reboot_args[i]);
	push(&b, "-nodefaults");
	if (c->serial_device) {
		/* Only the named UART: any other comes from --qemu-arg. */
		push_opt(&b, "-chardev", "stdio,id=pdserial");
		push_opt(&b, "-device", "%s,chardev=pdserial", c->serial_device);
	} else {
		push_opt(&b, "-serial", "stdio");
	}
	if (c->monitor)
		push_opt(&b, "-monitor", "unix:%s,server=on,wait=off", c->monitor);
	else
		push_opt(&b, "-monitor", "none");
	append = qemu_payload_cmdline(c, 1);
	if (!append)
		b.oom = 1;
	if (c->uefi)
		push_opt(&b, "-bios", "%s", c->ovmf);
	switch (c->boot) {
	case BOOT_KERNEL:
		/* Options on the command line: multiboot's, or the EFI load options. */
		push_opt(&b, "-kernel", "%s", c->uefi ? c->efi : c->payload);
		push_opt(&b, "-append", "%s", append ? append : "");
		break;
	case BOOT_ISO:
		push_opt(&b, "-cdrom", "%s", c->media->iso);
		break;
	case BOOT_USB:
		/* The hybrid ISO as a USB stick (its isohybrid MBR/GPT). */
		push_opt(&b, "-drive", "file=%s,format=raw,if=none,id=usbstick", c->media->iso);
		push_opt(&b, "-device", "usb-ehci,id=ehci");
		push_opt(&b, "-device", "usb-storage,bus=ehci.0,drive=usbstick,bootindex=1");
		break;
	case BOOT_PXE:
		/* QEMU's built-in iPXE ROM fetches the script from its TFTP server. */
		push_opt(&b, "-netdev", "user,id=net0,tftp=%s,bootfile=playdead.ipxe",
			 c->media->pxe);
		push_opt(&b, "-device", "e1000,netdev=net0,bootindex=1");
		break;
	}
	free(append);
	push_opt(&b, "-device", "isa-debug-exit,iobase=0x%02x,iosize=0x%02x", PD_DEBUG_EXIT_PORT,
		 PD_DEBUG_EXIT_SIZE);
	if (c->smp > QEMU_XAPIC_MAX_CPUS && !strncmp(c->machine, "q35", 3))
		for (i = 0; i < sizeof(big_smp_args) / sizeof(big_smp_args[0]); i++)
			push(&b, "%s", big_smp_args[i]);
	for (i = 0; i < c->nextra; i++)
		push(&b, "%s", c->extra[i]);
	if (b.oom) {
		child_argv_free(b.v);
		return NULL;
	}
	return b.v;
}

const char *qemu_default_bin(void)
{
	const char *e = getenv("PLAYDEAD_QEMU");

	return e && e[0] ? e : QEMU_DEFAULT_BIN;
}

const char *qemu_default_payload(char *buf, size_t cap)
{
	const char *e = getenv("PLAYDEAD_PAYLOAD");
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;

	if (e && e[0])
		return e;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return "payload/playdead.elf";
	exe[n] = 0;
	slash = strrchr(exe, '/');
	if (slash)
		*slash = 0;
	snprintf(buf, cap, "%s/../payload/playdead.elf", exe);
	return buf;
}

int qemu_spawn(char *const argv[], const void *child_sigmask, pid_t *pid_out, int *fd_out,
	       char *err, size_t cap)
{
	int out[2];

	if (pipe2(out, O_CLOEXEC) != 0) {
		snprintf(err, cap, "pipe: %s", strerror(errno));
		return -1;
	}
	if (child_spawn(argv, child_sigmask, out[1], -1, pid_out, err, cap) != 0) {
		close(out[0]);
		close(out[1]);
		return -1;
	}
	close(out[1]);
	*fd_out = out[0];
	return 0;
}
