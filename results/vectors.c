/* SPDX-License-Identifier: MIT */
#include "results/vectors.h"

static const char *const names[PD_VECTORS_ARCH] = {
    "#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "CSO", "#TS",
    "#NP", "#SS", "#GP", "#PF", 0,     "#MF", "#AC", "#MC", "#XM", "#VE", "#CP",
    0,	   0,	  0,	 0,	0,     0,     "#HV", "#VC", "#SX", 0,
};

const char *pd_vector_name(uint64_t vector)
{
	return vector < PD_VECTORS_ARCH ? names[vector] : 0;
}
