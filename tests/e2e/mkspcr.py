#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes an ACPI SPCR table (Microsoft's Serial Port Console Redirection
Table, revision 2: 80 bytes) naming a 16550 for QEMU's -acpitable.

usage: mkspcr.py OUT io|mmio|mmio32 ADDR [BAUD]   (BAUD default 115200)
Layout: ACPI header (36 bytes); interface type at 36 (0 = full 16550);
base address as a Generic Address Structure at 40 (ACPI 6.5, 5.2.3.2:
space 1 = system I/O, 0 = system memory; bit width; bit offset; access
size 1 = byte, 3 = dword; 64-bit address); interrupt type 52, IRQ 53,
GSI 54; configured baud rate code at 58 (3 = 9600, 4 = 19200, 6 = 57600,
7 = 115200, 0 = as is); parity 59 (0 = none); stop bits 60 (1); flow
control 61; terminal type 62; PCI IDs 64-75 (0xffff: not a PCI device).
"""
import struct
import sys

BAUD_CODES = {0: 0, 9600: 3, 19200: 4, 57600: 6, 115200: 7}

if len(sys.argv) < 4 or sys.argv[2] not in ("io", "mmio", "mmio32"):
    sys.exit(__doc__)
out, kind, addr = sys.argv[1], sys.argv[2], int(sys.argv[3], 0)
baud = int(sys.argv[4]) if len(sys.argv) > 4 else 115200
if baud not in BAUD_CODES:
    sys.exit("mkspcr.py: baud must be one of %s" % sorted(BAUD_CODES))
space, width, access = {"io": (1, 8, 1), "mmio": (0, 8, 1), "mmio32": (0, 32, 3)}[kind]
gas = struct.pack("<BBBBQ", space, width, 0, access, addr)
body = (struct.pack("<B3x", 0) + gas +
        struct.pack("<BBIBBBBBB", 0, 0, 0, BAUD_CODES[baud], 0, 1, 0, 0, 0) +
        struct.pack("<HHBBBIBI", 0xFFFF, 0xFFFF, 0, 0, 0, 0, 0, 0))
length = 36 + len(body)
assert length == 80, length
header = struct.pack("<4sIBB6s8sI4sI", b"SPCR", length, 2, 0, b"PDTEST", b"PDSPCR  ", 1,
                     b"PDTS", 1)
table = bytearray(header + body)
table[9] = (-sum(table)) & 0xFF  # checksum: the bytes sum to 0 (ACPI 6.5, 5.2.6)
with open(out, "wb") as f:
    f.write(table)
