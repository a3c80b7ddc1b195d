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
	/* The leaves libcpuid keeps by subleaf, each in an array of its own. */
	const struct {
		uint32_t leaf, max;
		uint32_t (*regs)[NUM_REGS];
	} by_sub[] = {
	    {0x4, MAX_INTELFN4_LEVEL, r->intel_fn4},
	    {0xB, MAX_INTELFN11_LEVEL, r->intel_fn11},
	    {0x12, MAX_INTELFN12H_LEVEL, r->intel_fn12h},
	    {0x14, MAX_INTELFN14H_LEVEL, r->intel_fn14h},
	    {0x8000001Du, MAX_AMDFN8000001DH_LEVEL, r->amd_fn8000001dh},
	};
	uint32_t i, n = raw->n < CPUID_RAW_MAX ? raw->n : CPUID_RAW_MAX;
	size_t k;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < n; i++) {
		const struct cpuid_leaf *l = &raw->l[i];
		uint32_t leaf = l->leaf, sub = l->subleaf;

		if (leaf < MAX_CPUID_LEVEL && sub == 0)
			copy_regs(r->basic_cpuid[leaf], l->regs);
		if (leaf >= 0x80000000u && leaf - 0x80000000u < MAX_EXT_CPUID_LEVEL && sub == 0)
			copy_regs(r->ext_cpuid[leaf - 0x80000000u], l->regs);
		for (k = 0; k < sizeof(by_sub) / sizeof(by_sub[0]); k++)
			if (leaf == by_sub[k].leaf && sub < by_sub[k].max)
				copy_regs(by_sub[k].regs[sub], l->regs);
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
