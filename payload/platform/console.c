/* SPDX-License-Identifier: MIT */
#include "platform/console.h"
#include "platform/acpi.h"
#include "options/options.h"
#include "report/report.h"
#include "report/serial.h"
#include "platform/spcr.h"
#include "mem/paging.h"

static const char *from;     /* console= | earlycon= | spcr | default */
static const char *spcr_why; /* what the SPCR had that was not used */

void console_setup(void)
{
	struct uart_cfg u;
	const void *t;
	uint32_t len;

	uart_cfg_default(&u);
	from = "default";
	spcr_why = 0;
	if (opts.console_how == CONSOLE_UART) {
		u = opts.console;
		from = "console";
	} else if (opts.console_how == CONSOLE_NONE && opts.earlycon_how == CONSOLE_UART) {
		u = opts.earlycon;
		from = "earlycon";
	} else if ((t = acpi_table_early("SPCR", &len))) {
		/* console=auto, bare earlycon, or nothing given. */
		struct uart_cfg s;

		if (spcr_decode(t, len, &s, &spcr_why)) {
			u = s;
			from = "spcr";
		}
	}
	/* An MMIO UART is mapped uncached before its first access; when it
	 * cannot be, COM1. */
	if (u.space == UART_MMIO && paging_map(u.addr, 8ull << u.shift)) {
		uart_cfg_default(&u);
		from = "default";
	}
	serial_init(&u);
}

void console_fields(struct pd_rec_writer *w)
{
	char name[32];

	uart_name(serial_cfg(), name, sizeof(name));
	pd_rec_s(w, PD_F_CONSOLE, name);
	pd_rec_s(w, PD_F_CONSOLE_FROM, from ? from : "default");
	pd_rec_u(w, PD_F_BAUD, serial_cfg()->baud);
	pd_rec_u(w, PD_F_IGNORED, opts.foreign);
}

void console_report(void)
{
	struct pd_rec_writer w;

	if (!spcr_why)
		return;
	rec_start(&w, PD_REC_ERROR);
	pd_rec_s(&w, PD_F_LEVEL, PD_LEVEL_WARN);
	pd_rec_s(&w, PD_F_CODE, PD_ERR_CONSOLE);
	pd_rec_s(&w, PD_F_TABLE, "SPCR");
	pd_rec_s(&w, PD_F_WHAT, spcr_why);
	report_count_error(PD_LEVEL_WARN);
	rec_send(&w);
}
