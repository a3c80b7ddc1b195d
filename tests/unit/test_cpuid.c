/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of cpuid/: decoding, collection, topology split, per-CPU masks
 * and dump line formatting.  The leaf values are written from the field
 * definitions in the Intel SDM Vol. 2A (CPUID) and AMD APM Vol. 3 (App. E),
 * not copied from any machine.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "cpuid/cpuid.h"

/* ---- a table-driven fake CPU ---- */

struct entry {
	uint32_t leaf, sub, r[4];
};

struct fake {
	struct entry t[160];
	size_t n;
	unsigned long calls;
};

static void push(struct fake *f, uint32_t leaf, uint32_t sub, uint32_t a, uint32_t b, uint32_t c,
		 uint32_t d)
{
	struct entry *e;

	assert_true(f->n < sizeof(f->t) / sizeof(f->t[0]));
	e = &f->t[f->n++];
	e->leaf = leaf;
	e->sub = sub;
	e->r[0] = a;
	e->r[1] = b;
	e->r[2] = c;
	e->r[3] = d;
}

/* Replaces (or adds) an entry. */
static void set(struct fake *f, uint32_t leaf, uint32_t sub, uint32_t a, uint32_t b, uint32_t c,
		uint32_t d)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->t[i].leaf == leaf && f->t[i].sub == sub) {
			f->t[i].r[0] = a;
			f->t[i].r[1] = b;
			f->t[i].r[2] = c;
			f->t[i].r[3] = d;
			return;
		}
	push(f, leaf, sub, a, b, c, d);
}

static void fake_fn(uint32_t leaf, uint32_t sub, uint32_t regs[4], void *ctx)
{
	struct fake *f = ctx;
	size_t i;

	f->calls++;
	regs[0] = regs[1] = regs[2] = regs[3] = 0;
	for (i = 0; i < f->n; i++)
		if (f->t[i].leaf == leaf && f->t[i].sub == sub) {
			memcpy(regs, f->t[i].r, 16);
			return;
		}
}

/* The fake's entries as a dump would hold them. */
static void raw_of(const struct fake *f, struct cpuid_raw *raw)
{
	size_t i;

	raw->n = 0;
	raw->truncated = 0;
	for (i = 0; i < f->n; i++)
		assert_int_equal(
		    cpuid_raw_add(raw, f->t[i].leaf, f->t[i].sub, f->t[i].r, f->t[i].sub != 0), 1);
}

static uint32_t str4(const char *s)
{
	return (uint32_t)(uint8_t)s[0] | (uint32_t)(uint8_t)s[1] << 8 |
	       (uint32_t)(uint8_t)s[2] << 16 | (uint32_t)(uint8_t)s[3] << 24;
}

/* Leaf 0 with a vendor string (EBX, EDX, ECX order). */
static void vendor(struct fake *f, uint32_t max, const char *v12)
{
	push(f, 0, 0, max, str4(v12), str4(v12 + 8), str4(v12 + 4));
}

/* 0x80000002..4 from a string of up to 48 characters, NUL padded. */
static void brand(struct fake *f, const char *s)
{
	char b[48] = {0};
	int i;

	memcpy(b, s, strlen(s) < 48 ? strlen(s) : 48);
	for (i = 0; i < 3; i++)
		push(f, 0x80000002u + (uint32_t)i, 0, str4(b + 16 * i), str4(b + 16 * i + 4),
		     str4(b + 16 * i + 8), str4(b + 16 * i + 12));
}

/*
 * A Xeon of family 6 model 0x8F: MONITOR/MWAIT with leaf 5, TME, x2APIC,
 * 2 threads per core and 2^7 APIC IDs per package in leaf 0xB, no 0x1F.
 */
static void intel_xeon(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	vendor(f, 0x20, "GenuineIntel");
	/* 1: EAX family 6 model 0x8F stepping 8; EBX APIC ID 0x0A, 0x40 logical
	 * IDs, CLFLUSH 8; ECX SSE3[0] MONITOR[3] x2APIC[21] OSXSAVE[27]; EDX
	 * FPU[0] HTT[28]. */
	push(f, 1, 0, 0x000806F8, 0x0A400800, 0x08200009, 0x10000001);
	/* 4: L1d, L1i, L2, L3; EAX[31:26] = 63 -> 64 cores addressable. */
	push(f, 4, 0, 0xFC004121, 0x02C0003F, 0x0000003F, 0);
	push(f, 4, 1, 0xFC004122, 0x01C0003F, 0x0000003F, 0);
	push(f, 4, 2, 0xFC004143, 0x03C0003F, 0x000007FF, 0);
	push(f, 4, 3, 0xFC3FC163, 0x0380003F, 0x0001BFFF, 4);
	/* 5: lines 64/64 bytes, EMX and IBE, C1 and C3 with 2 sub-states each. */
	push(f, 5, 0, 0x40, 0x40, 0x3, 0x00002020);
	push(f, 6, 0, 0x4, 0, 0, 0);
	/* 7.0: last subleaf 1; ECX TME[13]; EBX without SGX[2]. */
	push(f, 7, 0, 1, 0xF3BFFBFB, 0x00002000, 0);
	push(f, 7, 1, 0x1C30, 0, 0, 0);
	/* 0xB: SMT level 2 threads shift 1, core level shift 7, x2APIC ID 0x0A. */
	push(f, 0xB, 0, 1, 2, 0x100, 0x0A);
	push(f, 0xB, 1, 7, 0x70, 0x201, 0x0A);
	/* 0xD: XCR0 bits 0,1,2,5,6,7,9 in sub 0 EAX; IA32_XSS bit 8 in sub 1 ECX. */
	push(f, 0xD, 0, 0x2E7, 0xA88, 0x2B00, 0);
	push(f, 0xD, 1, 0xF, 0xA88, 0x100, 0);
	push(f, 0xD, 2, 0x100, 0x240, 0, 0);
	push(f, 0xD, 5, 0x40, 0x440, 0, 0);
	push(f, 0xD, 6, 0x200, 0x480, 0, 0);
	push(f, 0xD, 7, 0x400, 0x680, 0, 0);
	push(f, 0xD, 8, 0x80, 0, 1, 0);
	push(f, 0xD, 9, 0x8, 0xA80, 0, 0);
	push(f, 0x80000000u, 0, 0x80000008u, 0, 0, 0);
	/* 0x80000001 EDX: SYSCALL[11] NX[20] Page1GB[26] RDTSCP[27] LM[29]. */
	push(f, 0x80000001u, 0, 0, 0, 0x121, 0x2C100800);
	brand(f, "     Intel(R) Xeon(R) Platinum 8480+");
	push(f, 0x80000008u, 0, 0x3934, 0, 0, 0);
}

/*
 * An EPYC of family 0x19 model 0x11: SME, SEV, SEV-ES, SNP, C-bit 47, one
 * physical address bit lost, topology from 0x80000008/0x8000001E (no 0xB).
 */
static void amd_epyc(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	vendor(f, 0x10, "AuthenticAMD");
	/* 1: APIC ID 0x13; ECX MONITOR[3] x2APIC[21]; EDX HTT[28]. */
	push(f, 1, 0, 0x00A10F11, 0x13800800, 0x7EF8320B, 0x178BFBFF);
	push(f, 5, 0, 0x40, 0x40, 0x3, 0x11);
	push(f, 7, 0, 1, 0xF1BF97A9, 0x00405FCE, 0x10);
	push(f, 0x80000000u, 0, 0x80000028u, 0, 0, 0);
	/* 0x80000001 ECX TopologyExtensions[22]; EDX NX, Page1GB, LM. */
	push(f, 0x80000001u, 0, 0x00A10F11, 0, 0x75C237FF, 0x2FD3FBFF);
	brand(f, "AMD EPYC 9654 96-Core Processor                 ");
	/* 0x80000008 ECX: ApicIdCoreIdSize 7, 128 threads. */
	push(f, 0x80000008u, 0, 0x3030, 0, 0x0000707F, 0);
	push(f, 0x8000001Du, 0, 0x4121, 0x01C0003F, 0x3F, 0);
	push(f, 0x8000001Du, 1, 0x4122, 0x01C0003F, 0x3F, 0);
	push(f, 0x8000001Du, 2, 0x4143, 0x01C0003F, 0x7FF, 2);
	push(f, 0x8000001Du, 3, 0x1C163, 0x03C0003F, 0x7FFF, 1);
	/* 0x8000001E: extended APIC ID 0x13, 2 threads per core, core 9. */
	push(f, 0x8000001Eu, 0, 0x13, 0x109, 0, 0);
	/* 0x8000001F: EAX SME SEV PageFlush SEV-ES SNP VMPL ...; EBX C-bit 47,
	 * PhysAddrReduction 1, 4 VMPLs. */
	push(f, 0x8000001Fu, 0, 0x0101FD3F, 0x0000406F, 1006, 1);
	push(f, 0x80000020u, 0, 0, 0x1E, 0, 0);
	push(f, 0x80000020u, 1, 0xB, 0, 0, 0xF);
}

static void decode_fake(const struct fake *f, struct cpuid_facts *facts)
{
	static struct cpuid_raw raw;

	raw_of(f, &raw);
	cpuid_decode(&raw, facts);
}

/* ---- decoding ---- */

/* Park line size from leaf 5 EBX[15:0] (SDM Vol. 2A, CPUID leaf 05H: the
 * largest monitor-line size in bytes): as given when a power of two, else
 * rounded up; 64 when 0; at most 4096, and then said to be capped. */
static void test_monitor_line(void **state)
{
	int capped;

	(void)state;
	assert_int_equal(cpuid_monitor_line(0x40, &capped), 64);
	assert_false(capped);
	assert_int_equal(cpuid_monitor_line(0, &capped), 64);
	assert_false(capped);
	assert_int_equal(cpuid_monitor_line(0x80, &capped), 128);
	assert_int_equal(cpuid_monitor_line(0x50, &capped), 128);
	assert_int_equal(cpuid_monitor_line(0x20, &capped), 64);
	assert_int_equal(cpuid_monitor_line(0x1000, &capped), 4096);
	assert_false(capped);
	assert_int_equal(cpuid_monitor_line(0x2000, &capped), 4096);
	assert_true(capped);
	/* EBX[31:16] are reserved: not part of the size */
	assert_int_equal(cpuid_monitor_line(0xffff0040, &capped), 64);
	assert_false(capped);
}

static void test_decode_intel_xeon(void **state)
{
	struct fake f;
	struct cpuid_facts x;

	(void)state;
	intel_xeon(&f);
	decode_fake(&f, &x);
	assert_int_equal(x.vendor, CPUID_VENDOR_INTEL);
	assert_string_equal(x.vendor_id, "GenuineIntel");
	assert_string_equal(x.brand, "Intel(R) Xeon(R) Platinum 8480+");
	assert_int_equal(x.max_basic, 0x20);
	assert_int_equal(x.max_ext, 0x80000008u);
	assert_int_equal(x.signature, 0x000806F8);
	assert_int_equal(x.family, 6);
	assert_int_equal(x.model, 0x8F);
	assert_int_equal(x.stepping, 8);
	assert_int_equal(x.hypervisor, 0);
	assert_int_equal(x.x2apic, 1);
	assert_int_equal(x.monitor, 1);
	assert_int_equal(x.htt, 1);
	assert_int_equal(x.nx, 1);
	assert_int_equal(x.pdpe1gb, 1);
	assert_int_equal(x.lm, 1);
	assert_int_equal(x.initial_apic_id, 0x0A);
	assert_int_equal(x.mwait_leaf, 1);
	assert_int_equal(x.mwait_line_min, 64);
	assert_int_equal(x.mwait_line_max, 64);
	assert_int_equal(x.mwait_line, 64);
	assert_int_equal(x.mwait_emx, 1);
	assert_int_equal(x.mwait_ibe, 1);
	assert_int_equal(x.mwait_substates, 0x2020);
	assert_int_equal(x.mwait_substate[0], 0);
	assert_int_equal(x.mwait_substate[1], 2);
	assert_int_equal(x.mwait_substate[2], 0);
	assert_int_equal(x.mwait_substate[3], 2);
	assert_int_equal(x.mwait_substate[7], 0);
	assert_int_equal(x.tme, 1);
	assert_int_equal(x.tdx_guest, 0);
	assert_int_equal(x.sme, 0);
	assert_int_equal(x.sev, 0);
	assert_int_equal(x.cbit, 0);
	assert_int_equal(x.topo_leaf, 0xB);
	assert_int_equal(x.smt_shift, 1);
	assert_int_equal(x.core_shift, 7);
	assert_int_equal(x.smt, 1);
	assert_int_equal(x.x2apic_id, 0x0A);
}

static void test_decode_leaf_1f_preferred(void **state)
{
	struct fake f;
	struct cpuid_facts x;

	(void)state;
	intel_xeon(&f);
	/* 0x1F with a die level above the core: SMT shift 1, core 6, die 8. */
	push(&f, 0x1F, 0, 1, 2, 0x100, 0x0A);
	push(&f, 0x1F, 1, 6, 0x40, 0x201, 0x0A);
	push(&f, 0x1F, 2, 8, 0x80, 0x502, 0x0A);
	decode_fake(&f, &x);
	assert_int_equal(x.topo_leaf, 0x1F);
	assert_int_equal(x.smt_shift, 1);
	assert_int_equal(x.core_shift, 8);
	assert_int_equal(x.smt, 1);

	/* 0x1F with EBX = 0 at subleaf 0 is "not supported": back to 0xB. */
	intel_xeon(&f);
	push(&f, 0x1F, 0, 1, 0, 0x100, 0x0A);
	decode_fake(&f, &x);
	assert_int_equal(x.topo_leaf, 0xB);
	assert_int_equal(x.core_shift, 7);
}

static void test_decode_no_smt_level(void **state)
{
	struct fake f;
	struct cpuid_facts x;

	(void)state;
	intel_xeon(&f);
	/* SMT level with one thread (SMT off): shift 0, smt 0. */
	set(&f, 0xB, 0, 0, 1, 0x100, 0x0A);
	set(&f, 0xB, 1, 6, 0x20, 0x201, 0x0A);
	decode_fake(&f, &x);
	assert_int_equal(x.smt, 0);
	assert_int_equal(x.smt_shift, 0);
	assert_int_equal(x.core_shift, 6);

	/* Firmware bug: shift 0 but 2 threads at the SMT level -> shift 1. */
	set(&f, 0xB, 0, 0, 2, 0x100, 0x0A);
	decode_fake(&f, &x);
	assert_int_equal(x.smt, 1);
	assert_int_equal(x.smt_shift, 1);
}

static void test_decode_amd_epyc(void **state)
{
	struct fake f;
	struct cpuid_facts x;

	(void)state;
	amd_epyc(&f);
	decode_fake(&f, &x);
	assert_int_equal(x.vendor, CPUID_VENDOR_AMD);
	assert_string_equal(x.vendor_id, "AuthenticAMD");
	assert_string_equal(x.brand, "AMD EPYC 9654 96-Core Processor                 ");
	assert_int_equal(x.family, 0x19);
	assert_int_equal(x.model, 0x11);
	assert_int_equal(x.stepping, 1);
	assert_int_equal(x.max_ext, 0x80000028u);
	assert_int_equal(x.sme, 1);
	assert_int_equal(x.sev, 1);
	assert_int_equal(x.sev_es, 1);
	assert_int_equal(x.snp, 1);
	assert_int_equal(x.cbit, 47);
	assert_int_equal(x.phys_addr_reduction, 1);
	assert_int_equal(x.tme, 0);
	assert_int_equal(x.monitor, 1);
	assert_int_equal(x.mwait_leaf, 1);
	assert_int_equal(x.mwait_substate[0], 1);
	assert_int_equal(x.mwait_substate[1], 1);
	assert_int_equal(x.x2apic, 1);
	assert_int_equal(x.topo_leaf, 0x8000001E);
	assert_int_equal(x.smt_shift, 1);
	assert_int_equal(x.core_shift, 7);
	assert_int_equal(x.smt, 1);
	assert_int_equal(x.x2apic_id, 0x13);

	/* Without topology extensions 0x8000001E is not trusted: one thread. */
	set(&f, 0x80000001u, 0, 0x00A10F11, 0, 0x75C237FF & ~(1u << 22), 0x2FD3FBFF);
	decode_fake(&f, &x);
	assert_int_equal(x.topo_leaf, 0x8000001E);
	assert_int_equal(x.smt, 0);
	assert_int_equal(x.smt_shift, 0);
	assert_int_equal(x.core_shift, 7);
	assert_int_equal(x.x2apic_id, 0x13); /* leaf 1 EBX[31:24] */

	/* With leaf 0xB, it wins over the AMD leaves. */
	amd_epyc(&f);
	push(&f, 0xB, 0, 1, 2, 0x100, 0x13);
	push(&f, 0xB, 1, 7, 0x80, 0x201, 0x13);
	decode_fake(&f, &x);
	assert_int_equal(x.topo_leaf, 0xB);
	assert_int_equal(x.smt_shift, 1);
	assert_int_equal(x.core_shift, 7);

	/* ApicIdCoreIdSize 0: the size comes from NC (ECX[7:0]) = 11 -> 12 -> 4 bits. */
	amd_epyc(&f);
	set(&f, 0x80000008u, 0, 0x3030, 0, 0x0000000B, 0);
	set(&f, 0x8000001Eu, 0, 0x13, 0x009, 0, 0);
	decode_fake(&f, &x);
	assert_int_equal(x.core_shift, 4);
	assert_int_equal(x.smt_shift, 0);
	assert_int_equal(x.smt, 0);
}

static void test_decode_sme_needs_max_ext(void **state)
{
	struct fake f;
	struct cpuid_facts x;

	(void)state;
	amd_epyc(&f);
	/* max extended leaf below 0x8000001F: the garbage there must not count. */
	set(&f, 0x80000000u, 0, 0x8000001Eu, 0, 0, 0);
	set(&f, 0x8000001Fu, 0, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF);
	decode_fake(&f, &x);
	assert_int_equal(x.max_ext, 0x8000001Eu);
	assert_int_equal(x.sme, 0);
	assert_int_equal(x.sev, 0);
	assert_int_equal(x.sev_es, 0);
	assert_int_equal(x.snp, 0);
	assert_int_equal(x.cbit, 0);
	assert_int_equal(x.phys_addr_reduction, 0);
	/* 0x8000001E is still in range. */
	assert_int_equal(x.x2apic_id, 0x13);

	/* A 0x80000000 EAX outside 0x8000xxxx means no extended range at all. */
	set(&f, 0x80000000u, 0, 0x00000020, 0, 0, 0);
	decode_fake(&f, &x);
	assert_int_equal(x.max_ext, 0);
	assert_int_equal(x.sme, 0);
	assert_int_equal(x.lm, 0);
	assert_string_equal(x.brand, "");
}

static void test_decode_basic_leaves_beyond_max(void **state)
{
	struct fake f;
	struct cpuid_facts x;

	(void)state;
	intel_xeon(&f);
	/* max basic 4: leaf 5, 7 and 0xB read as 0 whatever the table holds. */
	set(&f, 0, 0, 4, str4("Genu"), str4("ntel"), str4("ineI"));
	decode_fake(&f, &x);
	assert_int_equal(x.max_basic, 4);
	assert_int_equal(x.mwait_leaf, 0);
	assert_int_equal(x.mwait_line_min, 0);
	assert_int_equal(x.tme, 0);
	assert_int_equal(x.monitor, 1); /* leaf 1 still valid */
	/* topology from leaf 1 and 4: 0x40 logical IDs, 64 cores -> no SMT */
	assert_int_equal(x.topo_leaf, 1);
	assert_int_equal(x.smt_shift, 0);
	assert_int_equal(x.core_shift, 6);
}

static void test_decode_tdx_guest(void **state)
{
	struct fake f;
	struct cpuid_facts x;

	(void)state;
	memset(&f, 0, sizeof(f));
	vendor(&f, 0x23, "GenuineIntel");
	/* hypervisor bit (ECX[31]) as in a TD */
	push(&f, 1, 0, 0x000806F8, 0x00010800, 0x80200001, 0x00000001);
	/* 0x21.0: "Inte" "lTDX" "    " in EBX, EDX, ECX */
	push(&f, 0x21, 0, 0, str4("Inte"), str4("    "), str4("lTDX"));
	decode_fake(&f, &x);
	assert_int_equal(x.tdx_guest, 1);
	assert_int_equal(x.hypervisor, 1);

	/* Same leaf, but max basic 0x20: leaf 0x21 does not exist. */
	set(&f, 0, 0, 0x20, str4("Genu"), str4("ntel"), str4("ineI"));
	decode_fake(&f, &x);
	assert_int_equal(x.tdx_guest, 0);

	/* EDX and ECX swapped is not the signature. */
	set(&f, 0, 0, 0x23, str4("Genu"), str4("ntel"), str4("ineI"));
	set(&f, 0x21, 0, 0, str4("Inte"), str4("lTDX"), str4("    "));
	decode_fake(&f, &x);
	assert_int_equal(x.tdx_guest, 0);
}

static void test_decode_legacy_topology(void **state)
{
	struct fake f;
	struct cpuid_facts x;

	(void)state;
	/* Quad core without HT: 1 EBX[23:16] = 4, 4 EAX[31:26] = 3. */
	memset(&f, 0, sizeof(f));
	vendor(&f, 0xA, "GenuineIntel");
	push(&f, 1, 0, 0x00010676, 0x02040800, 0x000CE3BD, 0xBFEBFBFF);
	push(&f, 4, 0, 0x0C000121, 0x01C0003F, 0x3F, 1);
	push(&f, 5, 0, 0x40, 0x40, 0x3, 0x2220);
	decode_fake(&f, &x);
	assert_int_equal(x.family, 6);
	assert_int_equal(x.model, 0x17);
	assert_int_equal(x.topo_leaf, 1);
	assert_int_equal(x.smt_shift, 0);
	assert_int_equal(x.core_shift, 2);
	assert_int_equal(x.smt, 0);
	assert_int_equal(x.x2apic, 0);
	assert_int_equal(x.x2apic_id, 2);
	assert_int_equal(x.mwait_substates, 0x2220);
	assert_int_equal(x.mwait_substate[1], 2);
	assert_int_equal(x.mwait_substate[3], 2);

	/* Single-core HT part (max basic 2, no leaf 4): 2 logical -> SMT. */
	memset(&f, 0, sizeof(f));
	vendor(&f, 2, "GenuineIntel");
	push(&f, 1, 0, 0x00000F29, 0x01020800, 0x00004400, 0xBFEBFBFF);
	decode_fake(&f, &x);
	assert_int_equal(x.family, 15);
	assert_int_equal(x.model, 2);
	assert_int_equal(x.stepping, 9);
	assert_int_equal(x.smt_shift, 1);
	assert_int_equal(x.core_shift, 1);
	assert_int_equal(x.smt, 1);
	assert_int_equal(x.x2apic_id, 1);
}

static void test_decode_family_model(void **state)
{
	static const struct {
		uint32_t sig, family, model, stepping;
	} cases[] = {
	    {0x000806F8, 6, 0x8F, 8},	 /* ext model counts from family 6 */
	    {0x00050657, 6, 0x55, 7},	 /* Cascade Lake */
	    {0x00A20F12, 0x19, 0x21, 2}, /* AMD: ext family with base 0xF */
	    {0x00600F12, 0x15, 0x01, 2}, /* family 0x15 */
	    {0x00000F41, 0xF, 0x4, 1},	 /* family 0xF, ext family 0 */
	    {0x00010543, 5, 0x4, 3},	 /* family 5: ext model ignored */
	    {0x00F00621, 6, 0x2, 1},	 /* ext family ignored below 0xF */
	    {0x00000000, 0, 0, 0},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fake f;
		struct cpuid_facts x;

		memset(&f, 0, sizeof(f));
		vendor(&f, 1, "GenuineIntel");
		push(&f, 1, 0, cases[i].sig, 0, 0, 0);
		decode_fake(&f, &x);
		assert_int_equal(x.family, cases[i].family);
		assert_int_equal(x.model, cases[i].model);
		assert_int_equal(x.stepping, cases[i].stepping);
		assert_int_equal(x.signature, cases[i].sig);
	}
}

static void test_decode_vendors(void **state)
{
	static const struct {
		const char *id;
		enum cpuid_vendor v;
		const char *name;
	} cases[] = {
	    {"GenuineIntel", CPUID_VENDOR_INTEL, "intel"},
	    {"AuthenticAMD", CPUID_VENDOR_AMD, "amd"},
	    {"HygonGenuine", CPUID_VENDOR_HYGON, "hygon"},
	    {"CentaurHauls", CPUID_VENDOR_CENTAUR, "centaur"},
	    {"  Shanghai  ", CPUID_VENDOR_ZHAOXIN, "zhaoxin"},
	    {"GenuineIntex", CPUID_VENDOR_UNKNOWN, "unknown"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fake f;
		struct cpuid_facts x;

		memset(&f, 0, sizeof(f));
		vendor(&f, 1, cases[i].id);
		decode_fake(&f, &x);
		assert_int_equal(x.vendor, cases[i].v);
		assert_string_equal(x.vendor_id, cases[i].id);
		assert_string_equal(cpuid_vendor_name(x.vendor), cases[i].name);
	}
	assert_string_equal(cpuid_reg_name(CPUID_EAX), "eax");
	assert_string_equal(cpuid_reg_name(CPUID_EBX), "ebx");
	assert_string_equal(cpuid_reg_name(CPUID_ECX), "ecx");
	assert_string_equal(cpuid_reg_name(CPUID_EDX), "edx");
}

static void test_decode_hygon_dhyana(void **state)
{
	struct fake f;
	struct cpuid_facts x;

	(void)state;
	amd_epyc(&f);
	/* Hygon family 0x18 model 0: package ID is APIC ID[6+] on bare metal. */
	set(&f, 0, 0, 0x10, str4("Hygo"), str4("uine"), str4("nGen"));
	set(&f, 1, 0, 0x00900F01, 0x13800800, 0x7EF8320B, 0x178BFBFF);
	set(&f, 0x80000008u, 0, 0x3030, 0, 0x0000403F, 0);
	decode_fake(&f, &x);
	assert_int_equal(x.vendor, CPUID_VENDOR_HYGON);
	assert_int_equal(x.family, 0x18);
	assert_int_equal(x.topo_leaf, 0x8000001E);
	assert_int_equal(x.core_shift, 6);
	assert_int_equal(x.sme, 1);
}

static void test_decode_empty(void **state)
{
	static struct cpuid_raw raw;
	struct cpuid_facts x;

	(void)state;
	memset(&x, 0xA5, sizeof(x));
	raw.n = 0;
	cpuid_decode(&raw, &x);
	assert_int_equal(x.vendor, CPUID_VENDOR_UNKNOWN);
	assert_string_equal(x.vendor_id, "");
	assert_string_equal(x.brand, "");
	assert_int_equal(x.family, 0);
	assert_int_equal(x.max_basic, 0);
	assert_int_equal(x.max_ext, 0);
	assert_int_equal(x.mwait_leaf, 0);
	assert_int_equal(x.sme, 0);
	assert_int_equal(x.smt, 0);
	assert_int_equal(x.core_shift, 0);
}

/* ---- collection ---- */

static int has(const struct cpuid_raw *raw, uint32_t leaf, uint32_t sub)
{
	return cpuid_raw_find(raw, leaf, sub) != NULL;
}

static size_t count_leaf(const struct cpuid_raw *raw, uint32_t leaf)
{
	size_t i, n = 0;

	for (i = 0; i < raw->n; i++)
		n += raw->l[i].leaf == leaf;
	return n;
}

static void test_collect_intel(void **state)
{
	static struct cpuid_raw raw;
	struct fake f;
	struct cpuid_facts x;
	const struct cpuid_leaf *l;
	uint32_t i;

	(void)state;
	intel_xeon(&f);
	cpuid_raw_collect(&raw, fake_fn, &f);
	assert_int_equal(raw.truncated, 0);
	/* every basic leaf up to 0x20, none above */
	for (i = 0; i <= 0x20; i++)
		assert_true(has(&raw, i, 0));
	assert_false(has(&raw, 0x21, 0));
	/* leaf 4: until the null cache type; the terminator is not kept */
	assert_int_equal(count_leaf(&raw, 4), 4);
	/* leaf 7: 0..EAX of subleaf 0 */
	assert_int_equal(count_leaf(&raw, 7), 2);
	/* 0xB: until level type 0 */
	assert_int_equal(count_leaf(&raw, 0xB), 2);
	/* 0x1F: absent (zeros): subleaf 0 only */
	assert_int_equal(count_leaf(&raw, 0x1F), 1);
	/* 0xD: 0, 1, and the components of XCR0 (2,5,6,7,9) and XSS (8) */
	assert_int_equal(count_leaf(&raw, 0xD), 8);
	assert_true(has(&raw, 0xD, 8) && has(&raw, 0xD, 9) && !has(&raw, 0xD, 3));
	assert_int_equal(count_leaf(&raw, 0xF), 2);
	assert_int_equal(count_leaf(&raw, 0x10), 4);
	/* no SGX (7.0 EBX[2] clear): 0x12 subleaf 0 only */
	assert_int_equal(count_leaf(&raw, 0x12), 1);
	/* no hypervisor bit: no 0x4000xxxx leaves */
	assert_false(has(&raw, 0x40000000u, 0));
	for (i = 0x80000000u; i <= 0x80000008u; i++)
		assert_true(has(&raw, i, 0));
	assert_false(has(&raw, 0x80000009u, 0));
	/* subleaf-indexed leaves are marked, plain leaves are not */
	l = cpuid_raw_find(&raw, 4, 2);
	assert_non_null(l);
	assert_int_equal(l->has_subleaf, 1);
	assert_int_equal(l->regs[CPUID_EAX], 0xFC004143);
	l = cpuid_raw_find(&raw, 1, 0);
	assert_non_null(l);
	assert_int_equal(l->has_subleaf, 0);
	assert_int_equal(cpuid_raw_find(&raw, 0xB, 0)->has_subleaf, 1);
	/* collecting then decoding equals decoding the table */
	cpuid_decode(&raw, &x);
	assert_int_equal(x.topo_leaf, 0xB);
	assert_int_equal(x.core_shift, 7);
	assert_int_equal(x.tme, 1);
	assert_string_equal(x.brand, "Intel(R) Xeon(R) Platinum 8480+");
}

static void test_collect_amd(void **state)
{
	static struct cpuid_raw raw;
	struct fake f;
	struct cpuid_facts x;
	uint32_t i;

	(void)state;
	amd_epyc(&f);
	cpuid_raw_collect(&raw, fake_fn, &f);
	assert_int_equal(raw.truncated, 0);
	for (i = 0x80000000u; i <= 0x80000028u; i++)
		assert_true(has(&raw, i, 0));
	assert_false(has(&raw, 0x80000029u, 0));
	assert_int_equal(count_leaf(&raw, 0x8000001Du), 4);
	assert_int_equal(count_leaf(&raw, 0x80000020u), 4);
	assert_int_equal(count_leaf(&raw, 0x80000026u), 1);
	/* leaf 4 reads 0 on AMD: kept as subleaf 0 only */
	assert_int_equal(count_leaf(&raw, 4), 1);
	cpuid_decode(&raw, &x);
	assert_int_equal(x.sme, 1);
	assert_int_equal(x.snp, 1);
	assert_int_equal(x.cbit, 47);
	assert_int_equal(x.topo_leaf, 0x8000001E);
}

static void test_collect_hypervisor_leaves(void **state)
{
	static struct cpuid_raw raw;
	struct fake f;

	(void)state;
	memset(&f, 0, sizeof(f));
	vendor(&f, 1, "GenuineIntel");
	push(&f, 1, 0, 0x000806F8, 0, 0x80000000u, 0);
	push(&f, 0x40000000u, 0, 0x40000001u, str4("KVMK"), str4("VMKV"), str4("M\0\0\0"));
	cpuid_raw_collect(&raw, fake_fn, &f);
	assert_true(has(&raw, 0x40000000u, 0));
	assert_true(has(&raw, 0x40000001u, 0));
	assert_false(has(&raw, 0x40000002u, 0));

	/* a hypervisor claiming 0xFFFFFFFF leaves: capped at 0x40000010 */
	set(&f, 0x40000000u, 0, 0xFFFFFFFFu, 0, 0, 0);
	cpuid_raw_collect(&raw, fake_fn, &f);
	assert_int_equal(count_leaf(&raw, 0x40000010u), 1);
	assert_false(has(&raw, 0x40000011u, 0));
	/* below 0x40000000: only the range's first leaf */
	set(&f, 0x40000000u, 0, 0, 0, 0, 0);
	cpuid_raw_collect(&raw, fake_fn, &f);
	assert_true(has(&raw, 0x40000000u, 0));
	assert_false(has(&raw, 0x40000001u, 0));
}

/* Every leaf says "more": huge maxima, never-ending subleaves. */
static void hostile_fn(uint32_t leaf, uint32_t sub, uint32_t regs[4], void *ctx)
{
	unsigned long *calls = ctx;

	(void)leaf;
	(void)sub;
	(*calls)++;
	regs[0] = regs[1] = regs[2] = regs[3] = 0xFFFFFFFFu;
}

static void test_collect_hostile_fills_up(void **state)
{
	static struct cpuid_raw raw;
	unsigned long calls = 0;

	(void)state;
	cpuid_raw_collect(&raw, hostile_fn, &calls);
	assert_int_equal(raw.n, CPUID_RAW_MAX);
	assert_int_equal(raw.truncated, 1);
	/* it stops asking once the table is full */
	assert_true(calls <= CPUID_RAW_MAX + 1);
}

/* Bounded but endless-looking: every subleaf valid, maxima out of range. */
struct endless {
	uint32_t max_ext;
	unsigned long calls;
};

static void endless_fn(uint32_t leaf, uint32_t sub, uint32_t regs[4], void *ctx)
{
	struct endless *e = ctx;

	(void)sub;
	e->calls++;
	regs[0] = regs[1] = regs[2] = regs[3] = 0;
	switch (leaf) {
	case 0:
		regs[0] = 0xFFFFFFFFu;
		break;
	case 4:
	case 0x8000001Du:
		regs[0] = 0x121; /* a cache, always */
		break;
	case 0xB:
	case 0x1F:
	case 0x80000026u:
		regs[1] = 1;
		regs[2] = 0x100; /* a level, always */
		break;
	case 7:
	case 0x14:
		regs[0] = 0xFFFFFFFFu; /* "last subleaf" huge */
		break;
	case 0x80000000u:
		regs[0] = e->max_ext;
		break;
	}
}

static void test_collect_hostile_bounded(void **state)
{
	static struct cpuid_raw raw;
	struct endless e = {0x8FFFFFFFu, 0};

	(void)state;
	cpuid_raw_collect(&raw, endless_fn, &e);
	assert_int_equal(raw.truncated, 0);
	assert_int_equal(count_leaf(&raw, 0), 1);
	assert_true(has(&raw, 0x30, 0));
	assert_false(has(&raw, 0x31, 0));
	assert_int_equal(count_leaf(&raw, 4), 16);
	assert_int_equal(count_leaf(&raw, 7), 8);
	assert_int_equal(count_leaf(&raw, 0x14), 8);
	assert_int_equal(count_leaf(&raw, 0xB), 8);
	assert_int_equal(count_leaf(&raw, 0x1F), 8);
	/* 0x8FFFFFFF is not 0x8000xxxx: the extended range is absent */
	assert_true(has(&raw, 0x80000000u, 0));
	assert_false(has(&raw, 0x80000001u, 0));

	/* a valid-looking but huge extended maximum: capped at 0x80000028 */
	e.max_ext = 0x8000FFFFu;
	e.calls = 0;
	cpuid_raw_collect(&raw, endless_fn, &e);
	assert_true(has(&raw, 0x80000028u, 0));
	assert_false(has(&raw, 0x80000029u, 0));
	assert_int_equal(count_leaf(&raw, 0x8000001Du), 8);
	assert_int_equal(count_leaf(&raw, 0x80000026u), 8);
	assert_true(e.calls < 1000);
	/* 1 + 0x30 basic leaves, extra subleaves, 0x29 extended leaves + extras */
	assert_true(raw.n <= CPUID_RAW_MAX);
}

static void test_raw_add_find(void **state)
{
	static struct cpuid_raw raw;
	const uint32_t r[4] = {1, 2, 3, 4};
	uint32_t i;

	(void)state;
	raw.n = 0;
	raw.truncated = 0;
	for (i = 0; i < CPUID_RAW_MAX; i++)
		assert_int_equal(cpuid_raw_add(&raw, i, i & 1, r, i & 1), 1);
	assert_int_equal(raw.truncated, 0);
	assert_int_equal(cpuid_raw_add(&raw, 999, 0, r, 0), 0);
	assert_int_equal(raw.truncated, 1);
	assert_int_equal(raw.n, CPUID_RAW_MAX);
	assert_non_null(cpuid_raw_find(&raw, 5, 1));
	assert_null(cpuid_raw_find(&raw, 5, 0));
	assert_null(cpuid_raw_find(&raw, 999, 0));
	assert_int_equal(cpuid_raw_find(&raw, 6, 0)->regs[CPUID_EDX], 4);
}

/* ---- topology split ---- */

static void test_topology_split(void **state)
{
	struct cpuid_facts f;
	uint32_t pkg, core, thread;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.smt_shift = 1;
	f.core_shift = 7;
	cpuid_topology_split(&f, 0x8B, &pkg, &core, &thread);
	assert_int_equal(thread, 1);
	assert_int_equal(core, 5);
	assert_int_equal(pkg, 1);

	/* no SMT, 2 core bits (quad core without HT) */
	f.smt_shift = 0;
	f.core_shift = 2;
	cpuid_topology_split(&f, 7, &pkg, &core, &thread);
	assert_int_equal(thread, 0);
	assert_int_equal(core, 3);
	assert_int_equal(pkg, 1);

	/* one CPU per package */
	f.smt_shift = 0;
	f.core_shift = 0;
	cpuid_topology_split(&f, 9, &pkg, &core, &thread);
	assert_int_equal(thread, 0);
	assert_int_equal(core, 0);
	assert_int_equal(pkg, 9);

	/* widths of 32 bits and more must not shift out of range */
	f.smt_shift = 31;
	f.core_shift = 32;
	cpuid_topology_split(&f, 0xFFFFFFFFu, &pkg, &core, &thread);
	assert_int_equal(thread, 0x7FFFFFFF);
	assert_int_equal(core, 1);
	assert_int_equal(pkg, 0);
	f.smt_shift = 40;
	f.core_shift = 3; /* below smt: treated as equal */
	cpuid_topology_split(&f, 0x12345678u, &pkg, &core, &thread);
	assert_int_equal(thread, 0x12345678u);
	assert_int_equal(core, 0);
	assert_int_equal(pkg, 0);
}

/* ---- per-CPU masks ---- */

static void test_per_cpu_mask(void **state)
{
	(void)state;
	assert_int_equal(cpuid_per_cpu_mask(1, 0, CPUID_EBX), 0xFF000000u);
	assert_int_equal(cpuid_per_cpu_mask(1, 0, CPUID_ECX), 1u << 27);
	assert_int_equal(cpuid_per_cpu_mask(1, 0, CPUID_EAX), 0);
	assert_int_equal(cpuid_per_cpu_mask(1, 0, CPUID_EDX), 0);
	assert_int_equal(cpuid_per_cpu_mask(7, 0, CPUID_ECX), 1u << 4);
	assert_int_equal(cpuid_per_cpu_mask(7, 1, CPUID_ECX), 0);
	assert_int_equal(cpuid_per_cpu_mask(7, 0, CPUID_EBX), 0);
	assert_int_equal(cpuid_per_cpu_mask(0xB, 0, CPUID_EDX), 0xFFFFFFFFu);
	assert_int_equal(cpuid_per_cpu_mask(0xB, 1, CPUID_EDX), 0xFFFFFFFFu);
	assert_int_equal(cpuid_per_cpu_mask(0xB, 0, CPUID_EAX), 0);
	assert_int_equal(cpuid_per_cpu_mask(0x1F, 3, CPUID_EDX), 0xFFFFFFFFu);
	/* EBX[15:0]: logical processors at the level, one on a core without
	 * SMT beside two on a core with it (SDM Vol. 2A, leaves 0BH/1FH). */
	assert_int_equal(cpuid_per_cpu_mask(0x1F, 0, CPUID_EBX), 0xFFFFFFFFu);
	assert_int_equal(cpuid_per_cpu_mask(0x1F, 0, CPUID_ECX), 0);
	assert_int_equal(cpuid_per_cpu_mask(0xD, 0, CPUID_EBX), 0xFFFFFFFFu);
	assert_int_equal(cpuid_per_cpu_mask(0xD, 1, CPUID_EBX), 0xFFFFFFFFu);
	assert_int_equal(cpuid_per_cpu_mask(0xD, 2, CPUID_EBX), 0);
	assert_int_equal(cpuid_per_cpu_mask(0xD, 0, CPUID_EAX), 0);
	assert_int_equal(cpuid_per_cpu_mask(0x1A, 0, CPUID_EAX), 0xFFFFFFFFu);
	assert_int_equal(cpuid_per_cpu_mask(0x8000001Eu, 0, CPUID_EAX), 0xFFFFFFFFu);
	assert_int_equal(cpuid_per_cpu_mask(0x8000001Eu, 0, CPUID_EBX), 0xFFu);
	assert_int_equal(cpuid_per_cpu_mask(0x8000001Eu, 0, CPUID_ECX), 0xFFu);
	assert_int_equal(cpuid_per_cpu_mask(0x8000001Eu, 0, CPUID_EDX), 0);
	assert_int_equal(cpuid_per_cpu_mask(0x80000026u, 0, CPUID_EDX), 0xFFFFFFFFu);
	/* cache sharing: leaf 4 EAX[25:14] (SDM), Fn8000_001D EAX[25:14] (APM) */
	assert_int_equal(cpuid_per_cpu_mask(4, 0, CPUID_EAX), 0x03FFC000u);
	assert_int_equal(cpuid_per_cpu_mask(4, 0, CPUID_EBX), 0);
	assert_int_equal(cpuid_per_cpu_mask(0x8000001Du, 3, CPUID_EAX), 0x03FFC000u);
	/* leaf 6 EDX[31:16]: this logical processor's HFI table row (SDM) */
	assert_int_equal(cpuid_per_cpu_mask(6, 0, CPUID_EDX), 0xFFFF0000u);
	/* constant leaves */
	assert_int_equal(cpuid_per_cpu_mask(0, 0, CPUID_EAX), 0);
	assert_int_equal(cpuid_per_cpu_mask(5, 0, CPUID_EDX), 0);
	assert_int_equal(cpuid_per_cpu_mask(6, 0, CPUID_EAX), 0);
	assert_int_equal(cpuid_per_cpu_mask(0x8000001Fu, 0, CPUID_EAX), 0);
	assert_int_equal(cpuid_per_cpu_mask(0x80000008u, 0, CPUID_ECX), 0);
}

/* ---- dump line format ---- */

static void test_format_leaf(void **state)
{
	struct cpuid_leaf l;
	char buf[64];

	(void)state;
	memset(&l, 0, sizeof(l));
	l.leaf = 0xB;
	l.regs[0] = 1;
	l.regs[1] = 2;
	l.regs[2] = 0x100;
	l.has_subleaf = 1;
	assert_int_equal(cpuid_format_leaf(&l, buf), 59);
	assert_string_equal(buf, "CPUID 0000000B: 00000001-00000002-00000100-00000000 [SL 00]");

	l.leaf = 0x80000008u;
	l.regs[0] = 0x3030;
	l.regs[1] = 0x111EF657;
	l.regs[2] = 0x400F;
	l.regs[3] = 0x10000;
	l.has_subleaf = 0;
	assert_int_equal(cpuid_format_leaf(&l, buf), 51);
	assert_string_equal(buf, "CPUID 80000008: 00003030-111EF657-0000400F-00010000");

	l.leaf = 0xD;
	l.subleaf = 0x3E;
	l.has_subleaf = 1;
	l.regs[0] = 0xabcdef01u;
	cpuid_format_leaf(&l, buf);
	assert_string_equal(buf, "CPUID 0000000D: ABCDEF01-111EF657-0000400F-00010000 [SL 3E]");

	/* wide subleaves grow, but the line stays within 64 bytes */
	l.subleaf = 0x12345;
	cpuid_format_leaf(&l, buf);
	assert_string_equal(buf, "CPUID 0000000D: ABCDEF01-111EF657-0000400F-00010000 [SL 12345]");
	l.subleaf = 0xFFFFFFFFu;
	assert_true(cpuid_format_leaf(&l, buf) < 64);
	assert_int_equal(strlen(buf), 63);

	/* a nonzero subleaf shows even without has_subleaf */
	l.subleaf = 2;
	l.has_subleaf = 0;
	cpuid_format_leaf(&l, buf);
	assert_string_equal(buf, "CPUID 0000000D: ABCDEF01-111EF657-0000400F-00010000 [SL 02]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_monitor_line),
	    cmocka_unit_test(test_decode_intel_xeon),
	    cmocka_unit_test(test_decode_leaf_1f_preferred),
	    cmocka_unit_test(test_decode_no_smt_level),
	    cmocka_unit_test(test_decode_amd_epyc),
	    cmocka_unit_test(test_decode_sme_needs_max_ext),
	    cmocka_unit_test(test_decode_basic_leaves_beyond_max),
	    cmocka_unit_test(test_decode_tdx_guest),
	    cmocka_unit_test(test_decode_legacy_topology),
	    cmocka_unit_test(test_decode_family_model),
	    cmocka_unit_test(test_decode_vendors),
	    cmocka_unit_test(test_decode_hygon_dhyana),
	    cmocka_unit_test(test_decode_empty),
	    cmocka_unit_test(test_collect_intel),
	    cmocka_unit_test(test_collect_amd),
	    cmocka_unit_test(test_collect_hypervisor_leaves),
	    cmocka_unit_test(test_collect_hostile_fills_up),
	    cmocka_unit_test(test_collect_hostile_bounded),
	    cmocka_unit_test(test_raw_add_find),
	    cmocka_unit_test(test_topology_split),
	    cmocka_unit_test(test_per_cpu_mask),
	    cmocka_unit_test(test_format_leaf),
	};

	return cmocka_run_group_tests_name("cpuid", tests, NULL, NULL);
}
