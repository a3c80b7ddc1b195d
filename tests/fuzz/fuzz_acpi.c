/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the payload's ACPI (RSDP, RSDT/XSDT, MADT, FADT, the
 * early table lookup) and SMBIOS parsers, built for the host as they are,
 * over a fake physical memory: 32 MiB mapped at address 0, so that the BIOS
 * areas they scan and every table length they may believe (up to 16 MiB)
 * stay inside it (the fuzz build lowers the limits to 64 KiB, see the
 * Makefile).  The input fills the tables; the pointers between them
 * are set here (the payload follows pointers on a machine whose memory is
 * all there; a pointer fuzzed into the void tests nothing of the parser).
 *
 * Input: byte 0 steers (bit 0: fix every checksum, so mutations get past
 * them; bit 1: RSDP revision 2 with an XSDT), then the RSDP (36 bytes), then
 * three tables of up to 4 KiB each (2-byte length first), the _SM3_ entry
 * point (24 bytes) and the SMBIOS table (the rest).
 * Needs CAP_SYS_RAWIO (vm.mmap_min_addr) to map address 0; without it every
 * input is ignored.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "platform/acpi.h"
#include "mem/paging.h"
#include "boot/bootinfo.h"
#include "report/report.h"
#include "platform/smbios.h"
#include "results/ipmi.h"

#define PHYS_SIZE (32u << 20)
#define RSDP_AT	  0xe0000u
#define RSDT_AT	  0x10000u
#define XSDT_AT	  0x11004u /* 64-bit entries 8-byte aligned */
#define TABLE_AT  0x20000u /* three tables, 4 KiB apart */
#define TABLE_MAX 4096u
#define SM3_AT	  0xf0000u
#define SMBT_AT	  0x40000u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The payload's report functions: records built (the encoder runs), not kept. */
void rec_start(struct pd_rec_writer *w, enum pd_record_type type)
{
	pd_rec_begin(w, 1, 1, 0, type);
}

void rec_send(struct pd_rec_writer *w)
{
	(void)pd_rec_end(w);
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
	pd_rec_s(&w, "level", level);
	pd_rec_s(&w, "code", code);
	pd_rec_s(&w, "what", what);
	rec_send(&w);
}

static volatile uintptr_t phys_base; /* 0: no arithmetic on a null pointer */
static int mapped;
static struct madt_cpu cpu_buf[ACPI_MAX_CPUS];

static uint8_t *at(uint32_t a)
{
	return (uint8_t *)(phys_base + a);
}

static void put32(uint32_t a, uint32_t v)
{
	memcpy(at(a), &v, 4);
}

static void put64(uint32_t a, uint64_t v)
{
	memcpy(at(a), &v, 8);
}

static void fix_sum(uint32_t a, uint32_t len, uint32_t sum_at)
{
	uint8_t s = 0;
	uint32_t i;

	*at(a + sum_at) = 0;
	for (i = 0; i < len; i++)
		s = (uint8_t)(s + *at(a + i));
	*at(a + sum_at) = (uint8_t)-s;
}

/* Takes up to n bytes of the input into physical a; returns how many. */
static size_t take(uint32_t a, const uint8_t **d, size_t *left, size_t n)
{
	if (n > *left)
		n = *left;
	memcpy(at(a), *d, n);
	*d += n;
	*left -= n;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *d = data;
	size_t left = size;
	uint32_t len, k, tl;
	uint8_t steer;

	if (!mapped) {
		void *p =
		    mmap(NULL, PHYS_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 0);

		mapped = p == NULL ? 1 : -1;
		if (p != MAP_FAILED && p != NULL)
			munmap(p, PHYS_SIZE);
	}
	if (mapped < 0 || !size)
		return 0;
	/* What the last input wrote: the BIOS areas scanned, the tables. */
	memset(at(0x400), 0, 0x100);
	memset(at(RSDT_AT), 0, 0x2000);
	memset(at(TABLE_AT), 0, 3 * TABLE_MAX);
	memset(at(RSDP_AT), 0, 0x40);
	memset(at(SM3_AT), 0, 0x20);
	memset(&bootinfo, 0, sizeof(bootinfo));
	steer = *d++;
	left--;

	take(RSDP_AT, &d, &left, 36);
	memcpy(at(RSDP_AT), "RSD PTR ", 8);
	*at(RSDP_AT + 15) = steer & 2 ? 2 : 0;
	put32(RSDP_AT + 16, RSDT_AT);
	put32(RSDP_AT + 20, 36);
	put64(RSDP_AT + 24, XSDT_AT);
	memset(at(RSDT_AT), 0, 36);
	memcpy(at(RSDT_AT), "RSDT", 4);
	memset(at(XSDT_AT), 0, 36);
	memcpy(at(XSDT_AT), "XSDT", 4);
	for (k = 0; k < 3; k++) {
		uint32_t a = TABLE_AT + k * TABLE_MAX;

		tl = 0;
		if (left >= 2) {
			tl = (uint32_t)(d[0] | d[1] << 8) % (TABLE_MAX + 1);
			d += 2;
			left -= 2;
		}
		tl = (uint32_t)take(a, &d, &left, tl);
		put32(RSDT_AT + 36 + 4 * k, a);
		put64(XSDT_AT + 36 + 8 * k, a);
		/* Checksums fixed over the length the table claims, when that
		 * stays within its slot. */
		if (steer & 1 && tl >= 10) {
			memcpy(&len, at(a + 4), 4);
			if (len >= 10 && len <= TABLE_MAX)
				fix_sum(a, len, 9);
		}
	}
	put32(RSDT_AT + 4, 36 + 12);
	put32(XSDT_AT + 4, 36 + 24);
	if (steer & 1) {
		fix_sum(RSDT_AT, 48, 9);
		fix_sum(XSDT_AT, 60, 9);
		fix_sum(RSDP_AT, 20, 8);
		fix_sum(RSDP_AT, 36, 32);
	}
	acpi_init(cpu_buf);
	if (acpi.ncpus > ACPI_MAX_CPUS)
		abort();
	(void)acpi_table_early("SPCR", &len);

	take(SM3_AT, &d, &left, 24);
	memcpy(at(SM3_AT), "_SM3_", 5);
	*at(SM3_AT + 6) = 0x18;
	put64(SM3_AT + 0x10, SMBT_AT);
	if (steer & 1)
		fix_sum(SM3_AT, 0x18, 5);
	memset(at(SMBT_AT), 0, 0x10000);
	take(SMBT_AT, &d, &left, 0x10000);
	smbios_report();
	{
		struct pd_ipmi_locator loc;

		(void)smbios_ipmi(&loc);
	}
	return 0;
}
