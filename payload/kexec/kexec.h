/* SPDX-License-Identifier: MIT */
/* The self-kexec: pristine image, handover decision, the jump. */
#ifndef PD_KEXEC_KEXEC_H
#define PD_KEXEC_KEXEC_H

#include <stdint.h>

extern char image_base[];

/* Bytes of this image covered by the text checksum (text and rodata). */
uint64_t image_text_size(void);
uint32_t image_text_crc(void);

/* First boot: saves the pristine image into reserved memory and records
 * sizes, checksum and the two load addresses in the results area (the same
 * one twice when the other cannot be used). */
int kexec_save_pristine(void);
/* What the handovers will do, as kexec_save_pristine() found it: 1 when
 * they load at the other address, 0 when over the running image (asked for
 * with kexec_load=same, or the fallback: then *why says why, else 0). */
int kexec_loads_alternate(const char **why);
/* Where the first handover loads the next instance. */
uint64_t kexec_first_load_at(void);
/* WBINVD decision (wbinvd=auto|always|never): 1 to flush, why in *why. */
int kexec_wbinvd_decision(const char **why);
/* Builds the control pages (relocate.h) in reserved memory; returns the
 * physical address of their identity page tables (a CR3). */
uint64_t kexec_control_build(void);
/* Writes the relocation stub's parameters for cycle (the pristine image to
 * the next load address) and seals the results area with the cycle in
 * flight at the handover phase; kexec_jump() then enters the stub, which
 * copies the image and jumps to it.  Apart so that the cycle can reset at
 * the handover on purpose (inject_reset) between the two. */
void kexec_prepare(uint32_t cycle);
__attribute__((noreturn)) void kexec_jump(void);

#endif
