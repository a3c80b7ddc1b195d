/* SPDX-License-Identifier: MIT */
/*
 * Parking modes, provocations and the expected outcome of each pair: what
 * counts as a pass on correct hardware, and what QEMU (TCG) shows.  Defined
 * once; the payload runs it, the host judges with it, README prints it.
 */
#ifndef PD_RESULTS_PARK_H
#define PD_RESULTS_PARK_H

#include <stddef.h>
#include <stdint.h>

/* X(enum suffix, wire name) */
#define PD_PARK_MODES(X)                                                                           \
	X(HLT, "hlt")               /* cli; hlt loop in the running image */                       \
	X(MWAIT, "mwait")           /* MONITOR/MWAIT on a line in the image, no kick */            \
	X(MWAIT_KICK, "mwait-kick") /* as mwait, kicked into a HLT loop before handover */         \
	X(INIT, "init")             /* INIT IPI: wait-for-SIPI */                                  \
	X(TRAMPOLINE, "trampoline") /* HLT loop in a reserved page, own CR3/GDT/IDT */             \
	X(SPIN, "spin")             /* PAUSE loop on a flag in reserved memory */

enum pd_park_mode {
#define PD_X(e, s) PD_PARK_##e,
	PD_PARK_MODES(PD_X)
#undef PD_X
	PD_PARK_MODE_COUNT,
};

/* Provocations, a bit each; a set is written "nmi+smi", the empty set "none". */
#define PD_PROVOKES(X)                                                                             \
	X(MONITOR_WRITE, "monitor-write") /* non-kick store to each monitored line */              \
	X(NMI, "nmi")                     /* NMI IPI to each parked CPU */                          \
	X(SMI, "smi")                     /* write to the FADT SMI command port */                 \
	X(MCE, "mce")                     /* broadcast machine check (host monitor or EINJ) */

enum pd_provoke_bit {
#define PD_X(e, s) PD_PROVOKE_BIT_##e,
	PD_PROVOKES(PD_X)
#undef PD_X
	PD_PROVOKE_COUNT,
};
#define PD_PROVOKE_MONITOR_WRITE (1u << PD_PROVOKE_BIT_MONITOR_WRITE)
#define PD_PROVOKE_NMI           (1u << PD_PROVOKE_BIT_NMI)
#define PD_PROVOKE_SMI           (1u << PD_PROVOKE_BIT_SMI)
#define PD_PROVOKE_MCE           (1u << PD_PROVOKE_BIT_MCE)
#define PD_PROVOKE_ALL           ((1u << PD_PROVOKE_COUNT) - 1)

const char *pd_park_mode_name(enum pd_park_mode m);
int pd_park_mode_lookup(const char *s, size_t len); /* -1 when unknown */
/* "nmi+smi" -> bits; 0 for "none"; -1 when a name is unknown. */
int pd_provoke_parse(const char *s, size_t len);
/* Writes "nmi+smi" or "none" into buf (NUL-terminated); returns length. */
size_t pd_provoke_format(unsigned bits, char *buf, size_t cap);
struct pd_rec_writer;
/* The p= field of start, cycle and injected records: left out for no
 * provocation (the common case, read back as "none"), so a passing cycle
 * stays within its bytes on the wire. */
void pd_rec_provoke(struct pd_rec_writer *w, unsigned bits);

/* Which platform the expectation is for. */
enum pd_platform { PD_HARDWARE, PD_QEMU_TCG };

struct pd_expect {
	int pass;             /* 1: a correct machine passes; 0: negative control */
	uint32_t allowed;     /* bit per enum pd_outcome that is no failure */
	const char *why;      /* one line: what happens and why */
};

/*
 * The expected result of parking in mode with provocation set prov and
 * handing over (image overwritten).  A cycle passes when every CPU's
 * outcome is in allowed and no reset happened.
 */
void pd_expect(enum pd_park_mode mode, unsigned prov, enum pd_platform plat, struct pd_expect *e);

/* Mode needs MONITOR/MWAIT. */
int pd_park_mode_needs_mwait(enum pd_park_mode m);
/* Safe modes: the default schedule runs these. */
int pd_park_mode_is_safe(enum pd_park_mode m);

#endif
