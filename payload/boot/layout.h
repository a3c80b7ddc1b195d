/* SPDX-License-Identifier: MIT */
/* Addresses and sizes the linker script, the assembly and C share. */
#ifndef PD_BOOT_LAYOUT_H
#define PD_BOOT_LAYOUT_H

/*
 * Link (and multiboot load) address of the image.  Multiboot loaders put the
 * ELF at its physical address, so the first boot runs here; the payload is
 * position independent and relocates itself when started anywhere else.
 */
#define PD_LINK_BASE 0x100000
/* Where kexec_load=alternate puts every other instance. */
#define PD_LOAD_ALT 0x1000000

/* Selectors of the GDT in boot/entry.S (also used by the AP trampoline). */
#define PD_SEL_CODE64 0x08
#define PD_SEL_DATA   0x10
#define PD_SEL_CODE32 0x18

#define PD_BSP_STACK_SIZE 0x8000
#define PD_AP_STACK_SIZE  0x4000

/* Multiboot v1 (multiboot specification 0.6.96, section 3.1.1). */
#define MULTIBOOT_HEADER_MAGIC     0x1BADB002
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002
/* bit 0: page-align modules, bit 1: provide the memory map */
#define MULTIBOOT_HEADER_FLAGS 0x00000003

/*
 * Image header, right after the multiboot header (at PD_IMAGE_HDR_OFF of
 * the flat image, the bytes a multiboot loader loads): how a loader that
 * does not read the ELF (the EFI loader, payload/efi/) finds the 64-bit
 * entry and the sizes.  Each field after the magic is a signed 32-bit
 * offset from the field itself to its target (".long sym - ."), as the
 * image holds no absolute relocation outside .rela.dyn.
 */
#define PD_IMAGE_HDR_OFF  12
#define PD_IMAGE_MAGIC	  0x474d4950 /* "PIMG" */
#define PD_IMAGE_ENTRY64  4	     /* -> entry64: EDI = magic, RSI = argument */
#define PD_IMAGE_LOAD_END 8	     /* -> __image_load_end: bytes taken from the file */
#define PD_IMAGE_END	  12	     /* -> __image_end: bytes in memory (.bss zeroed) */
#define PD_IMAGE_HDR_SIZE 16

/* EDI at entry64 when the EFI loader starts the payload; RSI is then a
 * struct pd_handoff (boot/handoff.h). */
#define PD_EFI_MAGIC 0x49464550 /* "PEFI" */

#endif
