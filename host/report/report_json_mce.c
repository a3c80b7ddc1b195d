/* SPDX-License-Identifier: MIT */
/*
 * The JSON report (see report_json.c): the machine-check banks found valid
 * at boot (mce_boot records), decoded from their status (results/mca.h),
 * and how many each cycle was given.  Only for logs that hold them.
 */
#include "host/report/report.h"
#include "host/report/report_json_parts.h"

#include "results/mca.h"

/* A status or MCG_STATUS flag: null when the register was not sent. */
static struct json_object *jflag(int has, uint64_t reg, uint64_t bit)
{
	return has ? json_object_new_boolean((reg & bit) != 0) : NULL;
}

static struct json_object *jhex_has(int has, uint64_t v)
{
	return has ? jhex(v) : NULL;
}

static struct json_object *mce_boot_one(const struct rl_mce_boot *m)
{
	struct json_object *o = json_object_new_object();

	add(o, "when", jstr_opt(m->when));
	add(o, "n", jint_has(m->has_n, m->n));
	add(o, "boot", jint(m->boot));
	add(o, "apic", jint_has(m->has_apic, m->apic));
	add(o, "bank", jint_has(m->has_bank, m->bank));
	add(o, "status", jhex_has(m->has_status, m->status));
	add(o, "addr", jhex_has(m->has_addr, m->addr));
	add(o, "misc", jhex_has(m->has_misc, m->misc));
	add(o, "mcg", jhex_has(m->has_mcg, m->mcg));
	add(o, "severity", jstr_opt(runlog_mce_boot_severity(m)));
	add(o, "class", jstr_opt(runlog_mce_boot_class(m)));
	add(o, "uc", jflag(m->has_status, m->status, PD_MCI_UC));
	add(o, "pcc", jflag(m->has_status, m->status, PD_MCI_PCC));
	add(o, "over", jflag(m->has_status, m->status, PD_MCI_OVER));
	add(o, "ripv", jflag(m->has_mcg, m->mcg, PD_MCG_RIPV));
	add(o, "eipv", jflag(m->has_mcg, m->mcg, PD_MCG_EIPV));
	add(o, "mcip", jflag(m->has_mcg, m->mcg, PD_MCG_MCIP));
	return o;
}

struct json_object *report_json_mce_boot(const struct rl_run *run)
{
	struct json_object *a = json_object_new_array_ext((int)run->nmce_boots);
	size_t i;

	for (i = 0; i < run->nmce_boots; i++)
		json_object_array_add(a, mce_boot_one(&run->mce_boots[i]));
	return a;
}

void report_json_mce_boot_cycles(struct json_object *cycles, const struct rl_run *run)
{
	size_t i;

	/* cycles holds run->cycles in order, one object each. */
	for (i = 0; i < run->ncycles && i < json_object_array_length(cycles); i++) {
		struct json_object *c = json_object_array_get_idx(cycles, i);

		add(c, "mce_boot", jint(run->cycles[i].mce_boot));
		add(c, "reset_mce", json_object_new_boolean(run->cycles[i].reset_mce));
	}
}
