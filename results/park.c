/* SPDX-License-Identifier: MIT */
/* Mode and provocation names, and the expected-outcome matrix (park.h). */
#include "park.h"
#include "record.h"
#include "fields.h"

static const char *const mode_names[PD_PARK_MODE_COUNT] = {
#define PD_X(e, s) [PD_PARK_##e] = s,
    PD_PARK_MODES(PD_X)
#undef PD_X
};

static const char *const provoke_names[PD_PROVOKE_COUNT] = {
#define PD_X(e, s) [PD_PROVOKE_BIT_##e] = s,
    PD_PROVOKES(PD_X)
#undef PD_X
};

static int same(const char *name, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!name[i] || name[i] != s[i])
			return 0;
	return name[len] == 0;
}

const char *pd_park_mode_name(enum pd_park_mode m)
{
	return (unsigned)m < PD_PARK_MODE_COUNT ? mode_names[m] : "unknown";
}

int pd_park_mode_lookup(const char *s, size_t len)
{
	int i;

	for (i = 0; i < PD_PARK_MODE_COUNT; i++)
		if (same(mode_names[i], s, len))
			return i;
	return -1;
}

int pd_provoke_parse(const char *s, size_t len)
{
	size_t i = 0;
	int bits = 0;

	if (same("none", s, len))
		return 0;
	if (!len)
		return -1;
	while (i <= len) {
		size_t j = i;
		int b, found = -1;

		while (j < len && s[j] != '+')
			j++;
		for (b = 0; b < PD_PROVOKE_COUNT; b++)
			if (same(provoke_names[b], s + i, j - i))
				found = b;
		if (found < 0)
			return -1;
		bits |= 1 << found;
		i = j + 1;
	}
	return bits;
}

size_t pd_provoke_format(unsigned bits, char *buf, size_t cap)
{
	size_t n = 0;
	int b;

	if (!cap)
		return 0;
	buf[0] = 0;
	for (b = 0; b < PD_PROVOKE_COUNT; b++) {
		const char *p = provoke_names[b];

		if (!(bits & (1u << b)))
			continue;
		if (n && n + 1 < cap)
			buf[n++] = '+';
		while (*p && n + 1 < cap)
			buf[n++] = *p++;
	}
	if (!n) {
		const char *p = "none";

		while (*p && n + 1 < cap)
			buf[n++] = *p++;
	}
	buf[n] = 0;
	return n;
}

int pd_park_mode_needs_mwait(enum pd_park_mode m)
{
	return m == PD_PARK_MWAIT || m == PD_PARK_MWAIT_KICK;
}

int pd_park_mode_is_safe(enum pd_park_mode m)
{
	return m != PD_PARK_MWAIT;
}

#define OUT(o) (1u << PD_OUTCOME_##o)

void pd_expect(enum pd_park_mode mode, unsigned prov, enum pd_platform plat, struct pd_expect *e)
{
	/* A CPU that could not park in the mode is skipped, never failed. */
	e->pass = 1;
	e->allowed = OUT(OK) | OUT(SKIPPED);
	e->why = "stays parked; comes back on INIT-SIPI-SIPI";

	switch (mode) {
	case PD_PARK_HLT:
		if (prov & PD_PROVOKE_NMI) {
			e->pass = 0;
			e->why =
			    "negative control: an NMI after the overwrite runs poisoned code and "
			    "IDT: triple fault, reset";
		} else if (prov & PD_PROVOKE_MCE) {
			e->pass = 0;
			e->why = "negative control: a machine check after the overwrite runs the "
				 "poisoned #MC path: triple fault, reset";
		}
		break;
	case PD_PARK_MWAIT:
		e->pass = 0;
		e->why =
		    "negative control: the new image's copy writes the monitored line, the CPU "
		    "leaves MWAIT into overwritten code: triple fault, reset";
		break;
	case PD_PARK_MWAIT_KICK:
		/* Stores and SMIs end MWAIT before the kick; the loop re-arms. */
		e->allowed |= OUT(WOKE);
		if (prov & (PD_PROVOKE_NMI | PD_PROVOKE_MCE)) {
			e->pass = 0;
			e->why = (prov & PD_PROVOKE_NMI)
				     ? "negative control: kicked into HLT, so an NMI after the "
				       "overwrite fails as with hlt"
				     : "negative control: kicked into HLT, so a machine check after "
				       "the overwrite fails as with hlt";
		} else {
			e->why = "kicked into a HLT loop before the handover; earlier wakes re-arm";
		}
		break;
	case PD_PARK_INIT:
		if (prov & PD_PROVOKE_MCE) {
			/* SDM Vol. 3A, Table 10-1: INIT clears CR4 (MCE included);
			 * Vol. 3B: a machine check with CR4.MCE clear shuts the
			 * processor down.  The seed's "INIT parking is not completely
			 * solving the problem". */
			e->pass = 0;
			e->why = "negative control: INIT cleared CR4.MCE, so a broadcast machine "
				 "check shuts the machine down while a CPU waits for SIPI";
			break;
		}
		e->why = (prov & PD_PROVOKE_SMI)
			     ? "wait-for-SIPI; an SMI handler that waits for every CPU to join its "
			       "rendezvous hangs here: a BIOS bug"
			 : (prov & PD_PROVOKE_NMI)
			     ? "wait-for-SIPI holds the NMI pending; taken right after the "
			       "SIPI in the trampoline, counted (sipi_nmi) and returned from"
			     : "wait-for-SIPI: nothing but SIPI wakes it";
		break;
	case PD_PARK_TRAMPOLINE:
	case PD_PARK_SPIN:
		/* NMIs, SMIs and machine checks are handled in reserved memory
		 * (CR4.MCE stays set, the park page has its own #MC handler). */
		e->allowed |= OUT(WOKE);
		e->why = "loop, IDT and page tables in reserved memory: wakes are counted and "
			 "harmless";
		break;
	default:
		break;
	}
	if (plat == PD_QEMU_TCG && mode == PD_PARK_INIT && (prov & PD_PROVOKE_NMI)) {
		/* Found by experiment (QEMU 10, TCG): the NMI is not held pending
		 * in wait-for-SIPI; the AP takes it at the reset vector through
		 * the real-mode IVT.  playdead points IVT[2] at a counting halt
		 * loop in the trampoline page, so it shows as woke. */
		e->allowed |= OUT(WOKE);
		e->why = "QEMU TCG: an NMI reaches a wait-for-SIPI CPU (real mode, reset vector); "
			 "caught by the trampoline's NMI halt loop and counted as woke; hardware "
			 "holds it pending";
	}
	if (plat == PD_QEMU_TCG && mode == PD_PARK_INIT && (prov & PD_PROVOKE_MCE))
		/* Found by experiment (QEMU 10, TCG, Intel CPU model): QEMU
		 * refuses the machine check for a CPU whose CR4.MCE is clear
		 * and raises a triple fault; the reset lands while the cycle
		 * is in its arrival phase. */
		e->why = "QEMU TCG: the machine check reaches a wait-for-SIPI CPU with CR4.MCE "
			 "clear; QEMU raises a triple fault: reset, as hardware shuts down";
	if (plat == PD_QEMU_TCG && mode == PD_PARK_MWAIT_KICK)
		e->why = "QEMU TCG: with several vCPUs MWAIT returns at once like PAUSE, so the "
			 "loop wakes spuriously (counted as woke) until kicked";
}

void pd_rec_provoke(struct pd_rec_writer *w, unsigned bits)
{
	char prov[64];

	if (!bits)
		return;
	pd_provoke_format(bits, prov, sizeof(prov));
	pd_rec_s(w, PD_F_P, prov);
}
