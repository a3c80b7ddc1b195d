/* SPDX-License-Identifier: MIT */
/* The BMC's system interface: names and the firmware's descriptions
 * (results/ipmi.h). */
#include "results/ipmi.h"

const char *pd_ipmi_iface_name(unsigned iface)
{
	switch (iface) {
#define PD_X(e, n, s)                                                                              \
	case n:                                                                                    \
		return s;
		PD_IPMI_IFACES(PD_X)
#undef PD_X
	default:
		return "reserved";
	}
}

const char *pd_ipmi_via_name(enum pd_ipmi_via v)
{
	static const char *const names[] = {
#define PD_X(e, s) s,
	    PD_IPMI_VIAS(PD_X)
#undef PD_X
	};

	return (unsigned)v < PD_IPMI_VIA_COUNT ? names[v] : "none";
}

const char *pd_ipmi_cc_name(uint8_t cc)
{
	static const char *const c0[] = {
	    "node busy",					/* C0h */
	    "invalid command",					/* C1h */
	    "command invalid for the LUN",			/* C2h */
	    "timeout while processing the command",		/* C3h */
	    "out of space",					/* C4h */
	    "reservation cancelled or invalid",			/* C5h */
	    "request data truncated",				/* C6h */
	    "request data length invalid",			/* C7h */
	    "request data field length limit exceeded",		/* C8h */
	    "parameter out of range",				/* C9h */
	    "cannot return the number of requested data bytes", /* CAh */
	    "requested sensor, data or record not present",	/* CBh */
	    "invalid data field in request",			/* CCh */
	    "command illegal for the sensor or record type",	/* CDh */
	    "command response could not be provided",		/* CEh */
	    "cannot execute a duplicated request",		/* CFh */
	    "SDR repository in update mode",			/* D0h */
	    "device in firmware update mode",			/* D1h */
	    "BMC initialization in progress",			/* D2h */
	    "destination unavailable",				/* D3h */
	    "insufficient privilege level",			/* D4h */
	    "command not supported in the present state",	/* D5h */
	    "command sub-function disabled or unavailable",	/* D6h */
	};

	if (cc == PD_IPMI_CC_OK)
		return "ok";
	if (cc == PD_IPMI_CC_UNSPECIFIED)
		return "unspecified error";
	if (cc >= 0xc0 && cc <= 0xd6)
		return c0[cc - 0xc0];
	if ((cc >= 0x01 && cc <= 0x7e) || (cc >= 0x80 && cc <= 0xbe))
		return "OEM or command-specific";
	return "reserved";
}

int pd_ipmi_cc_unsupported(uint8_t cc)
{
	switch (cc) {
	case 0xc1:
	case 0xc2:
	case 0xc7:
	case 0xc8:
	case 0xcc:
	case 0xd4:
	case 0xd5:
	case 0xd6:
		return 1;
	default:
		return 0;
	}
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

int pd_ipmi_from_smbios38(const uint8_t *s, size_t len, struct pd_ipmi_locator *out)
{
	/* DSP0134 7.39: 10h bytes up to the base address; the modifier
	 * byte at 10h and the interrupt number at 11h came later. */
	static const uint8_t spacing[4] = {1, 4, 16, 0};
	uint64_t base;

	if (len < 0x10 || s[0] != 38)
		return -1;
	base = rd64(s + 8);
	out->iface = s[4];
	out->spec = s[5];
	out->io = (uint8_t)(base & 1);
	out->spacing = 1;
	out->addr = base & ~(uint64_t)1;
	out->via = PD_IPMI_VIA_SMBIOS;
	if (len > 0x10) {
		out->spacing = spacing[s[0x10] >> 6];
		out->addr |= (s[0x10] >> 4) & 1;
		if (!out->spacing)
			return -1;
	}
	return 0;
}

int pd_ipmi_from_spmi(const uint8_t *t, size_t len, struct pd_ipmi_locator *out)
{
	/* Generic Address Structure (ACPI 6.5, 5.2.3.2) at 48: space id,
	 * register bit width, bit offset, access size, address. */
	const uint8_t *gas = t + 48;

	if (len < 60 || gas[0] > 1)
		return -1;
	out->iface = t[36];
	/* 38: most significant digits first (0x02 0x00 = 2.0). */
	out->spec = (uint8_t)((t[38] & 0x0f) << 4 | t[39] >> 4);
	out->io = gas[0];
	out->spacing = gas[1] >= 8 ? (uint8_t)(gas[1] / 8) : 1;
	out->addr = rd64(gas + 4);
	out->via = PD_IPMI_VIA_SPMI;
	return 0;
}

uint8_t pd_ipmi_swap_bcd(uint8_t v)
{
	return (uint8_t)(v << 4 | v >> 4);
}

void pd_ipmi_format_rev(uint8_t bcd, char out[8])
{
	unsigned hi = bcd >> 4, lo = bcd & 0x0f;

	out[0] = (char)(hi < 10 ? '0' + hi : '?');
	out[1] = '.';
	out[2] = (char)(lo < 10 ? '0' + lo : '?');
	out[3] = 0;
}

int pd_ipmi_response(const uint8_t *in, size_t len, uint8_t netfn, uint8_t cmd,
		     const uint8_t **data, size_t *dlen)
{
	*data = 0;
	*dlen = 0;
	if (len < 3 || in[0] >> 2 != (uint8_t)(netfn + 1) || in[1] != cmd)
		return -1;
	if (in[2] == PD_IPMI_CC_OK) {
		*data = in + 3;
		*dlen = len - 3;
	}
	return in[2];
}

int pd_ipmi_device_id(const uint8_t *d, size_t len, struct pd_ipmi_device_id *out)
{
	if (len < 11)
		return -1;
	out->dev = d[0];
	out->dev_rev = d[1] & 0x0f;
	out->fw_major = d[2] & 0x7f;
	out->fw_minor_bcd = d[3];
	/* 20.1: "bits 7:4 hold the least significant digit": 51h = 1.5. */
	out->ipmi = pd_ipmi_swap_bcd(d[4]);
	out->mfg = (uint32_t)d[6] | (uint32_t)d[7] << 8 | (uint32_t)(d[8] & 0x0f) << 16;
	out->product = (uint16_t)(d[9] | d[10] << 8);
	return 0;
}

void pd_ipmi_format_fw(uint8_t major, uint8_t minor_bcd, char out[8])
{
	static const char hex[] = "0123456789abcdef";
	unsigned m = major & 0x7f;
	size_t k = 0;

	if (m >= 100)
		out[k++] = (char)('0' + m / 100);
	if (m >= 10)
		out[k++] = (char)('0' + m / 10 % 10);
	out[k++] = (char)('0' + m % 10);
	out[k++] = '.';
	out[k++] = hex[minor_bcd >> 4];
	out[k++] = hex[minor_bcd & 0x0f];
	out[k] = 0;
}

const char *pd_ipmi_restart_cause_name(uint8_t cause)
{
	static const char *const names[] = {
	    "unknown",				 /* 0h */
	    "chassis control command",		 /* 1h */
	    "reset via pushbutton",		 /* 2h */
	    "power-up via power pushbutton",	 /* 3h */
	    "watchdog expiration",		 /* 4h */
	    "OEM",				 /* 5h */
	    "power-up on AC (always restore)",	 /* 6h */
	    "power-up on AC (restore previous)", /* 7h */
	    "reset via PEF",			 /* 8h */
	    "power-cycle via PEF",		 /* 9h */
	    "soft reset",			 /* Ah */
	    "power-up via RTC wakeup",		 /* Bh */
	};

	cause &= 0x0f;
	return cause < sizeof(names) / sizeof(names[0]) ? names[cause] : "reserved";
}

int pd_sel_is_mark(const uint8_t *r)
{
	return r[2] == PD_SEL_MARK_TYPE && !r[7] && !r[8] && !r[9] && r[10] == 'p' && r[11] == 'd';
}

const char *pd_ipmi_sensor_type_name(uint8_t type)
{
	switch (type) {
	case 0x01:
		return "temperature";
	case 0x02:
		return "voltage";
	case 0x04:
		return "fan";
	case 0x05:
		return "physical security";
	case 0x07:
		return "processor";
	case 0x08:
		return "power supply";
	case 0x09:
		return "power unit";
	case 0x0c:
		return "memory";
	case 0x0f:
		return "system firmware progress";
	case 0x10:
		return "event logging disabled";
	case 0x11:
		return "watchdog 1";
	case 0x12:
		return "system event";
	case 0x13:
		return "critical interrupt";
	case 0x19:
		return "chip set";
	case 0x1d:
		return "system boot / restart initiated";
	case 0x20:
		return "OS stop / shutdown";
	case 0x23:
		return "watchdog 2";
	default:
		return 0;
	}
}

const char *pd_ipmi_sensor_offset_name(uint8_t type, uint8_t offset)
{
	static const char *const processor[] = {"IERR",
						"thermal trip",
						"FRB1/BIST failure",
						"FRB2/hang in POST",
						"FRB3/processor start-up failure",
						"configuration error",
						"SM BIOS uncorrectable CPU-complex error",
						"presence detected",
						"disabled",
						"terminator presence",
						"throttled",
						"uncorrectable machine check",
						"correctable machine check"};
	static const char *const memory[] = {"correctable ECC",
					     "uncorrectable ECC",
					     "parity",
					     "memory scrub failed",
					     "memory device disabled",
					     "correctable ECC logging limit reached",
					     "presence detected",
					     "configuration error",
					     "spare",
					     "throttled",
					     "critical overtemperature"};
	static const char *const system_event[] = {"system reconfigured",
						   "OEM system boot event",
						   "undetermined system hardware failure",
						   "entry added to auxiliary log",
						   "PEF action",
						   "timestamp clock synch"};
	static const char *const critical_interrupt[] = {"front panel NMI",
							 "bus timeout",
							 "I/O channel check NMI",
							 "software NMI",
							 "PCI PERR",
							 "PCI SERR",
							 "EISA fail-safe timeout",
							 "bus correctable error",
							 "bus uncorrectable error",
							 "fatal NMI",
							 "bus fatal error",
							 "bus degraded"};
	static const char *const restart[] = {"initiated by power up",
					      "initiated by hard reset",
					      "initiated by warm reset",
					      "user requested PXE boot",
					      "automatic boot to diagnostic",
					      "OS or run-time software initiated hard reset",
					      "OS or run-time software initiated warm reset",
					      "system restart"};
	static const char *const watchdog[] = {
	    "timer expired",  "hard reset", "power down", "power cycle", 0, 0, 0, 0,
	    "timer interrupt"};
#define PICK(a) (offset < sizeof(a) / sizeof((a)[0]) ? (a)[offset] : 0)
	switch (type) {
	case 0x07:
		return PICK(processor);
	case 0x0c:
		return PICK(memory);
	case 0x12:
		return PICK(system_event);
	case 0x13:
		return PICK(critical_interrupt);
	case 0x1d:
		return PICK(restart);
	case 0x23:
		return PICK(watchdog);
	default:
		return 0;
	}
#undef PICK
}

const char *pd_ipmi_wd_use_name(unsigned use)
{
	static const char *const names[] = {
	    0, "BIOS FRB2", "BIOS/POST", "OS Load", "SMS/OS", "OEM",
	};

	return use < sizeof(names) / sizeof(names[0]) ? names[use] : 0;
}

const char *pd_ipmi_wd_interrupt_name(unsigned type)
{
	static const char *const names[] = {"none", "SMI", "NMI", "messaging interrupt"};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : 0;
}
