/* SPDX-License-Identifier: MIT */
/* Local APIC in xAPIC (MMIO) or x2APIC (MSR) mode behind one interface. */
#ifndef PD_CPUS_APIC_H
#define PD_CPUS_APIC_H

#include <stdint.h>

enum apic_mode { APIC_XAPIC, APIC_X2APIC };

/* BSP: enables the APIC, in x2APIC mode when wanted and supported. */
enum apic_mode apic_init_bsp(int want_x2apic);
/* AP: puts this CPU's APIC in the BSP's mode and enables it. */
void apic_init_ap(void);
enum apic_mode apic_mode(void);
const char *apic_mode_name(enum apic_mode m);

/* This CPU's APIC ID as its APIC answers to it (the ID register), not
 * CPUID's initial ID, which firmware rewrites do not change. */
uint32_t apic_id_self(void);
/* Rewrites this CPU's xAPIC ID register (a test of firmware that does);
 * -1 in x2APIC mode (read-only there) or when the write did not take. */
int apic_set_xapic_id(uint32_t id);

/* IPIs; each returns 0, or -1 when the ICR stayed busy or ESR reported an
 * error (details in *esr); apic_send_init returns APIC_SEND_SELF, sending
 * nothing, when apic_id is the running CPU's own. */
#define APIC_SEND_SELF (-2)
int apic_send_init(uint32_t apic_id, uint32_t *esr);
int apic_send_init_deassert(uint32_t apic_id, uint32_t *esr);
int apic_send_sipi(uint32_t apic_id, uint8_t vector, uint32_t *esr);
/* A fixed interrupt on vector, or an NMI, to one CPU. */
int apic_send_fixed(uint32_t apic_id, uint8_t vector, uint32_t *esr);
int apic_send_nmi(uint32_t apic_id, uint32_t *esr);
void apic_eoi(void);
/* Highest APIC ID the current mode can address. */
uint32_t apic_max_id(void);

#endif
