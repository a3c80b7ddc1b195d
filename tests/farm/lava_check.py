#!/usr/bin/python3
"""Checks the LAVA job definitions of iso/lava/ and their monitor patterns.

    lava_check.py JOBDIR [LOG=CASE:RESULT,CASE:RESULT...]...

1. Every job file validates with LAVA's own schema validator
   (lava_common.schemas.validate, Debian package lava-common), strictly;
   a job with its monitor's end pattern removed must be rejected (the
   validator is really checking).
2. Every job carries the monitor of JOBDIR/monitor.yaml unchanged.
3. Each LOG (a serial log of a real run) is scanned as LAVA's dispatcher
   scans the serial stream in a monitors test action: pexpect-style search
   (re with DOTALL) for the start pattern, then for the end pattern or the
   test pattern, earliest match first, consuming what matched; the stream
   arrives in small irregular pieces, as from a serial line, and a search
   runs after every piece.  The test cases found (test_case_id lower-cased,
   runs of non-word characters made "_", as LAVA names them) must be
   exactly the expected ones, each once, with the expected result, and the
   end pattern must be seen.

Prints one "ok ..." or "FAIL ..." line per check; exit 1 on any failure.
"""
import copy
import glob
import os
import random
import re
import sys

import yaml

try:
    from lava_common.schemas import validate
    from voluptuous import Invalid
except ImportError as e:  # pragma: no cover
    print("skip lava: lava_common is not importable (%s); install lava-common" % e)
    sys.exit(77)

failures = 0


def report(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures += 1


def lava_case_id(s):
    return re.sub(r"\W+", "_", s.strip().lower())


class Stream:
    """The part of pexpect a LAVA monitor uses: expect() over a growing
    buffer, the earliest match of the listed patterns wins (the first
    listed on a tie), the buffer keeps what follows the match."""

    def __init__(self, data, seed):
        self.data = data
        self.pos = 0
        self.buf = ""
        self.rng = random.Random(seed)

    def expect(self, patterns):
        compiled = [re.compile(p, re.DOTALL) for p in patterns]
        while True:
            best = None
            for i, c in enumerate(compiled):
                m = c.search(self.buf)
                if m and (best is None or m.start() < best[1].start()):
                    best = (i, m)
            if best:
                self.buf = self.buf[best[1].end():]
                return best
            if self.pos >= len(self.data):
                return None, None  # EOF
            n = self.rng.randint(1, 97)
            self.buf += self.data[self.pos:self.pos + n]
            self.pos += n


def run_monitor(mon, text, seed):
    s = Stream(text, seed)
    i, _ = s.expect([mon["start"]])
    if i is None:
        return None, False
    cases = []
    while True:
        i, m = s.expect([mon["end"], mon["pattern"]])
        if i is None:
            return cases, False
        if i == 0:
            return cases, True
        g = m.groupdict()
        cases.append((lava_case_id(g["test_case_id"]), g["result"]))


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    jobdir = sys.argv[1]
    with open(os.path.join(jobdir, "monitor.yaml")) as f:
        ref = yaml.safe_load(f)["monitors"]
    report(len(ref) == 1 and all(k in ref[0] for k in ("start", "end", "pattern")),
           "monitor.yaml has one monitor with start, end and pattern")
    pat = re.compile(ref[0]["pattern"])
    report({"test_case_id", "result"} <= set(pat.groupindex),
           "the pattern names the groups test_case_id and result")
    jobs = sorted(glob.glob(os.path.join(jobdir, "*.yaml")))
    jobs = [j for j in jobs if os.path.basename(j) != "monitor.yaml"]
    report(len(jobs) >= 3, "%d job definitions" % len(jobs))
    for j in jobs:
        name = os.path.basename(j)
        with open(j) as f:
            job = yaml.safe_load(f)
        try:
            validate(job, strict=True)
            report(True, "%s validates (lava_common.schemas, strict)" % name)
        except Invalid as e:
            report(False, "%s: %s" % (name, e))
            continue
        mons = [a["test"]["monitors"] for a in job["actions"]
                if "test" in a and "monitors" in a["test"]]
        report(mons == [ref], "%s carries monitor.yaml's monitor" % name)
        broken = copy.deepcopy(job)
        for a in broken["actions"]:
            if "test" in a:
                del a["test"]["monitors"][0]["end"]
        try:
            validate(broken, strict=True)
            report(False, "%s without an end pattern was accepted" % name)
        except Invalid:
            report(True, "%s without an end pattern is rejected" % name)

    for arg in sys.argv[2:]:
        log, _, spec = arg.partition("=")
        want = {}
        for item in spec.split(","):
            c, _, r = item.partition(":")
            want[c] = r
        with open(log, "rb") as f:
            text = f.read().decode("latin-1")
        for seed in (1, 2, 3):
            cases, ended = run_monitor(ref[0], text, seed)
            tag = "%s (pieces seed %d)" % (os.path.basename(log), seed)
            if cases is None:
                report(False, "%s: start pattern never matched" % tag)
                continue
            report(ended, "%s: end pattern matched" % tag)
            got = {}
            for c, r in cases:
                got.setdefault(c, []).append(r)
            dup = sorted(c for c, rs in got.items() if len(rs) > 1)
            report(not dup, "%s: every case once%s" % (tag, " (twice: %s)" % dup if dup else ""))
            flat = {c: rs[0] for c, rs in got.items()}
            report(flat == want, "%s: cases %s" % (
                tag, "as expected" if flat == want else "%s, expected %s" % (flat, want)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
