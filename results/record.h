/* SPDX-License-Identifier: MIT */
/*
 * The serial record format, defined once for the payload (encoder) and the
 * host (decoder).  See results/FORMAT.md for the prose description.
 *
 *   @PD <run> <boot> <seq> <type> [<body>] *<crc>\r\n
 *
 * run: 8 lower-case hex digits, boot and seq: decimal, type: a record name
 * below, body: key=value fields (or free text for "dump"), crc: CRC-32
 * (IEEE 802.3, as zlib's crc32) of every byte from '@' up to the last byte
 * before " *", in 8 lower-case hex digits.
 *
 * Freestanding: no libc, so the payload can use it.
 */
#ifndef PD_RESULTS_RECORD_H
#define PD_RESULTS_RECORD_H

#include <stddef.h>
#include <stdint.h>

#define PD_RECORD_PREFIX     "@PD"
#define PD_RECORD_PREFIX_LEN 3
/* Longest record line, prefix to CRC, without the line end. */
#define PD_RECORD_MAX 480
/* Bumped when a record or field changes meaning. */
#define PD_FORMAT_VERSION 1

/*
 * Record types.  X(enum suffix, wire name).  The order is the wire order of a
 * normal run, but the decoder does not depend on it.
 */
#define PD_RECORD_TYPES(X)                                                                         \
	X(BOOT, "boot")		  /* first record of every boot */                                 \
	X(ERROR, "error")	  /* something wrong: bad option, bad table, lost CPU ... */       \
	X(EXCEPTION, "exception") /* a CPU faulted; that CPU halts */                              \
	X(TSC, "tsc")		  /* TSC calibration */                                            \
	X(ACPI, "acpi")		  /* RSDP/MADT/FADT summary */                                     \
	X(SMBIOS, "smbios")	  /* firmware and board identity */                                \
	X(BMC, "bmc")		  /* the BMC: where it was found, what it says it is */            \
	X(APIC, "apic")		  /* APIC mode and bring-up parameters */                          \
	X(CPU, "cpu")		  /* one per MADT CPU: identity, bring-up, topology */             \
	X(FEATURES, "features")	  /* decoded CPUID facts of the BSP */                             \
	X(TOPOLOGY, "topology")	  /* packages x cores x threads as counted */                      \
	X(DUMP, "dump")		  /* one line of the raw CPUID dump, free text body */             \
	X(DUMPSET, "dumpset")	  /* the CPUs a dump section stands for (cpuid_dump=distinct) */   \
	X(MSRS, "msrs")		  /* the MSRs compared across CPUs, once per run */                \
	X(MISMATCH, "mismatch")	  /* a CPUID register, microcode or MSR differing from the BSP */  \
	X(KEXEC, "kexec")	  /* the schedule and handover settings, once per run */           \
	X(START, "start")	  /* a cycle begins: n, m, p (the host's witness of the cycle      \
				     in flight when the machine dies or goes silent) */            \
	X(LIMITS, "limits")	  /* the bounded waits' limits, once per run */                    \
	X(INJECTED, "injected")	  /* inject_reset/hang: n, m, p, phase of the reset or hang */     \
	X(WATCHDOG, "watchdog")	  /* the BMC watchdog around the cycles, once per run */           \
	X(RESTART, "restart")	  /* a boot after a reset in a cycle: what the BMC says */         \
	X(SEL, "sel")		  /* a BMC event log entry since the run began */                  \
	X(CYCLE, "cycle")	  /* one park/provoke/handover cycle: counts per outcome */        \
	X(OUTCOME, "outcome")	  /* one CPU's outcome in a cycle, only when not ok */             \
	X(CPUMODES, "cpumodes")	  /* final table: one CPU's outcome counts per mode */             \
	X(INJECT, "inject")	  /* the payload asks the host to inject an error now */           \
	X(MCE, "mce")		  /* a machine-check provocation: delivered or why not */          \
	X(MCE_BOOT, "mce_boot")	  /* a valid machine-check bank found at boot, before clearing */  \
	X(EINJ, "einj")		  /* one ACPI EINJ action executed, and its register */            \
	X(GROUP, "group") /* final: one verdict per mode x provocation set, bring-up ... */        \
	X(END, "end")	  /* last record of a run */

enum pd_record_type {
#define PD_X(e, s) PD_REC_##e,
	PD_RECORD_TYPES(PD_X)
#undef PD_X
	    PD_REC_COUNT,
	PD_REC_UNKNOWN = PD_REC_COUNT, /* well-formed, CRC good, name unknown */
};

/*
 * Per-CPU outcome names (used by cycle records from the parking work on,
 * and for bring-up: a CPU that never checks in is "lost").
 */
#define PD_OUTCOMES(X)                                                                             \
	X(OK, "ok")		/* stayed parked, came back */                                     \
	X(WOKE, "woke")		/* left its park state */                                          \
	X(LATE, "late")		/* needed the NMI fallback to stop */                              \
	X(LOST, "lost")		/* did not answer INIT-SIPI-SIPI */                                \
	X(STRAY, "stray")	/* executed or wrote memory after the handover */                  \
	X(MISMATCH, "mismatch") /* CPUID, microcode or an MSR differs from the BSP */              \
	X(SKIPPED, "skipped")	/* mode unsupported */                                             \
	X(RESET, "reset")	/* per cycle: the machine reset during it */

enum pd_outcome {
#define PD_X(e, s) PD_OUTCOME_##e,
	PD_OUTCOMES(PD_X)
#undef PD_X
	    PD_OUTCOME_COUNT,
};

/* CPU states in the "cpu" record's state= field. */
#define PD_CPU_STATES(X)                                                                           \
	X(BSP, "bsp")		/* the boot processor */                                           \
	X(ONLINE, "online")	/* AP checked in */                                                \
	X(LOST, "lost")		/* AP never checked in */                                          \
	X(DISABLED, "disabled") /* MADT says not enabled: not started */                           \
	X(SKIPPED, "skipped")	/* not started on purpose (ID out of range, duplicate, option) */

enum pd_cpu_state {
#define PD_X(e, s) PD_CPU_##e,
	PD_CPU_STATES(PD_X)
#undef PD_X
	    PD_CPU_STATE_COUNT,
};

/* Error record levels: warn does not fail the run, fail does. */
#define PD_LEVEL_WARN "warn"
#define PD_LEVEL_FAIL "fail"

const char *pd_record_name(enum pd_record_type t);
enum pd_record_type pd_record_lookup(const char *name, size_t len);
const char *pd_outcome_name(enum pd_outcome o);
int pd_outcome_lookup(const char *name, size_t len); /* -1 when unknown */
const char *pd_cpu_state_name(enum pd_cpu_state s);
int pd_cpu_state_lookup(const char *name, size_t len); /* -1 when unknown */

/* ---- encoder (payload) ---- */

struct pd_rec_writer {
	char buf[PD_RECORD_MAX + 16];
	size_t len;
	int overflow; /* a field did not fit: the record is cut and marked */
};

void pd_rec_begin(struct pd_rec_writer *w, uint32_t run, uint32_t boot, uint32_t seq,
		  enum pd_record_type type);
/* key=decimal */
void pd_rec_u(struct pd_rec_writer *w, const char *key, uint64_t v);
/* key=-decimal or decimal */
void pd_rec_i(struct pd_rec_writer *w, const char *key, int64_t v);
/* key=0xhex */
void pd_rec_x(struct pd_rec_writer *w, const char *key, uint64_t v);
/* key=value, quoted and escaped when the value is not a plain token */
void pd_rec_s(struct pd_rec_writer *w, const char *key, const char *s);
/* same, from a buffer that need not be NUL-terminated */
void pd_rec_sn(struct pd_rec_writer *w, const char *key, const char *s, size_t n);
/* free text (dump records), non-printable bytes replaced by '?' */
void pd_rec_text(struct pd_rec_writer *w, const char *s);
/* room left for the body before the CRC, for callers that split long lists */
size_t pd_rec_room(const struct pd_rec_writer *w);
/* Appends " *crc\r\n"; returns the line length (w->buf is NUL-terminated). */
size_t pd_rec_end(struct pd_rec_writer *w);

/* ---- decoder (host) ---- */

struct pd_record {
	uint32_t run, boot, seq;
	enum pd_record_type type;
	const char *type_name; /* points into the line */
	size_t type_len;
	const char *body; /* points into the line; may be empty */
	size_t body_len;
	uint32_t crc; /* the line's CRC, as checked: two copies of a record match by it */
	/* The key=value fields of the body in order, up to the first token
	 * that is not one, found once by pd_record_parse so that each lookup
	 * compares keys instead of scanning the body again.  Offsets into
	 * body; a field takes at least 2 bytes ("=" and a separator) but the
	 * last, so PD_RECORD_MAX / 2 + 1 always suffice. */
	uint16_t nfields;
	struct pd_field_span {
		uint16_t key, klen, vlen; /* the value starts at key + klen + 1 */
	} fields[PD_RECORD_MAX / 2 + 1];
};

enum pd_parse_result {
	PD_PARSE_OK,	  /* a good record */
	PD_PARSE_NONE,	  /* no record prefix: console noise */
	PD_PARSE_CORRUPT, /* prefix found, but malformed or CRC mismatch */
};

/*
 * Parses one line (without its line end; a trailing '\r' is ignored).  The
 * prefix may stand anywhere in the line: firmware output before it is
 * ignored.  The result points into the line.
 */
enum pd_parse_result pd_record_parse(const char *line, size_t len, struct pd_record *out);

/* The first (last: the last) record prefix in [s, s + n) with the byte after
 * it in view, or NULL: where a record may start. */
const char *pd_record_find_prefix(const char *s, size_t n, int last);

/*
 * Finds key in a key=value body.  On success *val and *vlen give the raw
 * value (quotes and escapes still in place) and 1 is returned, else 0.
 */
int pd_record_field(const struct pd_record *r, const char *key, const char **val, size_t *vlen);
/* Decimal or 0x-hex field; 1 on success. */
int pd_record_field_u64(const struct pd_record *r, const char *key, uint64_t *v);
int pd_record_field_i64(const struct pd_record *r, const char *key, int64_t *v);
/*
 * String field, unquoted and unescaped into dst (always NUL-terminated when
 * cap > 0).  Returns 1 on success, 0 when absent or malformed.
 */
int pd_record_field_str(const struct pd_record *r, const char *key, char *dst, size_t cap);

/* The value of a hex digit (either case), or -1. */
int pd_hex_digit(char c);

/*
 * Iterates over "a-b,c,d" ID lists (as in mismatch apics=).  Calls fn for
 * every ID; stops and returns 0 on a malformed list or when more than max_ids
 * would be produced, 1 otherwise.
 */
int pd_id_list_parse(const char *s, size_t len, uint32_t max_ids,
		     void (*fn)(uint32_t id, void *ctx), void *ctx);

#endif
