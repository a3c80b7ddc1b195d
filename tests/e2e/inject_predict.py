#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The cycles inject_reset=PERCENT seed=N resets, computed independently of
the payload from the definition in results/inject.h: r = splitmix64(seed << 32
| n) (Steele, Lea, Flood, OOPSLA 2014); cycle n is hit when r % 100 < PERCENT,
in phase PHASES[(r >> 32) % 5].

usage: inject_predict.py SEED PERCENT CYCLES_PER_MODE MODE[,MODE...]
MODEs in the schedule's order (the park mode enum's: hlt, mwait, mwait-kick,
init, trampoline, spin), one provocation set.  Prints one line per hit cycle:
"n mode phase", in n order."""
import sys

M64 = (1 << 64) - 1
PHASES = ["stop", "provoke", "handover", "arrived", "rediscover"]


def splitmix64(x):
    z = (x + 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def main():
    seed, percent, per_mode = (int(a) for a in sys.argv[1:4])
    modes = sys.argv[4].split(",")
    for n in range(per_mode * len(modes)):
        r = splitmix64(((seed & 0xFFFFFFFF) << 32) | n)
        if r % 100 < percent:
            print(n, modes[n // per_mode], PHASES[(r >> 32) % 5])


main()
