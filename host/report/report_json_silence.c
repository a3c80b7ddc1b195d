/* SPDX-License-Identifier: MIT */
/* The JSON report's "silence" object: --silence and the resets the host
 * made (host/model/silence.h). */
#include "host/report/report_json_parts.h"

static struct json_object *host_reset(const struct rl_host_reset *x, const struct runlog *rl)
{
	struct json_object *o = json_object_new_object();

	add(o, "n", jint(x->n));
	/* where the stream had the cycle when the host reset it; the cycle's
	 * own phase is in cycles[] */
	add(o, "phase", jstr_opt(x->phase));
	add(o, "earlier_run", json_object_new_boolean(x->run != rl->cur.run));
	return o;
}

struct json_object *report_json_silence(const struct runlog *rl)
{
	struct json_object *o, *a;
	size_t i;

	if (rl->silence_s <= 0 && !rl->nhost_resets)
		return NULL;
	o = json_object_new_object();
	add(o, "seconds", rl->silence_s > 0 ? jint((int64_t)rl->silence_s) : NULL);
	a = json_object_new_array();
	for (i = 0; i < rl->nhost_resets; i++)
		json_object_array_add(a, host_reset(&rl->host_resets[i], rl));
	add(o, "resets", a);
	add(o, "gave_up", json_object_new_boolean(rl->silence_gave_up));
	add(o, "hangs_recovered_by_host", ju64(rl->sum.hung_host));
	add(o, "hangs_host", ju64(rl->sum.hangs_host));
	return o;
}
