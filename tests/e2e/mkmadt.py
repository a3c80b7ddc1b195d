#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes a hostile ACPI MADT (ACPI 6.5, 5.2.12: Table 5.19 header, 5.2.12.2
Processor Local APIC, 5.2.12.12 Processor Local x2APIC), for QEMU's
-acpitable or the host-side parser tests.

usage: mkmadt.py KIND OUT
  nocpu     no processor entry at all (an I/O APIC only)
  dup       APIC ID 0 listed three times (LAPIC, LAPIC, x2APIC), then 1
  x2ffff    an x2APIC entry with ID 0xFFFFFFFF (the broadcast ID), then 0, 1
  overlong  CPUs 0 and 1, then an entry whose length runs past the table
"""
import struct
import sys

ENABLED = 1  # Local APIC flags bit 0 (Table 5.23)


def lapic(uid, apic):  # type 0, length 8
    return struct.pack("<BBBBI", 0, 8, uid, apic, ENABLED)


def x2apic(apic, uid):  # type 9, length 16
    return struct.pack("<BBHIII", 9, 16, 0, apic, ENABLED, uid)


def ioapic():  # type 1, length 12: id, reserved, address, GSI base
    return struct.pack("<BBBBII", 1, 12, 0, 0, 0xFEC00000, 0)


kind, out = sys.argv[1], sys.argv[2]
if kind == "nocpu":
    ents = ioapic()
elif kind == "dup":
    ents = lapic(0, 0) + lapic(1, 0) + x2apic(0, 2) + lapic(3, 1)
elif kind == "x2ffff":
    ents = x2apic(0xFFFFFFFF, 7) + lapic(0, 0) + lapic(1, 1)
elif kind == "overlong":
    # Type 0 claiming 40 bytes with 8 left in the table.
    ents = lapic(0, 0) + lapic(1, 1) + struct.pack("<BBBBI", 0, 40, 2, 2, ENABLED)
else:
    sys.exit("mkmadt.py: unknown kind " + kind)
body = struct.pack("<II", 0xFEE00000, 1) + ents  # local APIC address, PCAT_COMPAT
length = 36 + len(body)
header = struct.pack("<4sIBB6s8sI4sI", b"APIC", length, 5, 0, b"PDTEST", b"PDMADT  ", 1,
                     b"PDTS", 1)
table = bytearray(header + body)
table[9] = (-sum(table)) & 0xFF  # checksum: the bytes sum to 0 (5.2.6)
with open(out, "wb") as f:
    f.write(table)
