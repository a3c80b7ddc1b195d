/* SPDX-License-Identifier: MIT */
#include "kexec/kexec.h"
#include "kexec/relocate.h"
#include "mem/reserved.h"
#include "boot/layout.h"
#include "cpus/cpu.h"
#include "boot/bootinfo.h"
#include "options/options.h"
#include "report/report.h"
#include "results/crc32.h"
#include "lib/string.h"
#include "arch/x86/insn.h"

extern char __text_start[], __data_start_img[], __image_load_end[], __image_end[];
extern char entry64[];

/* Non-canonical with 48- and 57-bit addresses: #GP (SDM Vol. 3A, 3.3.7.1). */
#define STUB_FAULT_ADDR 0x8000000000000000ull

/* Fault injection target: text-checksummed bytes that no code reads, so
 * the scribbled instance survives to report it. */
__attribute__((used)) static const char scribble_target[64] =
    "a stray write here must be caught by the image checksum";

/* .text to the end of .rodata: never written at run time (the .early
 * section before it holds the 32-bit entry's GDT pointer and IDT). */
uint64_t image_text_size(void)
{
	return (uint64_t)(__data_start_img - __text_start);
}

uint32_t image_text_crc(void)
{
	return pd_crc32(0, __text_start, image_text_size());
}

/* Why the other load address cannot be used, 0 when it can. */
/* Why the alternate address cannot be used (the warning's words) and the
 * same as a token for the kexec record (kept short: that record is long). */
static const char *alt_unusable, *alt_unusable_token;

int kexec_save_pristine(void)
{
	struct pd_area_header *h = &rsv.area->h;
	uint64_t base = (uint64_t)(uintptr_t)image_base;
	uint64_t size = (uint64_t)(__image_load_end - image_base);
	uint64_t mem = (uint64_t)(__image_end - image_base);
	uint64_t alt = base == PD_LOAD_ALT ? PD_LINK_BASE : PD_LOAD_ALT;

	if (mem > RESERVED_IMAGE_MAX) {
		report_error(PD_LEVEL_FAIL, PD_ERR_AREA, "image larger than its reserved slot");
		return -1;
	}
	/* Nothing in .data has been written yet: this is the file's image
	 * (relocated, which every start redoes from the addends). */
	memcpy(rsv.image, image_base, size);
	h->image_copy = (uint64_t)(uintptr_t)rsv.image;
	h->image_size = (uint32_t)size;
	h->image_mem = (uint32_t)mem;
	h->text_size = (uint32_t)image_text_size();
	h->text_crc = image_text_crc();
	/* The other address must be RAM and below the reserved block, which
	 * lies above both load addresses and what instances allocate. */
	if (!bootinfo_is_ram(alt, mem))
		alt_unusable = "alternate load address not RAM (memory map): same address used",
		alt_unusable_token = "not_ram";
	else if (alt + mem > rsv.base)
		alt_unusable = "alternate load address not below the reserved block "
			       "(results=): same address used",
		alt_unusable_token = "above_results";
	else
		alt_unusable = 0;
	h->load_addr[0] = base;
	h->load_addr[1] = alt_unusable ? base : alt;
	h->entry_offset = (uint32_t)(entry64 - image_base);
	if (alt_unusable && opts.kexec_load == LOAD_ALTERNATE) {
		struct pd_rec_writer w;

		rec_start(&w, PD_REC_ERROR);
		pd_rec_s(&w, PD_F_LEVEL, PD_LEVEL_WARN);
		pd_rec_s(&w, PD_F_CODE, PD_ERR_KEXEC_LOAD);
		pd_rec_s(&w, PD_F_KEY, "kexec_load");
		pd_rec_s(&w, PD_F_VALUE, "alternate");
		pd_rec_x(&w, PD_F_ADDR, alt);
		pd_rec_s(&w, PD_F_WHAT, alt_unusable);
		report_count_error(PD_LEVEL_WARN);
		rec_send(&w);
	}
	return 0;
}

int kexec_loads_alternate(const char **why)
{
	*why = opts.kexec_load == LOAD_SAME ? 0 : alt_unusable_token;
	return opts.kexec_load == LOAD_ALTERNATE && !alt_unusable;
}

uint64_t kexec_first_load_at(void)
{
	uint64_t here = (uint64_t)(uintptr_t)image_base;
	const char *why;

	/* As kexec_prepare() picks it for the first cycle. */
	if (!kexec_loads_alternate(&why))
		return here;
	return here == PD_LOAD_ALT ? PD_LINK_BASE : PD_LOAD_ALT;
}

int kexec_wbinvd_decision(const char **why)
{
	const struct cpu *b = &cpus[0];

	if (opts.wbinvd == WBINVD_ALWAYS) {
		*why = "wbinvd=always";
		return 1;
	}
	if (opts.wbinvd == WBINVD_NEVER) {
		*why = "wbinvd=never";
		return 0;
	}
	/* As Linux: SME support (CPUID 0x8000001F EAX[0]) or TDX KeyIDs make
	 * caches incoherent across encryption aliases. */
	if (b->facts.sme) {
		*why = "SME supported (CPUID 0x8000001F EAX[0])";
		return 1;
	}
	if (b->msrs.tdx_keyids) {
		*why = "TDX private KeyIDs configured (IA32_MKTME_KEYID_PARTITIONING)";
		return 1;
	}
	*why = "no SME, no TDX KeyIDs";
	return 0;
}

void kexec_prepare(uint32_t cycle)
{
	struct pd_area_header *h = &rsv.area->h;
	uint8_t *c = rsv.ctrl;
	uint8_t *p = c + CTRL_PARAMS;
	uint64_t here = (uint64_t)(uintptr_t)image_base, dst;

	dst = here;
	if (opts.kexec_load == LOAD_ALTERNATE)
		dst = h->load_addr[0] == here ? h->load_addr[1] : h->load_addr[0];
	*(uint64_t *)(p + P_SRC) = h->image_copy;
	*(uint64_t *)(p + P_DST) = dst;
	*(uint64_t *)(p + P_SIZE) = h->image_size;
	*(uint64_t *)(p + P_BSS) = h->image_mem - h->image_size;
	*(uint64_t *)(p + P_POISON) = dst != here ? here : 0;
	*(uint64_t *)(p + P_POISON_SIZE) = dst != here ? h->image_mem : 0;
	*(uint64_t *)(p + P_ENTRY) = dst + h->entry_offset;
	*(uint64_t *)(p + P_AREA) = (uint64_t)(uintptr_t)rsv.area;
	*(uint32_t *)(p + P_WBINVD) = h->wbinvd;
	/* Fault injection: one byte of the new image's text flipped after the
	 * copy, as a stray CPU would; the new instance must catch it. */
	*(uint64_t *)(p + P_SCRIBBLE) =
	    opts.scribble_cycle == (int64_t)cycle
		? dst + (uint64_t)((const char *)scribble_target - image_base)
		: 0;
	/* Fault injection: the same write to a non-canonical address, a #GP
	 * in the stub, which prints its message on the console and halts. */
	if (opts.stub_fault_cycle == (int64_t)cycle)
		*(uint64_t *)(p + P_SCRIBBLE) = STUB_FAULT_ADDR;

	h->inflight = 1;
	h->inflight_cycle = cycle;
	h->inflight_phase = PD_PHASE_HANDOVER;
	pd_area_seal(rsv.area);
}

void kexec_jump(void)
{
	uint8_t *c = rsv.ctrl;

	asm volatile("cli" ::: "memory");
	((void (*)(uint64_t))(uintptr_t)(c + CTRL_CODE))((uint64_t)(uintptr_t)c);
	__builtin_unreachable();
}
