/* SPDX-License-Identifier: MIT */
/* Reports of a finished run model: text and HTML for people, JSON and JUnit
 * XML for tools. */
#ifndef PD_HOST_REPORT_H
#define PD_HOST_REPORT_H

#include <stdio.h>

#include "host/model/runlog.h"

/* Above this many CPUs the text table lists anomalies only. */
#define REPORT_TABLE_MAX 64

struct report_opts {
	int verbose; /* every CPU in the table, whatever the count */
};

/* Both take a runlog after runlog_finish(). */
void report_text(FILE *f, const struct runlog *rl, const struct report_opts *o);

struct json_object;
/* The report as a json-c object (the caller puts it); NULL when out of memory. */
struct json_object *report_json(const struct runlog *rl);
/* Writes it pretty-printed with a final newline; 0 on success. */
int report_json_write(FILE *f, const struct runlog *rl);
/* The same into a file; 0 on success, -1 with errno set. */
int report_json_save(const char *path, const struct runlog *rl);

/*
 * libcpuid's naming of a CPU as JSON: ok, error, vendor, brand, codename,
 * family, model, stepping; raw: family and model as libcpuid's raw fields,
 * then ext_family and ext_model; else the extended ones alone.  str makes
 * the strings.
 */
struct json_object *report_json_libcpuid(const struct cpu_identity *id, int raw,
					 struct json_object *(*str)(const char *));
/* The MWAIT facts as JSON, a value without its flag as null.  mwait_cstates:
 * the sub-state counts of C0..C7, 4 bits each, C0 lowest. */
struct json_object *report_json_mwait(const struct rl_features *f);

/* The features object of a report (NULL when f->have is 0). */
struct json_object *report_json_features(const struct rl_features *f);
/* One mismatch entry (a struct rl_mismatch); ctx: the BSP's rl_cpu or NULL. */
struct json_object *report_json_mismatch(const void *elem, const void *ctx);
/* [{"type": "core", "cpus": 16}, ...] from "core:16,atom:8"; NULL for "". */
struct json_object *report_json_core_types(const char *list);

/*
 * The HTML report for a bug ticket: one self-contained page (inline CSS and
 * SVG, no script, nothing fetched).  The _save forms write a file: 0 on
 * success, -1 with errno set.
 */
void report_html(FILE *f, const struct runlog *rl);
int report_html_save(const char *path, const struct runlog *rl);

/* JUnit XML for CI systems: one test suite for the run. */
void report_junit(FILE *f, const struct runlog *rl);
int report_junit_save(const char *path, const struct runlog *rl);

/* s with & < > " ' as entities and bytes outside printable ASCII as '?':
 * safe as HTML or XML text and attribute values. */
void report_markup(FILE *f, const char *s);
void report_markupf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A self-contained HTML page up to <body>: no script, nothing fetched (a
 * Content-Security-Policy says so), style inline; the title escaped. */
void report_page_open(FILE *f, const char *style, const char *title_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* </body></html> */
void report_page_close(FILE *f);
/* Writes the report put makes into path; 0 on success, -1 with errno set. */
int report_save(const char *path, const struct runlog *rl,
		void (*put)(FILE *f, const struct runlog *rl));

/* An exception's name as the payload gave it, else its vector's, else
 * "exception" (a wire string: put it through the renderer's put). */
const char *report_exception_name(const struct rl_exception *x);

/*
 * The facts more than one report states, worded once (report_facts.c).
 * Each writes to f without a final newline or full stop; wire strings go
 * through put: report_plain (control bytes as '?') for text, report_markup
 * for HTML and XML.
 */
typedef void report_put_fn(FILE *f, const char *s);
void report_plain(FILE *f, const char *s);
/* SME, SEV, SEV-ES, SNP, C-bit; TME; TDX host and guest. */
void report_fact_memenc(FILE *f, const struct rl_features *ft);
/* MONITOR/MWAIT; when it is there: monitor line, EMX, IBE, sub-states,
 * the deepest hint. */
void report_fact_mwait(FILE *f, const struct rl_features *ft);
/* "1 package x 4 cores x 1 thread = 4 CPUs (SMT off)", hybrid core types. */
void report_fact_topology(FILE *f, const struct rl_topology *t, report_put_fn *put);
/* "4 listed, 3 up (BSP included), 1 lost" */
void report_fact_cpus(FILE *f, const struct runlog *rl);
/* Good, corrupt, noise, duplicate records, gaps. */
void report_fact_records(FILE *f, const struct runlog *rl);
/* "2 registers or revisions differ between CPUs" */
void report_fact_mismatch_count(FILE *f, const struct runlog *rl);
/* "microcode", "cpuid leaf 0x1 sub 0x0 ebx among atom cores" or
 * "MSR 0x277 IA32_PAT" */
void report_fact_mismatch_what(FILE *f, const struct rl_mismatch *m, report_put_fn *put);
/* The MSRs of a list, MTRRs grouped: "IA32_MTRRCAP, IA32_MTRR_DEF_TYPE,
 * 11 fixed-range MTRRs, 16 variable-range MTRRs, IA32_PAT" ("none" when
 * empty). */
void report_fact_msr_list(FILE *f, const uint32_t *msrs, size_t n);
/* "2 compared on 4 CPUs (IA32_MTRRCAP, IA32_PAT), 0 differ; not compared:
 * ... (why)": the msrs record and the MSR mismatches. */
void report_fact_msrs(FILE *f, const struct runlog *rl, report_put_fn *put);
/* How many MSRs differ between CPUs (kind=msr mismatches). */
uint64_t report_msrs_differing(const struct runlog *rl);
/* The bmc record: "KCS at I/O 0xca2 (SMBIOS type 38, spacing 1, table says
 * IPMI 2.0): IPMI 2.0, device 0x20 rev 0, firmware 0.00, manufacturer 0,
 * product 0"; "...: did not answer: why"; "none (why)".  "?" for a value
 * not sent or unreadable. */
void report_fact_bmc(FILE *f, const struct rl_bmc *b, report_put_fn *put);
/* 1 when the BSP is among the CPUs that reported m's value. */
int report_mismatch_has_bsp(const struct runlog *rl, const struct rl_mismatch *m);
/* "APIC 5 (0/2/1)": the CPU and where it sits (package/core/thread). */
void report_fact_cpu(FILE *f, const struct runlog *rl, uint32_t apic);
/* Why a CPU stands out (lost, not started, damaged canary, another
 * microcode than the BSP's), or NULL: the note in the CPU tables. */
const char *report_cpu_anomaly(const struct runlog *rl, const struct rl_cpu *c);
/* Outcome counts: "ok 3, woke 1"; "no counts" when all are 0. */
void report_fact_counts(FILE *f, const uint64_t *counts);

/*
 * The BMC's watchdog and the cycles that reset or hung, worded once for the
 * text and HTML reports (report_facts_hang.c).
 */
/* The watchdog record: "armed at each cycle's start, countdown 40.6 s";
 * "not armed (no BMC)". */
void report_fact_watchdog(FILE *f, const struct rl_watchdog *w, report_put_fn *put);
/* The cycles a "resets and hangs" section lists: those that reset, hung or
 * never reported. */
int report_cycle_is_event(const struct rl_cycle *c);
/* What happened: "hung on purpose (inject_hang), not judged"; "hang, reset
 * by the BMC watchdog: the machine's own (fails its group)"; ... */
void report_fact_event_what(FILE *f, const struct rl_cycle *c);
/* What recovered it: "the BMC watchdog", "the host after 15 s of silence"
 * (--silence), "not recovered: the stream ended in it", "unknown". */
void report_fact_event_recovery(FILE *f, const struct runlog *rl, const struct rl_cycle *c);
/* What the BMC said at the next boot (the restart record): "watchdog
 * expired (expiration flags 0x10: SMS/OS), Get System Restart Cause not
 * supported (C1h invalid command)"; "no restart record". */
void report_fact_event_evidence(FILE *f, const struct runlog *rl, const struct rl_cycle *c,
				report_put_fn *put);
/* The BMC's event log entries (report_facts_sel.c).  One entry: "SEL #1 at
 * 2026-12-07 23:31:25 UTC: watchdog 2: hard reset (timer use SMS/OS)"; its
 * ID in hex; no time for an OEM record without one. */
void report_fact_sel(FILE *f, const struct rl_sel *e, report_put_fn *put);
/* The same after the time: "watchdog 2: hard reset (timer use SMS/OS)",
 * "processor: IERR", "OEM record, type C0h". */
void report_fact_sel_body(FILE *f, const struct rl_sel *e, report_put_fn *put);
/* Cycle n's entries: the first's index in run->sels, *count of them. */
size_t report_sel_of_cycle(const struct rl_run *run, uint32_t n, size_t *count);
/* 1 when e is listed under its cycle's reset or hang line; 0: its cycle
 * has none (or no cycle record), so it is listed on its own. */
int report_sel_listed_with_cycle(const struct runlog *rl, const struct rl_sel *e);
/* "2 hung on purpose (inject_hang), recovered by the BMC watchdog" (the
 * count and what recovered them), for the cycles line. */
void report_fact_hung(FILE *f, const struct rl_summary *s);

/* Machine-check banks at boot (report_facts_mce.c). */
/* "before the run", "after the reset in cycle 3", "arriving from cycle 0";
 * "at boot 2 (when \"x\")" for a when this tool does not know. */
void report_fact_mce_when(FILE *f, const struct rl_mce_boot *m, report_put_fn *put);
/* IA32_MCi_STATUS flags set: "VAL UC EN PCC" ("no flags"). */
void report_fact_mci_flags(FILE *f, uint64_t status);
/* IA32_MCG_STATUS flags set: "RIPV MCIP" ("none"). */
void report_fact_mcg_flags(FILE *f, uint64_t mcg);
/* "status 0x940000000000009f (VAL EN ADDRV; MCA code 0x009f, model-specific
 * 0x0000)"; "status ?" when not sent. */
void report_fact_mci_status(FILE *f, const struct rl_mce_boot *m);
/* A bank's line: "after the reset in cycle 3: APIC 0, bank 1: fatal, class
 * memory controller; status ..., address 0x..., MCG_STATUS 0x5 (RIPV MCIP)" */
void report_fact_mce_boot(FILE *f, const struct runlog *rl, const struct rl_mce_boot *m,
			  report_put_fn *put);
/* A reset cycle's machine-check evidence, for the resets and hangs
 * sections: "; machine check (explains the reset): APIC 0, bank 1: fatal,
 * class memory controller; status ..., MCG_STATUS 0x5 (RIPV MCIP)", an
 * uncorrected bank found after its reset first; nothing without one. */
void report_fact_event_mce(FILE *f, const struct runlog *rl, const struct rl_cycle *c,
			   report_put_fn *put);

#endif
