#!/usr/bin/env bash
# Long runs that make test cannot afford, one step each; the last line says
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

STEPS=(step_inject_60 step_safe_smp8)
for s in "${STEPS[@]}"; do
	echo "== $s"
	"$s"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
