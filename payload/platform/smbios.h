/* SPDX-License-Identifier: MIT */
/* SMBIOS: which firmware and board this is, for the report. */
#ifndef PD_PLATFORM_SMBIOS_H
#define PD_PLATFORM_SMBIOS_H

/* Finds the 3.x or 2.x entry point and sends the "smbios" record (or an
 * error record saying why there is none). */
void smbios_report(void);

struct pd_ipmi_locator;
/* The BMC's interface from the first usable type 38 structure: 0, or -1
 * when there is none (or no SMBIOS). */
int smbios_ipmi(struct pd_ipmi_locator *out);

#endif
