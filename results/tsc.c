/* SPDX-License-Identifier: MIT */
#include "results/tsc.h"

static const struct {
	const char *name, *why;
} sources[PD_TSC_SOURCE_COUNT] = {
#define PD_X(e, n, w) {n, w},
    PD_TSC_SOURCES(PD_X)
#undef PD_X
};

static int valid(int s)
{
	return s >= 0 && s < PD_TSC_SOURCE_COUNT ? s : PD_TSC_NONE;
}

const char *pd_tsc_source_name(int s)
{
	return sources[valid(s)].name;
}

const char *pd_tsc_source_why_key(int s)
{
	return sources[valid(s)].why;
}
