/* SPDX-License-Identifier: MIT */
/* ACPI: RSDP, RSDT/XSDT, MADT (CPUs), FADT (SMI command port, PM timer). */
#ifndef PD_PLATFORM_ACPI_H
#define PD_PLATFORM_ACPI_H

#include <stdint.h>

#define ACPI_MAX_CPUS 8192

/* FADT Flags (ACPI 6.5, table 5.9 at offset 112; table 5.10 the bits). */
#define FADT_FLAGS	     112
#define FADT_TMR_VAL_EXT     (1u << 8)
#define FADT_HW_REDUCED_ACPI (1u << 20)

/* MADT processor flags (ACPI 6.5, table 5.23). */
#define MADT_ENABLED        0x1
#define MADT_ONLINE_CAPABLE 0x2

enum madt_src { MADT_SRC_LAPIC, MADT_SRC_X2APIC, MADT_SRC_NONE };

struct madt_cpu {
	uint32_t apic_id;
	uint32_t uid;
	uint32_t flags;
	enum madt_src src;
};

struct acpi_info {
	int have_rsdp;
	uint64_t rsdp;
	uint8_t revision;
	char oem[7];
	int xsdt; /* walked the XSDT rather than the RSDT */
	int have_madt, have_fadt;
	uint64_t lapic_addr; /* after the MADT's 64-bit override */
	uint32_t smi_cmd;
	uint8_t acpi_enable; /* the value firmware expects on SMI_CMD to enable ACPI */
	uint16_t pm_tmr_port;  /* I/O port of PM_TMR_BLK, 0 if none (or hw_reduced) */
	uint8_t pm_tmr_32bit;  /* FADT TMR_VAL_EXT: 32-bit counter, else 24 */
	uint8_t hw_reduced;    /* FADT HW_REDUCED_ACPI: PM timer, SMI_CMD ignored */
	uint64_t hpet;	       /* HPET event timer block base, 0 if none */
	uint64_t einj;	       /* the EINJ table (error injection), 0 if none */
	uint64_t spmi;	       /* the first SPMI table (the BMC's interface), 0 if none */
	uint32_t madt_entries; /* LAPIC + x2APIC entries seen */
	uint32_t ncpus;        /* after removing duplicates and invalid IDs */
	struct madt_cpu *cpus; /* ncpus entries */
	uint32_t dup_entries, invalid_entries, bad_checksums;
};

extern struct acpi_info acpi;

/* Finds and checks the tables; cpus must hold ACPI_MAX_CPUS entries.
 * Problems are reported as records; acpi.have_madt tells whether CPUs were
 * found. */
void acpi_init(struct madt_cpu *cpus);
const char *madt_src_name(enum madt_src s);
/* Before any output (the console may be the SPCR's): the table with this
 * signature if the RSDP, the RSDT/XSDT and the table check out and lie
 * below 4 GiB, else 0; nothing is reported. */
const void *acpi_table_early(const char *sig, uint32_t *len);

#endif
