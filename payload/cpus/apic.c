/* SPDX-License-Identifier: MIT */
/*
 * Local APIC (SDM vol. 3A, chapter 11 "Advanced Programmable Interrupt
 * Controller"; x2APIC in 11.12).  Register offsets are the xAPIC MMIO
 * offsets; in x2APIC mode the MSR is X2APIC_MSR(offset).
 */
#include "cpus/apic.h"
#include "platform/tsc.h"
#include "arch/x86/insn.h"
#include "arch/x86/apic.h"
#include "arch/x86/msr.h"
#include "boot/idt.h"
#include "mem/paging.h"
#include "arch/x86/paging.h"

#define ICR_TIMEOUT_US 100000

static enum apic_mode mode = APIC_XAPIC;
static volatile uint8_t *mmio;

static uint32_t apic_read(uint32_t reg)
{
	if (mode == APIC_X2APIC)
		return (uint32_t)rdmsr(X2APIC_MSR(reg));
	return *(volatile uint32_t *)(mmio + reg);
}

/*
 * An x2APIC register write is a WRMSR, which is not serializing (SDM Vol.
 * 3A, 11.12.3 "MSR Access in x2APIC Mode"): an IPI could leave before the
 * stores it announces (the park request, the trampoline, a kick word) are
 * globally visible.  MFENCE drains the stores; LFENCE keeps the WRMSR from
 * executing before the MFENCE completes, as Linux's weak_wrmsr_fence()
 * before its x2APIC ICR writes.  Harmless where such writes serialize
 * (AMD), so done on every CPU.
 */
static void x2apic_write(uint32_t reg, uint64_t v)
{
	asm volatile("mfence; lfence" ::: "memory");
	wrmsr(X2APIC_MSR(reg), v);
}

static void apic_write(uint32_t reg, uint32_t v)
{
	if (mode == APIC_X2APIC)
		x2apic_write(reg, v);
	else
		*(volatile uint32_t *)(mmio + reg) = v;
}

static void enable(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	if (!(base & APIC_BASE_EN)) {
		base |= APIC_BASE_EN;
		wrmsr(MSR_IA32_APIC_BASE, base);
	}
	if (mode == APIC_X2APIC && !(base & APIC_BASE_EXTD))
		wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_EXTD); /* xAPIC -> x2APIC, 11.12.5 */
	if (!mmio)
		mmio = (volatile uint8_t *)(uintptr_t)(base & APIC_BASE_ADDR);
	apic_write(APIC_SVR, APIC_SVR_ENABLE | IDT_SPURIOUS_VECTOR);
}

enum apic_mode apic_init_bsp(int want_x2apic)
{
	uint32_t r[4];
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	cpuid_count(1, 0, r);
	/* Firmware may hand over in x2APIC mode; leaving it is not allowed
	 * without disabling the APIC, so keep it. */
	if (base & APIC_BASE_EXTD)
		mode = APIC_X2APIC;
	else
		mode = (want_x2apic && (r[2] & (1u << 21))) ? APIC_X2APIC : APIC_XAPIC;
	mmio = (volatile uint8_t *)(uintptr_t)(base & APIC_BASE_ADDR);
	/* xAPIC registers are MMIO, mapped uncached (SDM Vol. 3A, 11.4.1),
	 * in x2APIC mode too: an AP the firmware never switched starts in
	 * xAPIC mode and the trampoline reads its ID register there before
	 * apic_init_ap() switches it.  Mapping one page fails only without
	 * memory for three tables, which the run could not have reached. */
	(void)paging_map(base & APIC_BASE_ADDR, PAGE_SIZE_4K);
	enable();
	return mode;
}

void apic_init_ap(void)
{
	enable();
}

uint32_t apic_id_self(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	/* By this CPU's own mode, as the trampoline reads it: an AP may not
	 * have switched to the BSP's yet, and an exception handler may ask
	 * before the xAPIC page is mapped.  xAPIC: the ID is in bits 31:24
	 * (11.4.6); x2APIC: all 32 (11.12.5.1). */
	if (base & APIC_BASE_EXTD)
		return (uint32_t)rdmsr(X2APIC_MSR(APIC_ID));
	if ((base & APIC_BASE_EN) && mmio)
		return *(volatile uint32_t *)(mmio + APIC_ID) >> 24;
	return apic_id_cpuid();
}

int apic_set_xapic_id(uint32_t id)
{
	if (mode != APIC_XAPIC || id > 0xfe)
		return -1;
	/* Writable on the CPUs firmware rewrites it on; read back to know. */
	apic_write(APIC_ID, id << 24);
	return apic_id_self() == id ? 0 : -1;
}

enum apic_mode apic_mode(void)
{
	return mode;
}

const char *apic_mode_name(enum apic_mode m)
{
	return m == APIC_X2APIC ? "x2apic" : "xapic";
}

uint32_t apic_max_id(void)
{
	/* xAPIC destinations are 8 bits and 0xff is broadcast. */
	return mode == APIC_X2APIC ? 0xfffffffeu : 0xfe;
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

static uint32_t read_esr(void)
{
	/* Write before read: the ESR latches on write (11.5.3). */
	apic_write(APIC_ESR, 0);
	return apic_read(APIC_ESR);
}

static int wait_idle(void)
{
	uint64_t end;

	if (mode == APIC_X2APIC)
		return 0; /* no delivery status in x2APIC mode */
	end = tsc_deadline(ICR_TIMEOUT_US);
	while (apic_read(APIC_ICR) & ICR_BUSY)
		if (rdtsc() > end)
			return -1;
	return 0;
}

static int send_ipi(uint32_t dest, uint32_t low, uint32_t *esr)
{
	int rc;

	*esr = 0;
	read_esr();
	if (wait_idle())
		return -1;
	if (mode == APIC_X2APIC) {
		x2apic_write(APIC_ICR, (uint64_t)dest << 32 | low);
	} else {
		apic_write(APIC_ICR2, dest << 24);
		apic_write(APIC_ICR, low);
	}
	rc = wait_idle();
	*esr = read_esr();
	return rc || *esr ? -1 : 0;
}

int apic_send_init(uint32_t apic_id, uint32_t *esr)
{
	/* INIT to the running CPU resets it mid-run: Linux refuses it too. */
	if (apic_id == apic_id_self()) {
		*esr = 0;
		return APIC_SEND_SELF;
	}
	return send_ipi(apic_id, ICR_DM_INIT | ICR_LEVEL_ASSERT, esr);
}

int apic_send_init_deassert(uint32_t apic_id, uint32_t *esr)
{
	/* Only for old xAPIC parts; x2APIC has no INIT level de-assert. */
	if (mode == APIC_X2APIC) {
		*esr = 0;
		return 0;
	}
	return send_ipi(apic_id, ICR_DM_INIT | ICR_LEVEL_TRIG, esr);
}

int apic_send_fixed(uint32_t apic_id, uint8_t vector, uint32_t *esr)
{
	return send_ipi(apic_id, ICR_DM_FIXED | vector, esr);
}

int apic_send_nmi(uint32_t apic_id, uint32_t *esr)
{
	return send_ipi(apic_id, ICR_DM_NMI | ICR_LEVEL_ASSERT, esr);
}

int apic_send_sipi(uint32_t apic_id, uint8_t vector, uint32_t *esr)
{
	return send_ipi(apic_id, ICR_DM_STARTUP | vector, esr);
}
