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

#endif
