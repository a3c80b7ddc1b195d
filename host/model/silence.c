/* SPDX-License-Identifier: MIT */
/* --silence: when a silent machine is reset by the host (see silence.h). */
#include "host/model/silence.h"

void rl_silence_init(struct rl_silence *w, double limit, unsigned max_resets, double now)
{
	w->limit = limit > 0 ? limit : 0;
	w->max_resets = max_resets;
	w->last = now;
	w->records = 0;
	w->reset_sent = 0;
	w->resets = 0;
}

int rl_silence_due(struct rl_silence *w, double now, uint64_t records)
{
	if (w->limit <= 0)
		return 0;
	if (records != w->records) {
		/* A record: the machine is alive, and a reset sent came back. */
		w->records = records;
		w->last = now;
		w->reset_sent = 0;
	}
	return !w->reset_sent && now - w->last >= w->limit;
}

enum rl_silence_action rl_silence_decide(struct rl_silence *w, double now, uint64_t records,
					 int in_flight)
{
	if (!rl_silence_due(w, now, records) || !in_flight)
		return RL_SILENCE_WAIT;
	if (w->resets >= w->max_resets)
		return RL_SILENCE_GIVE_UP;
	w->resets++;
	w->reset_sent = 1;
	return RL_SILENCE_RESET;
}
