/* SPDX-License-Identifier: MIT */
#ifndef PD_PARK_PROVOKE_H
#define PD_PARK_PROVOKE_H

#include <stdint.h>

/* Applies the provocation set to the parked CPUs; returns the slowest SMI
 * in microseconds (0 when none was sent).  after: the CPUs belong to the
 * previous instance (their lines live in its memory).  Then waits settle_us
 * for what the provocations do (a woken CPU that crashes the machine), and,
 * after NMIs, until every CPU shows it took its NMI, bounded. */
uint32_t provoke_parked(unsigned prov, int after, uint64_t settle_us);

#endif
