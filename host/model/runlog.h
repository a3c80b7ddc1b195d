/* SPDX-License-Identifier: MIT */
/*
 * The run model: serial output fed in as it arrives, turned into what one run
 * of the payload reported.  A run is every boot of one run id: boot 1 probes
 * the machine, later boots (after a kexec, or a reset that kept RAM) report
 * the cycles of the schedule.  Reports (report_text.c, report_json.c) read
 * the structures below after runlog_finish().
 *
 * A value a record may lack is paired with a has_<value> flag (1 when the
 * log gave it, else 0 and the value is 0): one convention for any type,
 * since addresses and IDs use their whole range and leave no spare value to
 * mean "absent".  An index that may point nowhere (a cycle's group, an
 * exception's cycle) has its flag too.  Every structure below follows it:
 * no -1 means "absent".
 */
#ifndef PD_HOST_RUNLOG_H
#define PD_HOST_RUNLOG_H

#include <stddef.h>
#include <stdint.h>

#include "cpuid/cpuid.h"
#include "host/cpuid/identify.h"
#include "host/input/logwrap.h"
#include "host/model/stats.h"
#include "results/fields.h"
#include "results/limits.h"
#include "results/msrs.h"
#include "results/park.h"
#include "results/record.h"
#include "results/tsc.h"
#include "results/runend.h"

/* Line assembly keeps at most this much of one line (its tail): a record is
 * at most PD_RECORD_MAX bytes and ends the line, whatever noise precedes it. */
#define RL_LINE_KEEP (2 * PD_RECORD_MAX)

/* Bounds on what one log may make us store; beyond them we count and drop. */
#define RL_MAX_ERRORS	   10000
#define RL_MAX_EXCEPTIONS  1000
#define RL_MAX_MISMATCHES  1024	     /* distinct kind/leaf/sub/reg/val */
#define RL_MAX_MISMATCH_ID (1 << 20) /* APIC IDs over all mismatch lists */
#define RL_MAX_IDS_PER_REC 65536
#define RL_MAX_DUMP	   (64u << 20) /* bytes of reassembled CPUID dump */
#define RL_MAX_OTHER_BOOTS 256	       /* runs left behind, summarised */
#define RL_MAX_BOOTS	   8192	       /* boots of one run tracked for seq numbers */
#define RL_MAX_CYCLES	   65536       /* cycle records kept */
#define RL_MAX_OUTCOMES	   (1 << 20)   /* outcome records kept */
#define RL_MAX_GROUPS	   256	       /* distinct mode + provocation sets */
#define RL_MAX_NOTES	   64
#define RL_MAX_CPUS	   (1u << 20)
#define RL_SEQ_WINDOW	   1024 /* seq ranges an out-of-order record may move */

/* In the order of the results they end in (results/runend.h). */
enum rl_verdict {
	RL_PASS = PD_RESULT_PASS,
	RL_FAIL = PD_RESULT_FAIL,
	RL_BROKEN = PD_RESULT_BROKEN
};

struct rl_cpu {
	uint32_t idx, apic, uid;
	uint32_t pkg, core, thread;
	uint64_t up_us, ucode;
	uint32_t order; /* arrival order: the latest record for an idx wins */
	uint8_t has_apic, has_uid, has_up_us, has_topo; /* has_topo: pkg, core and thread */
	uint8_t has_ucode;
	uint8_t has_state; /* state_name is one of enum pd_cpu_state */
	uint8_t state;	   /* enum pd_cpu_state */
	uint8_t has_canary, canary_bad;
	uint8_t has_ctl;	/* cr0, cr4 and efer, as the CPU read them */
	uint8_t has_cpuid_apic; /* CPUID's initial ID differed from the register's */
	uint64_t cr0, cr4, efer;
	uint32_t cpuid_apic;
	char state_name[12];
	char src[8];
	char flags[32];
};

/* The CPU reported this state (a state name the tool does not know reads
 * as none). */
static inline int rl_cpu_in_state(const struct rl_cpu *c, int state)
{
	return c->has_state && c->state == state;
}

struct rl_error {
	char level[8];
	char code[32];
	char what[160];
	char key[48];
	char value[96];
	int has_apic;
	uint32_t apic;
	char table[8];		     /* ACPI table signature */
	uint64_t addr, esr, dropped; /* table address, APIC ESR, errors not sent */
	int has_addr, has_esr, has_dropped;
	uint32_t boot, seq;
	int in_schedule; /* sent after the kexec record (set by runlog_finish) */
};

struct rl_exception {
	uint64_t vector, err, rip, rsp, cr2;
	uint32_t apic;
	int has_apic, has_err, has_rip, has_rsp, has_cr2, has_vector;
	char name[16];
	uint32_t boot, seq;
	int64_t cycle; /* the cycle in flight (set by runlog_finish) */
	int has_cycle; /* 0: before the schedule, or no schedule */
};

struct rl_boot_info {
	int have;
	char version[64], path[16], loader[64], cmdline[256];
	char console[48], console_from[16]; /* io:0x2f8; console | earlycon | spcr | default */
	uint64_t format, mem_kb, base, baud, ignored;
	int has_format, has_mem_kb, has_base, has_baud, has_ignored;
};

struct rl_tsc {
	int have;
	int has_khz, has_diff_ppm, outvoted;
	uint64_t khz, diff_ppm;
	char source[16];
	char check[16]; /* the second source compared, "" if none */
	struct {
		int has_khz;
		uint64_t khz;
		char why[80]; /* why a source there gave nothing, "" */
	} src[PD_TSC_SOURCE_COUNT];
};

struct rl_acpi {
	int have;
	uint64_t rsdp, rev, madt, fadt, lapic, smi_cmd, pm_tmr, entries, hw_reduced, hpet;
	int has_rsdp, has_rev, has_madt, has_fadt, has_lapic, has_smi_cmd, has_pm_tmr, has_entries;
	int has_hw_reduced, has_hpet;
	char oem[16], sdt[8];
};

struct rl_smbios {
	int have;
	char ver[16];
	char bios_vendor[64], bios_version[64], bios_date[32];
	char sys_vendor[64], sys_product[64];
	char board_vendor[64], board_product[64];
	char cpu_socket[64], cpu_version[96];
};

/* The bmc record (boot 1): the BMC's system interface (results/ipmi.h),
 * where it was found, and what Get Device ID said of it.  Strings are as
 * sent ("" when absent); a number that is absent or does not parse has its
 * flag 0. */
struct rl_bmc {
	int have;
	int64_t found, answer; /* 0/1: an interface named or probed; it answered */
	int has_found, has_answer;
	char via[16];	/* smbios | spmi | probe | option | none */
	char iface[16]; /* kcs | smic | bt | ssif | unknown | reserved */
	char space[8];	/* io | mem */
	uint64_t addr;	/* the interface's first register */
	int has_addr;
	int64_t spacing; /* bytes between registers */
	int has_spacing;
	char spec[8]; /* the IPMI revision the table claims: "2.0" */
	char ipmi[8]; /* Get Device ID: IPMI version */
	uint64_t dev; /* device ID */
	int has_dev;
	int64_t dev_rev, mfg, product; /* device revision, IANA manufacturer, product */
	int has_dev_rev, has_mfg, has_product;
	char fw[16];   /* firmware revision "1.05" */
	char why[192]; /* why none, or why it did not answer */
};

/* The watchdog record (boot 1): the BMC's watchdog around each cycle. */
struct rl_watchdog {
	int have;
	int64_t armed, countdown_ms; /* 0/1; the countdown armed at each cycle's start */
	int has_armed, has_countdown_ms;
	char why[160]; /* why not armed ("no BMC", "watchdog=off", ...) */
};

/* What a restart record's wd= says of the BMC's watchdog. */
enum rl_wd {
	RL_WD_UNKNOWN, /* no BMC to ask, its answer failed, or a value not known here */
	RL_WD_EXPIRED, /* the SMS/OS timer expired: the watchdog reset the machine */
	RL_WD_QUIET    /* it did not: something else reset it */
};

/* A restart record: at the boot after a reset in cycle n, what the BMC said
 * of the restart. */
struct rl_restart {
	uint32_t n, boot, seq;
	char phase[20];
	int wd;		/* enum rl_wd */
	uint64_t flags; /* Get Watchdog Timer's timer use expiration flags */
	int has_flags;
	char cause[48];	   /* Get System Restart Cause's cause, named; "" when not sent */
	uint64_t cause_cc; /* its completion code when it failed */
	int has_cause_cc;
};

/* The host reset the machine (--silence): no record for silence_s seconds
 * while cycle n of run `run` was in flight. */
struct rl_host_reset {
	uint32_t run, n;
	char phase[20];	  /* where the stream had the cycle then: RL_PHASE_*, or the
			     injected record's phase */
	double silence_s; /* the silence that made it a hang */
};
/* --silence resets a machine at most this many times in one session. */
#define RL_MAX_HOST_RESETS 20

struct rl_apic {
	int have;
	char mode[8];
	uint64_t bsp, init_udelay, trampoline, all_up_us;
	int has_bsp, has_init_udelay, has_trampoline, has_all_up_us;
};

struct rl_features {
	int have;
	int from_dump; /* filled from the CPUID dump: no features record came */
	char vendor[16], brand[64];
	int64_t family, model, stepping, ucode;
	int has_family, has_model, has_stepping, has_ucode;
	int64_t sme, sev, sev_es, snp, cbit, tme, tme_active, tdx_host, tdx_keyids, tdx_guest;
	int has_sme, has_sev, has_sev_es, has_snp, has_cbit, has_tme, has_tme_active;
	int has_tdx_host, has_tdx_keyids, has_tdx_guest;
	int64_t monitor_mwait, mwait_min, mwait_max, mwait_emx, mwait_ibe, mwait_cstates;
	int64_t mwait_hint; /* decoded from leaf 5 (cpuid_mwait_hint()) */
	int has_monitor_mwait, has_mwait_min, has_mwait_max, has_mwait_emx, has_mwait_ibe;
	int has_mwait_cstates, has_mwait_hint;
	int64_t mwait_line; /* park line size and alignment (leaf 5 EBX) */
	int has_mwait_line;
	int64_t cpuid_max, cpuid_limit, cpuid_limit_cleared; /* leaf 0 EAX; MISC_ENABLE[22] */
	int has_cpuid_max, has_cpuid_limit, has_cpuid_limit_cleared;
	int64_t smt, x2apic, hypervisor, pdpe1gb, smt_shift, core_shift;
	int has_smt, has_x2apic, has_hypervisor, has_pdpe1gb, has_smt_shift, has_core_shift;
};

struct rl_topology {
	int have;
	int64_t packages, cores, threads, cpus, smt;
	int has_packages, has_cores, has_threads, has_cpus, has_smt;
	char core_types[128]; /* hybrid: "core:16,atom:8"; "" otherwise */
};

/* One value of one CPUID register (or the microcode, or an MSR) and who
 * reported it. */
struct rl_mismatch {
	char kind[8];
	char reg[8];
	char core_type[16]; /* hybrid: compared among this core type only; "" all */
	uint64_t leaf, sub, val, msr;
	int has_leaf, has_sub, has_val, has_msr;
	uint32_t *apics;
	size_t napics, cap;
	int bad_list; /* an apics= list did not parse or was too long */
};

/* cpuid_dump=distinct: the CPUs one dump section (Logical CPU #idx) stands for. */
struct rl_dumpset {
	uint32_t idx;
	int64_t cpus; /* as the first record says */
	int has_cpus;
	char core_type[16]; /* hybrid: its core type */
	uint32_t *apics;
	size_t napics, cap;
	int bad_list;
};
#define RL_MAX_DUMPSETS 4096

/* The msrs record: the MSRs compared across CPUs (results/msrs.h), on how
 * many CPUs, and those read but not compared, with the reason. */
struct rl_msrs {
	int have;
	int64_t count, cpus;
	int has_count, has_cpus;
	uint32_t msrs[PD_MSR_SLOTS], not_compared[PD_MSR_SLOTS];
	size_t nmsrs, nnot_compared;
	char why[160];
	int bad_list; /* a list did not parse */
};

/* The limits record: how long each bounded wait of the payload was. */
struct rl_limits {
	int have;
	int64_t cpus, emulated, host_cpus, per_core, wbinvd_us;
	int has_cpus, has_emulated, has_host_cpus, has_per_core, has_wbinvd_us;
	int64_t us[PD_WAIT_COUNT];
	int has_us[PD_WAIT_COUNT];
};

struct rl_end {
	int have;
	int64_t cpus, online, lost, errors, mismatches, cycles, records;
	int has_cpus, has_online, has_lost, has_errors, has_mismatches, has_cycles, has_records;
	char verdict[8];
	uint32_t boot, seq; /* where it came from: the last one of the run wins */
};

/* Seen seq numbers of one boot, as sorted disjoint ranges [lo, hi]. */
struct rl_seqset {
	struct rl_range {
		uint32_t lo, hi;
	} * r;
	size_t n, cap;
	uint64_t untracked; /* far out of order: not recorded (RL_SEQ_WINDOW) */
};

/* One boot of a run: seq numbers are per boot. */
struct rl_boot_seqs {
	uint32_t boot;
	uint64_t records; /* distinct good records of this boot */
	struct rl_seqset seqs;
	uint32_t seq0_crc; /* the seq 0 record's CRC, to tell a resend from a rerun */
	int has_seq0;
	int has_end_records;
	uint64_t end_records; /* records= of this boot's end record */
};

/* What the model kept of a run other than the one reported. */
struct rl_other_boot {
	uint32_t run, boot; /* boot: the last one seen */
	uint64_t serial;    /* which struct rl_run it was */
	uint64_t records;
	int had_end;
	char verdict[8];
	uint64_t errors_fail, exceptions, cycles;
};

/* The kexec record: the schedule and the handover settings. */
struct rl_kexec {
	int have;
	uint32_t boot, seq;
	uint64_t records; /* kexec records received */
	char load[16], why[160], on_reset[16], platform[16];
	char load_why[160]; /* why load is not what kexec_load= asked (a fallback) */
	char modes[128];    /* comma list as sent */
	char provoke[192];  /* "/"-separated sets as sent */
	int64_t wbinvd, area, cycles;
	int64_t mwait_hint; /* the hint the mwait modes used */
	int64_t load_at;    /* where the first handover loads the next instance */
	int has_wbinvd, has_area, has_cycles, has_mwait_hint, has_load_at;
};

/* The payload asks the host to inject an error now (an inject record). */
struct rl_inject {
	uint32_t n;	       /* the cycle */
	char kind[8], when[8]; /* "mce"; "before" | "after" the handover */
};
#define RL_MAX_INJECT_PENDING 16

/* One machine-check provocation as the payload saw it (an mce record). */
struct rl_mce {
	uint32_t n;
	char when[8], via[8], why[160];
	int injected;
	int64_t bank;
	int has_bank;
	uint64_t status, mcg; /* when injected */
};
#define RL_MAX_MCES 4096

/* One mce_boot record: a valid machine-check bank a boot found before
 * clearing it (results/mca.h).  when is as sent; n, the cycle it belongs to
 * (after_reset: the cycle whose reset this boot follows; arrival: the cycle
 * whose handover it arrived from), is kept for those two only.  severity
 * and class are the payload's words, used only when status is missing: the
 * host decodes status itself (runlog_mce_boot_severity/_class). */
struct rl_mce_boot {
	char when[16];
	uint32_t n, apic, bank;
	int has_n, has_apic, has_bank;
	uint64_t status, addr, misc, mcg;
	int has_status, has_addr, has_misc, has_mcg;
	char severity[16], cls[48];
	uint32_t boot, seq;
};
#define RL_MAX_MCE_BOOTS 4096

/* A sel record: one entry of the BMC's System Event Log (IPMI v2.0 32.1)
 * that the boot after a reset in cycle n found logged since that cycle
 * began.  The numbers as sent, each with its flag (0: absent or out of its
 * field's range); what: the payload's name of the event offset.  Decoded by
 * runlog_sel_decode(). */
struct rl_sel {
	uint32_t n, boot, seq;
	uint64_t id, type, time, sensor_type, sensor, event, event_data;
	int has_id, has_type, has_time, has_sensor_type, has_sensor, has_event, has_event_data;
	char what[64];
};
#define RL_MAX_SELS 4096

/* A start record: the cycle that began last, and where. */
struct rl_inflight {
	int have;
	uint32_t n, boot, seq;
	char m[24], p[48];
};

/* An injected record: the payload was about to reset on purpose. */
struct rl_injected {
	uint32_t n, boot, seq;
	char m[24], p[48], phase[20];
	int hang; /* inject_hang: the payload stopped the BSP instead of resetting */
};

/* The phases of a cycle the stream alone can tell apart (start records). */
#define RL_PHASE_BEFORE_HANDOVER "before-next-boot" /* nothing from the next boot */
#define RL_PHASE_AFTER_HANDOVER	 "after-handover"

/* A cycle that a run began and never reported: the machine reset (and came
 * back without the results area) or hung in it. */
struct rl_died {
	uint32_t run, n;
	char m[24], p[48], phase[20];
	int mode, prov; /* as in struct rl_cycle */
	int has_mode, has_prov;
};
#define RL_MAX_DIED 64

/* One cycle, merged from every record of its n. */
struct rl_cycle {
	uint32_t n;
	uint32_t boot, seq; /* the first record of it */
	char m[24], p[48], phase[20];
	int mode;		/* enum pd_park_mode */
	int prov;		/* provocation bits */
	int has_mode, has_prov; /* 0: m or p is nothing the tool knows */
	uint64_t counts[PD_OUTCOME_COUNT];
	int64_t smi_us;
	int has_smi_us;		       /* 0: no SMI timed */
	uint64_t t_us[PD_TIMES_COUNT]; /* timing=1: phase times (results/fields.h) */
	int has_t;
	int scribbled, reset;
	int mce_skipped;   /* provoke=mce could not be delivered: not judged */
	int injected;	   /* reset on purpose (inject_reset), or hung on purpose
			      (inject_hang, with hang): neither pass nor failure */
	int hang;	   /* hung on purpose (inject_hang): the injected record's or the
			      cycle record's hang=1 */
	int by_watchdog;   /* the cycle record says by=watchdog */
	int watchdog;	   /* the BMC's watchdog reset the machine: by=watchdog, or its
			      restart record's wd=expired (set by runlog_finish) */
	int has_restart;   /* a restart record names this cycle: restart is its index */
	size_t restart;	   /* in rl_run.restarts */
	int has_host_reset; /* the host reset the machine in it (--silence): host_reset
			       is its index in runlog.host_resets (the latest) */
	size_t host_reset;
	int by_host;	   /* and it came back, reported: recovered by the host, not
			      the BMC's watchdog (set by runlog_finish) */
	int died;	   /* no cycle record: its start record was the last word
			      (reset or hang, seen from the stream alone) */
	uint64_t sipi_nmi; /* NMIs held across wait-for-SIPI, taken after SIPI */
	uint32_t records;  /* records for this n */
	int differ;	   /* they did not all say the same */
	/* judged by runlog_finish() */
	uint32_t allowed;    /* from pd_expect() */
	uint64_t exceptions; /* exception records attributed to it */
	uint64_t bad_cpus;   /* outcome records outside allowed */
	int passed;
	int group;     /* index in rl_summary.groups */
	int has_group; /* 0: in no group */
	/* mce_boot records attributed to it (runlog_mce_boot.c) */
	uint32_t mce_boot;
	int reset_mce; /* an uncorrected bank found after its reset explains it */
	uint32_t sel_entries; /* sel records attributed to it (runlog_sel.c) */
};

/* An outcome record: one CPU's outcome in a cycle, when not ok. */
struct rl_outcome {
	uint32_t n, apic;
	int o;	   /* enum pd_outcome */
	int has_o; /* 0: name is no outcome the tool knows */
	char name[12];
	int64_t before, after, sipi_nmi;
	int has_before, has_after, has_sipi_nmi;
};

/* A cpumodes record: one CPU's outcome counts per mode. */
struct rl_cpumodes {
	uint32_t apic;
	uint32_t order;
	uint32_t modes; /* bit per enum pd_park_mode present */
	uint64_t counts[PD_PARK_MODE_COUNT][PD_OUTCOME_COUNT];
};

/* A group record: the payload's own verdict on one case (a mode x
 * provocation set, bring-up, consistency), checked against the host's. */
#define RL_MAX_GROUP_RECS (RL_MAX_GROUPS + 2)
struct rl_group_rec {
	char name[72]; /* case= as sent */
	int64_t cycles, failed;
	int has_cycles, has_failed;
	char expected[8], result[8];
	uint32_t boot;
};

/*
 * Everything from one run: the probe of boot 1 (info to dump), and what
 * every boot of the run id sent (errors, exceptions, schedule, cycles, the
 * last end record).
 */
struct rl_run {
	int started;	      /* a record of this run arrived */
	uint32_t run, boot;   /* boot: the highest boot counter seen */
	uint64_t serial;      /* runs in arrival order, from 1 */
	uint64_t records;     /* distinct good records, every boot */
	uint64_t unknown;     /* good records of an unknown type */
	uint64_t probe_later; /* probe records from boots after the first (not used) */

	struct rl_boot_seqs *boots; /* sorted by boot */
	size_t nboots, boots_cap;
	uint64_t boots_untracked; /* records of boots beyond RL_MAX_BOOTS */
	uint64_t boots_rerun;	  /* a boot number that started twice */

	struct rl_boot_info info;
	struct rl_tsc tsc;
	struct rl_acpi acpi;
	struct rl_smbios smbios;
	struct rl_bmc bmc;
	struct rl_watchdog watchdog;
	struct rl_apic apic;
	struct rl_features features;
	struct rl_topology topology;
	struct rl_end end;
	uint64_t end_records; /* end records received */

	struct rl_cpu *cpus;
	size_t ncpus, cpus_cap;
	uint64_t cpu_records_bad; /* cpu records without idx, or over RL_MAX_CPUS */

	struct rl_error *errors;
	size_t nerrors, errors_cap;
	uint64_t errors_dropped;
	uint64_t errors_fail, errors_warn;

	struct rl_exception *exceptions;
	size_t nexceptions, exceptions_cap;
	uint64_t exceptions_total;

	struct rl_mismatch *mismatches;
	size_t nmismatches, mismatches_cap;
	uint64_t mismatch_records, mismatches_dropped;
	size_t mismatch_ids; /* over all lists, bounded by RL_MAX_MISMATCH_ID */

	char *dump;
	size_t dump_len, dump_cap;
	uint64_t dump_lines;
	int dump_truncated;

	struct rl_kexec kexec;
	struct rl_inflight inflight; /* the latest start record */
	struct rl_limits limits;
	struct rl_msrs msrs;

	struct rl_dumpset *dumpsets;
	size_t ndumpsets, dumpsets_cap;
	uint64_t dumpsets_dropped;
	size_t dumpset_ids; /* over all lists, bounded by RL_MAX_CPUS */

	struct rl_injected *injected; /* in arrival order */
	size_t ninjected, injected_cap;
	uint64_t injected_records_bad, injected_dropped;

	struct rl_restart *restarts; /* in arrival order */
	size_t nrestarts, restarts_cap;
	uint64_t restart_records_bad, restarts_dropped;

	struct rl_sel *sels; /* sorted by n, in arrival order within one n (runlog_finish) */
	size_t nsels, sels_cap;
	uint64_t sel_records_bad; /* without a usable n: not kept */
	uint64_t sels_dropped;	  /* over RL_MAX_SELS */
	uint64_t sels_repeated;	  /* an entry already kept, sent again: kept once */
	uint64_t sel_fields_bad;  /* kept, with a field unreadable (shown as unknown) */
	uint64_t sels_no_cycle;	  /* kept, naming a cycle without a cycle record */

	/* cycle records as they came, merged by n in runlog_finish() */
	struct rl_cycle *cycles;
	size_t ncycles, cycles_cap;
	uint64_t cycle_records, cycle_records_bad, cycles_dropped;

	struct rl_outcome *outcomes;
	size_t noutcomes, outcomes_cap;
	uint64_t outcome_records, outcome_records_bad, outcomes_dropped;

	struct rl_cpumodes *cpumodes;
	size_t ncpumodes, cpumodes_cap;

	struct rl_mce *mces;
	size_t nmces, mces_cap;
	uint64_t mces_dropped, einj_actions;
	uint64_t cpumodes_bad;

	struct rl_mce_boot *mce_boots; /* in arrival order */
	size_t nmce_boots, mce_boots_cap;
	uint64_t mce_boots_dropped;

	struct rl_group_rec group_recs[RL_MAX_GROUP_RECS];
	size_t ngroup_recs;
	uint64_t group_recs_bad; /* without a case, or too many */
};

struct rl_stats {
	uint64_t bytes, lines;
	uint64_t noise;	     /* lines without a record prefix */
	uint64_t corrupt;    /* prefix but malformed or bad CRC */
	uint64_t good;	     /* distinct good records, every boot */
	uint64_t duplicates; /* good records seen again */
	uint64_t stale;	     /* good records of a boot already left behind */
	uint64_t overlong;   /* lines longer than RL_LINE_KEEP (their head dropped) */
	uint64_t gaps;	     /* holes in seq in the boots of the reported run */
	uint64_t lost;	     /* records missing in those holes */
};

/* Cycles of one mode and provocation set, judged together. */
struct rl_group {
	char m[24], p[48];
	int mode, prov;
	int has_mode, has_prov;
	int known; /* mode and provocation set known: expected is defined */
	uint64_t cycles, passed;
	uint64_t counts[PD_OUTCOME_COUNT]; /* reset: cycles that reset */
	uint64_t exceptions, scribbled;
	uint32_t allowed;
	int expected_pass, observed_pass;
	int observed_skipped; /* every cycle skipped (provoke=mce not delivered) */
	uint64_t mce_skipped; /* cycles whose machine check was not delivered */
	int not_applicable;   /* a negative control with no AP to park */
	uint64_t died;	      /* cycles that killed the machine (reset or hang) */
	uint64_t injected;    /* cycles reset on purpose: not judged */
	uint64_t hung;	      /* cycles hung on purpose (inject_hang): not judged */
	uint64_t hangs_watchdog; /* judged cycles the BMC's watchdog reset: the machine hung */
	uint64_t hangs_host;	 /* judged cycles the host reset after --silence: hung too */
	uint64_t sipi_nmi;    /* NMIs held across wait-for-SIPI, taken after SIPI */
	const char *why;
	uint32_t *failing; /* APIC IDs, sorted, unique */
	size_t nfailing, failing_cap;
	struct stats_spread smi; /* SMI time of the group's cycles, us */
};

/* CPUs sharing one microcode revision. */
struct rl_ucode_group {
	uint64_t ucode;
	uint32_t *apics; /* sorted, unique */
	size_t n;
};

/* Results of runlog_finish(). */
struct rl_summary {
	enum rl_verdict verdict;
	char reason[512]; /* "2 lost CPUs, 1 mismatch", "no end record: ..." */
	uint64_t lost_cpus, canary_bad, mismatch_regs, fail_errors, other_fail_errors;
	uint64_t online_cpus; /* state bsp or online */

	/* microcode by value, the BSP's first */
	struct rl_ucode_group *ucode;
	size_t nucode;
	int64_t bsp_ucode; /* at most INT64_MAX */
	int has_bsp_ucode;
	const struct rl_cpu *bsp;

	/* AP bring-up latency over CPUs with up_us */
	struct stats_spread up;
	uint32_t up_max_idx; /* the slowest AP */

	/* the CPUID dump: parsed, CPU 0 decoded and named */
	int dump_ok;
	size_t dump_cpus, dump_bad_lines;
	struct cpuid_facts facts0;
	int identity_tried;
	struct cpu_identity identity;

	/* the schedule (a kexec record, or cycle records without one) */
	int schedule;
	enum pd_platform platform;
	uint64_t cycles_run;	 /* distinct cycles with a record */
	uint64_t cycles_missing; /* n below the last one seen, without a record */
	int reached_last;	 /* the schedule's last cycle has a record */
	uint64_t cycles_reset, cycles_scribbled, cycles_failed;
	uint64_t cycles_injected;   /* reset on purpose (inject_reset), not in cycles_reset */
	uint64_t injected_no_cycle; /* injected records of cycles with no cycle record */
	uint64_t injected_expected; /* what inject_reset and seed on the boot line
				       pick (results/inject.c) */
	int has_injected_expected;
	uint64_t injected_missing;  /* picked, run, and not reported as injected */
	uint64_t injected_unpicked; /* reported as injected, not picked */
	/* inject_hang: hung on purpose, not in cycles_reset nor cycles_injected */
	uint64_t cycles_hung;
	uint64_t hung_watchdog;	 /* of those, recovered by the BMC's watchdog */
	uint64_t hung_died;	 /* of those, never recovered: the stream ended in them */
	uint64_t hangs_watchdog; /* cycles not injected that the watchdog reset (in
				    cycles_reset): the machine's own hangs */
	uint64_t hung_host;	 /* hung on purpose, recovered by the host (--silence) */
	uint64_t hangs_host;	 /* cycles not injected that the host reset after --silence (in
				    cycles_reset): the machine's own hangs */
	uint64_t hangs_expected; /* what inject_hang and seed pick */
	int has_hangs_expected;
	uint64_t hangs_missing;	    /* picked, run, and not reported as hung on purpose */
	uint64_t hangs_unpicked;    /* reported as hung on purpose, not picked */
	uint64_t restarts_no_cycle; /* restart records of cycles with no cycle record */
	/* The log carries the watchdog's records (watchdog, restart, hang=, by=):
	 * the reports show what they say; older logs' reports stay as they were. */
	int hang_records;
	uint64_t groups_skipped;    /* groups with nothing provoked (provoke=mce not delivered) */
	struct rl_group *groups;
	size_t ngroups;
	uint64_t groups_differ;	       /* observed != expected */
	uint64_t groups_unknown;       /* cycles not judged: mode or provocation set unknown here */
	uint64_t probe_exceptions;     /* before the schedule, or no schedule */
	uint64_t cycle_exceptions;     /* attributed to a recorded cycle */
	uint64_t orphan_exceptions;    /* in flight in a cycle that has no record */
	uint64_t schedule_fail_errors; /* level fail, sent after the kexec record */
	uint64_t outcomes_orphan;      /* outcome records of cycles without a record */
	uint64_t groups_disagree;      /* group records whose result the host judges otherwise */
	const struct rl_cycle *died;   /* the reported run's cycle in flight at its end */
	uint64_t groups_na;	       /* negative controls not applicable (no AP) */

	/* indexes of cur.cpus sorted by APIC ID (CPUs with one) */
	size_t *by_apic;
	size_t nby_apic;
};

struct runlog {
	struct rl_stats st;
	/* the latest run; after runlog_finish() the one reported */
	struct rl_run cur;
	/* the run without an end record with the most records among those
	 * that started over before cur (a reset outside a cycle) */
	struct rl_run prev;
	uint64_t runs;	   /* runs seen, for rl_run.serial */
	uint64_t restarts; /* a new run began (boot 1) after one without an end */
	int reboot_loop;   /* the collector stopped on a restart */
	/* cycles in flight when an earlier run stopped and a new run started
	 * afresh: the same machine going on after a reset that cleared memory */
	struct rl_died died[RL_MAX_DIED];
	size_t ndied;
	struct rl_other_boot *others; /* every run but the one reported */
	size_t nothers;
	uint64_t others_dropped;

	/* line assembly */
	char line[RL_LINE_KEEP];
	size_t line_len;
	int line_cut;	     /* the current line overflowed: its head is gone */
	int line_cut_prefix; /* the dropped head held a record prefix */
	uint32_t order;

	/* inject requests not yet taken by the collector (runlog_take_inject) */
	struct rl_inject inject_q[RL_MAX_INJECT_PENDING];
	size_t ninject;
	uint64_t inject_requests, inject_dropped;

	char stop_reason[128];	  /* set by the collector: "timeout after 120 s" */
	struct lw_info input;	  /* the container the log came in (set by the collector) */
	int qemu_status;	  /* QEMU exit code */
	int has_qemu_status;	  /* 0: not run under QEMU, or QEMU killed */
	unsigned long reconnects; /* the collector connected again after a drop */
	/* --silence (set by the session): the silence that is a hang, 0 when
	 * not given; the resets the host made; silent again after the last one
	 * allowed (the session stopped) */
	double silence_s;
	struct rl_host_reset host_resets[RL_MAX_HOST_RESETS];
	size_t nhost_resets;
	int silence_gave_up;
	char *notes[RL_MAX_NOTES];
	size_t nnotes;

	int finished;
	struct rl_summary sum;
};

struct runlog *runlog_new(void);
void runlog_free(struct runlog *rl);

/* Raw bytes as they arrive; split into lines here, across calls. */
void runlog_feed(struct runlog *rl, const void *buf, size_t n);
/* One complete line, without its '\n'. */
void runlog_line(struct runlog *rl, const char *line, size_t n);
/* A good record of the current run ended it. */
int runlog_end_seen(const struct runlog *rl);
/* Number of cpu records of the current run (for progress). */
size_t runlog_cpu_count(const struct runlog *rl);
/* Cycle records of the current run (for progress). */
size_t runlog_cycle_count(const struct runlog *rl);
/* Takes the oldest inject request the payload sent (1), or none (0). */
int runlog_take_inject(struct runlog *rl, struct rl_inject *out);
/* New runs that began at boot 1 after a run without an end record. */
uint64_t runlog_restarts(const struct runlog *rl);
/* The collector stopped because the machine started over again and again:
 * the run is broken. */
void runlog_set_reboot_loop(struct runlog *rl);
/* --silence: the current run's cycle in flight (a start record without its
 * cycle record, no end record), with the phase the stream tells (1), else
 * 0; its phase is the injected record's when the payload announced a hang. */
int runlog_in_flight(const struct runlog *rl, struct rl_died *d);
/* Good records seen so far, resent ones too: signs of life. */
uint64_t runlog_records_seen(const struct runlog *rl);
/* The host reset the machine while cycle d->n was in flight, after
 * silence_s seconds without a record (RL_MAX_HOST_RESETS at most). */
void runlog_host_reset(struct runlog *rl, const struct rl_died *d, double silence_s);

/* Why collection stopped before an end record, for the verdict line. */
void runlog_set_stop_reason(struct runlog *rl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* QEMU's exit code (isa-debug-exit: 1 pass, 3 fail), for the cross-check. */
void runlog_set_qemu_status(struct runlog *rl, int status);
void runlog_note(struct runlog *rl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Ends the input (a last line without '\n' is taken), sorts the CPUs,
 * decodes the dump and computes the verdict.  Idempotent.
 */
void runlog_finish(struct runlog *rl);
/* 0 pass, 1 fail, 2 broken (after runlog_finish). */
int runlog_exit_status(const struct runlog *rl);
const char *runlog_verdict_name(enum rl_verdict v); /* "pass" ... */
/* "pass", "fail" for an expected or observed group result. */
const char *runlog_pass_name(int pass);
/* The boot-1 cpu record of an APIC ID, or NULL (after runlog_finish). */
const struct rl_cpu *runlog_cpu_by_apic(const struct runlog *rl, uint32_t apic);
/* Where cycle n's record stands in run->cycles, or run->ncycles when there is
 * none (after runlog_finish: the cycles are sorted by n). */
size_t runlog_cycle_index(const struct rl_run *run, int64_t n);

/* A sel record's entry decoded (IPMI v2.0 32.1 the SEL record, 37.1 its
 * timestamp, 29.7 the event data, Table 42-3 sensor types): runlog_sel.c. */
enum rl_sel_kind {
	RL_SEL_KIND_UNKNOWN, /* no readable type */
	RL_SEL_SYSTEM_EVENT, /* 02h */
	RL_SEL_OEM_TS,	     /* C0h-DFh: OEM, with a timestamp */
	RL_SEL_OEM_NOTS,     /* E0h-FFh: OEM, without one */
	RL_SEL_RESERVED	     /* any other type */
};
enum rl_sel_when {
	RL_SEL_TIME_NONE,	 /* the record type has no timestamp */
	RL_SEL_TIME_UNKNOWN,	 /* it has one; not sent or unreadable */
	RL_SEL_TIME_UNSPECIFIED, /* FFFFFFFFh */
	RL_SEL_TIME_RELATIVE,	 /* up to 20000000h: seconds since the SEL's initialization,
				    its clock not yet set */
	RL_SEL_TIME_ABSOLUTE	 /* seconds since 1970-01-01 */
};
struct rl_sel_decoded {
	enum rl_sel_kind kind;
	enum rl_sel_when when;
	/* a system event's fields (0 / NULL when not one, or not sent) */
	const char *sensor_type_name; /* pd_ipmi_sensor_type_name(); NULL: not named */
	int has_offset, has_direction, sensor_specific;
	uint8_t offset;	      /* event data 1 bits 3:0 */
	int assertion;	      /* event direction, event byte bit 7 clear */
	uint8_t reading_type; /* event byte bits 6:0; 6Fh: sensor-specific */
	/* The offset's name: the shared table's for a sensor-specific event,
	 * the payload's what when the event byte is unreadable; NULL else. */
	const char *what;
	/* watchdog 2 (23h) with event data 2 holding the extension code (data 1
	 * bits 7:6 = 11b): timer use (bits 3:0) and interrupt type (7:4) */
	int has_timer_use;
	uint8_t timer_use, interrupt;
	const char *timer_use_name; /* pd_ipmi_wd_use_name(), "unspecified" for Fh; NULL:
				       reserved */
	const char *interrupt_name; /* pd_ipmi_wd_interrupt_name(); NULL: reserved */
};
void runlog_sel_decode(const struct rl_sel *e, struct rl_sel_decoded *d);
/* "2026-12-07 23:31:25 UTC" for a timestamp t of kind RL_SEL_TIME_ABSOLUTE
 * (the BMC's clock, read as UTC); 0 when t is not one. */
int runlog_sel_time_utc(uint64_t t, char *out, size_t cap);
/* Same kind/leaf/sub/reg: two values of one register (mismatches are sorted
 * so that these are neighbours). */
int runlog_mismatch_same_reg(const struct rl_mismatch *a, const struct rl_mismatch *b);

/* The features a CPUID dump shows (from_dump set; MSR-only facts unknown). */
void runlog_features_from_facts(const struct cpuid_facts *x, struct rl_features *f);

/* When an mce_boot record's bank was found (results/fields.h
 * PD_MCE_BOOT_*); unknown for anything else. */
enum rl_mce_when { RL_MCE_WHEN_UNKNOWN, RL_MCE_BEFORE_RUN, RL_MCE_AFTER_RESET, RL_MCE_ARRIVAL };
enum rl_mce_when runlog_mce_boot_when(const struct rl_mce_boot *m);
/* The bank's severity (pd_mca_severity) and MCA error-code class
 * (pd_mca_error_class) from its status; the payload's words only when the
 * status is missing ("" when those are missing too). */
const char *runlog_mce_boot_severity(const struct rl_mce_boot *m);
const char *runlog_mce_boot_class(const struct rl_mce_boot *m);
/* 1 when the status says uncorrected (UC); 0 when not, or no status. */
int runlog_mce_boot_uc(const struct rl_mce_boot *m);

#endif
