#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Compares playdead's JSON report of a damaged log with what corrupt.py did.

    check.py TRUTH.json REPORT.json

Asserts: the record counts (good, corrupt, noise, duplicates, gaps, lost)
are exactly those of the damage; every reported cycle is one the clean log
had and exactly the cycles whose record arrived are reported (but for the
last cycle, when the stream ends in it: reported as reset or hang, never a
pass); a run whose
cycle record or end record was lost is not a pass; a run that lost nothing
is a pass.  Prints one line per failed assertion; exit status 1 if any.
"""
import json
import sys


def main():
    truth = json.load(open(sys.argv[1]))
    rep = json.load(open(sys.argv[2]))
    bad = []
    rec = rep.get("records", {})
    for k, want in truth["expect"].items():
        if rec.get(k) != want:
            bad.append("records.%s: report %s, injected %s" % (k, rec.get(k), want))
    got = sorted(c["n"] for c in rep.get("cycles", []))
    want = sorted(set(range(truth["cycles_clean"])) - set(truth["cycles_lost"]))
    # A stream that ends after a cycle's start record, its cycle record
    # lost, ends in that cycle: the report lists it as reset or hang (the
    # design's "died" cycle), never as a pass.  Only the last one can be.
    died = [c for c in rep.get("cycles", [])
            if c.get("reset_or_hang") and not c.get("passed") and c["n"] in truth["cycles_lost"]]
    if died and got == sorted(want + [died[-1]["n"]]) and died[-1]["n"] == max(got):
        got = want
    if got != want:
        bad.append("cycles reported %s, arrived %s" % (got, want))
    lost_something = truth["cycles_lost"] or truth["end_lost"]
    if lost_something and rep.get("verdict") == "pass":
        bad.append("verdict pass although %s" % (
            "cycle records %s were lost" % truth["cycles_lost"] if truth["cycles_lost"]
            else "the end record was lost"))
    loses = {"flip", "drop", "dropcycle", "garble", "truncate"}
    if not loses & set(truth["faults"]) and rep.get("verdict") != "pass":
        bad.append("verdict %s, but no record was lost" % rep.get("verdict"))
    for b in bad:
        print(b)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
