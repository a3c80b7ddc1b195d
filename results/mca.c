/* SPDX-License-Identifier: MIT */
/* Machine-check bank status decode (results/mca.h). */
#include "results/mca.h"

const char *pd_mca_error_class(uint16_t code)
{
	/* Bit 12 is the corrected-error filtering flag, not the class. */
	uint16_t c = code & (uint16_t)~0x1000;

	/* Simple error codes (Table 16-7). */
	switch (c) {
	case 0x0000:
		return "no error";
	case 0x0001:
		return "unclassified";
	case 0x0002:
		return "microcode ROM parity";
	case 0x0003:
		return "external (another processor's BINIT or MCERR)";
	case 0x0004:
		return "FRC (functional redundancy check)";
	case 0x0005:
		return "internal parity";
	case 0x0006:
		return "SMM handler code access violation";
	case 0x0400:
		return "internal timer";
	case 0x0e0b:
		return "I/O";
	}
	if ((c & 0xfc00) == 0x0400)
		return "internal unclassified";
	/* Compound error codes (Table 16-8), most specific pattern first:
	 * 0000 1PPT RRRR IILL bus and interconnect, 0000 0001 RRRR TTLL cache
	 * hierarchy, 0000 0000 1MMM CCCC memory controller, 0000 0000 0001
	 * TTLL TLB, 0000 0000 0000 11LL generic cache hierarchy. */
	if ((c & 0xf800) == 0x0800)
		return "bus and interconnect";
	if ((c & 0xff00) == 0x0100)
		return "cache hierarchy";
	if ((c & 0xff80) == 0x0080)
		return "memory controller";
	if ((c & 0xfff0) == 0x0010)
		return "TLB";
	if ((c & 0xfffc) == 0x000c)
		return "generic cache hierarchy";
	return "model-specific";
}

const char *pd_mca_severity(uint64_t status)
{
	if ((status & PD_MCI_UC) && (status & PD_MCI_PCC))
		return "fatal";
	if (status & PD_MCI_UC)
		return "uncorrected";
	return "corrected";
}
