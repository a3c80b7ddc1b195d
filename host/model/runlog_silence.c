/* SPDX-License-Identifier: MIT */
/*
 * --silence in the run model: which cycle is in flight while the host
 * watches (host/model/silence.h decides when that is a hang), the resets
 * the host made, and, at runlog_finish(), each joined to the cycle the
 * payload reported after the reboot (a cycle record with reset=1 and its
 * phase, and a restart record with wd=unknown when there is no BMC).  Such
 * a cycle was recovered by the host, unless the BMC's watchdog says it
 * reset the machine itself.  Whether the hang counts against the run is
 * runlog_judge_schedule()'s, as for the watchdog: an injected hang is the
 * payload's doing, any other is the machine's own.
 */
#include "host/model/runlog.h"
#include "host/model/runlog_internal.h"

#include <string.h>

int runlog_in_flight(const struct runlog *rl, struct rl_died *d)
{
	const struct rl_run *run = &rl->cur;
	size_t i;

	if (!runlog_run_died(run, d))
		return 0;
	/* The payload said where it hangs on purpose: better than the
	 * stream's guess.  The latest injected record of the cycle. */
	for (i = run->ninjected; i-- > 0;)
		if (run->injected[i].n == d->n) {
			if (run->injected[i].phase[0])
				memcpy(d->phase, run->injected[i].phase, sizeof(d->phase));
			break;
		}
	return 1;
}

uint64_t runlog_records_seen(const struct runlog *rl)
{
	return rl->st.good + rl->st.duplicates + rl->st.stale;
}

void runlog_host_reset(struct runlog *rl, const struct rl_died *d, double silence_s)
{
	struct rl_host_reset *x;

	if (rl->nhost_resets >= RL_MAX_HOST_RESETS)
		return;
	x = &rl->host_resets[rl->nhost_resets++];
	memset(x, 0, sizeof(*x));
	x->run = d->run;
	x->n = d->n;
	memcpy(x->phase, d->phase, sizeof(x->phase));
	x->silence_s = silence_s;
}

void runlog_attribute_host_resets(struct runlog *rl)
{
	struct rl_run *run = &rl->cur;
	size_t i, k;

	if (rl->nhost_resets)
		rl->sum.hang_records = 1;
	/* The latest reset of a cycle stands (a machine that hung again in
	 * the reboot was reset twice in one cycle). */
	for (i = 0; i < rl->nhost_resets; i++) {
		const struct rl_host_reset *x = &rl->host_resets[i];

		k = x->run == run->run ? runlog_cycle_index(run, x->n) : run->ncycles;
		if (k < run->ncycles) {
			run->cycles[k].has_host_reset = 1;
			run->cycles[k].host_reset = i;
		}
	}
	for (k = 0; k < run->ncycles; k++) {
		struct rl_cycle *c = &run->cycles[k];

		c->by_host = c->has_host_reset && !c->died && !c->watchdog;
	}
	for (i = 0; i < rl->nhost_resets; i++) {
		const struct rl_host_reset *x = &rl->host_resets[i];
		const struct rl_cycle *c = NULL;
		const char *phase = x->phase;

		k = x->run == run->run ? runlog_cycle_index(run, x->n) : run->ncycles;
		if (k < run->ncycles) {
			c = &run->cycles[k];
			if (c->phase[0] && !c->died)
				phase = c->phase; /* the payload's own word, after the reboot */
		}
		runlog_note(rl, "hang in cycle %u%s (phase %s), reset by the host after %g s%s",
			    x->n, x->run == run->run ? "" : " of an earlier run",
			    phase[0] ? phase : "?", x->silence_s,
			    !c			 ? ""
			    : c->died		 ? ": nothing came back after it"
			    : c->host_reset != i ? ": silent again after it"
			    : c->watchdog	 ? ": the BMC's watchdog says it reset the machine"
						 : "");
	}
}
