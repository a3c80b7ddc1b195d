#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Sends one command to a QEMU human monitor socket and waits for its prompt:
a lab's power and reset commands for a QEMU standing in for a machine.

usage: qemu_hmp.py SOCKET COMMAND"""
import socket
import sys
import time


def main():
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(10)
    s.connect(sys.argv[1])
    buf = b""
    while b"(qemu)" not in buf:
        buf += s.recv(4096)
    s.sendall(sys.argv[2].encode() + b"\n")
    if sys.argv[2] != "quit":
        buf = b""
        deadline = time.time() + 10
        while buf.count(b"(qemu)") < 1 and time.time() < deadline:
            buf += s.recv(4096)
    s.close()


main()
