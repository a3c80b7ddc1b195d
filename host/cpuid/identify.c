/* SPDX-License-Identifier: MIT */
/* Naming a CPU from its raw leaves with libcpuid (see identify.h). */
#include "host/cpuid/identify.h"

#include <stdio.h>
#include <string.h>

#include <libcpuid.h>

/*
 * How libcpuid names a CPU (recog_intel.c, recog_amd.c, libcpuid_util.c
 * match_cpu_codename): every entry of its codename table scores 2 points per
 * field equal to the CPU's (family, model, stepping, ext_family, ext_model,
 * cores, brand code, model code, brand bits) and 1 per cache size; -1 in an
 * entry never matches.  The best score wins, however low, so a CPU newer
 * than the table gets the nearest older part by family and brand string.
 * The only account of which fields matched is the library's debug output
 * (levels 2-4, through the warning function), read here:
 *   "Score: <field> matches, adding N (...)"  for each field of an entry,
 *   "Entry I, `NAME', score S"                after the entry's fields,
 *   "Entry `NAME' selected - best score ..."  when it becomes the best.
 */
enum { F_FAMILY = 1, F_MODEL = 2, F_EXT_FAMILY = 4, F_EXT_MODEL = 8 };

static struct {
	unsigned fields;   /* fields matched by the entry being scored */
	unsigned entry;	   /* fields matched by the last entry scored */
	unsigned selected; /* fields matched by the best entry so far */
	int seen;	   /* a "selected" line was seen */
} match;

static void on_message(const char *msg)
{
	char field[16];

	if (sscanf(msg, "Score: %15s matches", field) == 1) {
		if (!strcmp(field, "family"))
			match.fields |= F_FAMILY;
		else if (!strcmp(field, "model"))
			match.fields |= F_MODEL;
		else if (!strcmp(field, "ext_family"))
			match.fields |= F_EXT_FAMILY;
		else if (!strcmp(field, "ext_model"))
			match.fields |= F_EXT_MODEL;
	} else if (!strncmp(msg, "Entry `", 7) && strstr(msg, "' selected")) {
		match.selected = match.entry;
		match.seen = 1;
	} else if (!strncmp(msg, "Entry ", 6)) {
		match.entry = match.fields;
		match.fields = 0;
	}
	/* anything else: libcpuid's notes on the data; the host reports its own */
}

/*
 * Known: the winning entry names this family and model, not a neighbour.
 * libcpuid's display model (ext_model) is model + extended model << 4; when
 * the extended model bits are set only an ext_model match identifies it,
 * else a base model match does (old parts' entries give the model only).
 * From base family 0xF on the family is told apart by ext_family.
 */
static enum cpu_known known(const struct cpu_id_t *d)
{
	unsigned m = match.selected;

	if (!match.seen)
		return CPU_KNOWN_UNSURE;
	if (!strncmp(d->cpu_codename, "Unknown", 7) || !(m & F_FAMILY))
		return CPU_KNOWN_NO;
	if (d->x86.family == 0xf && !(m & F_EXT_FAMILY))
		return CPU_KNOWN_NO;
	if (d->x86.ext_model != d->x86.model)
		return (m & F_EXT_MODEL) ? CPU_KNOWN_YES : CPU_KNOWN_NO;
	return (m & (F_MODEL | F_EXT_MODEL)) ? CPU_KNOWN_YES : CPU_KNOWN_NO;
}

static void copy_regs(uint32_t dst[NUM_REGS], const uint32_t src[4])
{
	/* libcpuid's EAX..EDX indices are the same order as enum cpuid_reg. */
	dst[EAX] = src[CPUID_EAX];
	dst[EBX] = src[CPUID_EBX];
	dst[ECX] = src[CPUID_ECX];
	dst[EDX] = src[CPUID_EDX];
}

/*
 * Fills libcpuid's fixed arrays from the leaves we have; the rest stay 0.
 * basic_cpuid and ext_cpuid hold subleaf 0 of every leaf below their size
 * (so leaf 0x1A, the hybrid core type, and subleaf 0 of 0x1F among them).
 */
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
	    {0x80000026u, MAX_AMDFN80000026H_LEVEL, r->amd_fn80000026h},
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

const char *identify_libcpuid_version(void)
{
	return cpuid_lib_version();
}

int identify_cpu(const struct cpuid_raw *raw, struct cpu_identity *id)
{
	struct cpu_raw_data_t r;
	struct cpu_id_t d;
	libcpuid_warn_fn_t prev;
	int rc;

	memset(id, 0, sizeof(*id));
	snprintf(id->libcpuid, sizeof(id->libcpuid), "%s", cpuid_lib_version());
	fill_raw(raw, &r);
	memset(&d, 0, sizeof(d));
	memset(&match, 0, sizeof(match));
	prev = cpuid_set_warn_function(on_message);
	cpuid_set_verbosiness_level(4);
	rc = cpu_identify(&r, &d);
	cpuid_set_verbosiness_level(0);
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
	snprintf(id->purpose, sizeof(id->purpose), "%s", cpu_purpose_str(d.purpose));
	id->known = known(&d);
	id->family = d.x86.family;
	id->model = d.x86.model;
	id->stepping = d.x86.stepping;
	id->ext_family = d.x86.ext_family;
	id->ext_model = d.x86.ext_model;
	return 0;
}

const char *identify_codename_text(const struct cpu_identity *id, char *buf, size_t n)
{
	if (!id->ok)
		snprintf(buf, n, "not identified by libcpuid %s", id->libcpuid);
	else if (id->known == CPU_KNOWN_YES)
		snprintf(buf, n, "%s", id->codename);
	else
		snprintf(buf, n,
			 "unknown to libcpuid %s (family %d model %d stepping %d%s; nearest "
			 "entry \"%s\")",
			 id->libcpuid, id->ext_family, id->ext_model, id->stepping,
			 id->known == CPU_KNOWN_UNSURE ? ", match not reported" : "", id->codename);
	return buf;
}
