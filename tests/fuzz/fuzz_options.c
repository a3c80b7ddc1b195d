/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: arbitrary boot lines through the payload's option
 * parser (payload/options/options.c, built for the host as it is), and
 * arbitrary bytes through its SPCR decoder.  Checks what the parser
 * promises: every value within its documented range, every kept error's
 * key and value NUL-terminated within their buffers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "options/options.h"
#include "report/serial.h"
#include "platform/spcr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct opt_error *e;
	uint32_t dropped, n, i;
	char *line = malloc(size + 1);
	struct uart_cfg u;
	const char *why = 0;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = 0;
	options_parse(line);
	if (opts.cycles > 100000 || opts.inject_reset > 100 ||
	    opts.nprovoke > OPT_MAX_PROVOKE_SETS || opts.ap_timeout_ms == 0 ||
	    opts.ap_timeout_ms > 600000 || opts.stop_timeout_ms == 0 ||
	    opts.stop_timeout_ms > 60000 || opts.mwait_hint > 0xff || opts.smi_value > 0xff ||
	    (opts.results_addr & 0x1fffff) || opts.results_addr > 0xffffffffull)
		abort();
	n = options_errors(&e, &dropped);
	if (n > OPT_MAX_ERRORS)
		abort();
	for (i = 0; i < n; i++)
		if (strnlen(e[i].key, OPT_TOKEN_MAX) == OPT_TOKEN_MAX ||
		    strnlen(e[i].value, OPT_TOKEN_MAX) == OPT_TOKEN_MAX || !e[i].code || !e[i].what)
			abort();
	/* The same bytes as an SPCR table: decoded or refused with a reason. */
	memset(&u, 0, sizeof(u));
	if (!spcr_decode(data, (uint32_t)size, &u, &why) && !why)
		abort();
	free(line);
	return 0;
}
