#!/usr/bin/python3
"""The progress line of 'playdead run': on a terminal (stderr a pty) it is
drawn and ends on the last cycle; with stderr a pipe, or with --quiet, there
is none; it never reaches the serial log or stdout.
    progress_tty.py PLAYDEAD OUTDIR
Prints ok/FAIL lines; exit 1 on a failure."""
import os
import pty
import select
import subprocess
import sys

playdead, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
failures = 0
ARGS = ["--smp", "2", "--timeout", "60"]
PAYLOAD = ["--", "modes=hlt,trampoline,spin", "cycles=4", "cpuid_dump=bsp"]


def report(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    failures += not ok


def run(name, tty, extra=()):
    log = os.path.join(out, name + ".log")
    cmd = ["timeout", "-k", "5", "90", playdead, "run", *ARGS, "--log", log, *extra, *PAYLOAD]
    with open(os.path.join(out, name + ".stdout"), "wb") as so:
        if tty:
            master, slave = pty.openpty()
            p = subprocess.Popen(cmd, stdout=so, stderr=slave)
            os.close(slave)
            err = b""
            while True:
                r, _, _ = select.select([master], [], [], 1.0)
                if r:
                    try:
                        chunk = os.read(master, 4096)
                    except OSError:  # EIO: the slave side is closed
                        break
                    if not chunk:
                        break
                    err += chunk
                elif p.poll() is not None:
                    break
            os.close(master)
            p.wait()
        else:
            p = subprocess.run(cmd, stdout=so, stderr=subprocess.PIPE)
            err = p.stderr
    with open(log, "rb") as f:
        logdata = f.read()
    with open(os.path.join(out, name + ".stdout"), "rb") as f:
        stdout = f.read()
    return p.returncode, err, logdata, stdout


rc, err, log, stdout = run("tty", True)
report(rc == 0, "run under a pty: exit 0 (got %s)" % rc)
report(b"\rplaydead: boot " in err and b"\x1b[K" in err,
       "progress line drawn in place on the terminal")
report(b"cycle 12 of 12 (last spin none), 0 failed" in err,
       "progress ends at cycle 12 of 12 with mode, provocation and failures")
report(err.count(b"\rplaydead: ") >= 2 and b" left" in err,
       "progress redrawn during the run, with the time left")
report(b"playdead: boot" not in log and b"\x1b[K" not in log and b"@PD " in log,
       "the serial log holds records and no progress text")
report(b"\x1b[K" not in stdout and b"\r" not in stdout.replace(b"\r\n", b""),
       "stdout (the report) has no progress text")

rc, err, log, stdout = run("pipe", False)
report(rc == 0 and b"\x1b[K" not in err and b"cycle 12 of 12" not in err,
       "stderr a pipe: no progress line")

rc, err, log, stdout = run("quiet", True, ["--quiet"])
report(rc == 0 and b"\x1b[K" not in err and b"cycle 12 of 12" not in err,
       "--quiet on a terminal: no progress line")
sys.exit(1 if failures else 0)
