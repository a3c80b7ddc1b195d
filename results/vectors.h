/* SPDX-License-Identifier: MIT */
/*
 * The architectural exception vectors 0-31 by their mnemonic (SDM Vol 3A
 * 6.3.1 Table 6-1, APM Vol 2 8.2 for #HV, #VC, #SX), defined once: the
 * payload writes the name into the exception record, the host names a
 * vector when a record lacks it.
 */
#ifndef PD_RESULTS_VECTORS_H
#define PD_RESULTS_VECTORS_H

#include <stdint.h>

#define PD_VECTORS_ARCH 32 /* vectors 0-31 are reserved to exceptions */

/* "#GP" for 13; NULL for a reserved vector or one of 32 and above. */
const char *pd_vector_name(uint64_t vector);

#endif
