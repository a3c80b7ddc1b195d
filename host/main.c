/* SPDX-License-Identifier: MIT */
/* playdead: the host tool's usage and its commands by name (host/cmd/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/cmd/cmd.h"
#include "host/input/bochs.h"
#include "host/model/silence.h"

/* The usage names --silence's minimum and its bound on resets. */
_Static_assert(RL_SILENCE_MIN_S == 5 && RL_MAX_HOST_RESETS == 20,
	       "the usage text's --silence numbers");

static const char usage_text[] =
    "usage:\n"
    "  playdead run [--smp N] [--smp-topology S,C,T] [--cpu MODEL] [--mem MB]\n"
    "               [--machine q35|pc] [--timeout S] [--log FILE] [--json FILE]\n"
    "               [--html FILE] [--junit FILE]\n"
    "               [--payload FILE] [--qemu BIN] [--qemu-arg ARG]... [--no-reboot]\n"
    "               [--boot kernel|iso|usb|pxe] [--firmware bios|uefi] [--no-monitor]\n"
    "               [--target qemu|bochs|lab] [--bochs-cpu MODEL] [--serial-device DEV]\n"
    "               [--tcg auto|single|multi] [--silence S] [--verbose] [--quiet]\n"
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
    "      --silence S: no record for S seconds (at least 5) while a cycle is in\n"
    "      flight is a hang; the host resets the guest through QEMU's monitor\n"
    "      (system_reset) and goes on, at most 20 times (off by default)\n"
    "  playdead run --target lab --connection-command CMD [--power-on-command CMD]\n"
    "               [--hard-reset-command CMD] [--power-off-command CMD] [--silence S]\n"
    "               [--timeout S] [--log FILE] [--json FILE] [--html FILE] [--junit FILE]\n"
    "      a lab's machine that boots playdead from its own media: CMD's output is\n"
    "      its console (e.g. ipmitool -I lanplus -C 3 -H BMC -U U -P P sol activate,\n"
    "      whose input must stay open: README; started again when it drops), the\n"
    "      power commands run once (shell commands, 120 s each), --silence resets\n"
    "      it with --hard-reset-command\n"
    "  playdead collect --from SPEC|--connection-command CMD [--log FILE] [--json FILE]\n"
    "               [--html FILE] [--junit FILE] [--timeout S] [--verbose] [--quiet]\n"
    "      read a machine's serial output; SPEC: /dev/ttyS0[@BAUD] (default 115200),\n"
    "      tcp:HOST:PORT (reconnects when the server drops it), a FILE, or - (stdin);\n"
    "      CMD: a console command as run --target lab's; no timeout unless given\n"
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

void usage(FILE *f)
{
	fputs(usage_text, f);
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
