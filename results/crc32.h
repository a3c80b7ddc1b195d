/* SPDX-License-Identifier: MIT */
#ifndef PD_RESULTS_CRC32_H
#define PD_RESULTS_CRC32_H

#include <stddef.h>
#include <stdint.h>

/*
 * CRC-32 as in IEEE 802.3 and zlib's crc32(): reflected polynomial
 * 0xEDB88320, initial value and final XOR 0xFFFFFFFF.  Pass 0 as crc to
 * start; feed the previous result to continue.
 */
uint32_t pd_crc32(uint32_t crc, const void *data, size_t len);

#endif
