/* SPDX-License-Identifier: MIT */
/* Where serial output comes from: a serial port, a console server over TCP,
 * a file or stdin. */
#ifndef PD_HOST_SOURCE_H
#define PD_HOST_SOURCE_H

#include <stddef.h>

enum source_kind { SOURCE_SERIAL, SOURCE_TCP, SOURCE_FILE, SOURCE_STDIN };

struct source {
	int fd;
	enum source_kind kind;
	int live; /* output of a running machine: stop at its end record */
	unsigned baud;
	char name[256];
};

#define SOURCE_DEFAULT_BAUD 115200

/*
 * Opens SPEC: "/dev/ttyS0[@115200]" (raw 8N1), "tcp:HOST:PORT" (HOST may be
 * [v6addr]), "-" (stdin) or a file.  Returns 0, or -1 with a message in err.
 */
int source_open(struct source *s, const char *spec, char *err, size_t errcap);
void source_close(struct source *s);
/* A TCP source whose server dropped the connection: connects again to the
 * same address (closing the old socket once the new one is up).  The new
 * descriptor, or -1 with a message in err. */
int source_reconnect(struct source *s, char *err, size_t errcap);

#endif
