/* SPDX-License-Identifier: MIT */
#ifndef PD_PARK_STOP_H
#define PD_PARK_STOP_H

#include <stdint.h>
#include "park/park.h"
#include "results/park.h"

struct stop_result {
	uint32_t stopped; /* APs that parked */
	uint32_t late;	  /* of those, stopped by the NMI */
	uint32_t failed;  /* ignored both */
};

/* Stops every online AP into play_dead() as req asks (published with the
 * stop), as native_stop_other_cpus(): the stop IPI, a bounded wait, then
 * NMI to the stragglers (late). */
void stop_other_cpus(const struct park_request *req, struct stop_result *r);
/* Installs the AP side in the IDT: the stop IPI, and the NMI for a CPU
 * that ignored it, send the AP to play_dead. */
void stop_install(void);

#endif
