/* SPDX-License-Identifier: MIT */
/* playdead run: the payload booted in QEMU or Bochs, or a lab's machine
 * through its own commands; the options parsed here. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/cmd/cmd.h"
#include "host/input/bochs.h"
#include "host/input/collect.h"
#include "host/input/lab.h"
#include "host/input/media.h"
#include "host/input/qemu.h"
#include "host/input/session.h"
#include "host/model/silence.h"

#define RUN_DEFAULT_TIMEOUT 120.0
#define MAX_SMP		    8192
/* --silence: a day at most. */
#define MAX_SILENCE_S 86400

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

/* --target lab: the machine boots playdead from its own media (USB, PXE,
 * the BMC's virtual media); the host only reads its console, and powers
 * and resets it with the lab's commands. */
static int run_lab(const struct lab_config *lc, const struct common_opts *com, unsigned silence,
		   int payload_opts)
{
	if (!lc->connect)
		return bad_args("--target lab wants --connection-command (the console: e.g. "
				"'ipmitool -I lanplus -H BMC -U USER -P PASS sol activate')");
	if (payload_opts)
		return bad_args("--target lab: the machine boots its own media, whose boot line "
				"carries the payload options; none after --");
	if (silence && !lc->hard_reset)
		return bad_args("--silence with --target lab resets the machine with "
				"--hard-reset-command: give it");
	return lab_session_report(lc, com, silence);
}

int cmd_run(int argc, char **argv)
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
	    {"silence", required_argument, NULL, OPT_SILENCE},
	    {"connection-command", required_argument, NULL, OPT_CONNECTION_COMMAND},
	    {"power-on-command", required_argument, NULL, OPT_POWER_ON_COMMAND},
	    {"hard-reset-command", required_argument, NULL, OPT_HARD_RESET_COMMAND},
	    {"power-off-command", required_argument, NULL, OPT_POWER_OFF_COMMAND},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct common_opts com = {.timeout = RUN_DEFAULT_TIMEOUT};
	int bochs = 0, lab = 0, boot_given = 0;
	struct lab_config lc = {0};
	const char *bochs_cpu = BOCHS_DEFAULT_CPU;
	struct qemu_config qc;
	struct media media;
	char payload_buf[4096], efi_buf[4096], err[512];
	const char *extra[argc + 1], *last_arg = NULL;
	unsigned smp = 0, silence = 0;
	enum { TCG_AUTO, TCG_SINGLE, TCG_MULTI } tcg = TCG_AUTO;
	int c, rc, src, no_monitor = 0;
	FILE *log;
	struct runlog *rl;
	struct session_opts so;

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
		case OPT_SILENCE:
			if (parse_uint(optarg, RL_SILENCE_MIN_S, MAX_SILENCE_S, &silence))
				return bad_args("--silence wants whole seconds from %d to %d (no "
						"record that long in a cycle is a hang), not '%s'",
						RL_SILENCE_MIN_S, MAX_SILENCE_S, optarg);
			break;
		case OPT_TARGET:
			if (strcmp(optarg, "qemu") && strcmp(optarg, "bochs") &&
			    strcmp(optarg, "lab"))
				return bad_args("--target is qemu, bochs or lab, not '%s'", optarg);
			bochs = !strcmp(optarg, "bochs");
			lab = !strcmp(optarg, "lab");
			break;
		case OPT_CONNECTION_COMMAND:
		case OPT_POWER_ON_COMMAND:
		case OPT_HARD_RESET_COMMAND:
		case OPT_POWER_OFF_COMMAND:
			if (!optarg[0])
				return bad_args("--connection-command and the power commands "
						"want a shell command, not an empty one");
			*(c == OPT_CONNECTION_COMMAND	? &lc.connect
			  : c == OPT_POWER_ON_COMMAND	? &lc.power_on
			  : c == OPT_HARD_RESET_COMMAND ? &lc.hard_reset
							: &lc.power_off) = optarg;
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
	if (lab)
		return run_lab(&lc, &com, silence, argc - optind);
	if (lc.connect || lc.power_on || lc.hard_reset || lc.power_off)
		return bad_args("--connection-command and the power commands go with --target lab");
	if (silence && bochs)
		return bad_args("--silence resets the machine through QEMU's monitor: --target "
				"qemu only");
	if (silence && no_monitor)
		return bad_args("--silence resets the machine through QEMU's monitor, which "
				"--no-monitor turns off: give one or the other");
	if (silence && qc.no_reboot)
		return bad_args("--silence resets the machine, which --no-reboot makes QEMU exit "
				"on: give one or the other");
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
	so.timeout = com.timeout;
	so.log = log;
	so.progress = !com.quiet && isatty(STDERR_FILENO);
	so.silence = silence;
	if (bochs) {
		struct bochs_config bc = {.bin = bochs_default_bin(),
					  .cpu = bochs_cpu,
					  .smp = qc.smp,
					  .mem_mb = qc.mem_mb,
					  .no_reboot = qc.no_reboot,
					  .iso = media.iso,
					  .dir = media.dir};

		rl = runlog_new();
		src = rl ? session_bochs(&bc, &so, rl) : -1;
		media_cleanup(&media);
		if (src != 0) {
			if (!rl)
				fprintf(stderr, "playdead: out of memory\n");
			runlog_free(rl);
			close_log(log, com.log_path);
			return EXIT_BROKEN;
		}
		return finish_and_report(rl, log, &com, FORMAT_TEXT);
	}
	rl = runlog_new();
	if (!rl) {
		fprintf(stderr, "playdead: out of memory\n");
		close_log(log, com.log_path);
		media_cleanup(&media);
		return EXIT_BROKEN;
	}
	src = session_qemu(&qc, !no_monitor, &so, rl);
	media_cleanup(&media);
	if (src != 0) {
		runlog_free(rl);
		close_log(log, com.log_path);
		return EXIT_BROKEN;
	}
	return finish_and_report(rl, log, &com, FORMAT_TEXT);
}
