/* SPDX-License-Identifier: MIT */
/*
 * The payload's ACPI (RSDP, RSDT/XSDT, MADT) and SMBIOS parsers, built for
 * the host as they are, over a fake physical memory: the first MiB mapped at
 * address 0 (the BIOS areas the payload scans), tables laid out by hand from
 * ACPI 6.5 (5.2.5 RSDP, 5.2.7 RSDT, 5.2.8 XSDT, 5.2.12 MADT) and DSP0134 3.7
 * (5.2.2 _SM3_ entry point, 6.1.3 string sets).  Hostile platforms: each
 * gets a record and a defined outcome, never a fault or a hang.
 * Mapping address 0 needs CAP_SYS_RAWIO (vm.mmap_min_addr): without it the
 * tests skip with a message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "platform/acpi.h"
#include "mem/paging.h"
#include "boot/bootinfo.h"
#include "report/report.h"
#include "platform/smbios.h"
#include "results/fields.h"

#define LOW_SIZE 0x100000u
#define RSDP_AT	 0xe0000u
#define RSDT_AT	 0x10000u
#define XSDT_AT	 0x11004u /* its 64-bit entries 8-byte aligned, as UBSan wants */
#define MADT_AT	 0x12000u
#define SM3_AT	 0xf0000u
#define SMBT_AT	 0x20000u
#define FADT_AT	 0x13000u
#define HPET_AT	 0x14000u

static int mapped; /* 1: the first MiB is mapped at address 0 */

/* Physical address a, by integer (no arithmetic on a null pointer; the
 * volatile base keeps the compiler from judging a constant address). */
static volatile uintptr_t phys_base;

static uint8_t *at(uint32_t a)
{
	return (uint8_t *)(phys_base + a);
}

/* ---- the payload's report functions, writing into a buffer ---- */

static char out[1 << 16];
static size_t out_len;
static uint32_t seq;

void rec_start(struct pd_rec_writer *w, enum pd_record_type type)
{
	pd_rec_begin(w, 1, 1, seq++, type);
}

void rec_send(struct pd_rec_writer *w)
{
	size_t n = pd_rec_end(w);

	if (out_len + n < sizeof(out)) {
		memcpy(out + out_len, w->buf, n);
		out_len += n;
		out[out_len] = 0;
	}
}

/* The payload maps what it reads (mem/paging.h); here memory is just
 * there. */
int paging_map(uint64_t base, uint64_t len)
{
	(void)base;
	(void)len;
	return 0;
}

void report_count_error(const char *level)
{
	(void)level;
}

void report_error(const char *level, const char *code, const char *what)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_ERROR);
	pd_rec_s(&w, PD_F_LEVEL, level);
	pd_rec_s(&w, PD_F_CODE, code);
	pd_rec_s(&w, PD_F_WHAT, what);
	rec_send(&w);
}

/* ---- fake physical memory ---- */

static int setup(void **state)
{
	(void)state;
	if (!mapped) {
		void *p = mmap(NULL, LOW_SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

		mapped = p == NULL ? 1 : -1;
		if (p != MAP_FAILED && p != NULL)
			munmap(p, LOW_SIZE);
	}
	if (mapped < 0)
		return 0;
	/* From 0x10: writing through address 0 itself is what UBSan forbids;
	 * 0x40E (the EBDA segment) reads 0. */
	memset(at(0x10), 0, LOW_SIZE - 0x10);
	memset(&bootinfo, 0, sizeof(bootinfo));
	out_len = 0;
	out[0] = 0;
	return 0;
}

#define NEED_LOW()                                                                                 \
	do {                                                                                       \
		if (mapped < 0) {                                                                  \
			print_message("[  SKIP    ] cannot map address 0 (vm.mmap_min_addr, "      \
				      "needs CAP_SYS_RAWIO)\n");                                   \
			skip();                                                                    \
		}                                                                                  \
	} while (0)

static void fix_sum(uint8_t *p, uint32_t len, uint32_t at)
{
	uint8_t s = 0;
	uint32_t i;

	p[at] = 0;
	for (i = 0; i < len; i++)
		s = (uint8_t)(s + p[i]);
	p[at] = (uint8_t)-s;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

/* An SDT header (Table 5.4); the checksum (byte 9) fixed by sdt_end. */
static uint8_t *sdt(uint32_t addr, const char *sig)
{
	uint8_t *h = at(addr);

	memset(h, 0, 36);
	memcpy(h, sig, 4);
	h[8] = 1;
	memcpy(h + 10, "PDTEST", 6);
	return h;
}

static void sdt_end(uint8_t *h, uint32_t len)
{
	put32(h + 4, len);
	fix_sum(h, len, 9);
}

/* RSDP rev 2 (Table 5.3) with both pointers; RSDT and XSDT list the MADT. */
static void tables(const uint8_t *madt_entries, uint32_t n)
{
	uint8_t *r = at(RSDP_AT), *h;

	memset(r, 0, 36);
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, "PDTEST", 6);
	r[15] = 2;
	put32(r + 16, RSDT_AT);
	put32(r + 20, 36);
	put64(r + 24, XSDT_AT);
	fix_sum(r, 20, 8);
	fix_sum(r, 36, 32);
	h = sdt(RSDT_AT, "RSDT");
	put32(h + 36, MADT_AT);
	sdt_end(h, 40);
	h = sdt(XSDT_AT, "XSDT");
	put64(h + 36, MADT_AT);
	sdt_end(h, 44);
	h = sdt(MADT_AT, "APIC");
	put32(h + 36, 0xfee00000);
	put32(h + 40, 1);
	memcpy(h + 44, madt_entries, n);
	sdt_end(h, 44 + n);
}

/* 5.2.12.2: type 0, length 8, UID, APIC ID, flags (enabled) */
static size_t lapic(uint8_t *p, uint8_t uid, uint8_t id)
{
	uint8_t e[8] = {0, 8, uid, id, 1, 0, 0, 0};

	memcpy(p, e, 8);
	return 8;
}

/* 5.2.12.12: type 9, length 16, reserved, x2APIC ID, flags, UID */
static size_t x2apic(uint8_t *p, uint32_t id, uint32_t uid)
{
	memset(p, 0, 16);
	p[0] = 9;
	p[1] = 16;
	put32(p + 4, id);
	put32(p + 8, 1);
	put32(p + 12, uid);
	return 16;
}

static struct madt_cpu cpu_buf[ACPI_MAX_CPUS];

static void test_good_tables(void **state)
{
	uint8_t e[64];
	size_t n = 0;

	(void)state;
	NEED_LOW();
	n += lapic(e + n, 0, 0);
	n += lapic(e + n, 1, 1);
	tables(e, (uint32_t)n);
	acpi_init(cpu_buf);
	assert_true(acpi.have_rsdp && acpi.have_madt && acpi.xsdt);
	assert_int_equal(acpi.ncpus, 2);
	assert_int_equal(acpi.cpus[1].apic_id, 1);
	assert_null(strstr(out, "code=bad_table"));
}

/* A MADT with an I/O APIC (5.2.12.3, type 1, length 12) and no CPU. */
static void test_madt_no_cpu(void **state)
{
	uint8_t e[12] = {1, 12, 0, 0, 0, 0, 0xc0, 0xfe, 0, 0, 0, 0};

	(void)state;
	NEED_LOW();
	tables(e, sizeof(e));
	acpi_init(cpu_buf);
	assert_true(acpi.have_madt);
	assert_int_equal(acpi.ncpus, 0);
	assert_int_equal(acpi.madt_entries, 0);
	/* main.c then reports bsp_only and runs on the BSP alone. */
}

/* APIC ID 0 three times (two LAPIC entries and an x2APIC one), then 1:
 * each CPU counted once, the duplicates counted. */
static void test_madt_duplicate_ids(void **state)
{
	uint8_t e[64];
	size_t n = 0;

	(void)state;
	NEED_LOW();
	n += lapic(e + n, 0, 0);
	n += lapic(e + n, 1, 0);
	n += x2apic(e + n, 0, 2);
	n += lapic(e + n, 3, 1);
	tables(e, (uint32_t)n);
	acpi_init(cpu_buf);
	assert_int_equal(acpi.madt_entries, 4);
	assert_int_equal(acpi.ncpus, 2);
	assert_int_equal(acpi.dup_entries, 2);
	assert_int_equal(acpi.cpus[0].apic_id, 0);
	assert_int_equal(acpi.cpus[1].apic_id, 1);
}

/* x2APIC ID 0xFFFFFFFF: the broadcast ID (SDM vol. 3A, 11.12.9), never a
 * CPU: not listed, counted as invalid. */
static void test_madt_x2apic_broadcast(void **state)
{
	uint8_t e[64];
	size_t n = 0;

	(void)state;
	NEED_LOW();
	n += x2apic(e + n, 0xffffffffu, 7);
	n += lapic(e + n, 0, 0);
	n += lapic(e + n, 1, 1);
	tables(e, (uint32_t)n);
	acpi_init(cpu_buf);
	assert_int_equal(acpi.ncpus, 2);
	assert_int_equal(acpi.invalid_entries, 1);
	assert_int_not_equal(acpi.cpus[0].apic_id, 0xffffffffu);
	assert_int_not_equal(acpi.cpus[1].apic_id, 0xffffffffu);
}

/* The last entry claims 40 bytes with 8 left: the walk stops there, with a
 * record; the entries before it stay. */
static void test_madt_entry_past_end(void **state)
{
	uint8_t e[64];
	size_t n = 0;

	(void)state;
	NEED_LOW();
	n += lapic(e + n, 0, 0);
	n += lapic(e + n, 1, 1);
	n += lapic(e + n, 2, 2);
	e[n - 8 + 1] = 40;
	tables(e, (uint32_t)n);
	acpi_init(cpu_buf);
	assert_int_equal(acpi.ncpus, 2);
	assert_non_null(strstr(out, "code=bad_table table=APIC"));
	assert_non_null(strstr(out, "MADT entry runs past the table"));
}

/* The only RSDP has a bad checksum (5.2.5.3: the first 20 bytes sum to 0):
 * not taken; no ACPI, with a record. */
static void test_rsdp_bad_checksum(void **state)
{
	uint8_t e[8];

	(void)state;
	NEED_LOW();
	tables(e, (uint32_t)lapic(e, 0, 0));
	at(RSDP_AT)[8] ^= 0x5a;
	acpi_init(cpu_buf);
	assert_false(acpi.have_rsdp);
	assert_false(acpi.have_madt);
	assert_non_null(strstr(out, "code=no_acpi"));
	/* The same table with a good RSDP 16 bytes further on: that one. */
	memmove(at(RSDP_AT + 16), at(RSDP_AT), 36);
	at(RSDP_AT + 16)[8] ^= 0x5a;
	out_len = 0;
	acpi_init(cpu_buf);
	assert_true(acpi.have_rsdp && acpi.have_madt);
	assert_int_equal(acpi.ncpus, 1);
}

/* The XSDT's checksum is wrong: a record, and the RSDT is walked instead. */
static void test_xsdt_bad_checksum(void **state)
{
	uint8_t e[16];
	size_t n = 0;

	(void)state;
	NEED_LOW();
	n += lapic(e + n, 0, 0);
	n += lapic(e + n, 1, 1);
	tables(e, (uint32_t)n);
	at(XSDT_AT)[9] ^= 1;
	acpi_init(cpu_buf);
	assert_non_null(strstr(out, "code=bad_table table=XSDT"));
	assert_non_null(strstr(out, "checksum mismatch"));
	assert_false(acpi.xsdt);
	assert_true(acpi.have_madt);
	assert_int_equal(acpi.ncpus, 2);
}

/* The tables above, with an FADT and an HPET table added to the XSDT
 * (the RSDT keeps the MADT only: the XSDT is the one walked). */
static void tables_fadt_hpet(uint32_t fadt_flags)
{
	uint8_t e[16], *h;
	size_t n = 0;

	n += lapic(e + n, 0, 0);
	tables(e, (uint32_t)n);
	/* FADT (ACPI 6.5, table 5.9), 276 bytes: SMI_CMD at 48, ACPI_ENABLE
	 * at 52, PM_TMR_BLK at 76, Flags at 112, X_PM_TMR_BLK at 208. */
	h = sdt(FADT_AT, "FACP");
	h[8] = 6;
	put32(h + 48, 0xb2);
	h[52] = 0xf1;
	put32(h + 76, 0x608);
	put32(h + 112, fadt_flags);
	h[208] = 1; /* system I/O */
	h[209] = 32;
	put64(h + 212, 0x608);
	sdt_end(h, 276);
	/* HPET (IA-PC HPET 1.0a, 3.2.4), 56 bytes: base GAS at 40, memory. */
	h = sdt(HPET_AT, "HPET");
	h[40] = 0;
	h[41] = 64;
	put64(h + 44, 0xfed00000);
	sdt_end(h, 56);
	h = at(XSDT_AT);
	put64(h + 44, FADT_AT);
	put64(h + 52, HPET_AT);
	sdt_end(h, 60);
}

/* A normal FADT: the PM timer (32 bits with TMR_VAL_EXT, bit 8) and the SMI
 * command port are used; the HPET's base found. */
static void test_fadt_pm_timer_and_hpet(void **state)
{
	(void)state;
	NEED_LOW();
	tables_fadt_hpet(1u << 8);
	acpi_init(cpu_buf);
	assert_true(acpi.have_fadt);
	assert_int_equal(acpi.pm_tmr_port, 0x608);
	assert_true(acpi.pm_tmr_32bit);
	assert_int_equal(acpi.smi_cmd, 0xb2);
	assert_false(acpi.hw_reduced);
	assert_int_equal(acpi.hpet, 0xfed00000);
}

/* HW_REDUCED_ACPI (Flags bit 20, ACPI 6.5 table 5.10): no fixed hardware,
 * so the PM timer and SMI command fields are ignored whatever they hold
 * (the TSC is not calibrated against them, no SMI is provoked through
 * them). */
static void test_fadt_hw_reduced_ignores_pm_timer_and_smi(void **state)
{
	(void)state;
	NEED_LOW();
	tables_fadt_hpet((1u << 20) | (1u << 8));
	acpi_init(cpu_buf);
	assert_true(acpi.have_fadt);
	assert_true(acpi.hw_reduced);
	assert_int_equal(acpi.pm_tmr_port, 0);
	assert_int_equal(acpi.smi_cmd, 0);
	assert_int_equal(acpi.hpet, 0xfed00000);
}

/* An _SM3_ entry point (DSP0134 5.2.2, Table 3) at 0xF0000 for a table of
 * len bytes at SMBT_AT. */
static void sm3(uint32_t len)
{
	uint8_t *e = at(SM3_AT);

	memset(e, 0, 0x18);
	memcpy(e, "_SM3_", 5);
	e[6] = 0x18;
	e[7] = 3;
	e[8] = 7;
	e[10] = 1;
	put32(e + 0x0c, len);
	put64(e + 0x10, SMBT_AT);
	fix_sum(e, 0x18, 5);
}

/* Type 1 (system, 7.2): manufacturer string 1, product string 2; the
 * string set never ends (no double NUL before the table's end). */
static void test_smbios_string_set_never_ends(void **state)
{
	uint8_t *t;
	uint32_t len;

	(void)state;
	NEED_LOW();
	t = at(SMBT_AT);
	memset(t, 0, 8);
	t[0] = 1;
	t[1] = 8;
	t[4] = 1;
	t[5] = 2;
	memcpy(t + 8, "Vendor\0Product-without-end", 26);
	len = 8 + 26;
	memset(t + len, 'A', 64); /* beyond the table: must not be read */
	sm3(len);
	smbios_report();
	assert_non_null(strstr(out, "code=bad_table"));
	assert_non_null(strstr(out, "sys_vendor=Vendor"));
	/* The second string is cut at the table's end, nothing past it. */
	assert_non_null(strstr(out, "sys_product=Product-without-end"));
	assert_null(strstr(out, "Product-without-endA"));

	/* The same structure properly ended: no error record. */
	out_len = 0;
	out[0] = 0;
	t[len] = 0;
	t[len + 1] = 0;
	t[len + 2] = 127; /* end of table (7.45), length 4, empty string set */
	t[len + 3] = 4;
	memset(t + len + 4, 0, 8);
	sm3(len + 2 + 6);
	smbios_report();
	assert_null(strstr(out, "code=bad_table"));
	assert_non_null(strstr(out, "sys_product=Product-without-end"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_good_tables, setup),
	    cmocka_unit_test_setup(test_madt_no_cpu, setup),
	    cmocka_unit_test_setup(test_madt_duplicate_ids, setup),
	    cmocka_unit_test_setup(test_madt_x2apic_broadcast, setup),
	    cmocka_unit_test_setup(test_madt_entry_past_end, setup),
	    cmocka_unit_test_setup(test_rsdp_bad_checksum, setup),
	    cmocka_unit_test_setup(test_xsdt_bad_checksum, setup),
	    cmocka_unit_test_setup(test_fadt_pm_timer_and_hpet, setup),
	    cmocka_unit_test_setup(test_fadt_hw_reduced_ignores_pm_timer_and_smi, setup),
	    cmocka_unit_test_setup(test_smbios_string_set_never_ends, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
