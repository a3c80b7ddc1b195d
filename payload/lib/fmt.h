/* SPDX-License-Identifier: MIT */
/* Number formatting for the few texts built outside the record encoder. */
#ifndef PD_LIB_FMT_H
#define PD_LIB_FMT_H

#include <stddef.h>
#include <stdint.h>

/* Writes v in decimal at buf (no NUL; at most 20 bytes); returns the length. */
size_t fmt_dec(char *buf, uint64_t v);
/* Writes v as 0x and lowercase hex at buf (no NUL; at most 18 bytes);
 * returns the length. */
size_t fmt_hex(char *buf, uint64_t v);

#endif
