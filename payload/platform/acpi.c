/* SPDX-License-Identifier: MIT */
/* Table layouts: ACPI 6.5, sections 5.2.5 (RSDP), 5.2.7/5.2.8 (RSDT/XSDT),
 * 5.2.9 (FADT), 5.2.12 (MADT). */
#include "platform/acpi.h"
#include "boot/bootinfo.h"
#include "mem/paging.h"
#include "report/report.h"
#include "lib/string.h"
#include "lib/checksum.h"

struct acpi_info acpi;

/* Table fields sit wherever the table puts them: read by bytes, never
 * through a cast pointer that may be misaligned (x86 allows the load, C
 * does not). */
static uint32_t rd32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t rd64(const void *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

struct sdt_header {
	char sig[4];
	uint32_t length;
	uint8_t revision, checksum;
	char oem_id[6], oem_table_id[8];
	uint32_t oem_revision, creator_id, creator_revision;
} __attribute__((packed));

struct rsdp {
	char sig[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length; /* revision >= 2 from here */
	uint64_t xsdt;
	uint8_t ext_checksum, reserved[3];
} __attribute__((packed));

/* A table longer than this is garbage, not a table.  The fuzz build lowers
 * it (each input then checksums kilobytes, not megabytes); the check is the
 * same code. */
#ifndef SDT_MAX_LEN
#define SDT_MAX_LEN (16u << 20)
#endif
/* The boot page tables identity-map the first 4 GiB. */
#define BOOT_MAP_LIMIT (1ull << 32)

static const struct rsdp *rsdp_scan(uint64_t start, uint64_t len)
{
	uint64_t a;

	if (paging_map(start, len))
		return 0;
	for (a = start; a + 20 <= start + len; a += 16) {
		const struct rsdp *r = (const struct rsdp *)(uintptr_t)a;

		if (memcmp(r->sig, "RSD PTR ", 8) || checksum8(r, 20))
			continue;
		/* Revision 2 is 36 bytes: past the area scanned. */
		if (r->revision >= 2 &&
		    (paging_map(a, 36) || r->length < 36 || r->length > 4096 || checksum8(r, 36)))
			continue;
		return r;
	}
	return 0;
}

static const struct rsdp *rsdp_find(void)
{
	/* The EBDA segment is at 0x40E; the RSDP is in its first KiB, or in
	 * the BIOS area 0xE0000-0xFFFFF (ACPI 6.5, 5.2.5.1). */
	uint64_t ebda = 0;
	const struct rsdp *r = 0;

	if (!paging_map(0x40e, 2))
		ebda = (uint64_t)(*(volatile uint16_t *)0x40e) << 4;

	/* UEFI gives it in the configuration table (ACPI 6.5, 5.2.5.2). */
	if (bootinfo.rsdp)
		r = rsdp_scan(bootinfo.rsdp, 20);
	if (!r && ebda >= 0x80000 && ebda < 0xa0000)
		r = rsdp_scan(ebda, 1024);
	if (!r)
		r = rsdp_scan(0xe0000, 0x20000);
	return r;
}

static void bad_table(const char *sig, uint64_t addr, const char *what)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_ERROR);
	pd_rec_s(&w, PD_F_LEVEL, PD_LEVEL_WARN);
	pd_rec_s(&w, PD_F_CODE, PD_ERR_BAD_TABLE);
	pd_rec_sn(&w, PD_F_TABLE, sig, 4);
	pd_rec_x(&w, PD_F_ADDR, addr);
	pd_rec_s(&w, PD_F_WHAT, what);
	report_count_error(PD_LEVEL_WARN);
	rec_send(&w);
}

/* The table at addr if its header and checksum hold, else 0 (reported). */
static const struct sdt_header *sdt_check(uint64_t addr)
{
	const struct sdt_header *h = (const struct sdt_header *)(uintptr_t)addr;

	if (!addr)
		return 0;
	if (paging_map(addr, sizeof(*h))) {
		bad_table("????", addr, "table address cannot be mapped, table ignored");
		acpi.bad_checksums++;
		return 0;
	}
	if (h->length < sizeof(*h) || h->length > SDT_MAX_LEN) {
		bad_table(h->sig, addr, "implausible table length, table ignored");
		acpi.bad_checksums++;
		return 0;
	}
	if (paging_map(addr, h->length)) {
		bad_table(h->sig, addr, "table cannot be mapped, table ignored");
		acpi.bad_checksums++;
		return 0;
	}
	if (checksum8(h, h->length)) {
		bad_table(h->sig, addr, "checksum mismatch, table ignored");
		acpi.bad_checksums++;
		return 0;
	}
	return h;
}

static void add_cpu(uint32_t apic_id, uint32_t uid, uint32_t flags, enum madt_src src)
{
	uint32_t i;

	/* Broadcast IDs are never a CPU (0xff in xAPIC, 0xffffffff in x2APIC). */
	if ((src == MADT_SRC_LAPIC && apic_id == 0xff) || apic_id == 0xffffffffu) {
		acpi.invalid_entries++;
		return;
	}
	/* A CPU listed as both LAPIC and x2APIC (or twice) counts once. */
	for (i = 0; i < acpi.ncpus; i++) {
		if (acpi.cpus[i].apic_id == apic_id) {
			acpi.dup_entries++;
			acpi.cpus[i].flags |= flags & MADT_ENABLED;
			return;
		}
	}
	if (acpi.ncpus >= ACPI_MAX_CPUS) {
		acpi.invalid_entries++;
		return;
	}
	acpi.cpus[acpi.ncpus++] = (struct madt_cpu){apic_id, uid, flags, src};
}

static void parse_madt(const struct sdt_header *h)
{
	const uint8_t *p = (const uint8_t *)h + 44, *end = (const uint8_t *)h + h->length;

	if (h->length < 44) {
		bad_table("APIC", (uint64_t)(uintptr_t)h, "MADT too short");
		return;
	}
	acpi.have_madt = 1;
	acpi.lapic_addr = rd32((const uint8_t *)h + 36);
	while (p + 2 <= end) {
		uint8_t type = p[0], len = p[1];

		if (len < 2 || p + len > end) {
			bad_table("APIC", (uint64_t)(uintptr_t)h, "MADT entry runs past the table");
			break;
		}
		switch (type) {
		case 0: /* Processor Local APIC: uid u8, id u8, flags u32 */
			if (len >= 8) {
				acpi.madt_entries++;
				add_cpu(p[3], p[2], rd32(p + 4), MADT_SRC_LAPIC);
			}
			break;
		case 5: /* Local APIC Address Override: u64 at 4 */
			if (len >= 12)
				acpi.lapic_addr = rd64(p + 4);
			break;
		case 9: /* Processor Local x2APIC: id u32 at 4, flags at 8, uid at 12 */
			if (len >= 16) {
				acpi.madt_entries++;
				add_cpu(rd32(p + 4), rd32(p + 12), rd32(p + 8), MADT_SRC_X2APIC);
			}
			break;
		}
		p += len;
	}
}

static void parse_fadt(const struct sdt_header *h)
{
	const uint8_t *f = (const uint8_t *)h;

	acpi.have_fadt = 1;
	if (h->length >= 53) {
		acpi.smi_cmd = rd32(f + 48);
		acpi.acpi_enable = f[52];
	}
	if (h->length >= 80)
		acpi.pm_tmr_port = (uint16_t)rd32(f + 76);
	/* X_PM_TMR_BLK (GAS at 208) wins when it names system I/O space. */
	if (h->length >= 220 && f[208] == 1 && rd64(f + 212))
		acpi.pm_tmr_port = (uint16_t)rd64(f + 212);
	if (h->length >= FADT_FLAGS + 4) {
		uint32_t flags = rd32(f + FADT_FLAGS);

		acpi.pm_tmr_32bit = !!(flags & FADT_TMR_VAL_EXT);
		/* Hardware-reduced ACPI (ACPI 6.5, 4.1): no fixed hardware, so
		 * the PM timer and SMI command fields mean nothing, whatever
		 * they hold; Linux ignores them too. */
		if (flags & FADT_HW_REDUCED_ACPI) {
			acpi.hw_reduced = 1;
			acpi.pm_tmr_port = 0;
			acpi.smi_cmd = 0;
			acpi.acpi_enable = 0;
		}
	}
}

/* HPET (IA-PC HPET specification 1.0a, 3.2.4 "The ACPI 2.0 HPET
 * Description Table"): the event timer block's base, a GAS at offset 40,
 * in system memory. */
static void parse_hpet(const struct sdt_header *h)
{
	const uint8_t *t = (const uint8_t *)h;

	if (h->length < 56 || t[40] != 0 || !rd64(t + 44)) {
		bad_table("HPET", (uint64_t)(uintptr_t)h,
			  "HPET table without a memory base: not used");
		return;
	}
	acpi.hpet = rd64(t + 44);
}

static void walk(const struct sdt_header *sdt, int wide)
{
	uint32_t n = (sdt->length - sizeof(*sdt)) / (wide ? 8 : 4), i;
	const uint8_t *ents = (const uint8_t *)sdt + sizeof(*sdt);

	for (i = 0; i < n; i++) {
		uint64_t a = wide ? rd64(ents + 8 * i) : rd32(ents + 4 * i);
		const struct sdt_header *h = sdt_check(a);

		if (!h)
			continue;
		/* One MADT and one FADT per system (ACPI 6.5, 5.2.12 and
		 * 5.2.9); a second is a firmware bug worth a line, not a
		 * second set of CPUs. */
		if (!memcmp(h->sig, "APIC", 4) && acpi.have_madt)
			bad_table("APIC", a, "second MADT ignored: the first one is used");
		else if (!memcmp(h->sig, "APIC", 4))
			parse_madt(h);
		else if (!memcmp(h->sig, "FACP", 4) && acpi.have_fadt)
			bad_table("FACP", a, "second FADT ignored: the first one is used");
		else if (!memcmp(h->sig, "FACP", 4))
			parse_fadt(h);
		else if (!memcmp(h->sig, "EINJ", 4) && !acpi.einj)
			acpi.einj = a;
		else if (!memcmp(h->sig, "SPMI", 4) && !acpi.spmi)
			acpi.spmi = a; /* the first: the system interface's (IPMI Appendix C) */
		else if (!memcmp(h->sig, "HPET", 4) && !acpi.hpet)
			parse_hpet(h);
	}
}

/* A checked table below 4 GiB, without records: looked up before the
 * payload's own map (the console's SPCR). */
static const struct sdt_header *sdt_quiet(uint64_t addr)
{
	const struct sdt_header *h = (const struct sdt_header *)(uintptr_t)addr;

	if (!addr || addr >= BOOT_MAP_LIMIT - sizeof(*h) || paging_map(addr, sizeof(*h)) ||
	    h->length < sizeof(*h) || h->length > SDT_MAX_LEN ||
	    addr + h->length > BOOT_MAP_LIMIT || paging_map(addr, h->length) ||
	    checksum8(h, h->length))
		return 0;
	return h;
}

const void *acpi_table_early(const char *sig, uint32_t *len)
{
	const struct rsdp *r = rsdp_find();
	const struct sdt_header *sdt = 0;
	uint32_t n, i;
	int wide = 0;

	if (!r)
		return 0;
	if (r->revision >= 2 && r->xsdt) {
		sdt = sdt_quiet(r->xsdt);
		wide = sdt != 0;
	}
	if (!sdt)
		sdt = sdt_quiet(r->rsdt);
	if (!sdt)
		return 0;
	n = (sdt->length - sizeof(*sdt)) / (wide ? 8 : 4);
	for (i = 0; i < n; i++) {
		const uint8_t *e = (const uint8_t *)sdt + sizeof(*sdt);
		const struct sdt_header *h = sdt_quiet(wide ? rd64(e + 8 * i) : rd32(e + 4 * i));

		if (h && !memcmp(h->sig, sig, 4)) {
			*len = h->length;
			return h;
		}
	}
	return 0;
}

void acpi_init(struct madt_cpu *cpus)
{
	const struct rsdp *r = rsdp_find();
	const struct sdt_header *sdt = 0;

	memset(&acpi, 0, sizeof(acpi));
	acpi.cpus = cpus;
	acpi.lapic_addr = 0xfee00000;
	if (!r) {
		report_error(PD_LEVEL_WARN, PD_ERR_NO_ACPI,
			     "no ACPI RSDP in the EBDA or 0xE0000-0xFFFFF");
		return;
	}
	acpi.have_rsdp = 1;
	acpi.rsdp = (uint64_t)(uintptr_t)r;
	acpi.revision = r->revision;
	memcpy(acpi.oem, r->oem_id, 6);
	if (r->revision >= 2 && r->xsdt) {
		sdt = sdt_check(r->xsdt);
		acpi.xsdt = sdt != 0;
	}
	if (!sdt)
		sdt = sdt_check(r->rsdt);
	if (!sdt) {
		report_error(PD_LEVEL_WARN, PD_ERR_NO_ACPI, "RSDP found but no valid RSDT/XSDT");
		return;
	}
	walk(sdt, acpi.xsdt);
	if (!acpi.have_madt)
		report_error(PD_LEVEL_WARN, PD_ERR_NO_MADT, "no valid MADT: CPUs cannot be listed");
	if (!acpi.have_fadt)
		report_error(PD_LEVEL_WARN, PD_ERR_NO_FADT,
			     "no valid FADT: no SMI command port, no PM timer");
}

const char *madt_src_name(enum madt_src s)
{
	return s == MADT_SRC_LAPIC ? "lapic" : s == MADT_SRC_X2APIC ? "x2apic" : "none";
}
