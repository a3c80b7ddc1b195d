/* SPDX-License-Identifier: MIT */
/* The BMC's System Event Log (platform/sel.h). */
#include "platform/sel.h"
#include "platform/bmc.h"
#include "report/report.h"
#include "results/fields.h"
#include "results/ipmi.h"

/* Entries read at most per boot: a SEL holds a few thousand, each read is
 * a KCS transfer; the newest are at the end, so a longer log is read from
 * where the run's own entries must begin only as far as this. */
#define SEL_READ_MAX 1024

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Get SEL Time (31.10). */
uint32_t sel_now(void)
{
	uint8_t rsp[8];
	size_t len;

	if (!bmc_usable() ||
	    bmc_cmd(PD_IPMI_NETFN_STORAGE, PD_IPMI_CMD_GET_SEL_TIME, 0, 0, rsp, sizeof(rsp),
		    &len) != PD_IPMI_CC_OK ||
	    len < 4)
		return 0;
	return rd32(rsp);
}

void sel_mark(uint8_t kind, uint32_t run_id, uint32_t n)
{
	uint8_t r[PD_IPMI_SEL_RECORD] = {0}, rsp[4];
	size_t len;

	if (!bmc_usable())
		return;
	/* Add SEL Entry (31.6): the BMC fills in the ID and the time. */
	r[2] = PD_SEL_MARK_TYPE;
	r[10] = 'p';
	r[11] = 'd';
	r[12] = kind;
	r[13] = (uint8_t)run_id;
	r[14] = (uint8_t)(run_id >> 8);
	r[15] = (uint8_t)n;
	(void)bmc_cmd(PD_IPMI_NETFN_STORAGE, PD_IPMI_CMD_ADD_SEL_ENTRY, r, sizeof(r), rsp,
		      sizeof(rsp), &len);
}

uint32_t sel_run_start(uint32_t run_id)
{
	uint32_t t;

	if (!bmc_usable())
		return 0;
	t = sel_now();
	sel_mark(PD_SEL_MARK_RUN_START, run_id, 0);
	return t;
}

static void send_entry(const uint8_t *r, uint32_t n)
{
	struct pd_rec_writer w;
	const char *name;

	rec_start(&w, PD_REC_SEL);
	pd_rec_u(&w, PD_F_N, n);
	pd_rec_x(&w, PD_F_ID, (uint64_t)(r[0] | r[1] << 8));
	pd_rec_x(&w, PD_F_TYPE, r[2]);
	if (r[2] < PD_IPMI_SEL_OEM_NOTS_FIRST)
		pd_rec_u(&w, PD_F_TIME, rd32(r + 3));
	if (r[2] == PD_IPMI_SEL_SYSTEM_EVENT) {
		pd_rec_x(&w, PD_F_SENSOR_TYPE, r[10]);
		pd_rec_x(&w, PD_F_SENSOR, r[11]);
		pd_rec_x(&w, PD_F_EVENT, r[12]);
		pd_rec_x(&w, PD_F_EVENT_DATA,
			 (uint64_t)r[13] << 16 | (uint64_t)r[14] << 8 | (uint64_t)r[15]);
		name = pd_ipmi_sensor_offset_name(r[10], r[13] & 0x0f);
		if (name)
			pd_rec_s(&w, PD_F_WHAT, name);
	}
	rec_send(&w);
}

void sel_report_since(uint32_t start_time, uint32_t *last, uint32_t n)
{
	uint8_t req[6], rsp[2 + PD_IPMI_SEL_RECORD];
	uint32_t id = 0, count = 0, this_id;
	size_t len;

	if (!bmc_usable() || !start_time)
		return;
	/* Get SEL Entry (31.5): reservation 0 (whole records need none),
	 * record ID, offset 0, FFh: the whole record; answers the next ID. */
	while (count++ < SEL_READ_MAX) {
		req[0] = req[1] = 0;
		req[2] = (uint8_t)id;
		req[3] = (uint8_t)(id >> 8);
		req[4] = 0;
		req[5] = 0xff;
		if (bmc_cmd(PD_IPMI_NETFN_STORAGE, PD_IPMI_CMD_GET_SEL_ENTRY, req, sizeof(req), rsp,
			    sizeof(rsp), &len) != PD_IPMI_CC_OK ||
		    len < sizeof(rsp))
			return; /* CBh: empty; anything else: nothing more to read */
		this_id = (uint32_t)(rsp[2] | rsp[3] << 8);
		if (!pd_sel_is_mark(rsp + 2) && (!*last || this_id > *last) &&
		    (rsp[4] >= PD_IPMI_SEL_OEM_NOTS_FIRST || rd32(rsp + 5) >= start_time)) {
			send_entry(rsp + 2, n);
			*last = this_id;
		}
		id = (uint32_t)(rsp[0] | rsp[1] << 8);
		if (id == PD_IPMI_SEL_LAST_ID)
			return;
	}
	report_error(PD_LEVEL_WARN, PD_ERR_BMC,
		     "the SEL is longer than playdead reads: its end not read");
}
