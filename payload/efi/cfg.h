/* SPDX-License-Identifier: MIT */
/*
 * The UEFI loader's text inputs: the load options (UCS-2) and PLAYDEAD.CFG.
 * Plain C over buffers, no firmware call, so the host can test and fuzz them.
 */
#ifndef PD_EFI_CFG_H
#define PD_EFI_CFG_H

#include <stddef.h>
#include <stdint.h>

#define MENU_MAX 16

/* ---- PLAYDEAD.CFG ---------------------------------------------------------
 * Text, one item a line; '#' starts a comment line.
 *   timeout N          seconds the menu waits (default 5; 0: no menu)
 *   TITLE | OPTIONS    a menu entry; the first is the default
 *   OPTIONS            an entry titled by its options
 */
struct menu {
	unsigned n, timeout;
	char title[MENU_MAX][64];
	/* the options stay in the file's buffer: lines as long as the payload
	 * takes (4 KiB) and more, so it can say where it cut */
	size_t opts_off[MENU_MAX], opts_len[MENU_MAX];
};

/* Parses len bytes of PLAYDEAD.CFG into m (entries past MENU_MAX ignored;
 * a timeout above 600 s is 600). */
void cfg_parse(const char *buf, size_t len, struct menu *m);

/*
 * The load options (size bytes of UCS-2) as a command line.  They are text
 * for the shell and iPXE, which put the image's own name first
 * ("playdead.efi OPTS"), but the boot manager may pass binary data (EDK II's
 * auto-created boot options carry a GUID): anything that is not printable
 * text is ignored.  A first word without '=' is the image name and is
 * dropped.  Returns the options' full length (out holds what fits; the
 * payload cuts a longer line), 0 when there are none.
 */
size_t load_options(const uint16_t *s, uint64_t size, char *out, size_t cap);

/* Copies s (len bytes) into dst without leading and trailing blanks, as
 * much as fits; returns the trimmed length. */
size_t copy_trimmed(char *dst, size_t cap, const char *s, size_t len);

#endif
