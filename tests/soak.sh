#!/usr/bin/env bash
# Soak at the size of the biggest servers: 768 CPUs (2 sockets x 192 cores x
# 2 threads, x2APIC) through every safe mode, 5 cycles each, with no false
# failure; then the ignore_stop control at that size, which must be caught as
# late.  Not part of 'make test': under TCG this takes a long while.
# Prints one line per run with its wall time and "soak-summary PASS FAIL".
set -uo pipefail
cd "$(dirname "$0")/.."

PLAYDEAD=${PLAYDEAD:-host/playdead}
OUT=${SOAK_OUT:-build/soak}
TOPO=${SOAK_TOPOLOGY:-2,192,2}
CYCLES=${SOAK_CYCLES:-5}
MODES=${SOAK_MODES:-hlt mwait-kick init trampoline spin}
TMO=${SOAK_TIMEOUT:-3600}
mkdir -p "$OUT"
pass=0 fail=0
IFS=, read -r sockets cores threads <<<"$TOPO"
ncpus=$((sockets * cores * threads))

# Two APIC IDs that exist in this topology: thread 1 of core 1 of package 0,
# and thread 0 of the last core of the last package.
ids=$(/usr/bin/python3 - "$sockets" "$cores" "$threads" <<'PY'
import sys
s, c, t = map(int, sys.argv[1:])
bits = lambda n: (n - 1).bit_length()
tb, cb = bits(t), bits(c)
print(f"{(1 << tb) | 1},{((s - 1) << (tb + cb)) | ((c - 1) << tb)}")
PY
)

run() { # name, expected exit, jq assertion, payload options...
	local name=$1 want=$2 expr=$3 start end rc
	shift 3
	start=$(date +%s)
	timeout -k 5 $((TMO + 30)) "$PLAYDEAD" run --smp-topology "$TOPO" --mem 2048 --timeout "$TMO" \
		--quiet --log "$OUT/$name.log" --json "$OUT/$name.json" -- "$@" >"$OUT/$name.txt" 2>&1
	rc=$?
	end=$(date +%s)
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL  $name: exit status $rc, expected $want ($((end - start)) s; $OUT/$name.txt)"
		fail=$((fail + 1))
	elif ! jq -e "$expr" "$OUT/$name.json" >/dev/null; then
		echo "FAIL  $name: assertion false: $expr ($((end - start)) s)"
		fail=$((fail + 1))
	else
		echo "ok    $name: $((end - start)) s, cycle times (us, stop/provoke/copy+boot/arrival/bring-up):"
		grep -o ' cycle n=[0-9]* .* t=[0-9/]*' "$OUT/$name.log" | sed 's/^ cycle /      /'
		pass=$((pass + 1))
	fi
}

for m in $MODES; do
	run "soak-$m" 0 ".verdict == \"pass\" and ([.cpus[] | select(.online)] | length) == $ncpus and .cycles_total == $CYCLES and .modes[0].outcomes.late == 0 and .modes[0].outcomes.lost == 0 and .modes[0].outcomes.ok == $(((ncpus - 1) * CYCLES))" \
		modes="$m" cycles="$CYCLES" timing=1 cpuid_dump=none
done
# The control: two CPUs deaf to the stop IPI (interrupts off) must be late,
# however long the emulated waits are; nobody else.
late=$(echo "$ids" | tr , '\n' | jq -sc .)
run soak-ignore-stop 1 ".modes[0].outcomes.late == 2 and .modes[0].failing_cpus == $late and .modes[0].observed == \"fail\"" \
	modes=hlt cycles=1 timing=1 cpuid_dump=none ignore_stop="$ids"
echo "soak-summary $pass $fail"
[ "$fail" -eq 0 ]
