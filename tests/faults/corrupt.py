#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Damages a clean playdead serial log at known places, deterministically
(a seed), and writes what it did and what a reader must therefore report.

    corrupt.py --seed N --fault KIND[,KIND...] [--count K] IN OUT TRUTH.json

Faults (K of each):
  flip     1 to 3 bits flipped inside a record (after its "@PD " prefix,
           never making a line end): the record must read as corrupt, but
           for case flips of CRC letters alone (the same record)
  drop     a record line lost
  dropcycle  a cycle record's line lost
  dup      a record line sent again, at most 8 lines later
  reorder  lines shuffled within windows of up to 6 lines (K windows)
  noise    firmware text, NULs and escape sequences on lines of their own,
           and NULs or text before a record on its line (which stays good)
  garble   a record line received at the wrong baud rate: every byte
           replaced by what a receiver at another rate would make of it
           (the record is lost; the line is noise)
  truncate the log cut at a byte offset (once; K ignored)
Damage of different kinds never falls on the same record.

The truth is computed from the clean records and the damage alone, by the
definitions of results/FORMAT.md and host/model/runlog.h (struct rl_stats): a
record is good when it arrives intact; corrupt when a line holds the prefix
but not a valid record; noise: a non-empty line without the prefix;
duplicates: a record seen again; gaps: per boot, holes in the seq numbers
below the highest seq seen (and after it, up to the records= of an end
record of that boot); lost: the seq numbers in those holes.
"""
import argparse
import json
import random
import re
import sys

REC = re.compile(rb"@PD ([0-9a-f]{8}) ([0-9]+) ([0-9]+) ([a-z_]+)(.*) \*[0-9a-f]{8}$")
PREFIX = b"@PD "


def parse(line):
    """(run, boot, seq, type, body) of a clean record line, else None."""
    m = REC.search(line.rstrip(b"\r"))
    if not m:
        return None
    return (m.group(1).decode(), int(m.group(2)), int(m.group(3)), m.group(4).decode(),
            m.group(5).decode("ascii", "replace"))


def noise_line(rng):
    """Console noise without the record prefix (no '@' at all)."""
    kinds = [
        b"SeaBIOS (version 1.16.3-debian-1.16.3-2)",
        b"\x00\x00\x00\x00",
        b"\x1b[2J\x1b[01;01H\x1b[=3h",
        b"iPXE initialising devices...ok",
        b"Booting from ROM..\x00",
        bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz0123456789 .:-") for _ in range(rng.randint(1, 60))),
    ]
    return rng.choice(kinds)


def wrong_baud(line, rng):
    """What a receiver at another baud rate makes of a line: each byte becomes
    another (a fixed scramble per run), never '\\n', and without the prefix."""
    table = list(range(256))
    rng.shuffle(table)
    while True:
        out = bytes(table[b] if table[b] != 0x0A else 0xFF for b in line)
        if PREFIX not in out and out.strip(b"\r"):
            return out
        rng.shuffle(table)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--fault", required=True)
    ap.add_argument("--count", type=int, default=3)
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("truth")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    faults = a.fault.split(",")
    known = {"flip", "drop", "dropcycle", "dup", "reorder", "noise", "garble", "truncate"}
    if not set(faults) <= known:
        sys.exit("corrupt.py: unknown fault in %s (known: %s)" % (a.fault, ", ".join(sorted(known))))

    raw = open(a.inp, "rb").read()
    lines = raw.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    recs = {}  # line index -> parsed record
    for i, l in enumerate(lines):
        r = parse(l)
        if r:
            recs[i] = r
        elif PREFIX in l:
            sys.exit("corrupt.py: line %d holds a record prefix but no valid record: "
                     "the input is not clean" % (i + 1))
    runs = {r[0] for r in recs.values()}
    if len(runs) != 1:
        sys.exit("corrupt.py: the input must hold one run (has %d)" % len(runs))

    # Disjoint sets of record lines per kind of damage.
    free = sorted(recs)
    rng.shuffle(free)

    def take(n):
        got = free[:n]
        del free[:n]
        return set(got)

    k = a.count
    if "dropcycle" in faults:
        cyc = [i for i in free if recs[i][3] == "cycle"][:k]
        free = [i for i in free if i not in cyc]
        drop_cycles = set(cyc)
    else:
        drop_cycles = set()
    flip = take(k) if "flip" in faults else set()
    drop = (take(k) if "drop" in faults else set()) | drop_cycles
    garble = take(k) if "garble" in faults else set()
    dup = take(k) if "dup" in faults else set()
    prefixed = take(k) if "noise" in faults else set()
    did = []

    # Each output item: (bytes, record or None, state) with state "good",
    # "corrupt", "noise" or "none" (nothing: an empty line).
    out = []
    for i, l in enumerate(lines):
        r = recs.get(i)
        if i in drop:
            did.append({"fault": "drop", "line": i + 1, "boot": r[1], "seq": r[2], "type": r[3]})
            continue
        if i in flip:
            b = bytearray(l)
            body_end = len(b.rstrip(b"\r"))
            start = b.index(PREFIX) + len(PREFIX)
            nbits = rng.randint(1, 3)
            spots = set()
            while len(spots) < nbits:
                pos, bit = rng.randrange(start, body_end), rng.randrange(8)
                if (pos, bit) in spots or b[pos] ^ (1 << bit) == 0x0A:
                    continue
                spots.add((pos, bit))
            # The CRC's hex digits are read in either case (FORMAT.md writes
            # them lower-case; test_results.c test_bit_flips): flipping only
            # the case bit of CRC letters leaves the same record, intact.
            crc_at = body_end - 8
            same = all(p >= crc_at and t == 5 and chr(b[p]) in "abcdef" for p, t in spots)
            for pos, bit in spots:
                b[pos] ^= 1 << bit
            did.append({"fault": "flip", "line": i + 1, "boot": r[1], "seq": r[2], "type": r[3],
                        "bits": sorted([p - start, t] for p, t in spots),
                        "intact": same})
            out.append((bytes(b), r if same else None, "good" if same else "corrupt"))
            continue
        if i in garble:
            did.append({"fault": "garble", "line": i + 1, "boot": r[1], "seq": r[2], "type": r[3]})
            out.append((wrong_baud(l, rng), None, "noise"))
            continue
        if i in prefixed:
            junk = rng.choice([b"\x00\x00", b"\x1b[0m", b"Press ESC for boot menu. ", b"\x00 \xff\xfe "])
            l = junk + l
            did.append({"fault": "noise-before", "line": i + 1, "boot": r[1], "seq": r[2]})
        out.append((l, r, "good" if r else ("noise" if l.strip(b"\r") else "none")))
        if i in dup:
            # Sent again nearby (a console server replaying its buffer, a
            # retry): up to 8 lines before or right after the first copy.
            did.append({"fault": "dup", "line": i + 1, "boot": r[1], "seq": r[2], "type": r[3]})
            out.insert(len(out) - rng.randint(0, min(8, len(out) - 1)), (l, r, "dup"))
    if "noise" in faults:
        for _ in range(k):
            pos = rng.randint(0, len(out))
            out.insert(pos, (noise_line(rng), None, "noise"))
            did.append({"fault": "noise-line", "at": pos})
    if "reorder" in faults:
        for _ in range(k):
            w = rng.randint(2, 6)
            s = rng.randrange(0, max(1, len(out) - w))
            win = out[s:s + w]
            rng.shuffle(win)
            out[s:s + w] = win
            did.append({"fault": "reorder", "from": s, "lines": w})

    # A duplicate placed before its original: whichever comes first counts as
    # the record, the other as the duplicate.
    seen = set()
    for j, (l, r, st) in enumerate(out):
        if r is None:
            continue
        key = (r[1], r[2])
        out[j] = (l, r, "dup" if key in seen else "good")
        seen.add(key)

    data = b"".join(l + b"\n" for l, _, _ in out)
    if "truncate" in faults:
        # Not inside a record prefix or right after it: whether "@PD" or
        # "@PD " alone is a cut record is a matter of taste, not tested here.
        starts, pos = [], 0
        for l, _, _ in out:
            starts.append(pos)
            pos += len(l) + 1
        while True:
            cut = rng.randrange(len(data) // 4, len(data))
            j = max(i for i, p in enumerate(starts) if p <= cut)
            part = out[j][0][:cut - starts[j]]
            at = out[j][0].find(PREFIX)
            if at < 0 or not (at < len(part) <= at + len(PREFIX)):
                break
        did.append({"fault": "truncate", "at": cut, "of": len(data)})
        data = data[:cut]
        kept = []
        for (l, r, st), p in zip(out, starts):
            if p + len(l) + 1 <= cut:
                kept.append((l, r, st))
            elif p < cut:
                part = l[:cut - p]
                if r is not None and part.rstrip(b"\r") == l.rstrip(b"\r"):
                    kept.append((part, r, st))  # whole but for its line end
                elif PREFIX in part:
                    kept.append((part, None, "corrupt"))
                elif part.strip(b"\r"):
                    kept.append((part, None, "noise"))
        out = kept
    open(a.out, "wb").write(data)

    # The truth.
    good = [r for _, r, st in out if st == "good"]
    counts = {
        "good": len(good),
        "corrupt": sum(st == "corrupt" for _, _, st in out),
        "noise": sum(st == "noise" for _, _, st in out),
        "duplicates": sum(st == "dup" for _, _, st in out),
    }
    by_boot = {}
    end_records = {}
    for r in good:
        by_boot.setdefault(r[1], set()).add(r[2])
        if r[3] == "end":
            m = re.search(r"(?:^| )records=([0-9]+)", r[4])
            if m:
                end_records[r[1]] = int(m.group(1))
    gaps = lost = 0
    for boot, seqs in by_boot.items():
        s = sorted(seqs)
        gaps += s[0] > 0
        gaps += sum(1 for x, y in zip(s, s[1:]) if y > x + 1)
        expect = s[-1] + 1
        if end_records.get(boot, 0) > expect:
            gaps += 1
            expect = end_records[boot]
        lost += expect - len(s)
    counts["gaps"] = gaps
    counts["lost"] = lost
    clean_cycles = {int(re.search(r"(?:^| )n=([0-9]+)", r[4]).group(1))
                    for r in recs.values() if r[3] == "cycle"}
    got_cycles = {int(re.search(r"(?:^| )n=([0-9]+)", r[4]).group(1))
                  for r in good if r[3] == "cycle"}
    truth = {
        "seed": a.seed,
        "faults": faults,
        "count": k,
        "damage": did,
        "records_clean": len(recs),
        "expect": counts,
        "cycles_clean": len(clean_cycles),
        "cycles_lost": sorted(clean_cycles - got_cycles),
        "end_lost": not any(r[3] == "end" for r in good),
    }
    json.dump(truth, open(a.truth, "w"), indent=1)


if __name__ == "__main__":
    main()
