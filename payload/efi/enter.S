/* SPDX-License-Identifier: MIT */
/*
 * The EFI loader's last step and the payload it carries.
 *
 * pd_efi_enter(cr3, gdt_ptr, entry, handoff) (System V ABI): called after
 * ExitBootServices with the payload copied to its load address.  Switches
 * to the loader's identity page tables and the payload's GDT, reloads CS
 * with PD_SEL_CODE64 by a far return (SDM vol. 3A, 5.8.6) and jumps to
 * entry64 with EDI = PD_EFI_MAGIC and RSI = handoff (below 4 GiB: entry64
 * zero-extends ESI).  Never returns.
 */
#include "boot/layout.h"
#include "boot/segments.h"

	.text
	.globl pd_efi_enter
pd_efi_enter:
	cli
	mov %rdi, %cr3
	load_gdt_and_segments (%rsi)
	mov %ecx, %esi
	mov $PD_EFI_MAGIC, %edi
	jmp *%rdx

/* The flat payload image: the bytes a multiboot loader loads from
 * playdead.elf (objcopy -O binary of playdead64.elf), .bss not included. */
	.section .rodata
	.balign 4096
	.globl pd_payload
pd_payload:
	.incbin PD_PAYLOAD_BIN
	.globl pd_payload_end
pd_payload_end:
