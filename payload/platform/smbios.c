/* SPDX-License-Identifier: MIT */
/* DMTF DSP0134 (SMBIOS 3.7): entry points 5.2.1 (_SM_) and 5.2.2 (_SM3_),
 * structure types 0 (BIOS), 1 (system), 2 (baseboard), 4 (processor),
 * 38 (IPMI device: the BMC's system interface). */
#include "platform/smbios.h"
#include "boot/bootinfo.h"
#include "mem/paging.h"
#include "report/report.h"
#include "lib/string.h"
#include "lib/checksum.h"
#include "results/ipmi.h"

#ifndef SMBIOS_TABLE_MAX /* lowered by the fuzz build, as SDT_MAX_LEN */
#define SMBIOS_TABLE_MAX (1u << 20)
#endif
#define STR_MAX 64

struct smbios_info {
	uint8_t major, minor;
	char bios_vendor[STR_MAX], bios_version[STR_MAX], bios_date[STR_MAX];
	char sys_vendor[STR_MAX], sys_product[STR_MAX];
	char board_vendor[STR_MAX], board_product[STR_MAX];
	char cpu_socket[STR_MAX], cpu_version[STR_MAX];
	int cut; /* a string set ran into the table's end: the walk stopped there */
	int have_ipmi;
	struct pd_ipmi_locator ipmi; /* the first usable type 38 */
};

/* Entry point fields may be misaligned (a hint from the loader): by bytes. */
static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* String number idx (1-based) of the structure at s, bounded by end. */
static void get_string(const uint8_t *s, const uint8_t *end, uint8_t idx, char *dst)
{
	const uint8_t *p = s + s[1];

	dst[0] = 0;
	if (!idx)
		return;
	while (p < end && --idx) {
		while (p < end && *p)
			p++;
		p++;
		if (p < end && !*p)
			return; /* double NUL: fewer strings than idx */
	}
	if (p >= end)
		return;
	{
		size_t n = 0;

		while (p + n < end && p[n] && n < STR_MAX - 1)
			n++;
		memcpy(dst, p, n);
		dst[n] = 0;
		/* Firmware pads strings with trailing blanks. */
		while (n && dst[n - 1] == ' ')
			dst[--n] = 0;
	}
}

static void walk(uint64_t addr, uint32_t len, uint32_t count, struct smbios_info *si)
{
	const uint8_t *p = (const uint8_t *)(uintptr_t)addr, *end = p + len;
	uint32_t n = 0;

	if (paging_map(addr, len)) {
		si->cut = 1;
		return;
	}

	while (p + 4 <= end && (!count || n < count)) {
		uint8_t type = p[0], flen = p[1];
		const uint8_t *q;

		if (flen < 4 || p + flen > end)
			break;
		switch (type) {
		case 0:
			if (flen > 8) {
				get_string(p, end, p[4], si->bios_vendor);
				get_string(p, end, p[5], si->bios_version);
				get_string(p, end, p[8], si->bios_date);
			}
			break;
		case 1:
			if (flen > 5) {
				get_string(p, end, p[4], si->sys_vendor);
				get_string(p, end, p[5], si->sys_product);
			}
			break;
		case 2:
			if (flen > 5) {
				get_string(p, end, p[4], si->board_vendor);
				get_string(p, end, p[5], si->board_product);
			}
			break;
		case 38:
			if (!si->have_ipmi && !pd_ipmi_from_smbios38(p, flen, &si->ipmi))
				si->have_ipmi = 1;
			break;
		case 4:
			/* First populated socket only. */
			if (flen > 0x10 && !si->cpu_socket[0]) {
				get_string(p, end, p[4], si->cpu_socket);
				get_string(p, end, p[0x10], si->cpu_version);
			}
			break;
		}
		if (type == 127) /* end of table */
			break;
		/* Skip the formatted part and the string set (ends in two NULs). */
		q = p + flen;
		while (q + 1 < end && (q[0] || q[1]))
			q++;
		if (q + 1 >= end) {
			si->cut = 1;
			break;
		}
		p = q + 2;
		n++;
	}
}

/* A valid 3.x entry point at e: walks its table. */
static int try_sm3(const uint8_t *e, struct smbios_info *si)
{
	uint32_t max;

	if (memcmp(e, "_SM3_", 5) || e[6] < 0x18 || e[6] > 0x40 || checksum8(e, e[6]))
		return 0;
	max = rd32(e + 0x0c);
	si->major = e[7];
	si->minor = e[8];
	if (max > SMBIOS_TABLE_MAX)
		max = SMBIOS_TABLE_MAX;
	walk(rd64(e + 0x10), max, 0, si);
	return 1;
}

/* A valid 2.x entry point at e: walks its table. */
static int try_sm2(const uint8_t *e, struct smbios_info *si)
{
	if (memcmp(e, "_SM_", 4) || e[5] < 0x1e || e[5] > 0x40 || checksum8(e, e[5]) ||
	    memcmp(e + 0x10, "_DMI_", 5) || checksum8(e + 0x10, 15))
		return 0;
	si->major = e[6];
	si->minor = e[7];
	walk(rd32(e + 0x18), rd16(e + 0x16), rd16(e + 0x1c), si);
	return 1;
}

static int find_entry(struct smbios_info *si)
{
	const uint8_t *hint = (const uint8_t *)(uintptr_t)bootinfo.smbios;
	uint64_t a;

	/* UEFI gives the entry point in its configuration table, and there
	 * may be none in 0xF0000-0xFFFFF (DSP0134 3.7, 5.2.1 and 5.2.2).
	 * Entry points are at most 0x40 bytes (their length byte's limit). */
	if (hint && !paging_map(bootinfo.smbios, 0x40) && (try_sm3(hint, si) || try_sm2(hint, si)))
		return 1;
	if (paging_map(0xf0000, 0x10000))
		return 0;
	/* 3.x first, as Linux does: it can point above 4 GiB. */
	for (a = 0xf0000; a < 0x100000; a += 16)
		if (try_sm3((const uint8_t *)(uintptr_t)a, si))
			return 1;
	for (a = 0xf0000; a < 0x100000; a += 16)
		if (try_sm2((const uint8_t *)(uintptr_t)a, si))
			return 1;
	return 0;
}

static struct smbios_info si;
static int scanned, found;

/* The tables are read once per boot. */
static int scan(void)
{
	if (!scanned) {
		scanned = 1;
		memset(&si, 0, sizeof(si));
		found = find_entry(&si);
	}
	return found;
}

int smbios_ipmi(struct pd_ipmi_locator *out)
{
	if (!scan() || !si.have_ipmi)
		return -1;
	*out = si.ipmi;
	return 0;
}

void smbios_report(void)
{
	struct pd_rec_writer w;
	char ver[8];

	scanned = 0; /* read afresh: the tests and fuzzers hand in new tables */
	if (!scan()) {
		report_error(PD_LEVEL_WARN, PD_ERR_NO_SMBIOS,
			     "no SMBIOS entry point (UEFI, 0xF0000-0xFFFFF): machine unknown");
		return;
	}
	ver[0] = (char)('0' + si.major % 10);
	ver[1] = '.';
	ver[2] = (char)('0' + si.minor / 10 % 10);
	ver[3] = (char)('0' + si.minor % 10);
	ver[4] = 0;
	if (si.minor < 10) {
		ver[2] = ver[3];
		ver[3] = 0;
	}
	if (si.cut)
		report_error(PD_LEVEL_WARN, PD_ERR_BAD_TABLE,
			     "SMBIOS string set without its double NUL before the table's end: "
			     "strings cut there, the rest of the table not read");
	rec_start(&w, PD_REC_SMBIOS);
	pd_rec_s(&w, PD_F_SMBIOS_VER, ver);
	pd_rec_s(&w, PD_F_BIOS_VENDOR, si.bios_vendor);
	pd_rec_s(&w, PD_F_BIOS_VERSION, si.bios_version);
	pd_rec_s(&w, PD_F_BIOS_DATE, si.bios_date);
	pd_rec_s(&w, PD_F_SYS_VENDOR, si.sys_vendor);
	pd_rec_s(&w, PD_F_SYS_PRODUCT, si.sys_product);
	pd_rec_s(&w, PD_F_BOARD_VENDOR, si.board_vendor);
	pd_rec_s(&w, PD_F_BOARD_PRODUCT, si.board_product);
	pd_rec_s(&w, PD_F_CPU_SOCKET, si.cpu_socket);
	pd_rec_s(&w, PD_F_CPU_VERSION, si.cpu_version);
	rec_send(&w);
}
