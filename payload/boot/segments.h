/* SPDX-License-Identifier: MIT */
/*
 * Assembly only: load a GDT laid out as boot/entry.S's gdt64 and reload CS
 * (far return) and the data segments from it.  Position independent, for
 * the code copied into reserved memory and the EFI loader.  Clobbers RAX.
 */
#ifndef PD_BOOT_SEGMENTS_H
#define PD_BOOT_SEGMENTS_H

#include "boot/layout.h"

.macro load_gdt_and_segments gdtr
	lgdt \gdtr
	lea 1001f(%rip), %rax
	pushq $PD_SEL_CODE64
	push %rax
	lretq
1001:	mov $PD_SEL_DATA, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
.endm

#endif
