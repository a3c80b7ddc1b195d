/* SPDX-License-Identifier: MIT */
/*
 * Machine-check bank status, defined once for the payload (mce_boot
 * records) and the host (their decode): IA32_MCi_STATUS and IA32_MCG_STATUS
 * bits (SDM Vol. 3B, 16.3.1.2 and 16.3.2.2) and the architectural MCA
 * error-code classes (SDM Vol. 3B, 16.9.1 and 16.9.2, Tables 16-7 and 16-8).
 * Freestanding.
 */
#ifndef PD_RESULTS_MCA_H
#define PD_RESULTS_MCA_H

#include <stdint.h>

#define PD_MCI_VAL   (1ull << 63) /* the bank holds an error */
#define PD_MCI_OVER  (1ull << 62) /* another error came while it was valid */
#define PD_MCI_UC    (1ull << 61) /* uncorrected */
#define PD_MCI_EN    (1ull << 60) /* reporting was enabled */
#define PD_MCI_MISCV (1ull << 59) /* IA32_MCi_MISC holds information */
#define PD_MCI_ADDRV (1ull << 58) /* IA32_MCi_ADDR holds the address */
#define PD_MCI_PCC   (1ull << 57) /* processor context corrupt */
#define PD_MCI_S     (1ull << 56) /* signaled as #MC (UCR) */
#define PD_MCI_AR    (1ull << 55) /* action required (UCR) */

#define PD_MCG_RIPV 0x1 /* the interrupted RIP may be returned to */
#define PD_MCG_EIPV 0x2 /* the RIP is where the error happened */
#define PD_MCG_MCIP 0x4 /* a machine check in progress */

/* The MCA error code's class (bits 15:0, filtering bit 12 aside): "memory
 * controller", "cache hierarchy", "bus and interconnect", ..., "no error";
 * "model-specific" for codes outside the architectural ones. */
const char *pd_mca_error_class(uint16_t code);

/* Severity as Linux's mce_severity() words it, from the status alone:
 * "fatal" (UC and PCC), "uncorrected" (UC), "corrected". */
const char *pd_mca_severity(uint64_t status);

#endif
