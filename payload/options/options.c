/* SPDX-License-Identifier: MIT */
/* Parses the boot line into opts; freestanding and without any output, so
 * the host's unit tests build it as it is (options_report.c sends the
 * errors). */
#include "options/options.h"
#include "lib/number.h"
#include "options/uartspec.h"
#include "lib/string.h"
#include "results/fields.h"
#include "results/park.h"

struct options opts;

static struct opt_error opt_errors[OPT_MAX_ERRORS];
static uint32_t n_opt_errors, n_opt_errors_dropped;

static void copy_tok(char *dst, const char *s, size_t n)
{
	if (n >= OPT_TOKEN_MAX)
		n = OPT_TOKEN_MAX - 1;
	memcpy(dst, s, n);
	dst[n] = 0;
}

static void opt_error(const char *code, const char *what, const char *k, size_t klen, const char *v,
		      size_t vlen)
{
	struct opt_error *e;

	if (n_opt_errors >= OPT_MAX_ERRORS) {
		n_opt_errors_dropped++;
		return;
	}
	e = &opt_errors[n_opt_errors++];
	e->code = code;
	e->what = what;
	copy_tok(e->key, k, klen);
	copy_tok(e->value, v, vlen);
}

uint32_t options_errors(const struct opt_error **list, uint32_t *dropped)
{
	*list = opt_errors;
	*dropped = n_opt_errors_dropped;
	return n_opt_errors;
}

/* "3,5,8-11": APIC IDs, into l only when the whole list is good: a list
 * that is partly applied would make a healthy machine look broken. */
static int parse_id_list(const char *s, size_t n, struct id_list *l)
{
	static struct id_list scratch;
	size_t i = 0;

	scratch.n = 0;
	if (!n)
		return 0;
	while (i <= n) {
		size_t j = i, dash = 0;
		uint64_t a, b;

		while (j < n && s[j] != ',') {
			if (s[j] == '-' && !dash)
				dash = j;
			j++;
		}
		/* An empty element ("2,", "1,,2", ",1") is an error too. */
		if (dash) {
			if (!parse_uint(s + i, dash - i, 0xffffffff, &a) ||
			    !parse_uint(s + dash + 1, j - dash - 1, 0xffffffff, &b) || b < a)
				return 0;
		} else {
			if (!parse_uint(s + i, j - i, 0xffffffff, &a))
				return 0;
			b = a;
		}
		if (b - a >= OPT_ID_LIST_MAX - scratch.n)
			return 0;
		for (; a <= b; a++)
			scratch.id[scratch.n++] = (uint32_t)a;
		i = j + 1;
	}
	l->n = scratch.n;
	memcpy(l->id, scratch.id, scratch.n * sizeof(scratch.id[0]));
	return 1;
}

int id_list_has(const struct id_list *l, uint32_t id)
{
	uint32_t i;

	for (i = 0; i < l->n; i++)
		if (l->id[i] == id)
			return 1;
	return 0;
}

/*
 * console=, earlycon=, earlyprintk=: the UART in *u and *how when it can be
 * used, a warning when a part of it cannot (the UART is still used, so the
 * warning goes out on the console the line named), an error when none can
 * be used (the console given before, or the default, stays).
 */
static void parse_console(const char *k, size_t klen, const char *v, size_t vlen,
			  enum opt_console *how, struct uart_cfg *u)
{
	struct uart_cfg tmp;
	const char *why;

	if (str_eq_n(v, vlen, "auto")) {
		*how = CONSOLE_AUTO;
		return;
	}
	switch (uart_spec_parse(v, vlen, &tmp, &why)) {
	case UART_SPEC_PARTIAL:
		opt_error(PD_ERR_BAD_OPTION, why, k, klen, v, vlen);
		/* fall through */
	case UART_SPEC_OK:
		*how = CONSOLE_UART;
		*u = tmp;
		break;
	case UART_SPEC_NOT_UART:
		opts.foreign++; /* console=tty0 beside console=ttyS0: Linux's, not ours */
		break;
	case UART_SPEC_BAD:
		opt_error(PD_ERR_BAD_OPTION, why, k, klen, v, vlen);
		break;
	}
}

/*
 * Linux kernel parameters (Documentation/admin-guide/kernel-parameters.txt)
 * and farm keys that boot lines carry beside playdead's: a farm's template
 * (LAVA's root=/nfsroot=/ip=/lava_mac=) must not turn into error records.
 * Keys with a dot (Linux's module.param=, site tags) count as such too.
 */
static const char *const foreign_keys[] = {
    "BOOT_IMAGE",
    "BOOTIF",
    "acpi",
    "apparmor",
    "audit",
    "biosdevname",
    "crashkernel",
    "debug",
    "earlyprintk",
    "enforcing",
    "hugepages",
    "idle",
    "ignore_loglevel",
    "init",
    "initrd",
    "intel_idle",
    "intel_iommu",
    "iommu",
    "ip",
    "isolcpus",
    "kgdboc",
    "lava_mac",
    "loglevel",
    "maxcpus",
    "mem",
    "memmap",
    "mitigations",
    "nfsroot",
    "nfsrootdebug",
    "noapic",
    "nohz",
    "nohz_full",
    "nokaslr",
    "nomodeset",
    "nosmp",
    "nr_cpus",
    "panic",
    "pci",
    "possible_cpus",
    "quiet",
    "rcu_nocbs",
    "resume",
    "ro",
    "root",
    "rootdelay",
    "rootflags",
    "rootfstype",
    "rootwait",
    "rw",
    "selinux",
    "single",
    "splash",
    "systemd",
    "tsc",
};

static int is_foreign(const char *k, size_t klen)
{
	size_t i;

	for (i = 0; i < klen; i++)
		if (k[i] == '.')
			return 1;
	for (i = 0; i < ARRAY_SIZE(foreign_keys); i++)
		if (str_eq_n(k, klen, foreign_keys[i]))
			return 1;
	return 0;
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
	uart_cfg_default(&opts.console);
	uart_cfg_default(&opts.earlycon);
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
	opts.leave_mce_cycle = -1;
	opts.mce_ripv = 1;
	opts.bsp_apic_id = -1;
	opts.stub_fault_cycle = -1;
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

/* One key=value; 0 when the key is not playdead's (nothing done then). */
static int parse_one(const char *k, size_t klen, const char *v, size_t vlen)
{
	static const char *const exit_words[] = {"halt", "qemu"};
	static const char *const x2apic_words[] = {"auto", "off"};
	static const char *const dump_words[] = {"all", "bsp", "none", "distinct"};
	static const char *const clock_words[] = {"auto", "pit", "pmtimer", "hpet", "cpuid"};
	static const char *const wbinvd_words[] = {"auto", "always", "never"};
	static const char *const load_words[] = {"alternate", "same"};
	static const char *const on_reset_words[] = {"continue", "stop"};
	static const char *const bmc_words[] = {"auto", "off", "probe"};
	static const char *const watchdog_words[] = {"auto", "off", "on"};
	uint64_t u;
	int w;
	int ok = 1;

#define KEY(s) str_eq_n(k, klen, s)
	if (KEY("console")) {
		parse_console(k, klen, v, vlen, &opts.console_how, &opts.console);
	} else if (KEY("earlycon")) {
		parse_console(k, klen, v, vlen, &opts.earlycon_how, &opts.earlycon);
	} else if (KEY("earlyprintk") &&
		   (str_starts(v, vlen, "ttyS") || str_starts(v, vlen, "serial,"))) {
		/* x86 Linux: earlyprintk=[serial,]ttyS<n>[,baud][,keep] */
		if (str_starts(v, vlen, "serial,"))
			v += 7, vlen -= 7;
		if (vlen >= 5 && !memcmp(v + vlen - 5, ",keep", 5))
			vlen -= 5;
		parse_console(k, klen, v, vlen, &opts.earlycon_how, &opts.earlycon);
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
		w = pick(v, vlen, clock_words, 5);
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
	} else if (KEY("watchdog")) {
		w = pick(v, vlen, watchdog_words, 3);
		if ((ok = w >= 0))
			opts.watchdog = (enum opt_watchdog)w;
	} else if (KEY("bmc")) {
		/* bmc=kcs:PORT: an I/O port below 0xffff (the status register
		 * is the next one). */
		if (str_starts(v, vlen, "kcs:")) {
			if ((ok = parse_uint(v + 4, vlen - 4, 0xfffe, &u) && u)) {
				opts.bmc = BMC_KCS;
				opts.bmc_port = (uint16_t)u;
			}
		} else {
			w = pick(v, vlen, bmc_words, 3);
			if ((ok = w >= 0))
				opts.bmc = (enum opt_bmc)w;
		}
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
	} else if (KEY("stub_fault")) {
		if ((ok = parse_uint(v, vlen, 100000, &u)))
			opts.stub_fault_cycle = (int64_t)u;
	} else if (KEY("host_cpus")) {
		if ((ok = parse_uint(v, vlen, 65536, &u) && u > 0))
			opts.host_cpus = (uint32_t)u;
	} else if (KEY("inject_reset")) {
		if ((ok = parse_uint(v, vlen, 100, &u)))
			opts.inject_reset = (uint32_t)u;
	} else if (KEY("mce_ripv")) {
		if ((ok = parse_uint(v, vlen, 1, &u)))
			opts.mce_ripv = (int)u;
	} else if (KEY("leave_mce")) {
		if ((ok = parse_uint(v, vlen, 0xffffffffull, &u)))
			opts.leave_mce_cycle = (int64_t)u;
	} else if (KEY("inject_hang")) {
		if ((ok = parse_uint(v, vlen, 100, &u)))
			opts.inject_hang = (uint32_t)u;
	} else if (KEY("seed")) {
		if ((ok = parse_uint(v, vlen, 0xffffffffull, &u)))
			opts.seed = (uint32_t)u;
	} else if (KEY("timing")) {
		if ((ok = parse_uint(v, vlen, 1, &u)))
			opts.timing = (int)u;
	} else if (KEY("skip_sipi")) {
		ok = parse_id_list(v, vlen, &opts.skip_sipi);
	} else if (KEY("lose")) {
		ok = parse_id_list(v, vlen, &opts.lose);
	} else if (KEY("fake_mismatch")) {
		ok = parse_id_list(v, vlen, &opts.fake_mismatch);
	} else if (KEY("bsp_apic_id")) {
		/* xAPIC IDs are 8 bits and 0xff is broadcast (SDM Vol. 3A, 11.6.2.1). */
		if ((ok = parse_uint(v, vlen, 0xfe, &u)))
			opts.bsp_apic_id = (int64_t)u;
	} else if (KEY("fake_pat")) {
		ok = parse_id_list(v, vlen, &opts.fake_pat);
	} else if (KEY("fault")) {
		if (str_eq_n(v, vlen, "bsp"))
			opts.fault_bsp = 1;
		else
			ok = parse_id_list(v, vlen, &opts.fault);
	} else {
		return 0;
	}
#undef KEY
	if (!ok)
		opt_error(PD_ERR_BAD_OPTION,
			  "bad value, not applied (the earlier value or the default stays)", k,
			  klen, v, vlen);
	return 1;
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
		if (first && !eq && !str_eq_n(tok, len, "earlycon")) {
			first = 0;
			continue;
		}
		first = 0;
		if (!eq) {
			/* Every key of ours wants a value: an empty one is an error.
			 * Other words are Linux flags (rw, quiet, nokaslr ...). */
			if (str_eq_n(tok, len, "earlycon"))
				opts.earlycon_how = CONSOLE_AUTO; /* Linux: the SPCR's UART */
			else if (!parse_one(tok, len, tok + len, 0))
				opts.foreign++;
			continue;
		}
		if (parse_one(tok, (size_t)(eq - tok), eq + 1, (size_t)(p - eq - 1)))
			continue;
		if (is_foreign(tok, (size_t)(eq - tok)))
			opts.foreign++;
		else
			opt_error(PD_ERR_UNKNOWN_OPTION, "unknown boot option, ignored", tok,
				  (size_t)(eq - tok), eq + 1, (size_t)(p - eq - 1));
	}
}
