/* SPDX-License-Identifier: MIT */
/*
 * Restart records: at the boot after a reset in cycle n the payload asks the
 * BMC why the machine restarted (its watchdog's expiration flags, Get System
 * Restart Cause) and sends a restart record naming n.  Each is given to its
 * cycle; a cycle was reset by the BMC's watchdog when its cycle record says
 * by=watchdog or its restart record wd=expired, and by nothing this tool can
 * name otherwise.  Whether that reset counts against the run is
 * runlog_judge_schedule()'s: an injected hang is the payload's doing, any
 * other is the machine's own hang.
 */
#include "host/model/runlog.h"
#include "host/model/runlog_internal.h"

#include <string.h>

void runlog_attribute_restarts(struct runlog *rl)
{
	struct rl_run *run = &rl->cur;
	struct rl_summary *s = &rl->sum;
	uint64_t other_phase = 0, disagree = 0;
	size_t i, k;

	for (i = 0; i < run->ninjected; i++)
		s->hang_records |= run->injected[i].hang;
	s->hang_records |= run->watchdog.have || run->nrestarts;
	/* The latest restart record of a cycle stands (a resend changes
	 * nothing: duplicates were dropped on the way in). */
	for (i = 0; i < run->nrestarts; i++) {
		const struct rl_restart *x = &run->restarts[i];
		struct rl_cycle *c;

		k = runlog_cycle_index(run, x->n);
		if (k >= run->ncycles) {
			s->restarts_no_cycle++;
			continue;
		}
		c = &run->cycles[k];
		c->has_restart = 1;
		c->restart = i;
		if (c->phase[0] && x->phase[0] && strcmp(c->phase, x->phase))
			other_phase++;
	}
	for (k = 0; k < run->ncycles; k++) {
		struct rl_cycle *c = &run->cycles[k];
		const struct rl_restart *x = c->has_restart ? &run->restarts[c->restart] : NULL;

		c->watchdog = c->by_watchdog || (x && x->wd == RL_WD_EXPIRED);
		s->hang_records |= c->hang || c->by_watchdog;
		if (c->by_watchdog && x && x->wd == RL_WD_QUIET)
			disagree++;
	}
	if (s->restarts_no_cycle)
		runlog_note(rl, "%llu restart %s no cycle record",
			    (unsigned long long)s->restarts_no_cycle,
			    runlog_plural(s->restarts_no_cycle, "record names a cycle that has",
					  "records name cycles that have"));
	if (other_phase)
		runlog_note(rl, "%llu restart %s another phase than the cycle record",
			    (unsigned long long)other_phase,
			    runlog_plural(other_phase, "record names", "records name"));
	if (disagree)
		runlog_note(rl,
			    "%llu %s by=watchdog while the restart record says the watchdog was "
			    "quiet: taken as reset by the watchdog",
			    (unsigned long long)disagree,
			    runlog_plural(disagree, "cycle record says", "cycle records say"));
	if (run->restart_records_bad || run->restarts_dropped)
		runlog_note(rl, "restart records: %llu without a usable n, %llu not kept",
			    (unsigned long long)run->restart_records_bad,
			    (unsigned long long)run->restarts_dropped);
}
