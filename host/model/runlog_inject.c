/* SPDX-License-Identifier: MIT */
/*
 * Injected resets and hangs (payload options inject_reset, inject_hang):
 * each injected record names the cycle the payload was about to reset (or
 * hang: hang=1); that cycle is the payload's doing, neither a pass nor a
 * failure of its group.  The cycle record the next boot sends says
 * injected=1 (and hang=1) too; either one is enough, and a disagreement
 * between them is noted.
 */
#include "host/model/runlog.h"
#include "host/model/runlog_internal.h"

#include <stdlib.h>
#include <string.h>

#include "results/inject.h"

/* key=N on the boot line (decimal or 0x hex, as the payload parses it). */
static int line_u32(const char *line, const char *key, uint32_t *v)
{
	size_t k = strlen(key);
	const char *p = line;

	while ((p = strstr(p, key))) {
		if ((p == line || p[-1] == ' ' || p[-1] == '\t') && p[k] == '=') {
			char *end;
			unsigned long long x = strtoull(p + k + 1, &end, 0);

			if (end == p + k + 1 || (*end && *end != ' ' && *end != '\t') ||
			    x > 0xffffffffull)
				return 0;
			*v = (uint32_t)x;
			return 1;
		}
		p += k;
	}
	return 0;
}

/* The cycles the draws pick (inject_reset's, and inject_hang's over the
 * cycles inject_reset left), against those reported reset or hung on
 * purpose.  A cycle that was not run in this mode (only skipped) cannot have
 * been reset. */
static void check_draw(struct runlog *rl)
{
	const struct rl_run *run = &rl->cur;
	struct rl_summary *s = &rl->sum;
	uint32_t pct = 0, hang_pct = 0, seed = 0, n;
	int has_reset, has_hang;

	if (!run->info.have || !run->kexec.have || !run->kexec.has_cycles)
		return;
	has_reset = line_u32(run->info.cmdline, "inject_reset", &pct) && pct <= 100;
	has_hang = line_u32(run->info.cmdline, "inject_hang", &hang_pct) && hang_pct <= 100;
	if (!has_reset)
		pct = 0;
	if (!has_reset && !has_hang)
		return;
	line_u32(run->info.cmdline, "seed", &seed);
	s->has_injected_expected = has_reset;
	s->has_hangs_expected = has_hang;
	for (n = 0; n < (uint64_t)run->kexec.cycles; n++) {
		size_t k = runlog_cycle_index(run, n);
		const struct rl_cycle *c = k < run->ncycles ? &run->cycles[k] : NULL;
		int picked = pd_inject_reset_phase(seed, pct, n) != PD_PHASE_NONE;
		int hung =
		    has_hang && pd_inject_hang_phase(seed, hang_pct, pct, n) != PD_PHASE_NONE;
		int o, only_skipped = c && !c->reset;

		for (o = 0; c && o < PD_OUTCOME_COUNT; o++)
			if (o != PD_OUTCOME_SKIPPED && c->counts[o])
				only_skipped = 0;
		if (only_skipped)
			continue;
		s->injected_expected += picked;
		s->hangs_expected += hung;
		if (picked && c && !(c->injected && !c->hang))
			s->injected_missing++;
		if (!picked && c && c->injected && !c->hang)
			s->injected_unpicked++;
		if (hung && c && !(c->injected && c->hang))
			s->hangs_missing++;
		if (!hung && c && c->injected && c->hang)
			s->hangs_unpicked++;
	}
	if (s->injected_missing)
		runlog_note(rl,
			    "%llu %s picked by inject_reset and seed but not reported as reset on "
			    "purpose",
			    (unsigned long long)s->injected_missing,
			    runlog_plural(s->injected_missing, "cycle", "cycles"));
	if (s->injected_unpicked)
		runlog_note(rl, "%llu %s reported as reset on purpose that the draw did not pick",
			    (unsigned long long)s->injected_unpicked,
			    runlog_plural(s->injected_unpicked, "cycle", "cycles"));
	if (s->hangs_missing)
		runlog_note(rl,
			    "%llu %s picked by inject_hang and seed but not reported as hung on "
			    "purpose",
			    (unsigned long long)s->hangs_missing,
			    runlog_plural(s->hangs_missing, "cycle", "cycles"));
	if (s->hangs_unpicked)
		runlog_note(rl, "%llu %s reported as hung on purpose that the draw did not pick",
			    (unsigned long long)s->hangs_unpicked,
			    runlog_plural(s->hangs_unpicked, "cycle", "cycles"));
}

void runlog_attribute_injected(struct runlog *rl)
{
	struct rl_run *run = &rl->cur;
	struct rl_summary *s = &rl->sum;
	uint64_t unmarked = 0, other_phase = 0, no_record = 0;
	size_t i, k;

	for (i = 0; i < run->ninjected; i++) {
		const struct rl_injected *x = &run->injected[i];
		struct rl_cycle *c;

		k = runlog_cycle_index(run, x->n);
		if (k >= run->ncycles) {
			s->injected_no_cycle++;
			continue;
		}
		c = &run->cycles[k];
		if (!c->injected && !c->died)
			unmarked++;
		c->injected = 1;
		c->hang |= x->hang;
		if (c->died || !c->phase[0])
			memcpy(c->phase, x->phase, sizeof(c->phase));
		else if (strcmp(c->phase, x->phase))
			other_phase++;
	}
	for (k = 0; k < run->ncycles; k++) {
		const struct rl_cycle *c = &run->cycles[k];

		if (!c->injected || c->died)
			continue;
		for (i = 0; i < run->ninjected && run->injected[i].n != c->n; i++)
			;
		no_record += i == run->ninjected;
	}
	if (s->injected_no_cycle)
		runlog_note(rl, "%llu injected %s no cycle record",
			    (unsigned long long)s->injected_no_cycle,
			    runlog_plural(s->injected_no_cycle, "reset has", "resets have"));
	if (unmarked)
		runlog_note(rl,
			    "%llu %s an injected record but a cycle record that does not say "
			    "injected: taken as injected",
			    (unsigned long long)unmarked,
			    runlog_plural(unmarked, "cycle has", "cycles have"));
	if (other_phase)
		runlog_note(rl, "%llu injected %s another phase than the cycle record",
			    (unsigned long long)other_phase,
			    runlog_plural(other_phase, "record names", "records name"));
	if (no_record)
		runlog_note(rl, "%llu injected %s no injected record (lost before the reset?)",
			    (unsigned long long)no_record,
			    runlog_plural(no_record, "cycle has", "cycles have"));
	check_draw(rl);
	if (run->injected_records_bad || run->injected_dropped)
		runlog_note(rl, "injected records: %llu without a usable n, %llu not kept",
			    (unsigned long long)run->injected_records_bad,
			    (unsigned long long)run->injected_dropped);
}
