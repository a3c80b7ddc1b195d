#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The cycles inject_reset=PERCENT seed=N resets, computed independently of
the payload from the definition in results/inject.h: r = splitmix64(seed << 32
| n) (Steele, Lea, Flood, OOPSLA 2014); cycle n is hit when r % 100 < PERCENT,
in phase PHASES[(r >> 32) % 5].

usage: inject_predict.py SEED PERCENT CYCLES_PER_MODE MODE[,MODE...] [--hang RESET_PERCENT]
MODEs in the schedule's order (the park mode enum's: hlt, mwait, mwait-kick,
init, trampoline, spin), one provocation set.  Prints one line per hit cycle:
"n mode phase", in n order.

--hang: the cycles inject_hang=PERCENT hangs instead: the same draw over its
own stream, the seed XOR 0x68616e67 ("hang"), leaving out the cycles
inject_reset=RESET_PERCENT resets (results/inject.h)."""
import sys

M64 = (1 << 64) - 1
PHASES = ["stop", "provoke", "handover", "arrived", "rediscover"]


def splitmix64(x):
    z = (x + 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def hit(seed, percent, n):
    """The phase cycle n is hit in, or None."""
    r = splitmix64(((seed & 0xFFFFFFFF) << 32) | n)
    return PHASES[(r >> 32) % 5] if r % 100 < percent else None


def main():
    args = sys.argv[1:]
    reset_percent = None
    if "--hang" in args:
        i = args.index("--hang")
        reset_percent = int(args[i + 1])
        del args[i : i + 2]
    seed, percent, per_mode = (int(a) for a in args[0:3])
    modes = args[3].split(",")
    for n in range(per_mode * len(modes)):
        if reset_percent is None:
            phase = hit(seed, percent, n)
        elif hit(seed, reset_percent, n):
            phase = None
        else:
            phase = hit(seed ^ 0x68616E67, percent, n)
        if phase:
            print(n, modes[n // per_mode], phase)


main()
