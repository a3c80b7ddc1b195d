/* SPDX-License-Identifier: MIT */
/*
 * One machine, one memory map of cache types: firmware must program the
 * MTRRs (and leave IA32_PAT, IA32_MISC_ENABLE and IA32_FEATURE_CONTROL)
 * alike on every logical CPU (SDM Vol. 3A, 11.11.8 "MTRR Considerations in
 * MP Systems").  A CPU that differs from the BSP is reported as the CPUID
 * check reports a register: each value and the APIC IDs that have it.
 */
#include "cpus/msr_consistency.h"
#include "cpus/cpu.h"
#include "report/report.h"
#include "lib/idrun.h"
#include "platform/platform.h"
#include "results/msrs.h"

#define MAX_VALUES 16
#define LIST_ROOM  200 /* characters of ID list per record */

static const struct pd_msr_values *cpu_msr_view(void *ctx, uint32_t i)
{
	const struct cpu *c = &cpus[i];

	(void)ctx;
	return cpu_probed(c) && c->msrs.values_read ? &c->msrs.values : 0;
}

/*
 * QEMU (10, TCG) clears a CPU's MTRRs at INIT: its CPU reset zeroes them and
 * INIT keeps only the state between start_init_save and end_init_save of
 * CPUX86State, which holds IA32_PAT, IA32_MISC_ENABLE and
 * IA32_FEATURE_CONTROL but no MTRR.  Hardware leaves the MTRRs unchanged
 * (SDM Vol. 3A, 9.1 "Initialization Overview"), so there the APs' MTRRs
 * after our INIT-SIPI-SIPI are the firmware's; under QEMU they are not, with
 * SeaBIOS and OVMF alike (seen: every AP's MTRRs zero, the BSP's set).
 */
#define QEMU_MTRR_WHY "qemu-tcg: INIT clears the APs' MTRRs, which hardware keeps, SDM Vol. 3A 9.1"

static int skip_slot(unsigned slot)
{
	return pd_msr_slot_is_mtrr(slot) && platform_detect() == PD_QEMU_TCG;
}

static void report_compared(void)
{
	uint64_t have[(PD_MSR_SLOTS + 63) / 64], skipped[(PD_MSR_SLOTS + 63) / 64] = {0};
	char list[160];
	uint32_t ncpus_read;
	unsigned s;
	struct pd_rec_writer w;

	pd_msr_compared(ncpus, cpu_msr_view, 0, have, &ncpus_read);
	for (s = 0; s < PD_MSR_SLOTS; s++)
		if (pd_msr_has_slot(have, s) && skip_slot(s)) {
			skipped[s / 64] |= 1ull << (s % 64);
			have[s / 64] &= ~(1ull << (s % 64));
		}
	rec_start(&w, PD_REC_MSRS);
	pd_rec_u(&w, PD_F_COUNT, pd_msr_count(have));
	pd_rec_u(&w, PD_F_CPUS, ncpus_read);
	pd_msr_format_list(have, list, sizeof(list));
	pd_rec_s(&w, PD_F_MSR_LIST, list);
	if (pd_msr_count(skipped)) {
		pd_msr_format_list(skipped, list, sizeof(list));
		pd_rec_s(&w, PD_F_NOT_COMPARED, list);
		pd_rec_s(&w, PD_F_WHY, QEMU_MTRR_WHY);
	}
	rec_send(&w);
}

struct value_ctx {
	unsigned slot;
	int present;
	uint64_t val;
};

static void value_piece(void *ctx, const char *list, size_t n)
{
	const struct value_ctx *v = ctx;
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_MISMATCH);
	pd_rec_s(&w, PD_F_WHAT_KIND, "msr");
	pd_rec_x(&w, PD_F_MSR, pd_msr_slot_number(v->slot));
	if (v->present)
		pd_rec_x(&w, PD_F_VAL, v->val);
	else
		pd_rec_s(&w, PD_F_VAL, "absent");
	pd_rec_sn(&w, PD_F_APICS, list, n);
	rec_send(&w);
}

/* One or more records listing the CPUs that have (present, val) in slot. */
static void report_value(unsigned slot, int present, uint64_t val)
{
	char list[LIST_ROOM + IDRUN_SLACK];
	struct value_ctx vc = {slot, present, val};
	struct idrun r = {list, 0, LIST_ROOM, 0, 0, 0, value_piece, &vc};
	uint32_t i;

	for (i = 0; i < ncpus; i++) {
		const struct pd_msr_values *v = cpu_msr_view(0, i);

		if (v && pd_msr_has(v, slot) == present && (!present || v->val[slot] == val))
			idrun_add(&r, cpus[i].apic_id);
	}
	idrun_finish(&r);
}

uint32_t check_msr_consistency(void)
{
	uint64_t vals[MAX_VALUES];
	uint8_t pres[MAX_VALUES];
	uint32_t ndiffer = 0, nvals, j;
	unsigned s;

	report_compared();
	for (s = 0; s < PD_MSR_SLOTS; s++) {
		if (skip_slot(s) || !pd_msr_slot_differs(s, ncpus, cpu_msr_view, 0))
			continue;
		nvals = pd_msr_slot_values(s, ncpus, cpu_msr_view, 0, pres, vals, MAX_VALUES);
		if (nvals > MAX_VALUES) {
			/* Said, as the CPUID check says it: a value left out
			 * is a CPU whose setting nobody sees. */
			report_error(PD_LEVEL_WARN, PD_ERR_MISMATCH_OVERFLOW,
				     "more values of one MSR than are reported one by one");
			nvals = MAX_VALUES;
		}
		for (j = 0; j < nvals; j++)
			report_value(s, pres[j], vals[j]);
		ndiffer++;
	}
	return ndiffer;
}
