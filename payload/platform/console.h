/* SPDX-License-Identifier: MIT */
/* Which UART the records go to: console=, else earlycon=, else the ACPI
 * SPCR's UART, else COM1. */
#ifndef PD_PLATFORM_CONSOLE_H
#define PD_PLATFORM_CONSOLE_H

struct pd_rec_writer;

/* After options_parse(), before any output: picks the UART and sets it up. */
void console_setup(void);
/* The boot record's console fields. */
void console_fields(struct pd_rec_writer *w);
/* A warning when the SPCR names a UART that cannot be used. */
void console_report(void);

#endif
