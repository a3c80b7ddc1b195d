/* SPDX-License-Identifier: MIT */
/* SMBIOS: which firmware and board this is, for the report. */
#ifndef PD_PLATFORM_SMBIOS_H
#define PD_PLATFORM_SMBIOS_H

/* Finds the 3.x or 2.x entry point and sends the "smbios" record (or an
 * error record saying why there is none). */
void smbios_report(void);

#endif
