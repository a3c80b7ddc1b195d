/* SPDX-License-Identifier: MIT */
#include "boot/bootkind.h"

static enum boot_kind kind; /* .bss: BOOT_FIRST until kmain says */

void boot_kind_set(enum boot_kind k)
{
	kind = k;
}

enum boot_kind boot_kind(void)
{
	return kind;
}
