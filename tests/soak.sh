#!/usr/bin/env bash
# Long runs that make test cannot afford, one step each (SOAK_STEPS picks
# some: "step_big_768"); the last line says
# "N passed, N failed".  Steps are listed at the bottom: add new ones there.
#   SOAK_SAFE_CYCLES  cycles per mode of the safe-mode step (default 200:
#                     1,000 cycles over the five safe modes)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

PLAYDEAD=${PLAYDEAD:-host/playdead}
OUT=${OUT:-build/soak}
mkdir -p "$OUT"
pass=0 fail=0
ok() { echo "ok    $1"; pass=$((pass + 1)); }
bad() { echo "FAIL  $1: $2"; fail=$((fail + 1)); }

# shellcheck source=tests/e2e/faults.sh
INJ_ONLY_DEFS=1 . tests/e2e/faults.sh

# 60 cycles, about a third reset on purpose in every phase: each reset
# attributed to its cycle and mode, the schedule completes, nothing lost.
step_inject_60() {
	inj_check soak-inject-60 900 4 hlt,init,trampoline,spin 15 30 7
	echo "      injected resets: $inj_count of 60 cycles, ${inj_seconds}s"
}

# The safe modes at -smp 8: no false failure over many cycles.
step_safe_smp8() {
	local per=${SOAK_SAFE_CYCLES:-200} name=soak-safe-smp8 total t0 secs rc
	total=$((per * 5))
	t0=$(date +%s)
	timeout -k 5 $((per * 60 + 120)) "$PLAYDEAD" run --smp 8 --mem 512 \
		--timeout $((per * 60 + 100)) --log "$OUT/$name.log" --json "$OUT/$name.json" -- \
		modes=hlt,mwait-kick,init,trampoline,spin cycles="$per" >"$OUT/$name.txt" 2>&1
	rc=$?
	secs=$(($(date +%s) - t0))
	echo "      $name: $(jq -r '"\(.cycles_total) cycles, \([.cycles[] | select(.passed | not)] | length) failed"' \
		"$OUT/$name.json" 2>/dev/null), ${secs}s ($((secs * 1000 / (total > 0 ? total : 1))) ms per cycle)"
	if [ "$rc" -eq 0 ] && jq -e --argjson t "$total" \
		'.verdict == "pass" and .cycles_total == $t and ([.cycles[] | .passed] | all)' \
		"$OUT/$name.json" >/dev/null; then
		ok "$name ($total cycles)"
	else
		bad "$name" "exit $rc or a cycle not passed ($OUT/$name.txt)"
	fi
}

# The biggest servers: 768 CPUs (2 sockets x 192 cores x 2 threads, x2APIC)
# through every safe mode, SOAK_CYCLES each, with no false failure; then the
# ignore_stop control at that size, which must be caught as late.
TOPO=${SOAK_TOPOLOGY:-2,192,2}
CYCLES=${SOAK_CYCLES:-5}
MODES=${SOAK_MODES:-hlt mwait-kick init trampoline spin}
TMO=${SOAK_TIMEOUT:-3600}
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


# (mwait-kick: under TCG MWAIT returns at once, so its CPUs count as woke,
# which its matrix cell allows; ok + woke is every AP in every cycle.)
step_big_768() {
	for m in $MODES; do
		run "soak-$m" 0 ".verdict == \"pass\" and ([.cpus[] | select(.online)] | length) == $ncpus and .cycles_total == $CYCLES and .modes[0].observed == \"pass\" and .modes[0].outcomes.late == 0 and .modes[0].outcomes.lost == 0 and .modes[0].outcomes.ok + .modes[0].outcomes.woke == $(((ncpus - 1) * CYCLES))" \
			modes="$m" cycles="$CYCLES" timing=1 cpuid_dump=none
	done
	# The control: two CPUs deaf to the stop IPI (interrupts off) must be late,
	# however long the emulated waits are; nobody else.
	late=$(echo "$ids" | tr , '\n' | jq -sc .)
	run soak-ignore-stop 1 ".modes[0].outcomes.late == 2 and .modes[0].failing_cpus == $late and .modes[0].observed == \"fail\"" \
		modes=hlt cycles=1 timing=1 cpuid_dump=none ignore_stop="$ids"
}

STEPS=(step_inject_60 step_safe_smp8 step_big_768)
[ -n "${SOAK_STEPS:-}" ] && read -ra STEPS <<<"$SOAK_STEPS"
for s in "${STEPS[@]}"; do
	echo "== $s"
	"$s"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
