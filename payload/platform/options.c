/* SPDX-License-Identifier: MIT */
#include "platform/options.h"
#include "platform/report.h"
#include "platform/serial.h"
#include "lib/string.h"
#include "results/park.h"

struct options opts;

#define MAX_OPT_ERRORS 16
#define TOKEN_MAX      96

struct opt_error {
	const char *code;
	const char *what;
	char key[TOKEN_MAX];
	char value[TOKEN_MAX];
};

static struct opt_error opt_errors[MAX_OPT_ERRORS];
static uint32_t n_opt_errors, n_opt_errors_dropped;

static void copy_tok(char *dst, const char *s, size_t n)
{
	if (n >= TOKEN_MAX)
		n = TOKEN_MAX - 1;
	memcpy(dst, s, n);
	dst[n] = 0;
}

static void opt_error(const char *code, const char *what, const char *k, size_t klen,
		      const char *v, size_t vlen)
{
	struct opt_error *e;

	if (n_opt_errors >= MAX_OPT_ERRORS) {
		n_opt_errors_dropped++;
		return;
	}
	e = &opt_errors[n_opt_errors++];
	e->code = code;
	e->what = what;
	copy_tok(e->key, k, klen);
	copy_tok(e->value, v, vlen);
}

static int parse_uint(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	int base = 10;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == n)
		return 0;
	for (; i < n; i++) {
		int d;

		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (base == 16 && s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (base == 16 && s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return 0;
		if (v > (max - (uint64_t)d) / (uint64_t)base)
			return 0;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return 1;
}

/* "3,5,8-11": APIC IDs. */
static int parse_id_list(const char *s, size_t n, struct id_list *l)
{
	size_t i = 0;

	l->n = 0;
	while (i < n) {
		size_t j = i, dash = 0;
		uint64_t a, b;

		while (j < n && s[j] != ',') {
			if (s[j] == '-' && !dash)
				dash = j;
			j++;
		}
		if (dash) {
			if (!parse_uint(s + i, dash - i, 0xffffffff, &a) ||
			    !parse_uint(s + dash + 1, j - dash - 1, 0xffffffff, &b) || b < a)
				return 0;
		} else {
			if (!parse_uint(s + i, j - i, 0xffffffff, &a))
				return 0;
			b = a;
		}
		for (; a <= b; a++) {
			if (l->n >= OPT_ID_LIST_MAX)
				return 0;
			l->id[l->n++] = (uint32_t)a;
		}
		i = j + 1;
		if (j + 1 == n)
			return 0; /* trailing comma */
	}
	return l->n > 0;
}

int id_list_has(const struct id_list *l, uint32_t id)
{
	uint32_t i;

	for (i = 0; i < l->n; i++)
		if (l->id[i] == id)
			return 1;
	return 0;
}

/* console=ttyS0[,115200] or console=0x2f8[,57600] (port, baud) */
static int parse_console(const char *v, size_t n)
{
	static const uint16_t ports[4] = {0x3f8, 0x2f8, 0x3e8, 0x2e8};
	size_t comma = 0;
	uint64_t port, baud = SERIAL_DEFAULT_BAUD;

	while (comma < n && v[comma] != ',')
		comma++;
	if (comma == 5 && !memcmp(v, "ttyS", 4) && v[4] >= '0' && v[4] <= '3')
		port = ports[v[4] - '0'];
	else if (!parse_uint(v, comma, 0xffff, &port) || port == 0)
		return 0;
	if (comma < n && (!parse_uint(v + comma + 1, n - comma - 1, 115200, &baud) || !baud))
		return 0;
	opts.console_port = (uint16_t)port;
	opts.console_baud = (uint32_t)baud;
	return 1;
}

/* Picks one of the words; returns its index or -1. */
static int pick(const char *v, size_t n, const char *const *words, int count)
{
	int i;

	for (i = 0; i < count; i++)
		if (str_eq_n(v, n, words[i]))
			return i;
	return -1;
}

static void set_defaults(void)
{
	memset(&opts, 0, sizeof(opts));
	opts.console_port = SERIAL_COM1;
	opts.console_baud = SERIAL_DEFAULT_BAUD;
	opts.exit = EXIT_HALT;
	opts.init_udelay = -1;
	opts.ap_timeout_ms = 5000;
	opts.x2apic = X2APIC_AUTO;
	opts.cpuid_dump = DUMP_DISTINCT;
	opts.clock = CLOCK_AUTO;
	opts.cycles = 3;
	opts.nprovoke = 1;
	opts.provoke[0] = 0;
	opts.mwait_hint = -1;
	opts.smi_value = -1;
	opts.stop_timeout_ms = 100;
	opts.scribble_cycle = -1;
}

/* "hlt,mwait-kick" -> mode bits */
static int parse_modes(const char *v, size_t n, uint32_t *bits)
{
	size_t i = 0;

	*bits = 0;
	while (i < n) {
		size_t j = i;
		int m;

		while (j < n && v[j] != ',')
			j++;
		m = pd_park_mode_lookup(v + i, j - i);
		if (m < 0)
			return 0;
		*bits |= 1u << m;
		i = j + 1;
	}
	return *bits != 0;
}

/* "none/monitor-write/nmi+smi" -> provocation sets */
static int parse_provoke(const char *v, size_t n)
{
	size_t i = 0;

	opts.nprovoke = 0;
	while (i <= n) {
		size_t j = i;
		int b;

		while (j < n && v[j] != '/')
			j++;
		b = pd_provoke_parse(v + i, j - i);
		if (b < 0 || opts.nprovoke >= OPT_MAX_PROVOKE_SETS)
			return 0;
		opts.provoke[opts.nprovoke++] = (uint32_t)b;
		i = j + 1;
	}
	return 1;
}

static void parse_one(const char *k, size_t klen, const char *v, size_t vlen)
{
	static const char *const exit_words[] = {"halt", "qemu"};
	static const char *const x2apic_words[] = {"auto", "off"};
	static const char *const dump_words[] = {"all", "bsp", "none", "distinct"};
	static const char *const clock_words[] = {"auto", "pit", "pmtimer"};
	static const char *const wbinvd_words[] = {"auto", "always", "never"};
	static const char *const load_words[] = {"alternate", "same"};
	static const char *const on_reset_words[] = {"continue", "stop"};
	uint64_t u;
	int w;
	int ok = 1;

#define KEY(s) str_eq_n(k, klen, s)
	if (KEY("console")) {
		ok = parse_console(v, vlen);
	} else if (KEY("exit")) {
		w = pick(v, vlen, exit_words, 2);
		if ((ok = w >= 0))
			opts.exit = (enum opt_exit)w;
	} else if (KEY("init_udelay")) {
		if ((ok = parse_uint(v, vlen, 1000000, &u)))
			opts.init_udelay = (int64_t)u;
	} else if (KEY("ap_timeout_ms")) {
		if ((ok = parse_uint(v, vlen, 600000, &u) && u > 0))
			opts.ap_timeout_ms = (uint32_t)u;
	} else if (KEY("x2apic")) {
		w = pick(v, vlen, x2apic_words, 2);
		if ((ok = w >= 0))
			opts.x2apic = (enum opt_x2apic)w;
	} else if (KEY("cpuid_dump")) {
		w = pick(v, vlen, dump_words, 4);
		if ((ok = w >= 0))
			opts.cpuid_dump = (enum opt_dump)w;
	} else if (KEY("clock")) {
		w = pick(v, vlen, clock_words, 3);
		if ((ok = w >= 0))
			opts.clock = (enum opt_clock)w;
	} else if (KEY("modes")) {
		uint32_t bits;

		if ((ok = parse_modes(v, vlen, &bits)))
			opts.modes = bits;
	} else if (KEY("cycles")) {
		if ((ok = parse_uint(v, vlen, 100000, &u)))
			opts.cycles = (uint32_t)u;
	} else if (KEY("provoke")) {
		uint32_t save[OPT_MAX_PROVOKE_SETS], nsave = opts.nprovoke;

		memcpy(save, opts.provoke, sizeof(save));
		if (!(ok = parse_provoke(v, vlen))) {
			memcpy(opts.provoke, save, sizeof(save));
			opts.nprovoke = nsave;
		}
	} else if (KEY("mwait_hint")) {
		if ((ok = parse_uint(v, vlen, 0xff, &u)))
			opts.mwait_hint = (int64_t)u;
	} else if (KEY("wbinvd")) {
		w = pick(v, vlen, wbinvd_words, 3);
		if ((ok = w >= 0))
			opts.wbinvd = (enum opt_wbinvd)w;
	} else if (KEY("kexec_load")) {
		w = pick(v, vlen, load_words, 2);
		if ((ok = w >= 0))
			opts.kexec_load = (enum opt_load)w;
	} else if (KEY("on_reset")) {
		w = pick(v, vlen, on_reset_words, 2);
		if ((ok = w >= 0))
			opts.on_reset = (enum opt_on_reset)w;
	} else if (KEY("results")) {
		/* 2 MiB aligned, below 4 GiB (the park page tables map 4 GiB) */
		if ((ok = parse_uint(v, vlen, 0xffffffffull, &u) && u && !(u & 0x1fffff)))
			opts.results_addr = u;
	} else if (KEY("smi_value")) {
		if ((ok = parse_uint(v, vlen, 0xff, &u)))
			opts.smi_value = (int64_t)u;
	} else if (KEY("stop_timeout_ms")) {
		if ((ok = parse_uint(v, vlen, 60000, &u) && u > 0))
			opts.stop_timeout_ms = (uint32_t)u;
	} else if (KEY("ignore_stop")) {
		ok = parse_id_list(v, vlen, &opts.ignore_stop);
	} else if (KEY("scribble")) {
		if ((ok = parse_uint(v, vlen, 100000, &u)))
			opts.scribble_cycle = (int64_t)u;
	} else if (KEY("host_cpus")) {
		if ((ok = parse_uint(v, vlen, 65536, &u) && u > 0))
			opts.host_cpus = (uint32_t)u;
	} else if (KEY("timing")) {
		if ((ok = parse_uint(v, vlen, 1, &u)))
			opts.timing = (int)u;
	} else if (KEY("skip_sipi")) {
		ok = parse_id_list(v, vlen, &opts.skip_sipi);
	} else if (KEY("lose")) {
		ok = parse_id_list(v, vlen, &opts.lose);
	} else if (KEY("fake_mismatch")) {
		ok = parse_id_list(v, vlen, &opts.fake_mismatch);
	} else if (KEY("fault")) {
		if (str_eq_n(v, vlen, "bsp"))
			opts.fault_bsp = 1;
		else
			ok = parse_id_list(v, vlen, &opts.fault);
	} else {
		opt_error(PD_ERR_UNKNOWN_OPTION, "unknown boot option, ignored", k, klen, v, vlen);
		return;
	}
#undef KEY
	if (!ok)
		opt_error(PD_ERR_BAD_OPTION, "bad value, default kept", k, klen, v, vlen);
}

void options_parse(const char *cmdline)
{
	const char *p = cmdline;
	int first = 1;

	set_defaults();
	n_opt_errors = n_opt_errors_dropped = 0;
	while (*p) {
		const char *tok, *eq = 0;
		size_t len;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		tok = p;
		while (*p && *p != ' ' && *p != '\t') {
			if (*p == '=' && !eq)
				eq = p;
			p++;
		}
		len = (size_t)(p - tok);
		/* Loaders put the kernel's own path first ("/playdead.elf opts"). */
		if (first && !eq) {
			first = 0;
			continue;
		}
		first = 0;
		if (!eq) {
			opt_error(PD_ERR_UNKNOWN_OPTION, "not a key=value option, ignored", tok, len,
				  "", 0);
			continue;
		}
		parse_one(tok, (size_t)(eq - tok), eq + 1, (size_t)(p - eq - 1));
	}
}

void options_report(void)
{
	uint32_t i;

	for (i = 0; i < n_opt_errors; i++) {
		struct pd_rec_writer w;

		rec_start(&w, PD_REC_ERROR);
		pd_rec_s(&w, PD_F_LEVEL, PD_LEVEL_WARN);
		pd_rec_s(&w, PD_F_CODE, opt_errors[i].code);
		pd_rec_s(&w, PD_F_KEY, opt_errors[i].key);
		pd_rec_s(&w, PD_F_VALUE, opt_errors[i].value);
		pd_rec_s(&w, PD_F_WHAT, opt_errors[i].what);
		report_count_error(PD_LEVEL_WARN);
		rec_send(&w);
	}
	if (n_opt_errors_dropped) {
		struct pd_rec_writer w;

		rec_start(&w, PD_REC_ERROR);
		pd_rec_s(&w, PD_F_LEVEL, PD_LEVEL_WARN);
		pd_rec_s(&w, PD_F_CODE, PD_ERR_BAD_OPTION);
		pd_rec_u(&w, PD_F_DROPPED, n_opt_errors_dropped);
		pd_rec_s(&w, PD_F_WHAT, "more bad options than reported");
		report_count_error(PD_LEVEL_WARN);
		rec_send(&w);
	}
}
