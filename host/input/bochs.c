/* SPDX-License-Identifier: MIT */
/*
 * Bochs as a target: its own BIOS boots the run's ISO as a CD (with SeaBIOS
 * it lists only one CPU), COM1 goes to a FIFO, the display is the text
 * library (headless enough: its output goes to a file), and the debugger's
 * start prompt is answered from an -rc file.
 */
#include "host/input/bochs.h"

#include "host/input/child.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *bochs_default_bin(void)
{
	static char built[4096];
	const char *e = getenv("PLAYDEAD_BOCHS");
	char self[3584];
	ssize_t n;
	char *slash;

	if (e && *e)
		return e;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			snprintf(built, sizeof(built), "%s/%s", self, BOCHS_BUILT_BIN);
			if (access(built, X_OK) == 0)
				return built;
		}
	}
	return BOCHS_DEFAULT_BIN;
}

int bochs_banner_version(const char *text, size_t len, unsigned *major, unsigned *minor)
{
	static const char banner[] = "Bochs x86 Emulator ";
	const size_t blen = sizeof(banner) - 1;
	size_t i, j;
	unsigned v[2];
	int k;

	for (i = 0; i + blen <= len; i++) {
		if (memcmp(text + i, banner, blen))
			continue;
		j = i + blen;
		for (k = 0; k < 2; k++) {
			if (j >= len || text[j] < '0' || text[j] > '9')
				break;
			v[k] = 0;
			while (j < len && text[j] >= '0' && text[j] <= '9' && v[k] < 1000)
				v[k] = v[k] * 10 + (unsigned)(text[j++] - '0');
			if (k == 0 && (j >= len || text[j++] != '.'))
				break;
		}
		if (k == 2) {
			*major = v[0];
			*minor = v[1];
			return 0;
		}
	}
	return -1;
}

int bochs_log_version(const char *dir, unsigned *major, unsigned *minor)
{
	char path[512], buf[8192];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/bochs.log", dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return bochs_banner_version(buf, n, major, minor);
}

static int write_file(const char *path, const char *text, char *err, size_t errcap)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		snprintf(err, errcap, "cannot write %s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	return 0;
}

int bochs_prepare(const struct bochs_config *c, char *err, size_t errcap)
{
	char path[512], rc[4096];
	int n;

	if (access(BOCHS_BIOS, R_OK) || access(BOCHS_VGABIOS, R_OK)) {
		snprintf(err, errcap, "%s or %s missing (packages bochsbios, vgabios)", BOCHS_BIOS,
			 BOCHS_VGABIOS);
		return -1;
	}
	/* reset_on_triple_fault=0: a triple fault ends Bochs (a panic), as
	 * QEMU's -no-reboot; otherwise it resets, and its BIOS does not boot
	 * the CD again (the stream just ends). */
	n = snprintf(rc, sizeof(rc),
		     "megs: %u\n"
		     "cpu: model=%s, count=%u, ips=%u, reset_on_triple_fault=%d\n"
		     "romimage: file=%s\n"
		     "vgaromimage: file=%s\n"
		     "ata0-master: type=cdrom, path=\"%s\", status=inserted\n"
		     "boot: cdrom\n"
		     "com1: enabled=1, mode=file, dev=\"%s/com1\"\n"
		     "display_library: term\n"
		     "log: %s/bochs.log\n"
		     "panic: action=fatal\n"
		     "error: action=report\n",
		     c->mem_mb, c->cpu, c->smp, BOCHS_DEFAULT_IPS, c->no_reboot ? 0 : 1, BOCHS_BIOS,
		     BOCHS_VGABIOS, c->iso, c->dir, c->dir);
	if (n < 0 || (size_t)n >= sizeof(rc)) {
		snprintf(err, errcap, "Bochs configuration too long");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/bochsrc", c->dir);
	if (write_file(path, rc, err, errcap))
		return -1;
	snprintf(path, sizeof(path), "%s/cont.rc", c->dir);
	if (write_file(path, "c\n", err, errcap))
		return -1;
	snprintf(path, sizeof(path), "%s/com1", c->dir);
	if (mkfifo(path, 0600) != 0 && errno != EEXIST) {
		snprintf(err, errcap, "mkfifo %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

char **bochs_argv(const struct bochs_config *c)
{
	char **v = calloc(8, sizeof(*v));

	if (!v)
		return NULL;
	if (!(v[0] = strdup(c->bin)) || !(v[1] = strdup("-q")) || !(v[2] = strdup("-f")) ||
	    asprintf(&v[3], "%s/bochsrc", c->dir) < 0 || !(v[4] = strdup("-rc")) ||
	    asprintf(&v[5], "%s/cont.rc", c->dir) < 0) {
		child_argv_free(v);
		return NULL;
	}
	return v;
}

int bochs_spawn(const struct bochs_config *c, char *const argv[], const void *child_sigmask,
		pid_t *pid_out, int *fd_out, char *err, size_t errcap)
{
	char fifo[512], out[512];
	int rd, wr, o, r;
	pid_t pid;

	snprintf(fifo, sizeof(fifo), "%s/com1", c->dir);
	snprintf(out, sizeof(out), "%s/bochs.out", c->dir);
	rd = open(fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	/* Our own writer: no end-of-file before Bochs opens it, nor after. */
	wr = rd >= 0 ? open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC) : -1;
	if (rd < 0 || wr < 0) {
		snprintf(err, errcap, "%s: %s", fifo, strerror(errno));
		if (rd >= 0)
			close(rd);
		return -1;
	}
	/* The text display and the debugger's output go to a file; the
	 * debugger reads its commands from the -rc file. */
	o = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	r = child_spawn(argv, child_sigmask, o, o, &pid, err, errcap);
	if (o >= 0)
		close(o);
	if (r != 0) {
		if (r == -2) {
			size_t len = strlen(err);

			snprintf(err + len, errcap - len,
				 " (make bochs builds it, or set PLAYDEAD_BOCHS)");
		}
		close(rd);
		close(wr);
		return -1;
	}
	/* The write side stays open for the life of the process (one run). */
	(void)wr;
	*pid_out = pid;
	*fd_out = rd;
	return 0;
}
