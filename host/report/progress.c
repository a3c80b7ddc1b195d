/* SPDX-License-Identifier: MIT */
/* The progress line (progress.h). */
#include "host/report/progress.h"

#include <stdio.h>
#include <string.h>

/* A cycle fails when it reset, was scribbled, or counted an outcome its mode
 * and provocation set do not allow (pd_expect); the final judgement, with
 * the outcome records and exceptions, is runlog_finish()'s. */
static int cycle_failed(const struct rl_run *run, const struct rl_cycle *c)
{
	enum pd_platform plat =
	    !strcmp(run->kexec.platform, "qemu-tcg") ? PD_QEMU_TCG : PD_HARDWARE;
	struct pd_expect e;
	int o;

	if (c->reset || c->scribbled)
		return 1;
	if (!c->has_mode || !c->has_prov)
		return 0;
	pd_expect((enum pd_park_mode)c->mode, (unsigned)c->prov, plat, &e);
	for (o = 0; o < PD_OUTCOME_COUNT; o++)
		if (c->counts[o] && !(e.allowed & (1u << o)))
			return 1;
	return 0;
}

static void duration(char *buf, size_t cap, double s)
{
	unsigned long t = s > 0 ? (unsigned long)(s + 0.5) : 0;

	if (t >= 3600)
		snprintf(buf, cap, "%luh%02lum", t / 3600, t / 60 % 60);
	else if (t >= 60)
		snprintf(buf, cap, "%lum%02lus", t / 60, t % 60);
	else
		snprintf(buf, cap, "%lus", t);
}

void progress_format(char *buf, size_t cap, const struct runlog *rl, struct progress *p,
		     double elapsed, unsigned long reconnects)
{
	const struct rl_run *run = &rl->cur;
	size_t k = run->ncycles, n = 0;
	char el[32], left[32];

	/* cycle records arrive in order; a new run starts the count again */
	if (p->judged > k)
		memset(p, 0, sizeof(*p));
	for (; p->judged < k; p->judged++)
		p->failed += (unsigned long)cycle_failed(run, &run->cycles[p->judged]);
	duration(el, sizeof(el), elapsed);
	if (run->kexec.have && run->kexec.cycles > 0) {
		const struct rl_cycle *last = k ? &run->cycles[k - 1] : NULL;

		n = snprintf(buf, cap, "playdead: boot %lu, cycle %zu of %lld",
			     (unsigned long)run->boot, k, (long long)run->kexec.cycles);
		if (last && n < cap)
			n += snprintf(buf + n, cap - n, " (last %s %s)", last->m, last->p);
		if (n < cap)
			n += snprintf(buf + n, cap - n, ", %lu failed, %s", p->failed, el);
		if (k && (long long)k < run->kexec.cycles && n < cap) {
			duration(left, sizeof(left),
				 elapsed / (double)k * (double)(run->kexec.cycles - (long long)k));
			n += snprintf(buf + n, cap - n, ", about %s left", left);
		}
	} else {
		n = snprintf(buf, cap, "playdead: boot %lu, %llu records, %zu CPUs, %s",
			     (unsigned long)run->boot, (unsigned long long)rl->st.good, run->ncpus,
			     el);
	}
	if (rl->st.corrupt && n < cap)
		n += snprintf(buf + n, cap - n, ", %llu corrupt lines",
			      (unsigned long long)rl->st.corrupt);
	if (reconnects && n < cap)
		n += snprintf(buf + n, cap - n, ", %lu reconnects", reconnects);
	if (runlog_end_seen(rl) && n < cap)
		snprintf(buf + n, cap - n, ", ended");
}
