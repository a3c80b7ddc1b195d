/* SPDX-License-Identifier: MIT */
/*
 * Decoding the facts playdead needs from one logical CPU's raw leaves.
 * Freestanding: no libc.
 *
 * References: Intel SDM Vol. 2A, CPUID (Tables 3-8, 3-10); Intel SDM Vol. 3A,
 * Multiple-Processor Management, topology enumeration; AMD APM Vol. 3,
 * Appendix E (CPUID standard and extended functions); Linux's
 * arch/x86/kernel/cpu/topology_{ext,amd,common}.c for the order in which
 * topology leaves are trusted.
 */
#include "cpuid/cpuid.h"

struct reader {
	const struct cpuid_raw *raw;
	uint32_t max_basic, max_ext; /* max_ext is 0 when the range is absent */
};

/* What rd() found. */
enum rd_from {
	RD_MISSING,   /* in range, but not in the dump: read as 0, value unknown */
	RD_OUT,       /* beyond the reported maxima: 0 */
	RD_DUMP,      /* the dump's leaf */
	RD_DUMP_SUBS, /* the dump's leaf, from a dump that enumerated its subleaves */
};

/*
 * Reads a leaf the way software on that CPU may: leaves beyond the reported
 * maxima read as 0 even when the dump holds something for them (on Intel such
 * a CPUID returns the highest basic leaf, i.e. garbage).  Says where the
 * value came from, since a missing leaf and a leaf of zeros (an end marker)
 * read the same.
 */
static enum rd_from rd(const struct reader *r, uint32_t leaf, uint32_t sub, uint32_t out[4])
{
	const struct cpuid_leaf *l;
	int i;

	for (i = 0; i < 4; i++)
		out[i] = 0;
	if (leaf < 0x40000000u) {
		if (leaf > r->max_basic)
			return RD_OUT;
	} else if (leaf >= 0x80000000u) {
		if (leaf > r->max_ext)
			return RD_OUT;
	}
	l = cpuid_raw_find(r->raw, leaf, sub);
	if (!l)
		return RD_MISSING;
	for (i = 0; i < 4; i++)
		out[i] = l->regs[i];
	return l->has_subleaf ? RD_DUMP_SUBS : RD_DUMP;
}

/* Whether the dump holds any subleaf of leaf above sub (up to 8). */
static int has_later_subleaf(const struct reader *r, uint32_t leaf, uint32_t sub)
{
	uint32_t s;

	for (s = sub + 1; s < 8; s++)
		if (cpuid_raw_find(r->raw, leaf, s))
			return 1;
	return 0;
}

static uint8_t bit(uint32_t v, unsigned n)
{
	return (uint8_t)((v >> n) & 1u);
}

/* Bits needed to number n items (Linux get_count_order): 1 -> 0, 2 -> 1, 3 -> 2. */
static uint8_t count_order(uint32_t n)
{
	uint8_t k = 0;

	while (k < 32 && ((uint64_t)1 << k) < n)
		k++;
	return k;
}

/* The 4 bytes of a register in memory order (CPUID strings are little-endian). */
static void put_reg(char *dst, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++)
		dst[i] = (char)((v >> (8 * i)) & 0xff);
}

static int same12(const char *a, const char *b)
{
	int i;

	for (i = 0; i < 12; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static enum cpuid_vendor vendor_of(const char *id)
{
	/* Leaf 0 EBX-EDX-ECX strings, as Linux's cpu_devs match them. */
	if (same12(id, "GenuineIntel"))
		return CPUID_VENDOR_INTEL;
	if (same12(id, "AuthenticAMD"))
		return CPUID_VENDOR_AMD;
	if (same12(id, "HygonGenuine"))
		return CPUID_VENDOR_HYGON;
	if (same12(id, "  Shanghai  "))
		return CPUID_VENDOR_ZHAOXIN;
	if (same12(id, "CentaurHauls"))
		return CPUID_VENDOR_CENTAUR;
	return CPUID_VENDOR_UNKNOWN;
}

void cpuid_family_model(uint32_t sig, uint32_t *family, uint32_t *model)
{
	/* As Linux x86_family()/x86_model(): the extended family counts only
	 * when the base family is 0xF, the extended model from family 6 on
	 * (SDM Vol. 2A, Figure 3-6). */
	uint32_t fam = (sig >> 8) & 0xf;

	if (fam == 0xf)
		fam += (sig >> 20) & 0xff;
	*family = fam;
	*model = (sig >> 4) & 0xf;
	if (fam >= 6)
		*model += ((sig >> 16) & 0xf) << 4;
}

enum cpuid_vendor cpuid_vendor_of(uint32_t ebx, uint32_t ecx, uint32_t edx)
{
	char id[12];

	put_reg(id, ebx);
	put_reg(id + 4, edx);
	put_reg(id + 8, ecx);
	return vendor_of(id);
}

const char *cpuid_vendor_name(enum cpuid_vendor v)
{
	switch (v) {
	case CPUID_VENDOR_INTEL:
		return "intel";
	case CPUID_VENDOR_AMD:
		return "amd";
	case CPUID_VENDOR_HYGON:
		return "hygon";
	case CPUID_VENDOR_ZHAOXIN:
		return "zhaoxin";
	case CPUID_VENDOR_CENTAUR:
		return "centaur";
	default:
		return "unknown";
	}
}

const char *cpuid_reg_name(enum cpuid_reg r)
{
	switch (r) {
	case CPUID_EAX:
		return "eax";
	case CPUID_EBX:
		return "ebx";
	case CPUID_ECX:
		return "ecx";
	case CPUID_EDX:
		return "edx";
	default:
		return "?";
	}
}

/* Intel Atom Goldmont D (Denverton): family 6 model 5FH reports no crystal
 * in 15H ECX and has no leaf 16H; its crystal is 25 MHz (Linux does the same). */
#define MODEL_GOLDMONT_D       0x5f
#define GOLDMONT_D_CRYSTAL_KHZ 25000

/*
 * The TSC frequency CPUID enumerates (SDM Vol. 2A, CPUID leaf 15H "Time Stamp
 * Counter and Nominal Core Crystal Clock": TSC = crystal * EBX / EAX, the
 * crystal in Hz in ECX or 0 when not enumerated; leaf 16H EAX: base
 * frequency in MHz).  Intel only, as Linux's native_calibrate_tsc(): where
 * ECX is 0 the crystal is the model's known one, else derived from 16H's
 * base frequency (TSC runs at the base frequency then, by construction).
 */
static void decode_tsc(const struct reader *r, struct cpuid_facts *f)
{
	uint32_t q[4], den, num;
	uint64_t crystal_khz;

	f->tsc_khz = 0;
	f->tsc_crystal_khz = 0;
	f->tsc_from = CPUID_TSC_NONE;
	if (f->vendor != CPUID_VENDOR_INTEL || f->max_basic < 0x15)
		return;
	rd(r, 0x15, 0, q);
	den = q[CPUID_EAX];
	num = q[CPUID_EBX];
	if (!den || !num)
		return;
	crystal_khz = q[CPUID_ECX] / 1000;
	f->tsc_from = CPUID_TSC_CRYSTAL;
	if (!crystal_khz && f->family == 6 && f->model == MODEL_GOLDMONT_D) {
		crystal_khz = GOLDMONT_D_CRYSTAL_KHZ;
		f->tsc_from = CPUID_TSC_MODEL;
	}
	if (!crystal_khz && f->max_basic >= 0x16) {
		rd(r, 0x16, 0, q);
		crystal_khz = (uint64_t)(q[CPUID_EAX] & 0xffff) * 1000 * den / num;
		f->tsc_from = CPUID_TSC_BASE;
	}
	if (!crystal_khz) {
		f->tsc_from = CPUID_TSC_NONE;
		return;
	}
	f->tsc_crystal_khz = (uint32_t)crystal_khz;
	f->tsc_khz = crystal_khz * num / den;
}

const char *cpuid_tsc_from_name(enum cpuid_tsc_from from)
{
	switch (from) {
	case CPUID_TSC_CRYSTAL:
		return "cpuid-15h";
	case CPUID_TSC_MODEL:
		return "cpuid-15h-model";
	case CPUID_TSC_BASE:
		return "cpuid-15h-16h";
	default:
		return "none";
	}
}

/* Brand string, 0x80000002..0x80000004 EAX,EBX,ECX,EDX; SDM Vol. 2A CPUID. */
static void decode_brand(const struct reader *r, struct cpuid_facts *f)
{
	char raw[48];
	uint32_t q[4];
	int i, j, k;

	if (r->max_ext < 0x80000004u)
		return;
	for (i = 0; i < 3; i++) {
		rd(r, 0x80000002u + (uint32_t)i, 0, q);
		for (j = 0; j < 4; j++)
			put_reg(&raw[i * 16 + j * 4], q[j]);
	}
	for (i = 0; i < 48 && raw[i] == ' '; i++)
		;
	for (k = 0; i < 48 && raw[i] != '\0'; i++, k++)
		f->brand[k] = raw[i];
	f->brand[k] = '\0';
}

/*
 * Leaf 0xB or 0x1F (SDM Vol. 2A CPUID leaves 0BH and 1FH): each
 * subleaf is one level, ECX[15:8] its type (1 = SMT), EAX[4:0] the APIC ID
 * bits below the next level, EBX[15:0] the logical processors at that level,
 * EDX the x2APIC ID.  Subleaf 0 with EBX[15:0] == 0 means "not supported".
 * The enumeration ends with the first subleaf of level type 0; the package
 * is everything above the last level before it, so the end must be known:
 * the payload and the dump forms with subleaf marks list subleaves up to the
 * end marker and leave the marker out, so there a subleaf absent after the
 * last one listed is the end.  Subleaf 0 alone without its mark (libcpuid's
 * raw.txt keeps subleaf 0 of 0x1F only) or a gap does not say where the
 * levels end: the leaf is not used (*cut set).
 */
static int topo_levels(const struct reader *r, uint32_t leaf, struct cpuid_facts *f, int *cut)
{
	uint32_t q[4], s, smt_ncpus = 0;
	uint8_t smt_shift = 0, top_shift = 0, sh;
	uint32_t first_edx = 0;
	int levels = 0, marked = 0;

	*cut = 0;
	for (s = 0; s < 8; s++) {
		enum rd_from from = rd(r, leaf, s, q);

		if (s == 0)
			marked = from == RD_DUMP_SUBS;
		if (from == RD_MISSING && s > 0 &&
		    ((s == 1 && !marked) || has_later_subleaf(r, leaf, s))) {
			/* the x2APIC ID of subleaf 0 stands (any subleaf has it) */
			if (levels)
				f->x2apic_id = first_edx;
			*cut = 1;
			return 0;
		}
		if ((q[CPUID_EBX] & 0xffff) == 0 || ((q[CPUID_ECX] >> 8) & 0xff) == 0)
			break;
		if (s == 0)
			first_edx = q[CPUID_EDX];
		sh = (uint8_t)(q[CPUID_EAX] & 0x1f);
		if (((q[CPUID_ECX] >> 8) & 0xff) == 1) {
			smt_shift = sh;
			smt_ncpus = q[CPUID_EBX] & 0xffff;
		}
		/* The package starts above the widest level. */
		if (sh > top_shift)
			top_shift = sh;
		levels++;
	}
	if (!levels)
		return 0;
	f->x2apic_id = first_edx;
	/* Firmware that reports shift 0 but 2+ threads at the SMT level is SMT
	 * all the same (Linux topology_ext.c fixes it up the same way). */
	if (smt_shift == 0 && smt_ncpus > 1)
		smt_shift = count_order(smt_ncpus);
	if (top_shift < smt_shift)
		top_shift = smt_shift;
	f->topo_leaf = leaf;
	f->smt_shift = smt_shift;
	f->core_shift = top_shift;
	f->smt = smt_ncpus > 1;
	return 1;
}

/*
 * AMD/Hygon without usable 0xB: 0x80000008 ECX[15:12] ApicIdCoreIdSize (APIC
 * ID bits below the package; when 0, enough bits for ECX[7:0]+1 threads), and
 * with topology extensions (0x80000001 ECX[22]) 0x8000001E: EAX extended APIC
 * ID, EBX[15:8] threads per core - 1.  APM Vol. 3 CPUID Fn8000_0008 and Fn8000_001E.
 */
static int topo_amd(const struct reader *r, struct cpuid_facts *f)
{
	uint32_t q8[4], q1[4], qe[4], nthreads;
	uint8_t sft;

	if (f->vendor != CPUID_VENDOR_AMD && f->vendor != CPUID_VENDOR_HYGON)
		return 0;
	if (r->max_ext < 0x80000008u)
		return 0;
	rd(r, 0x80000008u, 0, q8);
	sft = (uint8_t)((q8[CPUID_ECX] >> 12) & 0xf);
	if (!sft)
		sft = count_order((q8[CPUID_ECX] & 0xff) + 1);
	f->smt_shift = 0;
	f->smt = 0;
	rd(r, 0x80000001u, 0, q1);
	if (bit(q1[CPUID_ECX], 22) && r->max_ext >= 0x8000001Eu) {
		rd(r, 0x8000001Eu, 0, qe);
		nthreads = ((qe[CPUID_EBX] >> 8) & 0xff) + 1;
		f->smt_shift = count_order(nthreads);
		f->smt = nthreads > 1;
		f->x2apic_id = qe[CPUID_EAX];
	}
	/* Early Hygon Dhyana (models 0..3) on bare metal: the package ID is
	 * APIC ID[6+] whatever 0x80000008 says (Linux commit e0ceeae708ce). */
	if (f->vendor == CPUID_VENDOR_HYGON && f->model <= 3 && !f->hypervisor)
		sft = 6;
	if (sft < f->smt_shift)
		sft = f->smt_shift;
	f->core_shift = sft;
	f->topo_leaf = 0x8000001E;
	return 1;
}

/*
 * Legacy: 1 EBX[23:16] addressable logical processors per package (valid with
 * HTT, 1 EDX[28]) and 4 EAX[31:26] addressable cores per package - 1.
 * SDM Vol. 2A leaves 01H and 04H (and Linux topology_common.c parse_legacy).
 */
static void topo_legacy(const struct reader *r, struct cpuid_facts *f)
{
	uint32_t q1[4], q4[4], cores = 1;
	uint8_t core_shift, nproc_shift, smt_shift = 0;

	rd(r, 1, 0, q1);
	rd(r, 4, 0, q4);
	if (q4[CPUID_EAX] & 0x1f) /* cache type 0: leaf 4 says nothing */
		cores = (q4[CPUID_EAX] >> 26) + 1;
	core_shift = count_order(cores);
	if (f->htt) {
		nproc_shift = count_order((q1[CPUID_EBX] >> 16) & 0xff);
		if (nproc_shift > core_shift)
			smt_shift = (uint8_t)(nproc_shift - core_shift);
		core_shift = (uint8_t)(core_shift + smt_shift);
	}
	f->topo_leaf = 1;
	f->smt_shift = smt_shift;
	f->core_shift = core_shift;
	f->smt = smt_shift > 0;
}

uint32_t cpuid_monitor_line(uint32_t ebx, int *capped)
{
	uint32_t want = ebx & 0xffff, size = CPUID_MONITOR_LINE_DEFAULT;

	*capped = want > CPUID_MONITOR_LINE_MAX;
	if (*capped)
		return CPUID_MONITOR_LINE_MAX;
	while (size < want)
		size <<= 1;
	return size;
}

uint32_t cpuid_mwait_hint(uint32_t ecx, uint32_t edx)
{
	uint32_t cstate = 0, sub = 0, i;

	if (!(ecx & 1u))
		return 0;
	edx >>= 4; /* C0's sub-states: not a state to ask MWAIT for */
	for (i = 0; i < 7 && edx; i++, edx >>= 4) {
		if (edx & 0xf) {
			cstate = i; /* C(i+1): EAX[7:4] = i */
			sub = edx & 0xf;
		}
	}
	return sub ? (cstate << 4) | (sub - 1) : 0;
}

void cpuid_decode(const struct cpuid_raw *raw, struct cpuid_facts *f)
{
	struct reader r = {raw, 0, 0};
	const struct cpuid_leaf *l0, *le;
	uint32_t q[4], sig, i;
	char *p = (char *)f;

	for (i = 0; i < sizeof(*f); i++)
		p[i] = 0;

	/* Leaf 0: max basic leaf, vendor in EBX, EDX, ECX. */
	l0 = cpuid_raw_find(raw, 0, 0);
	if (l0) {
		r.max_basic = l0->regs[CPUID_EAX];
		put_reg(&f->vendor_id[0], l0->regs[CPUID_EBX]);
		put_reg(&f->vendor_id[4], l0->regs[CPUID_EDX]);
		put_reg(&f->vendor_id[8], l0->regs[CPUID_ECX]);
	}
	f->vendor_id[12] = '\0';
	f->vendor = vendor_of(f->vendor_id);
	f->max_basic = r.max_basic;

	/* 0x80000000 EAX: max extended leaf; anything but 0x8000xxxx means the
	 * range is absent. */
	le = cpuid_raw_find(raw, 0x80000000u, 0);
	if (le && (le->regs[CPUID_EAX] & 0xffff0000u) == 0x80000000u)
		r.max_ext = le->regs[CPUID_EAX];
	f->max_ext = r.max_ext;

	/* Leaf 1: signature and feature flags. */
	rd(&r, 1, 0, q);
	sig = q[CPUID_EAX];
	f->signature = sig;
	cpuid_family_model(sig, &f->family, &f->model);
	f->stepping = sig & 0xf;
	f->initial_apic_id = q[CPUID_EBX] >> 24;
	f->monitor = bit(q[CPUID_ECX], 3);
	f->x2apic = bit(q[CPUID_ECX], 21);
	f->hypervisor = bit(q[CPUID_ECX], 31);
	f->htt = bit(q[CPUID_EDX], 28);

	/* Leaf 5: MONITOR/MWAIT (SDM Vol. 2A CPUID leaf 05H). */
	rd(&r, 5, 0, q);
	f->mwait_leaf = (q[0] | q[1] | q[2] | q[3]) != 0;
	f->mwait_line_min = (uint16_t)(q[CPUID_EAX] & 0xffff);
	f->mwait_line_max = (uint16_t)(q[CPUID_EBX] & 0xffff);
	f->mwait_emx = bit(q[CPUID_ECX], 0);
	f->mwait_ibe = bit(q[CPUID_ECX], 1);
	f->mwait_substates = q[CPUID_EDX];
	for (i = 0; i < 8; i++)
		f->mwait_substate[i] = (uint8_t)((q[CPUID_EDX] >> (4 * i)) & 0xf);
	f->mwait_hint = cpuid_mwait_hint(q[CPUID_ECX], q[CPUID_EDX]);
	{
		int capped;

		f->mwait_line = (uint16_t)cpuid_monitor_line(q[CPUID_EBX], &capped);
		f->mwait_line_capped = (uint8_t)capped;
	}

	decode_tsc(&r, f);

	/* Leaf 7.0 ECX[13]: TME enumeration (SDM Vol. 2A CPUID leaf 07H). */
	rd(&r, 7, 0, q);
	f->tme = bit(q[CPUID_ECX], 13);

	/* Leaf 0x21: a TDX guest reads "IntelTDX    " in EBX, EDX, ECX (Intel
	 * TDX Guest-Hypervisor Communication Interface; Linux tdx_early_init). */
	rd(&r, 0x21, 0, q);
	{
		char sig12[12];

		put_reg(&sig12[0], q[CPUID_EBX]);
		put_reg(&sig12[4], q[CPUID_EDX]);
		put_reg(&sig12[8], q[CPUID_ECX]);
		f->tdx_guest = (uint8_t)same12(sig12, "IntelTDX    ");
	}

	/* 0x80000001 EDX: NX[20], Page1GB[26], LM[29] (APM Vol. 3 CPUID Fn8000_0001_EDX). */
	rd(&r, 0x80000001u, 0, q);
	f->nx = bit(q[CPUID_EDX], 20);
	f->pdpe1gb = bit(q[CPUID_EDX], 26);
	f->lm = bit(q[CPUID_EDX], 29);

	decode_brand(&r, f);
	f->core_type = cpuid_core_type(raw);

	/* 0x8000001F (APM Vol. 3 CPUID Fn8000_001F): EAX SME[0], SEV[1], SEV-ES[3],
	 * SEV-SNP[4]; EBX[5:0] C-bit position, EBX[11:6] physical address bits
	 * lost with encryption.  rd() reads 0 when max_ext is below it. */
	rd(&r, 0x8000001Fu, 0, q);
	f->sme = bit(q[CPUID_EAX], 0);
	f->sev = bit(q[CPUID_EAX], 1);
	f->sev_es = bit(q[CPUID_EAX], 3);
	f->snp = bit(q[CPUID_EAX], 4);
	f->cbit = (uint8_t)(q[CPUID_EBX] & 0x3f);
	f->phys_addr_reduction = (uint8_t)((q[CPUID_EBX] >> 6) & 0x3f);

	/* Topology: 0x1F, then 0xB, then AMD's extended leaves, then leaf 1/4. */
	f->x2apic_id = f->initial_apic_id;
	{
		int cut1f = 0, cutb = 0;

		if (!topo_levels(&r, 0x1F, f, &cut1f) && !topo_levels(&r, 0xB, f, &cutb) &&
		    !topo_amd(&r, f))
			topo_legacy(&r, f);
		f->topo_cut = (uint8_t)((cut1f ? CPUID_TOPO_CUT_1F : 0) |
					(cutb ? CPUID_TOPO_CUT_B : 0));
	}
}
