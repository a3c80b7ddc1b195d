/* SPDX-License-Identifier: MIT */
/* The BMC: discovery, Get Device ID (IPMI v2.0 20.1), commands over KCS. */
#include "platform/bmc.h"
#include "arch/x86/insn.h"
#include "lib/string.h"
#include "mem/paging.h"
#include "options/options.h"
#include "platform/acpi.h"
#include "platform/kcs.h"
#include "platform/smbios.h"
#include "report/report.h"
#include "results/fields.h"
#include "results/ipmi.h"

/* A probe of an address no table names: long enough for a BMC's Get
 * Device ID, short enough not to stall a machine that has none. */
#define BMC_PROBE_WAIT_US 1000000u

static struct {
	int found;	 /* an interface was named or answered a probe */
	int usable;	 /* Get Device ID answered, nothing failed since */
	int reported;	 /* the first transport failure made its record */
	const char *why; /* found && !usable, or !found: why */
	struct pd_ipmi_locator loc;
	struct kcs kcs;
	struct pd_ipmi_device_id id;
} bmc;

int bmc_usable(void)
{
	return bmc.usable;
}

static void give_up(const char *why)
{
	bmc.usable = 0;
	bmc.why = why;
	if (!bmc.reported) {
		bmc.reported = 1;
		report_error(PD_LEVEL_WARN, PD_ERR_BMC, why);
	}
}

int bmc_cmd(uint8_t netfn, uint8_t cmd, const uint8_t *data, size_t n, uint8_t *rsp, size_t cap,
	    size_t *len)
{
	uint8_t req[40], in[KCS_RSP_MAX];
	const uint8_t *got;
	struct kcs_status st;
	size_t i, glen;
	int cc;

	*len = 0;
	if (!bmc.usable || n + 2 > sizeof(req))
		return -1;
	req[0] = (uint8_t)(netfn << 2);
	req[1] = cmd;
	for (i = 0; i < n; i++)
		req[2 + i] = data[i];
	if (kcs_transact(&bmc.kcs, req, n + 2, in, sizeof(in), &st)) {
		give_up(st.why);
		return -1;
	}
	cc = pd_ipmi_response(in, st.len, netfn, cmd, &got, &glen);
	if (cc < 0) {
		give_up("KCS: the BMC answered with another request's response");
		return -1;
	}
	for (i = 0; i < glen && i < cap; i++)
		rsp[i] = got[i];
	*len = i;
	return cc;
}

static int get_device_id(void)
{
	uint8_t d[KCS_RSP_MAX];
	size_t len;
	int cc;

	bmc.usable = 1;
	cc = bmc_cmd(PD_IPMI_NETFN_APP, PD_IPMI_CMD_GET_DEVICE_ID, 0, 0, d, sizeof(d), &len);
	if (cc < 0)
		return -1;
	if (cc != PD_IPMI_CC_OK || pd_ipmi_device_id(d, len, &bmc.id)) {
		bmc.usable = 0;
		bmc.why = cc != PD_IPMI_CC_OK ? "Get Device ID failed: its completion code"
					      : "Get Device ID: a short response";
		return -1;
	}
	return 0;
}

/* Nothing decodes on an ISA bus no device answers: reads give all ones.
 * Any other status is worth a Get Device ID, with a shorter wait. */
static int probe(uint16_t port)
{
	bmc.loc.iface = PD_IPMI_IF_KCS;
	bmc.loc.spec = 0;
	bmc.loc.io = 1;
	bmc.loc.spacing = 1;
	bmc.loc.addr = port;
	bmc.loc.via = PD_IPMI_VIA_PROBE;
	if (inb((uint16_t)(port + PD_KCS_STATUS_REG)) == 0xff) {
		bmc.why = "no BMC: no SMBIOS type 38, no SPMI table, nothing at the KCS default "
			  "address (status reads FFh)";
		return -1;
	}
	kcs_init_io(&bmc.kcs, port, 1);
	bmc.kcs.wait_us = BMC_PROBE_WAIT_US;
	bmc.reported = 1; /* a failed probe is no BMC, not a broken one */
	if (get_device_id()) {
		bmc.why = "no BMC: no SMBIOS type 38, no SPMI table, and the KCS default address "
			  "did not answer Get Device ID";
		return -1;
	}
	bmc.reported = 0;
	bmc.kcs.wait_us = KCS_WAIT_US;
	bmc.found = 1;
	return 0;
}

/* SMBIOS type 38, else the SPMI table. */
static int from_tables(void)
{
	uint32_t len;

	if (smbios_ipmi(&bmc.loc) == 0)
		return 0;
	if (!acpi.spmi || paging_map(acpi.spmi, 36))
		return -1;
	len = *(const uint32_t *)(uintptr_t)(acpi.spmi + 4);
	if (paging_map(acpi.spmi, len))
		return -1;
	return pd_ipmi_from_spmi((const uint8_t *)(uintptr_t)acpi.spmi, len, &bmc.loc);
}

/* An interface a table named: KCS is driven, the others are named. */
static void use_named(void)
{
	bmc.found = 1;
	if (bmc.loc.iface != PD_IPMI_IF_KCS) {
		bmc.why = "the BMC's interface is not KCS: playdead has no driver for it";
		return;
	}
	if (bmc.loc.io) {
		if (bmc.loc.addr + (uint64_t)PD_KCS_STATUS_REG * bmc.loc.spacing > 0xffff) {
			bmc.why = "the table's KCS I/O address is beyond the I/O space";
			return;
		}
		kcs_init_io(&bmc.kcs, (uint16_t)bmc.loc.addr, bmc.loc.spacing);
	} else {
		if (paging_map(bmc.loc.addr, (uint64_t)PD_KCS_STATUS_REG * bmc.loc.spacing + 1)) {
			bmc.why = "the table's KCS memory address cannot be mapped";
			return;
		}
		kcs_init_mmio(&bmc.kcs, bmc.loc.addr, bmc.loc.spacing);
	}
	if (get_device_id() && !bmc.why)
		bmc.why = "the BMC did not answer Get Device ID";
}

void bmc_setup(void)
{
	memset(&bmc, 0, sizeof(bmc));
	switch (opts.bmc) {
	case BMC_OFF:
		bmc.why = "bmc=off";
		return;
	case BMC_KCS:
		bmc.loc.iface = PD_IPMI_IF_KCS;
		bmc.loc.io = 1;
		bmc.loc.spacing = 1;
		bmc.loc.addr = opts.bmc_port;
		bmc.loc.via = PD_IPMI_VIA_OPTION;
		use_named();
		return;
	case BMC_PROBE:
		(void)probe(PD_IPMI_KCS_DEFAULT_PORT);
		return;
	case BMC_AUTO:
		if (from_tables() == 0)
			use_named();
		else
			(void)probe(PD_IPMI_KCS_DEFAULT_PORT);
		return;
	}
}

void bmc_report(void)
{
	struct pd_rec_writer w;
	char rev[8];

	rec_start(&w, PD_REC_BMC);
	pd_rec_u(&w, PD_F_FOUND, (uint64_t)bmc.found);
	pd_rec_s(&w, PD_F_VIA, pd_ipmi_via_name(bmc.found ? bmc.loc.via : PD_IPMI_VIA_NONE));
	if (bmc.found) {
		pd_rec_s(&w, PD_F_IFACE, pd_ipmi_iface_name(bmc.loc.iface));
		pd_rec_s(&w, PD_F_SPACE, bmc.loc.io ? "io" : "mem");
		pd_rec_x(&w, PD_F_ADDR, bmc.loc.addr);
		pd_rec_u(&w, PD_F_SPACING, bmc.loc.spacing);
		if (bmc.loc.spec) {
			pd_ipmi_format_rev(bmc.loc.spec, rev);
			pd_rec_s(&w, PD_F_SPEC, rev);
		}
		pd_rec_u(&w, PD_F_ANSWER, (uint64_t)bmc.usable);
	}
	if (bmc.usable) {
		pd_ipmi_format_rev(bmc.id.ipmi, rev);
		pd_rec_s(&w, PD_F_IPMI, rev);
		pd_rec_x(&w, PD_F_DEV, bmc.id.dev);
		pd_rec_u(&w, PD_F_DEV_REV, bmc.id.dev_rev);
		pd_ipmi_format_fw(bmc.id.fw_major, bmc.id.fw_minor_bcd, rev);
		pd_rec_s(&w, PD_F_FW, rev);
		pd_rec_u(&w, PD_F_MFG, bmc.id.mfg);
		pd_rec_u(&w, PD_F_PRODUCT, bmc.id.product);
	} else if (bmc.why) {
		pd_rec_s(&w, PD_F_WHY, bmc.why);
	}
	rec_send(&w);
}
