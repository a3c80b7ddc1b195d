/* SPDX-License-Identifier: MIT */
/*
 * Injected resets (payload option inject_reset): each injected record names
 * the cycle the payload was about to reset; that cycle is the payload's
 * doing, neither a pass nor a failure of its group.  The cycle record the
 * next boot sends says injected=1 too; either one is enough, and a
 * disagreement between them is noted.
 */
#include "host/runlog.h"
#include "host/runlog_internal.h"

#include <string.h>

void runlog_attribute_injected(struct runlog *rl)
{
	struct rl_run *b = &rl->cur;
	struct rl_summary *s = &rl->sum;
	uint64_t unmarked = 0, other_phase = 0, no_record = 0;
	size_t i, k;

	for (i = 0; i < b->ninjected; i++) {
		const struct rl_injected *x = &b->injected[i];
		struct rl_cycle *c;

		k = runlog_cycle_index(b, x->n);
		if (k >= b->ncycles) {
			s->injected_no_cycle++;
			continue;
		}
		c = &b->cycles[k];
		if (!c->injected && !c->died)
			unmarked++;
		c->injected = 1;
		if (c->died || !c->phase[0])
			memcpy(c->phase, x->phase, sizeof(c->phase));
		else if (strcmp(c->phase, x->phase))
			other_phase++;
	}
	for (k = 0; k < b->ncycles; k++) {
		const struct rl_cycle *c = &b->cycles[k];

		if (!c->injected || c->died)
			continue;
		for (i = 0; i < b->ninjected && b->injected[i].n != c->n; i++)
			;
		no_record += i == b->ninjected;
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
	if (b->injected_records_bad || b->injected_dropped)
		runlog_note(rl, "injected records: %llu without a usable n, %llu not kept",
			    (unsigned long long)b->injected_records_bad,
			    (unsigned long long)b->injected_dropped);
}
