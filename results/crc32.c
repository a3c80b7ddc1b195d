/* SPDX-License-Identifier: MIT */
#include "crc32.h"

/* Nibble-wise table: small enough for the payload. */
static const uint32_t crc32_nibble[16] = {
    0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
    0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c, 0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};

#if __STDC_HOSTED__
/*
 * The host checks every record of logs of hundreds of MB: eight bytes a
 * step ("slicing by 8"), tables derived from the nibble table at start-up.
 * slice[0][b] is the CRC register after feeding byte b into a zero register;
 * slice[k][b] is that after k more zero bytes, so the eight bytes of a step
 * are looked up independently and XORed.
 */
static uint32_t slice[8][256];

__attribute__((constructor)) static void crc32_slice_init(void)
{
	uint32_t b, c;
	int k;

	for (b = 0; b < 256; b++) {
		c = b;
		c = (c >> 4) ^ crc32_nibble[c & 15];
		c = (c >> 4) ^ crc32_nibble[c & 15];
		slice[0][b] = c;
	}
	for (k = 1; k < 8; k++)
		for (b = 0; b < 256; b++)
			slice[k][b] = (slice[k - 1][b] >> 8) ^ slice[0][slice[k - 1][b] & 0xff];
}

uint32_t pd_crc32(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;

	crc = ~crc;
	for (; len >= 8; len -= 8, p += 8) {
		uint32_t lo = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
				     (uint32_t)p[3] << 24);
		uint32_t hi = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 |
			      (uint32_t)p[7] << 24;

		crc = slice[7][lo & 0xff] ^ slice[6][(lo >> 8) & 0xff] ^
		      slice[5][(lo >> 16) & 0xff] ^ slice[4][lo >> 24] ^ slice[3][hi & 0xff] ^
		      slice[2][(hi >> 8) & 0xff] ^ slice[1][(hi >> 16) & 0xff] ^ slice[0][hi >> 24];
	}
	for (; len; len--)
		crc = (crc >> 8) ^ slice[0][(crc ^ *p++) & 0xff];
	return ~crc;
}
#else
uint32_t pd_crc32(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		crc = (crc >> 4) ^ crc32_nibble[crc & 15];
		crc = (crc >> 4) ^ crc32_nibble[crc & 15];
	}
	return ~crc;
}
#endif
