/* SPDX-License-Identifier: MIT */
/*
 * The fleet view: many serial logs, their runs grouped by machine (CPU,
 * microcode, BIOS, system product), and for each machine every mode x
 * provocation set over all its runs.  Each run is folded in as soon as it
 * is finished and its run model freed: memory grows with machines x groups,
 * not with the bytes read.
 */
#ifndef PD_HOST_FLEET_H
#define PD_HOST_FLEET_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "host/model/runlog.h"

/* Where a run was seen: its run id and the log it came from. */
struct fleet_seen {
	int have;
	uint32_t run;
	char file[256];
};

struct fleet_cpu_count {
	uint32_t apic;
	uint64_t runs; /* runs in which this CPU failed the group */
};

struct fleet_group {
	char m[24], p[48];
	int expected_pass; /* the matrix (of the first run's platform) */
	uint64_t runs, cycles, cycles_failed;
	uint64_t runs_unexpected;	 /* runs where the group did not do what the matrix says */
	struct fleet_cpu_count *failing; /* sorted by APIC ID */
	size_t nfailing, failing_cap;
	struct fleet_seen first, last;
};

/* What tells one machine from another; "" when a log did not say. */
struct fleet_machine_key {
	char cpu_vendor[16], codename[160], brand[64];
	int64_t family, model, stepping, microcode; /* -1 unknown */
	char bios_vendor[64], bios_version[64], bios_date[32];
	char sys_vendor[64], sys_product[64];
};

struct fleet_machine {
	struct fleet_machine_key key;
	uint64_t runs, runs_pass, runs_fail, runs_broken;
	struct fleet_seen first, last;
	struct fleet_group *groups;
	size_t ngroups, groups_cap;
};

struct fleet_bad {
	char path[256];
	char why[160];
};

#define FLEET_MAX_BAD	 1000 /* named; beyond that only counted */
#define FLEET_MAX_GROUPS 256  /* per machine */

struct fleet {
	uint64_t logs_read;	 /* files read to their end that held records */
	uint64_t logs_bad;	 /* unreadable, corrupt or foreign files */
	uint64_t bytes_in;	 /* bytes of the files as stored */
	uint64_t bytes;		 /* bytes fed to the run model (decompressed) */
	uint64_t runs;		 /* runs folded in */
	uint64_t groups_dropped; /* beyond FLEET_MAX_GROUPS */
	struct fleet_machine *machines;
	size_t nmachines, machines_cap;
	struct fleet_bad *bad;
	size_t nbad;
};

struct fleet *fleet_new(void);
void fleet_free(struct fleet *f);

/* Folds a finished run model (runlog_finish done) in; file names the log. */
void fleet_add_run(struct fleet *f, const struct runlog *rl, const char *file);
/* A file that could not be used, and why. */
void fleet_bad_file(struct fleet *f, const char *path, const char *why);
/* Machines and groups in a stable order (by key; groups by mode, set). */
void fleet_sort(struct fleet *f);

/* fleet_read.c: a file (plain, .gz, .xz: by content) or a folder, recursively. */
void fleet_read_path(struct fleet *f, const char *path);

/* fleet_report.c */
void fleet_text(FILE *out, const struct fleet *f);
struct json_object *fleet_json(const struct fleet *f);
int fleet_json_write(FILE *out, const struct fleet *f);
/* fleet_html.c: one self-contained page, machine x group heat map. */
void fleet_html(FILE *out, const struct fleet *f);

/* "hlt/none" style name of a group. */
void fleet_group_name(const struct fleet_group *g, char *buf, size_t cap);

#endif
