/* SPDX-License-Identifier: MIT */
/* QEMU's human monitor on a unix socket (see qemu_monitor.h). */
#include "host/input/qemu_monitor.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define PROMPT "(qemu) "

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void say(char *reply, size_t cap, const char *what, int err)
{
	if (!reply || !cap)
		return;
	if (err)
		snprintf(reply, cap, "%s: %s", what, strerror(err));
	else
		snprintf(reply, cap, "%s", what);
}

/* Reads into buf until it ends with the prompt; returns the length, -1 on
 * error or timeout (buf NUL-terminated either way). */
static long read_to_prompt(int fd, char *buf, size_t cap, double deadline)
{
	size_t len = 0, pl = strlen(PROMPT);

	buf[0] = 0;
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		double left = deadline - now();
		ssize_t n;

		if (len >= pl && !memcmp(buf + len - pl, PROMPT, pl))
			return (long)len;
		if (left <= 0)
			return -1;
		if (poll(&p, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		if (len + 1 >= cap) /* keep the tail: the prompt is what counts */
			len = 0;
		n = read(fd, buf + len, cap - 1 - len);
		if (n <= 0)
			return -1;
		len += (size_t)n;
		buf[len] = 0;
	}
}

int qemu_monitor_command(const char *path, const char *cmd, char *reply, size_t cap, double timeout)
{
	struct sockaddr_un a;
	char buf[4096];
	double deadline = now() + timeout;
	int fd, rc = -1;
	long n;

	memset(&a, 0, sizeof(a));
	a.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(a.sun_path)) {
		say(reply, cap, "monitor socket path too long", 0);
		return -1;
	}
	memcpy(a.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		say(reply, cap, "monitor socket", errno);
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		say(reply, cap, "connecting to QEMU's monitor", errno);
		goto out;
	}
	if (read_to_prompt(fd, buf, sizeof(buf), deadline) < 0) {
		say(reply, cap, "QEMU's monitor gave no prompt", 0);
		goto out;
	}
	if (write(fd, cmd, strlen(cmd)) != (ssize_t)strlen(cmd) || write(fd, "\n", 1) != 1) {
		say(reply, cap, "writing to QEMU's monitor", errno);
		goto out;
	}
	n = read_to_prompt(fd, buf, sizeof(buf), deadline);
	if (n < 0) {
		say(reply, cap, "QEMU's monitor did not answer", 0);
		goto out;
	}
	/* The answer: what comes after the echoed command, before the prompt. */
	buf[n - (long)strlen(PROMPT)] = 0;
	if (reply && cap) {
		const char *p = strstr(buf, cmd);

		size_t k = 0;

		/* Printable text only: the monitor's line editing sends escapes. */
		p = p ? p + strlen(cmd) : buf;
		for (; *p && k + 1 < cap; p++) {
			if (*p == '\033') {
				while (p[1] && !(p[1] >= '@' && p[1] <= '~' && p[1] != '['))
					p++;
				if (p[1])
					p++;
				continue;
			}
			if ((unsigned char)*p >= ' ' && *p != 0x7f)
				reply[k++] = *p;
			else if ((*p == '\n') && k && reply[k - 1] != ' ')
				reply[k++] = ' ';
		}
		while (k && reply[k - 1] == ' ')
			k--;
		reply[k] = 0;
	}
	rc = 0;
out:
	close(fd);
	return rc;
}
