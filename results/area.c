/* SPDX-License-Identifier: MIT */
/* Results area validation and initialisation (area.h). */
#include "area.h"
#include "crc32.h"

static const char *const phase_names[PD_PHASE_COUNT] = {
#define PD_X(e, s) [PD_PHASE_##e] = s,
	PD_PHASES(PD_X)
#undef PD_X
};

const char *pd_phase_name(enum pd_phase p)
{
	return (unsigned)p < PD_PHASE_COUNT ? phase_names[p] : "unknown";
}

const char *pd_area_status_name(enum pd_area_status s)
{
	switch (s) {
	case PD_AREA_OK:
		return "ok";
	case PD_AREA_EMPTY:
		return "empty";
	case PD_AREA_BAD_CRC:
		return "bad_crc";
	case PD_AREA_BAD_FIELD:
		return "bad_field";
	case PD_AREA_MOVED:
		return "moved";
	}
	return "unknown";
}

uint32_t pd_area_header_crc(const struct pd_area_header *h)
{
	static const uint32_t zero;
	size_t off = offsetof(struct pd_area_header, header_crc);
	uint32_t crc = pd_crc32(0, h, off);

	crc = pd_crc32(crc, &zero, sizeof(zero));
	return pd_crc32(crc, (const uint8_t *)h + off + sizeof(h->header_crc),
			sizeof(*h) - off - sizeof(h->header_crc));
}

void pd_area_seal(struct pd_area *a)
{
	a->h.header_crc = pd_area_header_crc(&a->h);
}

enum pd_area_status pd_area_check(const struct pd_area *a, uint64_t addr)
{
	const struct pd_area_header *h = &a->h;

	if (h->magic != PD_AREA_MAGIC)
		return PD_AREA_EMPTY;
	if (h->header_crc != pd_area_header_crc(h))
		return PD_AREA_BAD_CRC;
	if (h->version != PD_AREA_VERSION || h->header_size != sizeof(*h) ||
	    h->ncpus > PD_AREA_MAX_CPUS || h->cycles_total > PD_AREA_MAX_CYCLES ||
	    h->cursor > h->cycles_total || h->cycles_logged > PD_AREA_MAX_CYCLES ||
	    h->inflight > 1 || h->inflight_phase >= PD_PHASE_COUNT ||
	    (h->inflight && h->inflight_cycle >= h->cycles_total) || h->nmmap > PD_AREA_MMAP ||
	    h->platform > PD_QEMU_TCG)
		return PD_AREA_BAD_FIELD;
	if (h->area_addr != addr || h->area_size != sizeof(*a))
		return PD_AREA_MOVED;
	return PD_AREA_OK;
}

void pd_area_init(struct pd_area *a, uint64_t addr, uint32_t run_id)
{
	volatile uint8_t *p = (volatile uint8_t *)a;
	size_t i;

	/* Byte loop on purpose: freestanding, and the area may be large. */
	for (i = 0; i < sizeof(*a); i++)
		p[i] = 0;
	a->h.magic = PD_AREA_MAGIC;
	a->h.version = PD_AREA_VERSION;
	a->h.header_size = sizeof(a->h);
	a->h.area_size = sizeof(*a);
	a->h.area_addr = addr;
	a->h.run_id = run_id;
	pd_area_seal(a);
}
