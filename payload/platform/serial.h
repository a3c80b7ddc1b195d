/* SPDX-License-Identifier: MIT */
#ifndef PD_PLATFORM_SERIAL_H
#define PD_PLATFORM_SERIAL_H

#include <stddef.h>
#include <stdint.h>

#define SERIAL_COM1 0x3f8
#define SERIAL_DEFAULT_BAUD 115200

/* Programs the 16550 at port for baud, 8N1, FIFOs on, interrupts off. */
void serial_init(uint16_t port, uint32_t baud);
void serial_write(const char *s, size_t n);
uint16_t serial_port(void);

#endif
