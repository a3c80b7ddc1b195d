#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes a hand-made ACPI EINJ table (ACPI 6.5, 18.6: Tables 18.24-18.27)
whose registers are plain RAM at BASE, for QEMU's -acpitable: the payload's
table walk and injection run against it, and the test reads back what the
payload wrote (its einj records) and decides what it reads (QEMU's loader
device preloads GET_ERROR_TYPE and GET_COMMAND_STATUS).

usage: mkeinj.py OUT [BASE]   (BASE default 0x0f000000)
Register map (offsets from BASE, 8 bytes each): 0 begin, 8 error types,
16 set error type, 24 execute, 32 busy, 40 command status, 48 trigger
table address, 56 end.
"""
import struct
import sys

# Injection actions (Table 18.25) and instructions (Table 18.27).
BEGIN, GET_TRIGGER, SET_TYPE, GET_TYPE, END, EXECUTE, CHECK_BUSY, GET_STATUS = (
    0, 1, 2, 3, 4, 5, 6, 7)
READ_REGISTER, WRITE_REGISTER, WRITE_REGISTER_VALUE = 0, 2, 3


def entry(action, insn, off, width, value=0, mask=0):
    # Generic Address Structure (5.2.3.2): space 0 = system memory,
    # bit width, bit offset, access size (3 = dword, 4 = qword).
    access = 4 if width == 64 else 3
    gas = struct.pack("<BBBBQ", 0, width, 0, access, base + off)
    return struct.pack("<BBBB", action, insn, 0, 0) + gas + struct.pack("<QQ", value, mask)


out = sys.argv[1]
base = int(sys.argv[2], 0) if len(sys.argv) > 2 else 0x0F000000
entries = [
    entry(BEGIN, WRITE_REGISTER_VALUE, 0, 32, 1, 0xFFFFFFFF),
    entry(GET_TYPE, READ_REGISTER, 8, 32, 0, 0xFFFFFFFF),
    entry(SET_TYPE, WRITE_REGISTER, 16, 32, 0, 0xFFFFFFFF),
    entry(EXECUTE, WRITE_REGISTER_VALUE, 24, 32, 1, 0xFFFFFFFF),
    entry(CHECK_BUSY, READ_REGISTER, 32, 32, 0, 0x1),
    entry(GET_STATUS, READ_REGISTER, 40, 32, 0, 0xFF),
    entry(GET_TRIGGER, READ_REGISTER, 48, 64, 0, 0),
    entry(END, WRITE_REGISTER_VALUE, 56, 32, 1, 0xFFFFFFFF),
]
body = struct.pack("<IB3xI", 12, 0, len(entries)) + b"".join(entries)
length = 36 + len(body)
header = struct.pack("<4sIBB6s8sI4sI", b"EINJ", length, 1, 0, b"PDTEST", b"PDEINJ  ", 1,
                     b"PDTS", 1)
table = bytearray(header + body)
table[9] = (-sum(table)) & 0xFF  # checksum: the bytes sum to 0 (5.2.6)
with open(out, "wb") as f:
    f.write(table)
