/* SPDX-License-Identifier: MIT */
/* The BMC's watchdog around each cycle (platform/watchdog.h). */
#include "platform/watchdog.h"
#include "options/options.h"
#include "platform/bmc.h"
#include "platform/platform.h"
#include "report/report.h"
#include "results/fields.h"
#include "results/ipmi.h"
#include "results/limits.h"

/* Room for the boot of the next instance and the records between two
 * phases, on top of the cycle's own waits. */
#define WATCHDOG_MARGIN_US 10000000u

static uint32_t countdown_ds;
static const char *why_off;

uint32_t watchdog_countdown_ds(void)
{
	return countdown_ds;
}

/* Set Watchdog Timer (27.6): SMS/OS, no pre-timeout, flags cleared as
 * asked; it stops the timer (no "don't stop" bit).  Returns the code. */
static int set_timer(uint8_t action, uint8_t clear_flags)
{
	uint8_t d[6], rsp[8];
	size_t len;

	d[0] = PD_IPMI_WD_USE_SMS_OS;
	d[1] = action;
	d[2] = 0;
	d[3] = clear_flags;
	d[4] = (uint8_t)(countdown_ds & 0xff);
	d[5] = (uint8_t)(countdown_ds >> 8);
	return bmc_cmd(PD_IPMI_NETFN_APP, PD_IPMI_CMD_SET_WATCHDOG, d, sizeof(d), rsp, sizeof(rsp),
		       &len);
}

static int reset_timer(void)
{
	uint8_t rsp[8];
	size_t len;

	return bmc_cmd(PD_IPMI_NETFN_APP, PD_IPMI_CMD_RESET_WATCHDOG, 0, 0, rsp, sizeof(rsp), &len);
}

/* Event logging on (22.1): a BMC logs a watchdog expiry in its SEL only
 * with the event message buffer and the event log enabled. */
static void enable_event_log(void)
{
	uint8_t ge[4];
	size_t len;

	if (bmc_cmd(PD_IPMI_NETFN_APP, PD_IPMI_CMD_GET_GLOBAL_ENABLES, 0, 0, ge, sizeof(ge),
		    &len) != PD_IPMI_CC_OK ||
	    len < 1)
		return;
	if ((ge[0] & (PD_IPMI_GE_EVENT_BUFFER | PD_IPMI_GE_EVENT_LOG)) ==
	    (PD_IPMI_GE_EVENT_BUFFER | PD_IPMI_GE_EVENT_LOG))
		return;
	ge[0] |= PD_IPMI_GE_EVENT_BUFFER | PD_IPMI_GE_EVENT_LOG;
	(void)bmc_cmd(PD_IPMI_NETFN_APP, PD_IPMI_CMD_SET_GLOBAL_ENABLES, ge, 1, ge, sizeof(ge),
		      &len);
}

/* The longest stretch between two phases is bounded by the cycle's waits
 * (results/limits.h) and the next instance's boot: their sum plus a
 * margin, doubled. */
static uint32_t countdown_from_limits(void)
{
	uint64_t us = WATCHDOG_MARGIN_US, ds;
	int w;

	for (w = 0; w < PD_WAIT_COUNT; w++)
		us += platform_wait_us((enum pd_wait)w);
	ds = 2 * us / 100000;
	return ds > PD_IPMI_WD_MAX_DS ? PD_IPMI_WD_MAX_DS : (uint32_t)ds;
}

void watchdog_setup(int first, uint32_t area_ds)
{
	int cc;

	countdown_ds = 0;
	why_off = 0;
	if (!first) {
		countdown_ds = bmc_usable() ? area_ds : 0;
		return;
	}
	if (opts.watchdog == WATCHDOG_OFF) {
		why_off = "watchdog=off";
		return;
	}
	if (!bmc_usable()) {
		why_off = "no BMC";
		if (opts.watchdog == WATCHDOG_ON)
			report_error(PD_LEVEL_WARN, PD_ERR_BMC,
				     "watchdog=on, but no BMC answered: no watchdog");
		return;
	}
	countdown_ds = countdown_from_limits();
	/* A watchdog an earlier run left running is stopped; the first
	 * cycle arms it again. */
	cc = set_timer(PD_IPMI_WD_ACTION_NONE, 0);
	if (cc != PD_IPMI_CC_OK) {
		countdown_ds = 0;
		why_off = cc < 0 ? "the BMC stopped answering"
			  : pd_ipmi_cc_unsupported((uint8_t)cc)
			      ? "the BMC does not support Set Watchdog Timer"
			      : "Set Watchdog Timer failed";
		return;
	}
	enable_event_log();
}

void watchdog_report(void)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_WATCHDOG);
	pd_rec_u(&w, PD_F_ARMED, countdown_ds != 0);
	if (countdown_ds)
		pd_rec_u(&w, PD_F_COUNTDOWN_MS, (uint64_t)countdown_ds * 100);
	else if (why_off)
		pd_rec_s(&w, PD_F_WHY, why_off);
	rec_send(&w);
}

void watchdog_arm(void)
{
	if (!countdown_ds)
		return;
	if (set_timer(PD_IPMI_WD_ACTION_HARD_RESET, 0) == PD_IPMI_CC_OK)
		(void)reset_timer();
}

void watchdog_pet(void)
{
	if (countdown_ds)
		(void)reset_timer();
}

void watchdog_stop(void)
{
	if (countdown_ds)
		(void)set_timer(PD_IPMI_WD_ACTION_NONE, 0);
}

void watchdog_restart_evidence(struct restart_evidence *ev)
{
	uint8_t rsp[16];
	size_t len;
	int cc;

	ev->asked = bmc_usable();
	ev->expired = 0;
	ev->flags = ev->cause = ev->cause_cc = -1;
	if (!ev->asked)
		return;
	/* Get Watchdog Timer (27.7): use, actions, pre-timeout, expiration
	 * flags, initial and present countdown. */
	if (bmc_cmd(PD_IPMI_NETFN_APP, PD_IPMI_CMD_GET_WATCHDOG, 0, 0, rsp, sizeof(rsp), &len) ==
		PD_IPMI_CC_OK &&
	    len >= 4) {
		ev->flags = rsp[3];
		ev->expired = (rsp[3] & PD_IPMI_WD_EXPIRED_SMS_OS) != 0;
	}
	cc = bmc_cmd(PD_IPMI_NETFN_CHASSIS, PD_IPMI_CMD_GET_SYSTEM_RESTART_CAUSE, 0, 0, rsp,
		     sizeof(rsp), &len);
	ev->cause_cc = cc;
	if (cc == PD_IPMI_CC_OK && len >= 1)
		ev->cause = rsp[0] & 0x0f;
	/* The flag is read: cleared, so the next restart tells its own. */
	if (ev->flags > 0)
		(void)set_timer(PD_IPMI_WD_ACTION_NONE, (uint8_t)ev->flags);
}
