/* SPDX-License-Identifier: MIT */
/* Records for what no handler took: unexpected interrupts and faults. */
#ifndef PD_CPUS_EXCEPTION_H
#define PD_CPUS_EXCEPTION_H

#include "boot/idt.h"

/* Hands every vector nothing else took to this file (idt_set_unhandled). */
void exception_install(void);
/*
 * What a later stage does on a fault, after its exception record and
 * before the CPU halts (the BSP: before the run ends); it may not return.
 */
typedef void (*exception_fatal_fn)(struct int_frame *f);
void exception_set_fatal(exception_fatal_fn fn);

#endif
