/* SPDX-License-Identifier: MIT */
/*
 * The BMC's system interface, defined once for the payload (driver) and the
 * host (report): IPMI v2.0 rev. 1.1 (netfns Table 5-1, completion codes
 * Table 5-2, KCS 9.x, commands Appendix G), where the firmware describes it
 * (DMTF DSP0134 type 38 "IPMI Device Information"; the IPMI spec's ACPI
 * SPMI table), and the decoding of those two descriptions.
 *
 * Freestanding: no libc, so the payload can use it.
 */
#ifndef PD_RESULTS_IPMI_H
#define PD_RESULTS_IPMI_H

#include <stddef.h>
#include <stdint.h>

/* The KCS interface's default system I/O address (IPMI v2.0 9.x: data at
 * 0CA2h, status/command at 0CA3h), the one probed when no table names one. */
#define PD_IPMI_KCS_DEFAULT_PORT 0xca2

/* System interface types: X(enum suffix, number, name).  SMBIOS type 38
 * offset 04h and the SPMI table's offset 36 number them alike. */
#define PD_IPMI_IFACES(X)                                                                          \
	X(UNKNOWN, 0, "unknown")                                                                   \
	X(KCS, 1, "kcs")                                                                           \
	X(SMIC, 2, "smic")                                                                         \
	X(BT, 3, "bt")                                                                             \
	X(SSIF, 4, "ssif")

enum pd_ipmi_iface {
#define PD_X(e, n, s) PD_IPMI_IF_##e = n,
	PD_IPMI_IFACES(PD_X)
#undef PD_X
};

const char *pd_ipmi_iface_name(unsigned iface);

/* Where the BMC was found: X(enum suffix, name). */
#define PD_IPMI_VIAS(X)                                                                            \
	X(NONE, "none")	    /* nowhere */                                                          \
	X(SMBIOS, "smbios") /* SMBIOS type 38 */                                                   \
	X(SPMI, "spmi")	    /* ACPI SPMI table */                                                  \
	X(PROBE, "probe")   /* a KCS answered at the default address */                            \
	X(OPTION, "option") /* bmc=kcs:PORT on the command line */

enum pd_ipmi_via {
#define PD_X(e, s) PD_IPMI_VIA_##e,
	PD_IPMI_VIAS(PD_X)
#undef PD_X
	    PD_IPMI_VIA_COUNT,
};

const char *pd_ipmi_via_name(enum pd_ipmi_via v);

/* Network functions (Table 5-1), requests; a response's is one more. */
#define PD_IPMI_NETFN_CHASSIS 0x00
#define PD_IPMI_NETFN_APP     0x06
#define PD_IPMI_NETFN_STORAGE 0x0a

/* Commands (Appendix G). */
#define PD_IPMI_CMD_GET_SYSTEM_RESTART_CAUSE 0x07 /* chassis, 28.11 */
#define PD_IPMI_CMD_GET_DEVICE_ID	     0x01 /* app, 20.1 */
#define PD_IPMI_CMD_RESET_WATCHDOG	     0x22 /* app, 27.5 */
#define PD_IPMI_CMD_SET_WATCHDOG	     0x24 /* app, 27.6 */
#define PD_IPMI_CMD_GET_WATCHDOG	     0x25 /* app, 27.7 */
#define PD_IPMI_CMD_SET_GLOBAL_ENABLES	     0x2e /* app, 22.1 */
#define PD_IPMI_CMD_GET_GLOBAL_ENABLES	     0x2f /* app, 22.2 */
#define PD_IPMI_CMD_GET_SEL_INFO	     0x40 /* storage, 31.2 */
#define PD_IPMI_CMD_RESERVE_SEL		     0x42 /* storage, 31.4 */
#define PD_IPMI_CMD_GET_SEL_ENTRY	     0x43 /* storage, 31.5 */
#define PD_IPMI_CMD_ADD_SEL_ENTRY	     0x44 /* storage, 31.6 */
#define PD_IPMI_CMD_GET_SEL_TIME	     0x48 /* storage, 31.10 */

/* Watchdog (27.6 Set Watchdog Timer, 27.7 Get): timer use SMS/OS (byte 1
 * bits 2:0; bit 6 "don't stop", bit 7 "don't log"), its expiration flag
 * (byte 4 bit 4), the timeout actions (byte 2 bits 2:0); the countdown in
 * 100 ms counts, LS byte first.  Byte 1 bit 6 in Get's answer: running. */
#define PD_IPMI_WD_USE_SMS_OS	     4
#define PD_IPMI_WD_USE_MASK	     0x07
#define PD_IPMI_WD_RUNNING	     0x40
#define PD_IPMI_WD_EXPIRED_SMS_OS    0x10
#define PD_IPMI_WD_ACTION_NONE	     0
#define PD_IPMI_WD_ACTION_HARD_RESET 1
#define PD_IPMI_WD_MAX_DS	     0xffff /* 6553.5 s */
/* A timer use's name (27.6 byte 1 bits 2:0: 1 "BIOS FRB2", 2 "BIOS/POST",
 * 3 "OS Load", 4 "SMS/OS", 5 "OEM"), NULL for 0, 6 and 7 (reserved).  Get
 * Watchdog Timer's expiration flags (27.7 byte 5) have bit N for use N. */
const char *pd_ipmi_wd_use_name(unsigned use);
/* A watchdog interrupt type's name (27.6 byte 2 bits 6:4, the pre-timeout
 * interrupt; the watchdog 2 sensor's event data 2 bits 7:4, Table 42-3):
 * 0 "none", 1 "SMI", 2 "NMI", 3 "messaging interrupt"; NULL for others. */
const char *pd_ipmi_wd_interrupt_name(unsigned type);

/* BMC Global Enables (22.1): the event message buffer and the System
 * Event Log, without which a BMC logs no watchdog expiry. */
#define PD_IPMI_GE_EVENT_BUFFER 0x04
#define PD_IPMI_GE_EVENT_LOG	0x08

/* Get System Restart Cause (28.11, Table 28-11), bits 3:0 of byte 1. */
const char *pd_ipmi_restart_cause_name(uint8_t cause);

/* The System Event Log (31, 32).  A record (32.1): ID (2), type (02h a
 * system event; C0h-DFh OEM with a timestamp; E0h-FFh OEM without), the
 * timestamp (4, seconds), then for 02h: generator ID (2), EvM revision,
 * sensor type, sensor number, event direction (bit 7: deassertion) and
 * type, event data 1-3 (data 1 bits 3:0: the offset). */
#define PD_IPMI_SEL_RECORD	   16
#define PD_IPMI_SEL_SYSTEM_EVENT   0x02
#define PD_IPMI_SEL_OEM_TS_FIRST   0xc0
#define PD_IPMI_SEL_OEM_NOTS_FIRST 0xe0
#define PD_IPMI_SEL_LAST_ID	   0xffff /* Get SEL Entry: the last record; next: none */

/* playdead's own marks in the SEL: OEM timestamped records (C0h) with the
 * manufacturer ID left 0 (no enterprise number) and the OEM bytes "pd",
 * the kind, the run ID's low 16 bits and the cycle's low 8 bits. */
#define PD_SEL_MARK_TYPE	0xc0
#define PD_SEL_MARK_RUN_START	1
#define PD_SEL_MARK_CYCLE_RESET 2
#define PD_SEL_MARK_RUN_END	3
#define PD_SEL_MARK_CYCLE_FAILED 4 /* did not do what the matrix expects */
/* Failed cycles marked per run at most: the SEL is the lab's, and small. */
#define PD_SEL_MARKS_FAILED_MAX 16
/* 1 when the 16-byte record r is one of playdead's marks. */
int pd_sel_is_mark(const uint8_t *r);

/* A sensor type's name (IPMI v2.0 Table 42-3) and, for the types a restart
 * is read from, the event offset's (processor 07h, memory 0Ch, system
 * event 12h, critical interrupt 13h, system boot/restart 1Dh, watchdog 2
 * 23h); 0 when not named. */
const char *pd_ipmi_sensor_type_name(uint8_t type);
const char *pd_ipmi_sensor_offset_name(uint8_t type, uint8_t offset);

/* Completion codes (Table 5-2). */
#define PD_IPMI_CC_OK	       0x00
#define PD_IPMI_CC_INVALID_CMD 0xc1
#define PD_IPMI_CC_UNSPECIFIED 0xff

/* The completion code in words ("invalid command"); "OEM or command
 * specific" for 01h-7Eh and 80h-BEh, "reserved" elsewhere. */
const char *pd_ipmi_cc_name(uint8_t cc);
/* 1 when cc says this BMC does not do the command (C1h invalid command, C2h
 * invalid for LUN, C7h/C8h lengths of another spec version, CCh invalid
 * field, D4h privilege, D5h not in this state, D6h sub-function
 * disabled): "not supported", not a failure of the BMC. */
int pd_ipmi_cc_unsupported(uint8_t cc);

/* KCS status register (Table 9-1) and control codes (Table 9-3). */
#define PD_KCS_OBF	   0x01 /* output buffer full: a byte to read */
#define PD_KCS_IBF	   0x02 /* input buffer full: the BMC has not taken the last write */
#define PD_KCS_SMS_ATN	   0x04
#define PD_KCS_CD	   0x08 /* the last write was a command */
#define PD_KCS_STATE(s)	   ((unsigned)(s) >> 6)
#define PD_KCS_IDLE	   0
#define PD_KCS_READ	   1
#define PD_KCS_WRITE	   2
#define PD_KCS_ERROR	   3
#define PD_KCS_GET_STATUS  0x60 /* also ABORT */
#define PD_KCS_WRITE_START 0x61
#define PD_KCS_WRITE_END   0x62
#define PD_KCS_READ_BYTE   0x68
#define PD_KCS_STATUS_REG  1 /* the status/command register's index; data is 0 */

/* A BMC's system interface as a table describes it. */
struct pd_ipmi_locator {
	uint8_t iface;	 /* PD_IPMI_IF_* */
	uint8_t spec;	 /* IPMI revision the table claims, BCD: 0x20 = 2.0 */
	uint8_t io;	 /* 1: I/O space, 0: memory */
	uint8_t spacing; /* bytes between registers: 1, 4 or 16 */
	uint64_t addr;	 /* the first register (the data register for KCS) */
	enum pd_ipmi_via via;
};

/*
 * SMBIOS type 38 (DSP0134 7.39) at s, len bytes of formatted area: the base
 * address's bit 0 selects I/O space, the modifier byte (10h, present when
 * the length is above 10h) gives the register spacing (bits 7:6: 1, 4, 16
 * bytes) and the address's real bit 0 (bit 4), as Linux's dmi_decode_ipmi()
 * reads it.  Returns 0, or -1 (too short, reserved spacing).
 */
int pd_ipmi_from_smbios38(const uint8_t *s, size_t len, struct pd_ipmi_locator *out);

/*
 * The ACPI SPMI table (IPMI v2.0 Appendix C, "Service Processor Management
 * Interface Table"), len bytes with its header: interface type at 36,
 * specification revision at 38 (BCD, 2 bytes), the base address as a
 * Generic Address Structure at 48 (space 0 memory, 1 I/O; its register bit
 * width gives the spacing).  Returns 0, or -1 (too short, other space).
 */
int pd_ipmi_from_spmi(const uint8_t *t, size_t len, struct pd_ipmi_locator *out);

/*
 * A response in (netfn << 2 | LUN, command, completion code, data; IPMI
 * v2.0 9.3) to the request netfn/cmd: returns its completion code, with
 * *data and *dlen set only when it is 00h (a simulated BMC may leave stale
 * bytes behind an error); -1 when it is not that request's response (too
 * short, another netfn or command).
 */
int pd_ipmi_response(const uint8_t *in, size_t len, uint8_t netfn, uint8_t cmd,
		     const uint8_t **data, size_t *dlen);

/* Get Device ID's response data (20.1). */
struct pd_ipmi_device_id {
	uint8_t dev, dev_rev;
	uint8_t fw_major;     /* binary, bits 6:0 */
	uint8_t fw_minor_bcd; /* BCD */
	uint8_t ipmi;	      /* BCD, major digit high: 0x20 = 2.0 (the wire has 02h) */
	uint32_t mfg;	      /* 20 bits: the IANA enterprise number */
	uint16_t product;
};

/* Decodes len data bytes: 0, or -1 when fewer than the 11 it needs. */
int pd_ipmi_device_id(const uint8_t *data, size_t len, struct pd_ipmi_device_id *out);
/* "1.05": the firmware revision. */
void pd_ipmi_format_fw(uint8_t major, uint8_t minor_bcd, char out[8]);

/* "2.0" from a BCD revision byte whose high nibble is the major digit
 * (type 38, SPMI); Get Device ID's byte has the digits the other way round
 * (51h = 1.5): pass it through pd_ipmi_swap_bcd() first. */
void pd_ipmi_format_rev(uint8_t bcd, char out[8]);
uint8_t pd_ipmi_swap_bcd(uint8_t v);

#endif
