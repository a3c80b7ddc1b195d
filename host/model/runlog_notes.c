/* SPDX-License-Identifier: MIT */
/*
 * The run model's notes (see runlog.c): what a reader of the report should
 * know about how the log was read, and why the run stopped.
 */
#include "host/model/runlog.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static void vnote(struct runlog *rl, const char *fmt, va_list ap)
{
	char *s = NULL;

	if (rl->nnotes >= RL_MAX_NOTES)
		return;
	if (vasprintf(&s, fmt, ap) < 0)
		return;
	rl->notes[rl->nnotes++] = s;
}

void runlog_note(struct runlog *rl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnote(rl, fmt, ap);
	va_end(ap);
}

void runlog_set_stop_reason(struct runlog *rl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rl->stop_reason, sizeof(rl->stop_reason), fmt, ap);
	va_end(ap);
}
