/* SPDX-License-Identifier: MIT */
/* Naming a CPU from its raw leaves with libcpuid (see identify.h). */
#include "host/identify.h"

#include <stdio.h>
#include <string.h>

#include <libcpuid.h>

/* libcpuid reports oddities of the data on stderr; the host reports its own. */
static void quiet(const char *msg)
{
	(void)msg;
}

static void copy_regs(uint32_t dst[NUM_REGS], const uint32_t src[4])
{
	/* libcpuid's EAX..EDX indices are the same order as enum cpuid_reg. */
	dst[EAX] = src[CPUID_EAX];
	dst[EBX] = src[CPUID_EBX];
	dst[ECX] = src[CPUID_ECX];
	dst[EDX] = src[CPUID_EDX];
}

/* Fills libcpuid's fixed arrays from the leaves we have; the rest stay 0. */
static void fill_raw(const struct cpuid_raw *raw, struct cpu_raw_data_t *r)
{
	uint32_t i, n = raw->n < CPUID_RAW_MAX ? raw->n : CPUID_RAW_MAX;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < n; i++) {
		const struct cpuid_leaf *l = &raw->l[i];
		uint32_t leaf = l->leaf, sub = l->subleaf;

		if (leaf < MAX_CPUID_LEVEL && sub == 0)
			copy_regs(r->basic_cpuid[leaf], l->regs);
		if (leaf >= 0x80000000u && leaf - 0x80000000u < MAX_EXT_CPUID_LEVEL && sub == 0)
			copy_regs(r->ext_cpuid[leaf - 0x80000000u], l->regs);
		switch (leaf) {
		case 0x4:
			if (sub < MAX_INTELFN4_LEVEL)
				copy_regs(r->intel_fn4[sub], l->regs);
			break;
		case 0xB:
			if (sub < MAX_INTELFN11_LEVEL)
				copy_regs(r->intel_fn11[sub], l->regs);
			break;
		case 0x12:
			if (sub < MAX_INTELFN12H_LEVEL)
				copy_regs(r->intel_fn12h[sub], l->regs);
			break;
		case 0x14:
			if (sub < MAX_INTELFN14H_LEVEL)
				copy_regs(r->intel_fn14h[sub], l->regs);
			break;
		case 0x8000001Du:
			if (sub < MAX_AMDFN8000001DH_LEVEL)
				copy_regs(r->amd_fn8000001dh[sub], l->regs);
			break;
		default:
			break;
		}
	}
}

int identify_cpu(const struct cpuid_raw *raw, struct cpu_identity *id)
{
	struct cpu_raw_data_t r;
	struct cpu_id_t d;
	libcpuid_warn_fn_t prev;
	int rc;

	memset(id, 0, sizeof(*id));
	fill_raw(raw, &r);
	memset(&d, 0, sizeof(d));
	prev = cpuid_set_warn_function(quiet);
	rc = cpu_identify(&r, &d);
	cpuid_set_warn_function(prev);
	if (rc != 0) {
		snprintf(id->error, sizeof(id->error), "%s", cpuid_error());
		return -1;
	}
	id->ok = 1;
	snprintf(id->vendor, sizeof(id->vendor), "%.*s", (int)sizeof(d.vendor_str), d.vendor_str);
	snprintf(id->brand, sizeof(id->brand), "%.*s", (int)sizeof(d.brand_str), d.brand_str);
	snprintf(id->codename, sizeof(id->codename), "%.*s", (int)sizeof(d.cpu_codename),
		 d.cpu_codename);
	id->family = d.family;
	id->model = d.model;
	id->stepping = d.stepping;
	id->ext_family = d.ext_family;
	id->ext_model = d.ext_model;
	return 0;
}
