/* SPDX-License-Identifier: MIT */
/* Opening the inputs a collection reads from (see source.h). */
#include "host/input/source.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

/* How long a console server may take to accept us. */
#define TCP_CONNECT_MS 10000

static const struct {
	unsigned baud;
	speed_t speed;
} bauds[] = {
    {1200, B1200},	 {2400, B2400},	      {4800, B4800},	   {9600, B9600},
    {19200, B19200},	 {38400, B38400},     {57600, B57600},	   {115200, B115200},
    {230400, B230400},	 {460800, B460800},   {500000, B500000},   {576000, B576000},
    {921600, B921600},	 {1000000, B1000000}, {1152000, B1152000}, {1500000, B1500000},
    {2000000, B2000000}, {3000000, B3000000}, {4000000, B4000000},
};

static int parse_baud(const char *s, speed_t *speed, unsigned *baud)
{
	char *end;
	unsigned long v;
	size_t i;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-')
		return -1;
	for (i = 0; i < sizeof(bauds) / sizeof(bauds[0]); i++) {
		if (bauds[i].baud == v) {
			*speed = bauds[i].speed;
			*baud = bauds[i].baud;
			return 0;
		}
	}
	return -1;
}

static int open_serial(struct source *s, const char *path, const char *baud_s, char *err,
		       size_t cap)
{
	speed_t speed = B115200;
	unsigned baud = SOURCE_DEFAULT_BAUD;
	struct termios t;
	int fd;

	if (baud_s && parse_baud(baud_s, &speed, &baud) != 0) {
		snprintf(err, cap, "bad baud rate '%s' (e.g. 9600, 115200, 921600)", baud_s);
		return -1;
	}
	/* O_NONBLOCK: do not wait for carrier; reads go through poll anyway. */
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, cap, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (tcgetattr(fd, &t) != 0) {
		snprintf(err, cap, "%s is not a serial port: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	cfmakeraw(&t);
	t.c_cflag &= ~(tcflag_t)(CSIZE | CSTOPB | PARENB | CRTSCTS);
	t.c_cflag |= CS8 | CLOCAL | CREAD;
	t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (cfsetispeed(&t, speed) != 0 || cfsetospeed(&t, speed) != 0 ||
	    tcsetattr(fd, TCSANOW, &t) != 0) {
		snprintf(err, cap, "cannot set %s to %u 8N1 raw: %s", path, baud, strerror(errno));
		close(fd);
		return -1;
	}
	s->fd = fd;
	s->kind = SOURCE_SERIAL;
	s->live = 1;
	s->baud = baud;
	snprintf(s->name, sizeof(s->name), "%s@%u", path, baud);
	return 0;
}

/* Non-blocking connect bounded by TCP_CONNECT_MS. */
static int connect_one(const struct addrinfo *ai)
{
	int fd =
	    socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
	struct pollfd p;
	int e = 0;
	socklen_t elen = sizeof(e);

	if (fd < 0)
		return -1;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return fd;
	if (errno != EINPROGRESS)
		goto fail;
	p.fd = fd;
	p.events = POLLOUT;
	if (poll(&p, 1, TCP_CONNECT_MS) <= 0) {
		errno = ETIMEDOUT;
		goto fail;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &elen) != 0)
		goto fail;
	if (e) {
		errno = e;
		goto fail;
	}
	return fd;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

static int open_tcp(struct source *s, const char *hostport, char *err, size_t cap)
{
	char host[256];
	const char *colon, *port, *h = hostport;
	size_t hlen;
	struct addrinfo hints, *res = NULL, *ai;
	int rc, fd = -1, e = 0;

	/* [v6]:port, or host:port with the last colon before the port. */
	if (h[0] == '[') {
		const char *close_b = strchr(h, ']');

		if (!close_b || close_b[1] != ':') {
			snprintf(err, cap, "bad address 'tcp:%s' (use tcp:[ADDR]:PORT)", hostport);
			return -1;
		}
		h++;
		hlen = (size_t)(close_b - h);
		port = close_b + 2;
	} else {
		colon = strrchr(h, ':');
		if (!colon) {
			snprintf(err, cap, "bad address 'tcp:%s' (use tcp:HOST:PORT)", hostport);
			return -1;
		}
		hlen = (size_t)(colon - h);
		port = colon + 1;
	}
	if (!hlen || hlen >= sizeof(host) || !port[0]) {
		snprintf(err, cap, "bad address 'tcp:%s' (use tcp:HOST:PORT)", hostport);
		return -1;
	}
	memcpy(host, h, hlen);
	host[hlen] = 0;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0) {
		snprintf(err, cap, "cannot resolve %s port %s: %s", host, port, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = connect_one(ai);
		if (fd < 0)
			e = errno;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		snprintf(err, cap, "cannot connect to %s port %s: %s", host, port, strerror(e));
		return -1;
	}
	s->fd = fd;
	s->kind = SOURCE_TCP;
	s->live = 1;
	snprintf(s->name, sizeof(s->name), "tcp:%s", hostport);
	return 0;
}

int source_reconnect(struct source *s, char *err, size_t cap)
{
	struct source again;
	char hostport[sizeof(s->name)];

	if (s->kind != SOURCE_TCP) {
		snprintf(err, cap, "%s is not a TCP connection", s->name);
		return -1;
	}
	snprintf(hostport, sizeof(hostport), "%s", s->name + 4); /* after "tcp:" */
	memset(&again, 0, sizeof(again));
	again.fd = -1;
	if (open_tcp(&again, hostport, err, cap) != 0)
		return -1;
	if (s->fd >= 0)
		close(s->fd);
	*s = again;
	return s->fd;
}

int source_open(struct source *s, const char *spec, char *err, size_t cap)
{
	struct stat st;
	const char *at;
	int fd;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	if (!spec || !spec[0]) {
		snprintf(err, cap, "empty input name");
		return -1;
	}
	if (!strncmp(spec, "tcp:", 4))
		return open_tcp(s, spec + 4, err, cap);
	if (!strcmp(spec, "-")) {
		s->fd = STDIN_FILENO;
		s->kind = SOURCE_STDIN;
		/* A pipe or terminal is a live machine; a redirected file is a log. */
		s->live = !(fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode));
		snprintf(s->name, sizeof(s->name), "stdin");
		return 0;
	}
	/* DEVICE@BAUD, only when DEVICE is a character device. */
	at = strrchr(spec, '@');
	if (at && at != spec) {
		char path[256];
		size_t n = (size_t)(at - spec);

		if (n < sizeof(path)) {
			memcpy(path, spec, n);
			path[n] = 0;
			if (stat(path, &st) == 0 && S_ISCHR(st.st_mode))
				return open_serial(s, path, at + 1, err, cap);
		}
	}
	if (stat(spec, &st) != 0) {
		snprintf(err, cap, "cannot open %s: %s", spec, strerror(errno));
		return -1;
	}
	if (S_ISCHR(st.st_mode)) {
		fd = open(spec, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0 && isatty(fd)) {
			close(fd);
			return open_serial(s, spec, NULL, err, cap);
		}
		if (fd >= 0)
			close(fd);
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, cap, "%s is a directory", spec);
		return -1;
	}
	fd = open(spec, O_RDONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, cap, "cannot open %s: %s", spec, strerror(errno));
		return -1;
	}
	s->fd = fd;
	s->kind = SOURCE_FILE;
	s->live = !S_ISREG(st.st_mode); /* a FIFO is fed by something running */
	snprintf(s->name, sizeof(s->name), "%s", spec);
	return 0;
}

void source_close(struct source *s)
{
	if (s->fd >= 0 && s->kind != SOURCE_STDIN)
		close(s->fd);
	s->fd = -1;
}
