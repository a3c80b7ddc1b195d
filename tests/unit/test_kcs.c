/* SPDX-License-Identifier: MIT */
/*
 * The payload's KCS driver (payload/platform/kcs.c) against a model of the
 * BMC's side of the interface, and the shared decoding of where a BMC is
 * (results/ipmi.c).  The model follows IPMI v2.0 9.x: the status register
 * (Table 9-1: OBF bit 0, IBF bit 1, state in bits 7:6), the control codes
 * (Table 9-3), the write and read transfers (9.15, Figures 9-6 and 9-7: a
 * dummy byte in the output buffer after each byte taken, a dummy byte when
 * going idle) and GET_STATUS/ABORT returning its error code (Table 9-5).
 * Knobs make it slow, stuck, silent or erroneous.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "lib/tsc.h"
#include "platform/kcs.h"
#include "results/ipmi.h"

#define MS 1000000ull

struct model {
	uint8_t state, ibf, obf, out;
	int abort_armed;
	uint8_t req[64];
	size_t nreq;
	int last; /* WRITE_END seen: the next byte ends the request */
	uint8_t rsp[128];
	size_t nrsp, rpos;
	unsigned busy; /* status reads still in the write state after the request */
	/* knobs */
	int ibf_stuck;	     /* the BMC never takes a byte */
	unsigned busy_polls; /* a slow BMC */
	int silent;	     /* after the request: the write state for ever */
	size_t error_at;     /* the error state at this request byte (1-based) */
	uint8_t abort_code;  /* GET_STATUS's answer */
	uint8_t cc;	     /* the completion code answered */
	size_t rsp_data;     /* data bytes after the completion code */
	int other_cmd;	     /* answers with another command number */
};

static struct model m;

static uint8_t model_rd(const struct kcs *k, unsigned reg)
{
	(void)k;
	if (reg == 0) {
		m.obf = 0;
		return m.out;
	}
	if (m.busy && m.state == PD_KCS_WRITE && !--m.busy) {
		m.state = PD_KCS_READ;
		m.out = m.rsp[0];
		m.obf = 1;
	}
	{
		uint8_t s =
		    (uint8_t)(m.state << 6 | (m.ibf ? PD_KCS_IBF : 0) | (m.obf ? PD_KCS_OBF : 0));

		/* A byte written is seen as IBF once, then taken. */
		if (m.ibf && !m.ibf_stuck)
			m.ibf = 0;
		return s;
	}
}

/* The request is complete: the response, after busy_polls reads. */
static void answer(void)
{
	size_t i;

	if (m.silent)
		return;
	m.rsp[0] = (uint8_t)(((m.req[0] >> 2) + 1) << 2);
	m.rsp[1] = (uint8_t)(m.req[1] + (m.other_cmd ? 1 : 0));
	m.rsp[2] = m.cc;
	for (i = 0; i < m.rsp_data && 3 + i < sizeof(m.rsp); i++)
		m.rsp[3 + i] = (uint8_t)(0xa0 + i);
	m.nrsp = 3 + i;
	m.rpos = 0;
	m.busy = m.busy_polls + 1;
}

static void model_wr(const struct kcs *k, unsigned reg, uint8_t v)
{
	(void)k;
	m.ibf = 1;
	if (reg == PD_KCS_STATUS_REG) {
		if (v == PD_KCS_WRITE_START || v == PD_KCS_GET_STATUS) {
			m.state = PD_KCS_WRITE;
			m.nreq = 0;
			m.last = 0;
			m.abort_armed = v == PD_KCS_GET_STATUS;
			m.out = 0; /* the dummy byte the SMS side clears */
			m.obf = 1;
		} else if (v == PD_KCS_WRITE_END) {
			m.last = 1;
			m.out = 0;
			m.obf = 1;
		} else {
			m.state = PD_KCS_ERROR;
		}
		return;
	}
	if (m.state == PD_KCS_WRITE && m.abort_armed) {
		m.state = PD_KCS_READ;
		m.out = m.abort_code;
		m.obf = 1;
		m.nrsp = 1;
		m.rpos = 0;
		return;
	}
	if (m.state == PD_KCS_WRITE) {
		if (m.nreq < sizeof(m.req))
			m.req[m.nreq] = v;
		m.nreq++;
		if (m.error_at && m.nreq == m.error_at) {
			m.state = PD_KCS_ERROR;
			return;
		}
		if (m.last)
			answer();
		else {
			m.out = 0;
			m.obf = 1;
		}
		return;
	}
	if (m.state == PD_KCS_READ && v == PD_KCS_READ_BYTE) {
		if (++m.rpos < m.nrsp) {
			m.out = m.rsp[m.rpos];
		} else {
			m.state = PD_KCS_IDLE;
			m.out = 0;
		}
		m.obf = 1;
		return;
	}
	m.state = PD_KCS_ERROR;
}

static struct kcs k;

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static uint64_t tsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* The host's TSC rate, for the driver's deadlines. */
static int setup_group(void **state)
{
	uint64_t t0 = now_ns(), c0 = tsc(), t1;

	(void)state;
	while ((t1 = now_ns()) - t0 < 50 * MS)
		;
	tsc_set_khz((tsc() - c0) * 1000000ull / (t1 - t0));
	return 0;
}

static int setup(void **state)
{
	(void)state;
	memset(&m, 0, sizeof(m));
	m.state = PD_KCS_IDLE;
	m.rsp_data = 11;
	kcs_init_io(&k, PD_IPMI_KCS_DEFAULT_PORT, 1);
	k.rd = model_rd;
	k.wr = model_wr;
	k.wait_us = 20000;
	return 0;
}

static const uint8_t get_device_id[] = {PD_IPMI_NETFN_APP << 2, PD_IPMI_CMD_GET_DEVICE_ID};

static int send(uint8_t *rsp, size_t cap, struct kcs_status *st)
{
	return kcs_transact(&k, get_device_id, sizeof(get_device_id), rsp, cap, st);
}

/* A whole transfer: the request arrives as sent, the response comes back
 * whole, the interface ends idle. */
static void test_transfer(void **state)
{
	uint8_t rsp[32];
	struct kcs_status st;
	const uint8_t *data;
	size_t dlen;

	(void)state;
	assert_int_equal(send(rsp, sizeof(rsp), &st), 0);
	assert_int_equal(m.nreq, 2);
	assert_memory_equal(m.req, get_device_id, 2);
	assert_int_equal(st.len, 14);
	assert_int_equal(m.state, PD_KCS_IDLE);
	assert_int_equal(pd_ipmi_response(rsp, st.len, PD_IPMI_NETFN_APP, PD_IPMI_CMD_GET_DEVICE_ID,
					  &data, &dlen),
			 PD_IPMI_CC_OK);
	assert_int_equal(dlen, 11);
	assert_int_equal(data[0], 0xa0);
	/* A request with data goes out whole too. */
	{
		const uint8_t set_wd[] = {
		    PD_IPMI_NETFN_APP << 2, PD_IPMI_CMD_SET_WATCHDOG, 4, 1, 0, 0x10, 0x58, 0x02};

		assert_int_equal(kcs_transact(&k, set_wd, sizeof(set_wd), rsp, sizeof(rsp), &st),
				 0);
		assert_int_equal(m.nreq, sizeof(set_wd));
		assert_memory_equal(m.req, set_wd, sizeof(set_wd));
	}
}

/* A BMC that works on the request a while (still in the write state) is
 * waited for. */
static void test_slow_bmc(void **state)
{
	uint8_t rsp[32];
	struct kcs_status st;

	(void)state;
	m.busy_polls = 500;
	assert_int_equal(send(rsp, sizeof(rsp), &st), 0);
	assert_int_equal(st.len, 14);
}

/* IBF never clears: -1 within a few of its waits, saying IBF. */
static void test_ibf_stuck(void **state)
{
	uint8_t rsp[32];
	struct kcs_status st;
	uint64_t t0 = now_ns();

	(void)state;
	m.ibf_stuck = 1;
	m.ibf = 1;
	assert_int_equal(send(rsp, sizeof(rsp), &st), -1);
	assert_non_null(strstr(st.why, "IBF"));
	assert_true(now_ns() - t0 < 500 * MS);
}

/* Never answers: -1 saying so, bounded. */
static void test_silent_bmc(void **state)
{
	uint8_t rsp[32];
	struct kcs_status st;
	uint64_t t0 = now_ns();

	(void)state;
	m.silent = 1;
	assert_int_equal(send(rsp, sizeof(rsp), &st), -1);
	assert_non_null(strstr(st.why, "did not answer in time"));
	assert_true(now_ns() - t0 < 500 * MS);
}

/* The error state in the middle of a request: -1, and the abort brings
 * back GET_STATUS's code (06h: length error) and leaves the interface idle. */
static void test_error_state_aborts(void **state)
{
	uint8_t rsp[32];
	struct kcs_status st;

	(void)state;
	m.error_at = 1;
	m.abort_code = 0x06;
	assert_int_equal(send(rsp, sizeof(rsp), &st), -1);
	assert_non_null(strstr(st.why, "left the write state"));
	assert_int_equal(st.error, 0x06);
	assert_int_equal(m.state, PD_KCS_IDLE);
	/* The next request goes through. */
	m.error_at = 0;
	assert_int_equal(send(rsp, sizeof(rsp), &st), 0);
}

/* "Invalid command" with stale bytes behind it: the code, no data. */
static void test_unsupported_with_stale_bytes(void **state)
{
	uint8_t rsp[32];
	struct kcs_status st;
	const uint8_t *data;
	size_t dlen;
	int cc;

	(void)state;
	m.cc = PD_IPMI_CC_INVALID_CMD;
	m.rsp_data = 5;
	assert_int_equal(send(rsp, sizeof(rsp), &st), 0);
	cc = pd_ipmi_response(rsp, st.len, PD_IPMI_NETFN_APP, PD_IPMI_CMD_GET_DEVICE_ID, &data,
			      &dlen);
	assert_int_equal(cc, 0xc1);
	assert_int_equal(dlen, 0);
	assert_null(data);
	assert_true(pd_ipmi_cc_unsupported((uint8_t)cc));
	assert_string_equal(pd_ipmi_cc_name((uint8_t)cc), "invalid command");
	assert_false(pd_ipmi_cc_unsupported(0xc0)); /* busy: try again, not unsupported */
	assert_string_equal(pd_ipmi_cc_name(0xff), "unspecified error");
	assert_string_equal(pd_ipmi_cc_name(0x80), "OEM or command-specific");
	assert_string_equal(pd_ipmi_cc_name(0xe0), "reserved");
}

/* Another request's response, or one too short: not this request's. */
static void test_foreign_response(void **state)
{
	uint8_t rsp[32];
	struct kcs_status st;
	const uint8_t *data;
	size_t dlen;

	(void)state;
	m.other_cmd = 1;
	assert_int_equal(send(rsp, sizeof(rsp), &st), 0);
	assert_int_equal(pd_ipmi_response(rsp, st.len, PD_IPMI_NETFN_APP, PD_IPMI_CMD_GET_DEVICE_ID,
					  &data, &dlen),
			 -1);
	assert_int_equal(pd_ipmi_response(rsp, 2, PD_IPMI_NETFN_APP, PD_IPMI_CMD_GET_DEVICE_ID + 1,
					  &data, &dlen),
			 -1);
}

/* A response longer than the buffer: the buffer is not overrun, the rest
 * is read and dropped, the interface ends idle. */
static void test_long_response(void **state)
{
	uint8_t rsp[24];
	struct kcs_status st;

	(void)state;
	m.rsp_data = 100;
	memset(rsp, 0x55, sizeof(rsp));
	assert_int_equal(send(rsp, 16, &st), 0);
	assert_int_equal(st.len, KCS_RSP_MAX);
	assert_int_equal(rsp[16], 0x55);
	assert_int_equal(m.state, PD_KCS_IDLE);
}

/* Get Device ID's data (20.1): IPMI version 02h is 2.0, 51h is 1.5; the
 * manufacturer ID is 20 bits; the firmware minor is BCD. */
static void test_device_id(void **state)
{
	const uint8_t d[] = {0x20, 0x81, 0x85, 0x07, 0x02, 0xbf, 0x57, 0x01, 0xf0, 0x34, 0x12};
	struct pd_ipmi_device_id id;
	char s[8];

	(void)state;
	assert_int_equal(pd_ipmi_device_id(d, sizeof(d), &id), 0);
	assert_int_equal(id.dev, 0x20);
	assert_int_equal(id.dev_rev, 1);
	pd_ipmi_format_rev(id.ipmi, s);
	assert_string_equal(s, "2.0");
	pd_ipmi_format_fw(id.fw_major, id.fw_minor_bcd, s);
	assert_string_equal(s, "5.07");
	assert_int_equal(id.mfg, 0x0157); /* 343: Intel's enterprise number */
	assert_int_equal(id.product, 0x1234);
	pd_ipmi_format_rev(pd_ipmi_swap_bcd(0x51), s);
	assert_string_equal(s, "1.5");
	assert_int_equal(pd_ipmi_device_id(d, 10, &id), -1);
}

/* SMBIOS type 38 (DSP0134 7.39) as firmware writes it. */
static void test_smbios38(void **state)
{
	/* KCS at I/O 0CA2h: base 0CA3h (bit 0: I/O space), byte spacing,
	 * IPMI 2.0, no interrupt: QEMU's isa-ipmi-kcs and most servers. */
	uint8_t t[0x12] = {38, 0x12, 0x00, 0x01, 0x01, 0x20, 0x20, 0xff, 0xa3, 0x0c};
	struct pd_ipmi_locator l;

	(void)state;
	assert_int_equal(pd_ipmi_from_smbios38(t, sizeof(t), &l), 0);
	assert_int_equal(l.iface, PD_IPMI_IF_KCS);
	assert_int_equal(l.io, 1);
	assert_int_equal(l.addr, 0xca2);
	assert_int_equal(l.spacing, 1);
	assert_int_equal(l.spec, 0x20);
	assert_int_equal(l.via, PD_IPMI_VIA_SMBIOS);
	/* Memory-mapped at 0FED40000h + 1 (modifier bit 4), 32-bit spacing
	 * (bits 7:6 = 01b). */
	t[8] = 0x00, t[9] = 0x00, t[10] = 0xd4, t[11] = 0xfe;
	t[0x10] = 0x50;
	assert_int_equal(pd_ipmi_from_smbios38(t, sizeof(t), &l), 0);
	assert_int_equal(l.io, 0);
	assert_int_equal(l.addr, 0xfed40001);
	assert_int_equal(l.spacing, 4);
	/* 16-byte spacing; then the reserved 11b. */
	t[0x10] = 0x80;
	assert_int_equal(pd_ipmi_from_smbios38(t, sizeof(t), &l), 0);
	assert_int_equal(l.spacing, 16);
	t[0x10] = 0xc0;
	assert_int_equal(pd_ipmi_from_smbios38(t, sizeof(t), &l), -1);
	/* An old 10h-byte structure: no modifier, byte spacing. */
	assert_int_equal(pd_ipmi_from_smbios38(t, 0x10, &l), 0);
	assert_int_equal(l.spacing, 1);
	assert_int_equal(pd_ipmi_from_smbios38(t, 0x0f, &l), -1);
	t[0] = 39;
	assert_int_equal(pd_ipmi_from_smbios38(t, sizeof(t), &l), -1);
	assert_string_equal(pd_ipmi_iface_name(PD_IPMI_IF_BT), "bt");
	assert_string_equal(pd_ipmi_iface_name(9), "reserved");
}

/* The SPMI table (IPMI v2.0 Appendix C): KCS, revision 02h 00h, the base
 * in a Generic Address Structure. */
static void test_spmi(void **state)
{
	uint8_t t[65];
	struct pd_ipmi_locator l;

	(void)state;
	memset(t, 0, sizeof(t));
	memcpy(t, "SPMI", 4);
	t[4] = sizeof(t);
	t[36] = PD_IPMI_IF_KCS;
	t[37] = 1; /* reserved, always 01h */
	t[38] = 0x02;
	t[39] = 0x00;
	t[48] = 1; /* system I/O */
	t[49] = 8; /* register bit width */
	t[52] = 0xa2;
	t[53] = 0x0c;
	assert_int_equal(pd_ipmi_from_spmi(t, sizeof(t), &l), 0);
	assert_int_equal(l.iface, PD_IPMI_IF_KCS);
	assert_int_equal(l.spec, 0x20);
	assert_int_equal(l.io, 1);
	assert_int_equal(l.addr, 0xca2);
	assert_int_equal(l.spacing, 1);
	assert_int_equal(l.via, PD_IPMI_VIA_SPMI);
	/* Memory, 32-bit registers. */
	t[48] = 0;
	t[49] = 32;
	assert_int_equal(pd_ipmi_from_spmi(t, sizeof(t), &l), 0);
	assert_int_equal(l.io, 0);
	assert_int_equal(l.spacing, 4);
	/* PCI configuration space, or a table cut before its address. */
	t[48] = 2;
	assert_int_equal(pd_ipmi_from_spmi(t, sizeof(t), &l), -1);
	t[48] = 1;
	assert_int_equal(pd_ipmi_from_spmi(t, 59, &l), -1);
}

/* playdead's SEL marks are told from other OEM records; sensor and offset
 * names from IPMI v2.0 Table 42-3. */
static void test_sel_names(void **state)
{
	uint8_t r[PD_IPMI_SEL_RECORD] = {0};

	(void)state;
	r[2] = PD_SEL_MARK_TYPE;
	r[10] = 'p';
	r[11] = 'd';
	assert_true(pd_sel_is_mark(r));
	r[7] = 0x57; /* another manufacturer's C0h record */
	assert_false(pd_sel_is_mark(r));
	r[7] = 0;
	r[2] = PD_IPMI_SEL_SYSTEM_EVENT;
	assert_false(pd_sel_is_mark(r));
	assert_string_equal(pd_ipmi_sensor_type_name(0x23), "watchdog 2");
	assert_string_equal(pd_ipmi_sensor_type_name(0x07), "processor");
	assert_null(pd_ipmi_sensor_type_name(0xc0)); /* OEM reserved */
	assert_string_equal(pd_ipmi_sensor_offset_name(0x23, 1), "hard reset");
	assert_string_equal(pd_ipmi_sensor_offset_name(0x23, 8), "timer interrupt");
	assert_null(pd_ipmi_sensor_offset_name(0x23, 5)); /* reserved */
	assert_null(pd_ipmi_sensor_offset_name(0x23, 9));
	assert_string_equal(pd_ipmi_sensor_offset_name(0x07, 0), "IERR");
	assert_string_equal(pd_ipmi_sensor_offset_name(0x07, 0x0b), "uncorrectable machine check");
	assert_null(pd_ipmi_sensor_offset_name(0x07, 0x0d));
	assert_string_equal(pd_ipmi_sensor_offset_name(0x0c, 1), "uncorrectable ECC");
	assert_string_equal(pd_ipmi_sensor_offset_name(0x1d, 7), "system restart");
	assert_null(pd_ipmi_sensor_offset_name(0x02, 0)); /* a threshold sensor */
	assert_string_equal(pd_ipmi_restart_cause_name(4), "watchdog expiration");
	assert_string_equal(pd_ipmi_restart_cause_name(0x0c), "reserved");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_transfer, setup),
	    cmocka_unit_test_setup(test_slow_bmc, setup),
	    cmocka_unit_test_setup(test_ibf_stuck, setup),
	    cmocka_unit_test_setup(test_silent_bmc, setup),
	    cmocka_unit_test_setup(test_error_state_aborts, setup),
	    cmocka_unit_test_setup(test_unsupported_with_stale_bytes, setup),
	    cmocka_unit_test_setup(test_foreign_response, setup),
	    cmocka_unit_test_setup(test_long_response, setup),
	    cmocka_unit_test(test_device_id),
	    cmocka_unit_test(test_smbios38),
	    cmocka_unit_test(test_spmi),
	    cmocka_unit_test(test_sel_names),
	};

	return cmocka_run_group_tests(tests, setup_group, NULL);
}
