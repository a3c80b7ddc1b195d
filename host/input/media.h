/* SPDX-License-Identifier: MIT */
/* Boot media for "playdead run --boot iso|usb|pxe": made for one run, with
 * the run's payload options inside, by the same scripts as "make iso/pxe". */
#ifndef PD_HOST_MEDIA_H
#define PD_HOST_MEDIA_H

#include <stddef.h>

enum boot_path { BOOT_KERNEL, BOOT_ISO, BOOT_USB, BOOT_PXE };

#define MEDIA_DEFAULT_OVMF "/usr/share/ovmf/OVMF.fd"

struct media {
	char dir[256]; /* temporary directory, "" when none */
	char iso[300]; /* the ISO (iso), or its copy used as a USB stick (usb) */
	char pxe[300]; /* the TFTP directory (pxe) */
};

int boot_path_parse(const char *s, enum boot_path *b);
const char *boot_path_name(enum boot_path b);
/* PLAYDEAD_EFI, else playdead.efi beside the payload ELF. */
const char *media_default_efi(const char *payload, char *buf, size_t cap);
/* PLAYDEAD_OVMF, else MEDIA_DEFAULT_OVMF. */
const char *media_default_ovmf(void);
/*
 * Makes the media for path b in a new temporary directory: the ELF and EFI
 * payloads with options (the payload's command line) as their default
 * entry.  Returns 0, or -1 with a message in err.
 */
int media_prepare(struct media *m, enum boot_path b, const char *elf, const char *efi,
		  const char *options, char *err, size_t errcap);
/* Removes what media_prepare made. */
void media_cleanup(struct media *m);

#endif
