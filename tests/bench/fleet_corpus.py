#!/usr/bin/python3
"""Writes a corpus of N serial logs for the fleet benchmark from a few real
ones:  fleet_corpus.py OUTDIR N LOG...
Each copy gets its own run id and one of a few BIOS versions (records
rewritten with their CRC-32 recomputed, as results/FORMAT.md defines it);
every 5th is gzip'd, every 7th xz'd, spread over 10 folders."""
import gzip
import lzma
import os
import re
import sys
import zlib

out, n, logs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
srcs = [open(p, "rb").read().decode("latin-1") for p in logs]
rec = re.compile(r"(@PD )([0-9a-f]{8})( [^\r\n]*?) \*[0-9a-f]{8}")


def rewrite(text, run, bios):
    def one(m):
        body = m.group(3)
        if " smbios " in body:
            body = re.sub(r'bios_version=("[^"]*"|\S+)', 'bios_version="%s"' % bios, body)
        line = m.group(1) + "%08x" % run + body
        return line + " *%08x" % (zlib.crc32(line.encode("latin-1")) & 0xFFFFFFFF)
    return rec.sub(one, text)


total = 0
for i in range(n):
    d = os.path.join(out, "lab%02d" % (i % 10))
    os.makedirs(d, exist_ok=True)
    data = rewrite(srcs[i % len(srcs)], 0x10000000 + i, "1.%d" % (i % 4)).encode("latin-1")
    total += len(data)
    name = os.path.join(d, "run%04d.log" % i)
    if i % 5 == 0:
        with gzip.open(name + ".gz", "wb") as f:
            f.write(data)
    elif i % 7 == 0:
        with lzma.open(name + ".xz", "wb") as f:
            f.write(data)
    else:
        with open(name, "wb") as f:
            f.write(data)
print(total)
