#!/usr/bin/env bash
# LAVA: the job definitions of iso/lava/ through LAVA's schema validator, and
# their monitor patterns over serial logs of three real QEMU runs: a pass
# (with the hlt+nmi negative control, which must fail and so passes as a
# case), a failing group plus a CPUID mismatch, and a CPU lost at bring-up.
# Expected cases come from the matrix in README (pd_expect): late and lost
# are allowed in no mode.  Output: "ok ..."/"FAIL ..." lines.
set -uo pipefail
cd "$(dirname "$0")/../.."
PLAYDEAD=${PLAYDEAD:-host/playdead}
out=${B:-build}/farm/lava
mkdir -p "$out"

qrun() { # name smp payload-options
	timeout -k 5 100 "$PLAYDEAD" run --smp "$2" --timeout 90 --log "$out/$1.log" -- $3 \
		cpuid_dump=bsp >"$out/$1.txt" 2>&1
}
qrun pass 2 "modes=hlt,trampoline provoke=none/nmi cycles=1"
qrun neg 4 "modes=hlt cycles=1 ignore_stop=2 fake_mismatch=3"
qrun lost 4 "modes=trampoline cycles=1 skip_sipi=2 ap_timeout_ms=500"

/usr/bin/python3 tests/farm/lava_check.py iso/lava \
	"$out/pass.log=hlt_none:pass,hlt_nmi:pass,trampoline_none:pass,trampoline_nmi:pass,bringup:pass,consistency:pass" \
	"$out/neg.log=hlt_none:fail,bringup:pass,consistency:fail" \
	"$out/lost.log=trampoline_none:fail,bringup:fail,consistency:pass"
