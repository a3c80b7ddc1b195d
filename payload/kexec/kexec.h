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
 * sizes, checksum and the two load addresses in the results area. */
int kexec_save_pristine(void);
/* WBINVD decision (wbinvd=auto|always|never): 1 to flush, why in *why. */
int kexec_wbinvd_decision(const char **why);
/* Builds the control pages (relocate.h) in reserved memory; returns the
 * physical address of their identity page tables (a CR3). */
uint64_t kexec_control_build(void);
/* Copies the pristine image to the next load address and jumps to it
 * through the relocation stub.  Never returns. */
__attribute__((noreturn)) void kexec_handover(uint32_t cycle);

#endif
