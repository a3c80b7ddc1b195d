/* SPDX-License-Identifier: MIT */
/*
 * APIC ID lists as records carry them ("0-3,8"): IDs given in CPU order,
 * runs of consecutive IDs written a-b, the list handed on in pieces of
 * about room characters (a record's field must stay short).
 */
#ifndef PD_LIB_IDRUN_H
#define PD_LIB_IDRUN_H

#include <stddef.h>
#include <stdint.h>

#define IDRUN_SLACK 32 /* one more "4294967295-4294967295," after room */

struct idrun {
	char *list; /* room + IDRUN_SLACK bytes */
	size_t n, room;
	int in_run;
	uint32_t start, prev;
	void (*send)(void *ctx, const char *list, size_t n);
	void *ctx;
};

void idrun_add(struct idrun *r, uint32_t id);
/* Sends what is left. */
void idrun_finish(struct idrun *r);

#endif
