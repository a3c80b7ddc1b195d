/* SPDX-License-Identifier: MIT */
#include "host/input/media.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const path_names[] = {"kernel", "iso", "usb", "pxe"};

int boot_path_parse(const char *s, enum boot_path *b)
{
	size_t i;

	for (i = 0; i < sizeof(path_names) / sizeof(path_names[0]); i++) {
		if (!strcmp(s, path_names[i])) {
			*b = (enum boot_path)i;
			return 0;
		}
	}
	return -1;
}

const char *boot_path_name(enum boot_path b)
{
	return (unsigned)b < sizeof(path_names) / sizeof(path_names[0]) ? path_names[b] : "?";
}

/* dir of path (without the last component) into buf. */
static void dir_of(const char *path, char *buf, size_t cap)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(buf, cap, ".");
	else
		snprintf(buf, cap, "%.*s", (int)(slash - path), path);
}

const char *media_default_efi(const char *payload, char *buf, size_t cap)
{
	const char *env = getenv("PLAYDEAD_EFI");
	char dir[PATH_MAX];

	if (env && *env)
		return env;
	dir_of(payload, dir, sizeof(dir));
	snprintf(buf, cap, "%s/playdead.efi", dir);
	return buf;
}

const char *media_default_ovmf(void)
{
	const char *env = getenv("PLAYDEAD_OVMF");

	return env && *env ? env : MEDIA_DEFAULT_OVMF;
}

/* Runs "bash SCRIPT ARGS..." with its output in LOG; 0 when it succeeded. */
static int run_script(char *const argv[], const char *log, char *err, size_t errcap)
{
	pid_t pid = fork();
	int status;

	if (pid < 0) {
		snprintf(err, errcap, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		FILE *f = freopen(log, "w", stdout);

		if (!f || dup2(fileno(stdout), 2) < 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(err, errcap, "%s failed (see %s)", argv[1], log);
		return -1;
	}
	return 0;
}

int media_prepare(struct media *m, enum boot_path b, const char *elf, const char *efi,
		  const char *options, char *err, size_t errcap)
{
	const char *tmp = getenv("TMPDIR");
	char root[PATH_MAX + 8], payload_dir[PATH_MAX], script[PATH_MAX + 32], log[300];

	memset(m, 0, sizeof(*m));
	if (b == BOOT_KERNEL)
		return 0;
	if (access(efi, R_OK)) {
		snprintf(err, errcap, "EFI payload %s: %s (build it with 'make')", efi,
			 strerror(errno));
		return -1;
	}
	/* The scripts live in iso/ beside payload/. */
	dir_of(elf, payload_dir, sizeof(payload_dir));
	snprintf(root, sizeof(root), "%s/..", payload_dir);
	snprintf(m->dir, sizeof(m->dir), "%s/playdead-media-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(m->dir)) {
		snprintf(err, errcap, "mkdtemp %s: %s", m->dir, strerror(errno));
		m->dir[0] = 0;
		return -1;
	}
	snprintf(log, sizeof(log), "%s/media.log", m->dir);
	if (b == BOOT_PXE) {
		char *argv[] = {"bash",	     script,	      m->pxe, (char *)elf,
				(char *)efi, (char *)options, NULL};

		snprintf(script, sizeof(script), "%s/iso/mkpxe.sh", root);
		snprintf(m->pxe, sizeof(m->pxe), "%s/pxe", m->dir);
		return run_script(argv, log, err, errcap);
	} else {
		/* Menu timeout of 1 s: the default entry carries the options. */
		char *argv[] = {"bash",	     script,	      m->iso, (char *)elf,
				(char *)efi, (char *)options, "1",    NULL};

		snprintf(script, sizeof(script), "%s/iso/mkiso.sh", root);
		snprintf(m->iso, sizeof(m->iso), "%s/playdead.iso", m->dir);
		return run_script(argv, log, err, errcap);
	}
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void media_cleanup(struct media *m)
{
	if (m->dir[0])
		nftw(m->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	m->dir[0] = 0;
}
