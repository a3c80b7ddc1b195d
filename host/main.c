/* SPDX-License-Identifier: MIT */
/* playdead: argument parsing and dispatch of the host tool's commands. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host/input/bochs.h"
#include "host/input/child.h"
#include "host/input/collect.h"
#include "host/cpuid/cpuid_dump.h"
#include "host/cpuid/cpuid_report.h"
#include "host/fleet/fleet.h"
#include "host/input/qemu.h"
#include "host/input/qemu_monitor.h"
#include "host/report/report.h"
#include "host/model/runlog.h"
#include "host/input/source.h"
#include "results/runend.h"

/* Exit statuses: the run passed, failed, or could not be judged. */
/* The exit status says the run's result (results/runend.h). */
#define EXIT_PASS   PD_RESULT_PASS
#define EXIT_FAILED PD_RESULT_FAIL
#define EXIT_BROKEN PD_RESULT_BROKEN

#define RUN_DEFAULT_TIMEOUT 120.0
/* After the end record QEMU should exit at once through isa-debug-exit. */
#define QEMU_EXIT_GRACE 10.0
#define MAX_SMP		8192

static const char usage_text[] =
    "usage:\n"
    "  playdead run [--smp N] [--smp-topology S,C,T] [--cpu MODEL] [--mem MB]\n"
    "               [--machine q35|pc] [--timeout S] [--log FILE] [--json FILE]\n"
    "               [--html FILE] [--junit FILE]\n"
    "               [--payload FILE] [--qemu BIN] [--qemu-arg ARG]... [--no-reboot]\n"
    "               [--boot kernel|iso|usb|pxe] [--firmware bios|uefi] [--no-monitor]\n"
    "               [--target qemu|bochs] [--bochs-cpu MODEL] [--serial-device DEV]\n"
    "               [--tcg auto|single|multi] [--verbose] [--quiet]\n"
    "               [-- PAYLOAD OPTIONS...]\n"
    "      boot the payload in QEMU (TCG) and report; defaults: --smp 1, --mem 256,\n"
    "      --machine q35, --cpu max, --timeout 120 (0: none); a reset reboots the\n"
    "      machine (RAM kept) unless --no-reboot, and collection stops when a new run\n"
    "      starts after one without an end record (a reboot loop); --boot picks the\n"
    "      boot path (default kernel: QEMU loads the payload; iso, usb and pxe boot\n"
    "      media made for this run with the options inside), --firmware SeaBIOS or\n"
    "      OVMF (default bios); the host owns QEMU's monitor and injects the machine\n"
    "      checks provoke=mce asks for, unless --no-monitor; --target bochs boots the\n"
    "      ISO in Bochs instead (CPU model from 'bochs --help cpu', default\n"
    "      " BOCHS_DEFAULT_CPU "; judged as hardware)\n"
    "      --serial-device collects another UART than COM1, a QEMU device without\n"
    "      chardev (isa-serial,index=1 is COM2; pci-serial)\n"
    "      --tcg: one host thread for all vCPUs (single) or one each (multi);\n"
    "      auto (default): single when there are more vCPUs than host CPUs\n"
    "  playdead collect --from SPEC [--log FILE] [--json FILE] [--html FILE]\n"
    "               [--junit FILE] [--timeout S] [--verbose] [--quiet]\n"
    "      read a machine's serial output; SPEC: /dev/ttyS0[@BAUD] (default 115200),\n"
    "      tcp:HOST:PORT (reconnects when the server drops it), a FILE, or - (stdin);\n"
    "      no timeout unless given\n"
    "  (run, collect: on a terminal, a progress line on stderr; --quiet: none)\n"
    "  playdead report LOG [--format text|json|html|junit] [--json FILE] [--html FILE]\n"
    "               [--junit FILE] [--verbose]\n"
    "      the report of a saved serial log (- for stdin); html: one self-contained\n"
    "      page for a bug ticket; junit: JUnit XML for CI systems\n"
    "  playdead fleet PATH... [--format text|json|html] [--out FILE]\n"
    "      many logs (files, folders recursively, .gz and .xz) grouped by machine,\n"
    "      each mode and provocation set over all runs of each machine\n"
    "  playdead cpuid DUMP [--json]\n"
    "      decode every CPU of a CPUID dump file and name CPU 0 with libcpuid\n"
    "\n"
    "environment: PLAYDEAD_PAYLOAD (payload path), PLAYDEAD_QEMU (QEMU binary),\n"
    "  PLAYDEAD_BOCHS (Bochs binary),\n"
    "  PLAYDEAD_EFI (EFI payload), PLAYDEAD_OVMF (UEFI firmware image)\n"
    "exit status: 0 all passed, 1 failures found, 2 the run or the tool broke\n";

static void usage(FILE *f)
{
	fputs(usage_text, f);
}

/* Bad arguments: what is wrong, then how to do it right; exit 2. */
static int bad_args(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int bad_args(const char *fmt, ...)
{
	va_list ap;

	fputs("playdead: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n\n", stderr);
	usage(stderr);
	return EXIT_BROKEN;
}

static int parse_uint(const char *s, unsigned long min, unsigned long max, unsigned *out)
{
	char *end;
	unsigned long v;

	if (!s[0] || s[0] == '-' || s[0] == '+')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	if (!s[0])
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v < 0 || v > 1e7)
		return -1;
	*out = v;
	return 0;
}

/* "S,C,T" with each at least 1. */
static int parse_topology(const char *s, unsigned *sk, unsigned *c, unsigned *t)
{
	char buf[64], *p1, *p2;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	p1 = strchr(buf, ',');
	if (!p1)
		return -1;
	*p1++ = 0;
	p2 = strchr(p1, ',');
	if (!p2)
		return -1;
	*p2++ = 0;
	if (parse_uint(buf, 1, MAX_SMP, sk) || parse_uint(p1, 1, MAX_SMP, c) ||
	    parse_uint(p2, 1, MAX_SMP, t))
		return -1;
	return 0;
}

static const char *signame(int sig)
{
	switch (sig) {
	case SIGINT:
		return "SIGINT";
	case SIGTERM:
		return "SIGTERM";
	case SIGHUP:
		return "SIGHUP";
	default:
		return "a signal";
	}
}

static FILE *open_log(const char *path)
{
	FILE *f;

	if (!path)
		return NULL;
	f = fopen(path, "wb");
	if (!f)
		fprintf(stderr, "playdead: cannot create %s: %s\n", path, strerror(errno));
	return f;
}

static int close_log(FILE *f, const char *path)
{
	if (f && fclose(f) != 0) {
		fprintf(stderr, "playdead: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* The QEMU command line for people: shell-quoted where needed. */
static void print_cmdline(char *const argv[])
{
	size_t i;

	fputs("playdead: starting", stderr);
	for (i = 0; argv[i]; i++) {
		const char *a = argv[i];

		if (a[0] && !strpbrk(a, " \t\n'\"\\$`*?[]{}()<>|&;#~!"))
			fprintf(stderr, " %s", a);
		else {
			fputs(" '", stderr);
			for (; *a; a++)
				if (*a == '\'')
					fputs("'\\''", stderr);
				else
					fputc(*a, stderr);
			fputc('\'', stderr);
		}
	}
	fputc('\n', stderr);
}

/* ---- run ---- */

enum {
	OPT_SMP = 256,
	OPT_TOPO,
	OPT_CPU,
	OPT_MEM,
	OPT_MACHINE,
	OPT_TIMEOUT,
	OPT_LOG,
	OPT_JSON,
	OPT_PAYLOAD,
	OPT_QEMU,
	OPT_QEMU_ARG,
	OPT_NO_REBOOT,
	OPT_BOOT,
	OPT_FIRMWARE,
	OPT_NO_MONITOR,
	OPT_SERIAL_DEVICE,
	OPT_TCG,
	OPT_FROM,
	OPT_FORMAT,
	OPT_HTML,
	OPT_JUNIT,
	OPT_OUT,
	OPT_QUIET,
	OPT_TARGET,
	OPT_BOCHS_CPU,
};

/* What the report on stdout is. */
enum report_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_HTML, FORMAT_JUNIT };

/* Options more than one command takes. */
struct common_opts {
	double timeout;
	const char *log_path, *json_path, *html_path, *junit_path;
	int verbose;
	int quiet; /* no progress line */
};

/*
 * Takes an option that is not the command's own: -1 when parsing goes on,
 * otherwise the exit status to return at once.
 */
static int common_option(int c, const char *cmd, struct common_opts *o)
{
	switch (c) {
	case OPT_TIMEOUT:
		if (parse_seconds(optarg, &o->timeout))
			return bad_args("--timeout wants seconds (0: none), not '%s'", optarg);
		return -1;
	case OPT_LOG:
		o->log_path = optarg;
		return -1;
	case OPT_JSON:
		o->json_path = optarg;
		return -1;
	case OPT_HTML:
		o->html_path = optarg;
		return -1;
	case OPT_JUNIT:
		o->junit_path = optarg;
		return -1;
	case 'v':
		o->verbose = 1;
		return -1;
	case OPT_QUIET:
		o->quiet = 1;
		return -1;
	case 'h':
		usage(stdout);
		return EXIT_PASS;
	default:
		return bad_args("%s: bad option (see usage)", cmd);
	}
}

/* A report file asked for with --json/--html/--junit; 0 when written. */
static int save_report(const char *path, const struct runlog *rl,
		       int (*save)(const char *, const struct runlog *))
{
	if (!path || save(path, rl) == 0)
		return 0;
	fprintf(stderr, "playdead: cannot write %s: %s\n", path, strerror(errno));
	return -1;
}

/*
 * Closes the serial log, then the report on stdout in the format asked,
 * report files where asked; frees rl.  The exit status of the run.
 */
static int finish_and_report(struct runlog *rl, FILE *log, const struct common_opts *com,
			     enum report_format format)
{
	struct report_opts ro = {.verbose = com->verbose};
	int rc;

	if (close_log(log, com->log_path) != 0) {
		runlog_free(rl);
		return EXIT_BROKEN;
	}
	runlog_finish(rl);
	rc = runlog_exit_status(rl);
	if (format == FORMAT_JSON) {
		if (report_json_write(stdout, rl) != 0) {
			fprintf(stderr, "playdead: cannot write the JSON report\n");
			rc = EXIT_BROKEN;
		}
	} else if (format == FORMAT_HTML) {
		report_html(stdout, rl);
	} else if (format == FORMAT_JUNIT) {
		report_junit(stdout, rl);
	} else {
		report_text(stdout, rl, &ro);
	}
	/* Each file is tried, whichever failed before. */
	if (save_report(com->json_path, rl, report_json_save) |
	    save_report(com->html_path, rl, report_html_save) |
	    save_report(com->junit_path, rl, report_junit_save))
		rc = EXIT_BROKEN;
	if (fflush(stdout) != 0 && errno != EPIPE) {
		fprintf(stderr, "playdead: cannot write the report: %s\n", strerror(errno));
		rc = EXIT_BROKEN;
	}
	runlog_free(rl);
	return rc;
}

/* An inject record: the payload waits (bounded) for a broadcast machine
 * check; QEMU's monitor delivers it.  A failure here shows in the
 * payload's mce record as a machine check that never came. */
static void inject_by_monitor(void *ctx, const struct rl_inject *q, struct runlog *rl)
{
	char reply[256];

	if (strcmp(q->kind, "mce") != 0) {
		runlog_note(rl, "inject request of an unknown kind \"%.8s\" ignored", q->kind);
		return;
	}
	if (qemu_monitor_command(ctx, QEMU_MCE_BROADCAST_CMD, reply, sizeof(reply), 5.0) != 0)
		runlog_note(rl, "cycle %u: machine check not injected: %s", q->n, reply);
	else if (reply[0])
		runlog_note(rl, "cycle %u: QEMU's monitor answered the machine check: %.200s", q->n,
			    reply);
}

/* Boots the ISO in Bochs, collects COM1, reports.  Bochs does not exit when
 * the payload ends (it halts): collection stops at the end record. */
static int run_bochs(const struct bochs_config *bc, const struct common_opts *com, FILE *log)
{
	char err[512];
	char **argv;
	struct runlog *rl;
	struct collect_opts co;
	struct collect_result cr;
	int fd = -1, status = 0, reaped = 0;
	pid_t pid;

	if (bochs_prepare(bc, err, sizeof(err)) != 0) {
		fprintf(stderr, "playdead: bochs: %s\n", err);
		close_log(log, com->log_path);
		return EXIT_BROKEN;
	}
	argv = bochs_argv(bc);
	rl = runlog_new();
	if (!argv || !rl) {
		fprintf(stderr, "playdead: out of memory\n");
		return EXIT_BROKEN;
	}
	print_cmdline(argv);
	if (bochs_spawn(bc, argv, collect_orig_sigmask(), &pid, &fd, err, sizeof(err)) != 0) {
		fprintf(stderr, "playdead: %s\n", err);
		child_argv_free(argv);
		runlog_free(rl);
		close_log(log, com->log_path);
		return EXIT_BROKEN;
	}
	child_argv_free(argv);
	memset(&co, 0, sizeof(co));
	co.timeout = com->timeout;
	co.log = log;
	co.progress = !com->quiet && isatty(STDERR_FILENO);
	co.stop_at_end = 1;
	co.child = pid;
	collect_run(fd, rl, &co, &cr);
	close(fd);
	switch (cr.stop) {
	case COLLECT_TIMEOUT:
		runlog_set_stop_reason(rl, "timeout after %g s", com->timeout);
		fprintf(stderr, "playdead: timeout after %g s: Bochs killed\n", com->timeout);
		break;
	case COLLECT_SIGNAL:
		runlog_set_stop_reason(rl, "interrupted by %s", signame(cr.signo));
		break;
	case COLLECT_ERROR:
		runlog_set_stop_reason(rl, "reading COM1 failed: %s", strerror(cr.err));
		break;
	case COLLECT_EOF:
		/* Bochs exited: a triple fault with --no-reboot, or an error. */
		reaped = child_wait(pid, 1.0, &status);
		if (reaped && WIFEXITED(status)) {
			runlog_set_stop_reason(rl, "Bochs exited with status %d",
					       WEXITSTATUS(status));
			runlog_note(rl, "Bochs exited with status %d (its log: bochs.log)",
				    WEXITSTATUS(status));
		} else {
			runlog_set_stop_reason(rl, "Bochs ended");
		}
		break;
	case COLLECT_END:
	case COLLECT_RESTART:
		break;
	}
	if (!reaped)
		child_kill(pid);
	runlog_note(rl, "target: Bochs, CPU model %s, %u CPUs (%.0f s)", bc->cpu, bc->smp,
		    cr.elapsed);
	return finish_and_report(rl, log, com, FORMAT_TEXT);
}

static int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"smp", required_argument, NULL, OPT_SMP},
	    {"smp-topology", required_argument, NULL, OPT_TOPO},
	    {"cpu", required_argument, NULL, OPT_CPU},
	    {"mem", required_argument, NULL, OPT_MEM},
	    {"machine", required_argument, NULL, OPT_MACHINE},
	    {"timeout", required_argument, NULL, OPT_TIMEOUT},
	    {"log", required_argument, NULL, OPT_LOG},
	    {"json", required_argument, NULL, OPT_JSON},
	    {"html", required_argument, NULL, OPT_HTML},
	    {"junit", required_argument, NULL, OPT_JUNIT},
	    {"payload", required_argument, NULL, OPT_PAYLOAD},
	    {"qemu", required_argument, NULL, OPT_QEMU},
	    {"qemu-arg", required_argument, NULL, OPT_QEMU_ARG},
	    {"no-reboot", no_argument, NULL, OPT_NO_REBOOT},
	    {"boot", required_argument, NULL, OPT_BOOT},
	    {"firmware", required_argument, NULL, OPT_FIRMWARE},
	    {"no-monitor", no_argument, NULL, OPT_NO_MONITOR},
	    {"quiet", no_argument, NULL, OPT_QUIET},
	    {"target", required_argument, NULL, OPT_TARGET},
	    {"bochs-cpu", required_argument, NULL, OPT_BOCHS_CPU},
	    {"serial-device", required_argument, NULL, OPT_SERIAL_DEVICE},
	    {"tcg", required_argument, NULL, OPT_TCG},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct common_opts com = {.timeout = RUN_DEFAULT_TIMEOUT};
	int bochs = 0, boot_given = 0;
	const char *bochs_cpu = BOCHS_DEFAULT_CPU;
	struct qemu_config qc;
	struct media media;
	char payload_buf[4096], efi_buf[4096], err[512];
	const char *extra[argc + 1], *last_arg = NULL;
	unsigned smp = 0;
	enum { TCG_AUTO, TCG_SINGLE, TCG_MULTI } tcg = TCG_AUTO;
	int c, fd = -1, status = 0, reaped = 0, rc, no_monitor = 0;
	char mon_dir[64] = "", mon_path[96] = "";
	char **qargv;
	pid_t pid;
	FILE *log;
	struct runlog *rl;
	struct collect_opts co;
	struct collect_result cr;

	memset(&qc, 0, sizeof(qc));
	qc.machine = QEMU_DEFAULT_MACHINE;
	qc.cpu = QEMU_DEFAULT_CPU;
	qc.mem_mb = QEMU_DEFAULT_MEM_MB;
	optind = 1;
	/* '+': stop at the first non-option, so "--" and what follows stay ours. */
	while ((c = getopt_long(argc, argv, "+vh", opts, NULL)) != -1) {
		last_arg = optarg;
		switch (c) {
		case OPT_SMP:
			if (parse_uint(optarg, 1, MAX_SMP, &smp))
				return bad_args("--smp wants a CPU count from 1 to %d, not '%s'",
						MAX_SMP, optarg);
			break;
		case OPT_TOPO:
			if (parse_topology(optarg, &qc.sockets, &qc.cores, &qc.threads))
				return bad_args("--smp-topology wants SOCKETS,CORES,THREADS (e.g. "
						"2,4,2), not '%s'",
						optarg);
			break;
		case OPT_CPU:
			if (!optarg[0])
				return bad_args("--cpu wants a QEMU CPU model (e.g. max)");
			qc.cpu = optarg;
			break;
		case OPT_MEM:
			if (parse_uint(optarg, 16, 1u << 20, &qc.mem_mb))
				return bad_args("--mem wants MiB from 16 to 1048576, not '%s'",
						optarg);
			break;
		case OPT_MACHINE:
			/* q35 or pc, optionally with QEMU machine properties. */
			if (strncmp(optarg, "q35", 3) && strncmp(optarg, "pc", 2))
				return bad_args("--machine is q35 or pc[,PROPS], not '%s'", optarg);
			if (optarg[optarg[0] == 'q' ? 3 : 2] != 0 &&
			    optarg[optarg[0] == 'q' ? 3 : 2] != ',')
				return bad_args("--machine is q35 or pc[,PROPS], not '%s'", optarg);
			qc.machine = optarg;
			break;
		case OPT_PAYLOAD:
			qc.payload = optarg;
			break;
		case OPT_QEMU:
			qc.qemu = optarg;
			break;
		case OPT_QEMU_ARG:
			extra[qc.nextra++] = optarg;
			break;
		case OPT_NO_MONITOR:
			no_monitor = 1;
			break;
		case OPT_TCG:
			if (!strcmp(optarg, "auto"))
				tcg = TCG_AUTO;
			else if (!strcmp(optarg, "single"))
				tcg = TCG_SINGLE;
			else if (!strcmp(optarg, "multi"))
				tcg = TCG_MULTI;
			else
				return bad_args("--tcg %s: auto, single or multi", optarg);
			break;
		case OPT_NO_REBOOT:
			qc.no_reboot = 1;
			break;
		case OPT_TARGET:
			if (strcmp(optarg, "qemu") && strcmp(optarg, "bochs"))
				return bad_args("--target is qemu or bochs, not '%s'", optarg);
			bochs = !strcmp(optarg, "bochs");
			break;
		case OPT_BOCHS_CPU:
			if (!optarg[0] || strpbrk(optarg, " ,\t\n\"="))
				return bad_args("--bochs-cpu wants a model of 'bochs --help cpu', "
						"not '%s'",
						optarg);
			bochs_cpu = optarg;
			break;
		case OPT_BOOT:
			boot_given = 1;
			if (boot_path_parse(optarg, &qc.boot))
				return bad_args("--boot is kernel, iso, usb or pxe, not '%s'",
						optarg);
			break;
		case OPT_FIRMWARE:
			if (strcmp(optarg, "bios") && strcmp(optarg, "uefi"))
				return bad_args("--firmware is bios or uefi, not '%s'", optarg);
			qc.uefi = !strcmp(optarg, "uefi");
			break;
		case OPT_SERIAL_DEVICE:
			if (!optarg[0] || strstr(optarg, "chardev="))
				return bad_args(
				    "--serial-device wants a QEMU serial device without "
				    "chardev= (e.g. isa-serial,index=1), not '%s'",
				    optarg);
			qc.serial_device = optarg;
			break;
		default:
			rc = common_option(c, "run", &com);
			if (rc >= 0)
				return rc;
		}
	}
	if (optind < argc) {
		/* Only "--" may introduce the rest; an option's value "--" does not. */
		if (optind < 2 || strcmp(argv[optind - 1], "--") || argv[optind - 1] == last_arg)
			return bad_args("run: unexpected argument '%s' (payload options go "
					"after --)",
					argv[optind]);
	}
	qc.payload_opts = (const char *const *)&argv[optind];
	qc.npayload_opts = (size_t)(argc - optind);
	qc.extra = extra;
	if (qc.sockets) {
		unsigned long total = (unsigned long)qc.sockets * qc.cores * qc.threads;

		if (total > MAX_SMP)
			return bad_args("--smp-topology %u,%u,%u makes %lu CPUs, more than %d",
					qc.sockets, qc.cores, qc.threads, total, MAX_SMP);
		if (!smp)
			smp = (unsigned)total;
		else if (smp > total)
			return bad_args("--smp %u is more than --smp-topology's %lu CPUs", smp,
					total);
	}
	qc.smp = smp ? smp : 1;
	{
		long on = sysconf(_SC_NPROCESSORS_ONLN);

		qc.host_cpus = on > 0 ? (unsigned)on : 0;
	}
	/* More vCPUs than host CPUs: one TCG thread runs them in turn.  With a
	 * thread per vCPU, APs spinning in their park loop would take the host's
	 * cores from the BSP doing the work (a spin cycle at -smp 8 on 2 cores
	 * was 3x slower, at -smp 64 20x); in turn, PAUSE hands the thread on.
	 * The guest runs the same code either way. */
	qc.tcg_single =
	    tcg == TCG_SINGLE || (tcg == TCG_AUTO && qc.host_cpus && qc.smp > qc.host_cpus);
	if (qc.tcg_single)
		qc.host_cpus = 1;
	if (bochs) {
		/* Bochs boots the ISO from its own BIOS (SeaBIOS, UEFI and the
		 * other paths are QEMU's). */
		if ((boot_given && qc.boot != BOOT_ISO) || qc.uefi || qc.nextra || qc.sockets ||
		    qc.qemu)
			return bad_args("--target bochs boots the ISO with its own BIOS: --boot "
					"iso only, no --firmware uefi, --qemu, --qemu-arg or "
					"--smp-topology");
		qc.boot = BOOT_ISO;
	}
	if (!qc.qemu)
		qc.qemu = qemu_default_bin();
	if (!qc.payload)
		qc.payload = qemu_default_payload(payload_buf, sizeof(payload_buf));
	if (access(qc.payload, R_OK) != 0) {
		fprintf(stderr,
			"playdead: payload %s: %s (build it with 'make', or give --payload FILE "
			"or PLAYDEAD_PAYLOAD)\n",
			qc.payload, strerror(errno));
		return EXIT_BROKEN;
	}

	qc.efi = media_default_efi(qc.payload, efi_buf, sizeof(efi_buf));
	qc.ovmf = media_default_ovmf();
	if (qc.uefi && access(qc.ovmf, R_OK) != 0) {
		fprintf(stderr, "playdead: OVMF %s: %s (package ovmf, or PLAYDEAD_OVMF)\n", qc.ovmf,
			strerror(errno));
		return EXIT_BROKEN;
	}
	if (qc.uefi && qc.boot == BOOT_KERNEL && access(qc.efi, R_OK) != 0) {
		fprintf(stderr, "playdead: EFI payload %s: %s (build it with 'make')\n", qc.efi,
			strerror(errno));
		return EXIT_BROKEN;
	}
	{
		/* Bochs has no isa-debug-exit: no exit=qemu. */
		char *cmdline = qemu_payload_cmdline(&qc, !bochs);
		int mrc = cmdline ? media_prepare(&media, qc.boot, qc.payload, qc.efi, cmdline, err,
						  sizeof(err))
				  : -1;

		free(cmdline);
		if (mrc) {
			fprintf(stderr, "playdead: boot media: %s\n",
				cmdline ? err : "out of memory");
			media_cleanup(&media);
			return EXIT_BROKEN;
		}
		qc.media = &media;
	}

	collect_signals_setup();
	log = open_log(com.log_path);
	if (com.log_path && !log) {
		media_cleanup(&media);
		return EXIT_BROKEN;
	}
	if (bochs) {
		struct bochs_config bc = {.bin = bochs_default_bin(),
					  .cpu = bochs_cpu,
					  .smp = qc.smp,
					  .mem_mb = qc.mem_mb,
					  .no_reboot = qc.no_reboot,
					  .iso = media.iso,
					  .dir = media.dir};

		rc = run_bochs(&bc, &com, log);
		media_cleanup(&media);
		return rc;
	}
	/* A monitor of our own: how provoke=mce gets its machine checks. */
	if (!no_monitor) {
		snprintf(mon_dir, sizeof(mon_dir), "/tmp/playdead-mon-XXXXXX");
		if (mkdtemp(mon_dir)) {
			snprintf(mon_path, sizeof(mon_path), "%s/hmp.sock", mon_dir);
			qc.monitor = mon_path;
		} else {
			fprintf(stderr,
				"playdead: no directory for QEMU's monitor (%s): "
				"machine checks cannot be injected\n",
				strerror(errno));
			mon_dir[0] = 0;
		}
	}
	qargv = qemu_argv(&qc);
	rl = runlog_new();
	if (!qargv || !rl) {
		fprintf(stderr, "playdead: out of memory\n");
		return EXIT_BROKEN;
	}
	print_cmdline(qargv);
	if (qemu_spawn(qargv, collect_orig_sigmask(), &pid, &fd, err, sizeof(err)) != 0) {
		fprintf(stderr, "playdead: %s (give --qemu BIN or PLAYDEAD_QEMU)\n", err);
		child_argv_free(qargv);
		runlog_free(rl);
		close_log(log, com.log_path);
		media_cleanup(&media);
		return EXIT_BROKEN;
	}
	child_argv_free(qargv);

	memset(&co, 0, sizeof(co));
	co.timeout = com.timeout;
	co.log = log;
	co.progress = !com.quiet && isatty(STDERR_FILENO);
	co.end_grace = QEMU_EXIT_GRACE;
	co.stop_on_restart = 1;
	if (qc.monitor) {
		co.on_inject = inject_by_monitor;
		co.inject_ctx = (void *)qc.monitor;
	}
	collect_run(fd, rl, &co, &cr);
	close(fd);

	switch (cr.stop) {
	case COLLECT_TIMEOUT:
		child_kill(pid);
		runlog_set_stop_reason(rl, "timeout after %g s", com.timeout);
		fprintf(stderr, "playdead: timeout after %g s: QEMU killed\n", com.timeout);
		break;
	case COLLECT_SIGNAL:
		child_kill(pid);
		runlog_set_stop_reason(rl, "interrupted by %s", signame(cr.signo));
		fprintf(stderr, "playdead: interrupted by %s: QEMU killed\n", signame(cr.signo));
		break;
	case COLLECT_ERROR:
		child_kill(pid);
		runlog_set_stop_reason(rl, "reading QEMU's output failed: %s", strerror(cr.err));
		break;
	case COLLECT_RESTART:
		child_kill(pid);
		runlog_set_reboot_loop(rl);
		runlog_set_stop_reason(rl, "the machine started a new run after one without an "
					   "end record: QEMU stopped");
		runlog_note(rl,
			    "reboot loop guard: QEMU stopped after %.0f s when a new run "
			    "started over a broken one",
			    cr.elapsed);
		fprintf(stderr, "playdead: a new run started after one without an end record "
				"(reboot loop?): QEMU killed\n");
		break;
	case COLLECT_END:
	case COLLECT_EOF:
		/* Its output ended: QEMU is exiting, or it ignored the end. */
		reaped = child_wait(pid, cr.stop == COLLECT_EOF ? 5.0 : 1.0, &status);
		if (!reaped) {
			child_kill(pid);
			runlog_note(rl, "QEMU did not exit after %s; killed",
				    cr.stop == COLLECT_END ? "the end record"
							   : "closing its output");
			if (cr.stop == COLLECT_EOF)
				runlog_set_stop_reason(rl, "QEMU closed its output");
		} else if (WIFEXITED(status)) {
			runlog_set_qemu_status(rl, WEXITSTATUS(status));
			runlog_set_stop_reason(rl, "QEMU exited with status %d",
					       WEXITSTATUS(status));
		} else if (WIFSIGNALED(status)) {
			runlog_set_stop_reason(rl, "QEMU was killed by signal %d",
					       WTERMSIG(status));
			runlog_note(rl, "QEMU was killed by signal %d", WTERMSIG(status));
		}
		break;
	}
	media_cleanup(&media);
	if (mon_dir[0]) {
		unlink(mon_path);
		rmdir(mon_dir);
	}
	return finish_and_report(rl, log, &com, FORMAT_TEXT);
}

/* ---- collect ---- */

static int reconnect_source(void *ctx, char *err, size_t cap)
{
	return source_reconnect(ctx, err, cap);
}

static int cmd_collect(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, OPT_FROM},
	    {"timeout", required_argument, NULL, OPT_TIMEOUT},
	    {"log", required_argument, NULL, OPT_LOG},
	    {"json", required_argument, NULL, OPT_JSON},
	    {"html", required_argument, NULL, OPT_HTML},
	    {"junit", required_argument, NULL, OPT_JUNIT},
	    {"quiet", no_argument, NULL, OPT_QUIET},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct common_opts com = {0};
	const char *from = NULL;
	int c, rc;
	char err[512];
	struct source src;
	struct runlog *rl;
	struct collect_opts co;
	struct collect_result cr;
	FILE *log;

	optind = 1;
	while ((c = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
		switch (c) {
		case OPT_FROM:
			from = optarg;
			break;
		default:
			rc = common_option(c, "collect", &com);
			if (rc >= 0)
				return rc;
		}
	}
	if (optind < argc)
		return bad_args("collect: unexpected argument '%s'", argv[optind]);
	if (!from)
		return bad_args("collect needs --from SPEC (/dev/ttyS0@115200, tcp:HOST:PORT, "
				"FILE or -)");
	collect_signals_setup();
	if (source_open(&src, from, err, sizeof(err)) != 0) {
		fprintf(stderr, "playdead: %s\n", err);
		return EXIT_BROKEN;
	}
	log = open_log(com.log_path);
	if (com.log_path && !log) {
		source_close(&src);
		return EXIT_BROKEN;
	}
	rl = runlog_new();
	if (!rl) {
		fprintf(stderr, "playdead: out of memory\n");
		return EXIT_BROKEN;
	}
	memset(&co, 0, sizeof(co));
	co.timeout = com.timeout;
	co.log = log;
	co.progress = !com.quiet && isatty(STDERR_FILENO);
	co.stop_at_end = src.live;
	collect_name_input(rl, src.name);
	if (src.kind == SOURCE_TCP) {
		co.reconnect = reconnect_source;
		co.reconnect_ctx = &src;
	}
	collect_run(src.fd, rl, &co, &cr);
	source_close(&src);
	rl->reconnects = cr.reconnects;
	if (cr.reconnects)
		runlog_note(rl, "%s dropped the connection; reconnected %lu %s", src.name,
			    cr.reconnects, cr.reconnects == 1 ? "time" : "times");
	switch (cr.stop) {
	case COLLECT_TIMEOUT:
		runlog_set_stop_reason(rl, "timeout after %g s", com.timeout);
		break;
	case COLLECT_SIGNAL:
		runlog_set_stop_reason(rl, "interrupted by %s", signame(cr.signo));
		break;
	case COLLECT_ERROR:
		fprintf(stderr, "playdead: reading %s: %s\n", src.name, strerror(cr.err));
		runlog_set_stop_reason(rl, "read error: %s", strerror(cr.err));
		break;
	case COLLECT_EOF:
		runlog_set_stop_reason(rl, "%s ended",
				       src.kind == SOURCE_TCP ? "connection" : "input");
		break;
	case COLLECT_END:
	case COLLECT_RESTART:
		break;
	}
	rc = finish_and_report(rl, log, &com, FORMAT_TEXT);
	return cr.stop == COLLECT_ERROR ? EXIT_BROKEN : rc;
}

/* ---- report ---- */

static int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"json", required_argument, NULL, OPT_JSON},
	    {"html", required_argument, NULL, OPT_HTML},
	    {"junit", required_argument, NULL, OPT_JUNIT},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct common_opts com = {0};
	const char *path = NULL;
	enum report_format format = FORMAT_TEXT;
	int c, rc, fd, err;
	struct runlog *rl;

	optind = 1;
	while ((c = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (!strcmp(optarg, "json"))
				format = FORMAT_JSON;
			else if (!strcmp(optarg, "text"))
				format = FORMAT_TEXT;
			else if (!strcmp(optarg, "html"))
				format = FORMAT_HTML;
			else if (!strcmp(optarg, "junit"))
				format = FORMAT_JUNIT;
			else
				return bad_args("--format is text, json, html or junit, not '%s'",
						optarg);
			break;
		default:
			rc = common_option(c, "report", &com);
			if (rc >= 0)
				return rc;
		}
	}
	if (optind >= argc)
		return bad_args("report needs a serial log file (or - for stdin)");
	if (argc - optind > 1)
		return bad_args("report: one log at a time ('%s' is extra)", argv[optind + 1]);
	path = argv[optind];
	if (!strcmp(path, "-")) {
		fd = STDIN_FILENO;
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "playdead: cannot open %s: %s\n", path, strerror(errno));
			return EXIT_BROKEN;
		}
	}
	rl = runlog_new();
	if (!rl) {
		fprintf(stderr, "playdead: out of memory\n");
		return EXIT_BROKEN;
	}
	collect_name_input(rl, fd == STDIN_FILENO ? "stdin" : path);
	err = collect_read_all(fd, rl);
	if (fd != STDIN_FILENO)
		close(fd);
	if (err) {
		fprintf(stderr, "playdead: reading %s: %s\n", path, strerror(err));
		runlog_free(rl);
		return EXIT_BROKEN;
	}
	runlog_set_stop_reason(rl, "the log ends");
	return finish_and_report(rl, NULL, &com, format);
}

/* ---- cpuid ---- */

static int cmd_cpuid(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"json", no_argument, NULL, OPT_JSON},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct cpuid_dump d;
	int json = 0, c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			json = 1;
			break;
		case 'h':
			usage(stdout);
			return EXIT_PASS;
		default:
			return bad_args("cpuid: bad option (see usage)");
		}
	}
	if (optind >= argc)
		return bad_args("cpuid needs a CPUID dump file");
	if (argc - optind > 1)
		return bad_args("cpuid: one dump at a time ('%s' is extra)", argv[optind + 1]);
	memset(&d, 0, sizeof(d));
	errno = 0;
	if (cpuid_dump_read_file(argv[optind], &d) != 0) {
		fprintf(stderr, "playdead: %s: %s\n", argv[optind],
			errno ? strerror(errno) : "no CPUID leaves found");
		return EXIT_BROKEN;
	}
	rc = cpuid_report(stdout, &d, json) == 0 ? EXIT_PASS : EXIT_BROKEN;
	if (fflush(stdout) != 0)
		rc = EXIT_BROKEN;
	cpuid_dump_free(&d);
	return rc;
}

/* ---- fleet ---- */

static int cmd_fleet(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"out", required_argument, NULL, OPT_OUT},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *format = "text", *out_path = NULL;
	struct fleet *f;
	FILE *out = stdout;
	int c, rc = EXIT_PASS;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json") &&
			    strcmp(optarg, "html"))
				return bad_args("--format is text, json or html, not '%s'", optarg);
			format = optarg;
			break;
		case OPT_OUT:
			out_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return EXIT_PASS;
		default:
			return bad_args("fleet: bad option (see usage)");
		}
	}
	if (optind >= argc)
		return bad_args("fleet needs log files or folders");
	f = fleet_new();
	if (!f) {
		fprintf(stderr, "playdead: out of memory\n");
		return EXIT_BROKEN;
	}
	for (; optind < argc; optind++)
		fleet_read_path(f, argv[optind]);
	fleet_sort(f);
	if (out_path && !(out = fopen(out_path, "w"))) {
		fprintf(stderr, "playdead: cannot create %s: %s\n", out_path, strerror(errno));
		fleet_free(f);
		return EXIT_BROKEN;
	}
	if (!strcmp(format, "json"))
		rc = fleet_json_write(out, f) ? EXIT_BROKEN : EXIT_PASS;
	else if (!strcmp(format, "html"))
		fleet_html(out, f);
	else
		fleet_text(out, f);
	if ((out != stdout ? fclose(out) : fflush(out)) != 0 && errno != EPIPE) {
		fprintf(stderr, "playdead: cannot write the fleet report: %s\n", strerror(errno));
		rc = EXIT_BROKEN;
	}
	/* Unusable files are named in the report; the exit status says so too. */
	if (rc == EXIT_PASS && !f->logs_read)
		rc = EXIT_BROKEN;
	fleet_free(f);
	return rc;
}

int main(int argc, char **argv)
{
	const char *cmd;
	char *argv0 = NULL;
	int rc;

	if (argc < 2)
		return bad_args("which command?");
	cmd = argv[1];
	/* getopt names the command in its messages: "playdead run: ...". */
	if (asprintf(&argv0, "playdead %s", cmd) >= 0)
		argv[1] = argv0;
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		usage(stdout);
		rc = EXIT_PASS;
	} else if (!strcmp(cmd, "run"))
		rc = cmd_run(argc - 1, argv + 1);
	else if (!strcmp(cmd, "collect"))
		rc = cmd_collect(argc - 1, argv + 1);
	else if (!strcmp(cmd, "report"))
		rc = cmd_report(argc - 1, argv + 1);
	else if (!strcmp(cmd, "fleet"))
		rc = cmd_fleet(argc - 1, argv + 1);
	else if (!strcmp(cmd, "cpuid"))
		rc = cmd_cpuid(argc - 1, argv + 1);
	else
		rc = bad_args("unknown command '%s'", cmd);
	free(argv0);
	return rc;
}
