/* SPDX-License-Identifier: MIT */
/* Naming a CPU from its raw leaves with libcpuid. */
#ifndef PD_HOST_IDENTIFY_H
#define PD_HOST_IDENTIFY_H

#include "cpuid/cpuid.h"

/* Whether libcpuid's codename table really has this family/model. */
enum cpu_known {
	CPU_KNOWN_UNSURE = -1, /* libcpuid did not say how it matched */
	CPU_KNOWN_NO = 0,      /* the codename is a nearest match, not a fact */
	CPU_KNOWN_YES = 1,     /* an entry for this exact family and model */
};

struct cpu_identity {
	int ok;		 /* libcpuid identified it */
	char error[128]; /* libcpuid's message when not */
	char vendor[16]; /* libcpuid's vendor string */
	char brand[64];
	char codename[64]; /* libcpuid's best match, whatever known says */
	enum cpu_known known;
	char libcpuid[16];	     /* version of the libcpuid linked in, "0.7.1" */
	char purpose[24];	     /* core purpose: "general", "performance", "efficiency", ... */
	int family, model, stepping; /* as libcpuid reports them */
	int ext_family, ext_model;
};

/* Identifies the CPU whose raw leaves are given (one logical CPU). */
int identify_cpu(const struct cpuid_raw *raw, struct cpu_identity *id);

/* Version of the libcpuid linked in ("0.7.1"). */
const char *identify_libcpuid_version(void);

/*
 * The codename as a ticket may quote it: the codename when libcpuid knows
 * the family/model, else "unknown to libcpuid X (family F model M stepping
 * S; nearest entry: ...)".  Writes into buf (size n), returns buf.
 */
const char *identify_codename_text(const struct cpu_identity *id, char *buf, size_t n);

#endif
