/* SPDX-License-Identifier: MIT */
/*
 * The run model: a record accepted into its run (runlog_runs.c) handed to
 * its type's handler (see runlog.c).  The handlers of errors, exceptions and
 * machine checks are here; those of the probe's records in
 * runlog_records_probe.c, those of the schedule's in
 * runlog_records_schedule.c.
 */
#include "host/model/runlog.h"
#include "host/model/runlog_internal.h"

#include <stdlib.h>
#include <string.h>

#include "host/model/idlist.h"
#include "results/fields.h"

/* ---- errors, exceptions, machine checks ---- */

static void rec_error(struct rl_run *run, const struct pd_record *r)
{
	struct rl_error e;

	memset(&e, 0, sizeof(e));
	runlog_field_str(r, PD_F_LEVEL, e.level, sizeof(e.level));
	runlog_field_str(r, PD_F_CODE, e.code, sizeof(e.code));
	runlog_field_str(r, PD_F_WHAT, e.what, sizeof(e.what));
	runlog_field_str(r, PD_F_KEY, e.key, sizeof(e.key));
	runlog_field_str(r, PD_F_VALUE, e.value, sizeof(e.value));
	e.has_apic = runlog_field_u32(r, PD_F_APIC, &e.apic);
	runlog_field_str(r, PD_F_TABLE, e.table, sizeof(e.table));
	e.has_addr = runlog_field_u64(r, PD_F_ADDR, &e.addr);
	e.has_esr = runlog_field_u64(r, PD_F_ESR, &e.esr);
	e.has_dropped = runlog_field_u64(r, PD_F_DROPPED, &e.dropped);
	e.boot = r->boot;
	e.seq = r->seq;
	/* Anything but an explicit warn fails the run: a validator errs on
	 * the side of reporting. */
	if (strcmp(e.level, PD_LEVEL_WARN) == 0)
		run->errors_warn++;
	else
		run->errors_fail++;
	if (run->nerrors >= RL_MAX_ERRORS) {
		run->errors_dropped++;
		return;
	}
	runlog_grow((void **)&run->errors, &run->errors_cap, run->nerrors + 1, sizeof(e));
	run->errors[run->nerrors++] = e;
}

static void rec_exception(struct rl_run *run, const struct pd_record *r)
{
	struct rl_exception x;

	memset(&x, 0, sizeof(x));
	x.has_vector = runlog_field_u64(r, PD_F_VECTOR, &x.vector);
	x.has_err = runlog_field_u64(r, PD_F_ERR, &x.err);
	x.has_rip = runlog_field_u64(r, PD_F_RIP, &x.rip);
	x.has_rsp = runlog_field_u64(r, PD_F_RSP, &x.rsp);
	x.has_cr2 = runlog_field_u64(r, PD_F_CR2, &x.cr2);
	x.has_apic = runlog_field_u32(r, PD_F_APIC, &x.apic);
	runlog_field_str(r, PD_F_NAME, x.name, sizeof(x.name));
	x.boot = r->boot;
	x.seq = r->seq;
	run->exceptions_total++;
	if (run->nexceptions >= RL_MAX_EXCEPTIONS)
		return;
	runlog_grow((void **)&run->exceptions, &run->exceptions_cap, run->nexceptions + 1,
		    sizeof(x));
	run->exceptions[run->nexceptions++] = x;
}

static void rec_mce(struct rl_run *run, const struct pd_record *r)
{
	struct rl_mce m;

	memset(&m, 0, sizeof(m));
	if (!runlog_field_u32(r, PD_F_N, &m.n))
		return;
	if (run->nmces >= RL_MAX_MCES) {
		run->mces_dropped++;
		return;
	}
	runlog_field_str(r, PD_F_WHEN, m.when, sizeof(m.when));
	runlog_field_str(r, PD_F_VIA, m.via, sizeof(m.via));
	runlog_field_str(r, PD_F_WHY, m.why, sizeof(m.why));
	m.injected = runlog_field_opt(r, PD_F_INJECTED) > 0;
	m.has_bank = runlog_field_int(r, PD_F_BANK, &m.bank);
	runlog_field_u64(r, PD_F_STATUS, &m.status);
	runlog_field_u64(r, PD_F_MCG, &m.mcg);
	runlog_grow((void **)&run->mces, &run->mces_cap, run->nmces + 1, sizeof(m));
	run->mces[run->nmces++] = m;
}

/* Records of the machine's probe: taken from boot 1 only. */
static int is_probe_record(enum pd_record_type t)
{
	switch (t) {
	case PD_REC_BOOT:
	case PD_REC_TSC:
	case PD_REC_ACPI:
	case PD_REC_SMBIOS:
	case PD_REC_BMC:
	case PD_REC_WATCHDOG:
	case PD_REC_APIC:
	case PD_REC_CPU:
	case PD_REC_FEATURES:
	case PD_REC_TOPOLOGY:
	case PD_REC_DUMP:
	case PD_REC_DUMPSET:
	case PD_REC_LIMITS:
	case PD_REC_MSRS:
	case PD_REC_MISMATCH:
		return 1;
	default:
		return 0;
	}
}

/* The record's own handler; the record was accepted into run. */
void runlog_apply_record(struct runlog *rl, struct rl_run *run, const struct pd_record *r)
{
	if (r->boot != 1 && is_probe_record(r->type)) {
		run->probe_later++;
		return;
	}
	switch (r->type) {
	case PD_REC_BOOT:
		runlog_rec_boot(run, r);
		break;
	case PD_REC_ERROR:
		rec_error(run, r);
		break;
	case PD_REC_EXCEPTION:
		rec_exception(run, r);
		break;
	case PD_REC_TSC:
		runlog_rec_tsc(run, r);
		break;
	case PD_REC_ACPI:
		runlog_rec_acpi(run, r);
		break;
	case PD_REC_SMBIOS:
		runlog_rec_smbios(run, r);
		break;
	case PD_REC_BMC:
		runlog_rec_bmc(run, r);
		break;
	case PD_REC_WATCHDOG:
		runlog_rec_watchdog(run, r);
		break;
	case PD_REC_APIC:
		runlog_rec_apic(run, r);
		break;
	case PD_REC_CPU:
		runlog_rec_cpu(rl, run, r);
		break;
	case PD_REC_FEATURES:
		runlog_rec_features(run, r);
		break;
	case PD_REC_TOPOLOGY:
		runlog_rec_topology(run, r);
		break;
	case PD_REC_DUMP:
		runlog_rec_dump(run, r);
		break;
	case PD_REC_DUMPSET:
		runlog_rec_dumpset(run, r);
		break;
	case PD_REC_LIMITS:
		runlog_rec_limits(run, r);
		break;
	case PD_REC_MSRS:
		runlog_rec_msrs(run, r);
		break;
	case PD_REC_MISMATCH:
		runlog_rec_mismatch(run, r);
		break;
	case PD_REC_INJECT:
		runlog_rec_inject(rl, r);
		break;
	case PD_REC_MCE:
		rec_mce(run, r);
		break;
	case PD_REC_MCE_BOOT:
		runlog_rec_mce_boot(run, r);
		break;
	case PD_REC_EINJ:
		run->einj_actions++;
		break;
	case PD_REC_KEXEC:
		runlog_rec_kexec(run, r);
		break;
	case PD_REC_START:
		runlog_rec_start(run, r);
		break;
	case PD_REC_INJECTED:
		runlog_rec_injected(run, r);
		break;
	case PD_REC_RESTART:
		runlog_rec_restart(run, r);
		break;
	case PD_REC_SEL:
		runlog_rec_sel(run, r);
		break;
	case PD_REC_CYCLE:
		runlog_rec_cycle(run, r);
		break;
	case PD_REC_OUTCOME:
		runlog_rec_outcome(run, r);
		break;
	case PD_REC_CPUMODES:
		runlog_rec_cpumodes(rl, run, r);
		break;
	case PD_REC_GROUP:
		runlog_rec_group(run, r);
		break;
	case PD_REC_END:
		runlog_rec_end(run, r);
		break;
	default:
		run->unknown++;
		break;
	}
}
