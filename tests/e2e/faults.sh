# shellcheck shell=bash
# Injected faults: resets the payload makes on purpose (inject_reset), and
# hostile platforms.  Sourced by run.sh (uses its PLAYDEAD, OUT, ok, bad and
# skip counters) and by tests/soak.sh.

# inj_check NAME TIMEOUT SMP MODES CYCLES PERCENT SEED
# MODES in the schedule's order (the park mode enum's).  The injected
# cycles must be exactly those the draw picks (tests/e2e/inject_predict.py,
# written from the definition, not from the payload), each attributed to its
# cycle, mode and phase; every other cycle present and passing; verdict pass.
inj_check() {
	local name=$1 tmo=$2 smp=$3 modes=$4 cycles=$5 pct=$6 seed=$7 want got total t0 rc
	total=$((cycles * $(tr ',' '\n' <<<"$modes" | wc -l)))
	want=$(/usr/bin/python3 tests/e2e/inject_predict.py "$seed" "$pct" "$cycles" "$modes")
	t0=$(date +%s)
	timeout -k 5 $((tmo + 10)) "$PLAYDEAD" run --smp "$smp" --timeout "$tmo" \
		--log "$OUT/$name.log" --json "$OUT/$name.json" -- \
		modes="$modes" cycles="$cycles" inject_reset="$pct" seed="$seed" >"$OUT/$name.txt" 2>&1
	rc=$?
	inj_seconds=$(($(date +%s) - t0))
	got=$(jq -r '.cycles[] | select(.injected and .reset) | "\(.n) \(.mode) \(.phase)"' \
		"$OUT/$name.json" 2>/dev/null)
	inj_count=$(grep -c . <<<"$want")
	if [ "$rc" -ne 0 ]; then
		bad "$name" "exit status $rc, expected 0 (report: $OUT/$name.txt)"
	elif [ "$got" != "$want" ]; then
		bad "$name" "injected cycles differ from the draw: want [${want//$'\n'/; }] got [${got//$'\n'/; }]"
	elif ! jq -e --argjson k "$inj_count" --argjson t "$total" \
		'.verdict == "pass" and .resets_injected == $k and .injected_records == $k
		 and .resets_injected_expected == $k
		 and .cycles_total == $t and ([.cycles[].n] == [range($t)])
		 and ([.cycles[] | select(.injected | not) | .passed and (.reset | not)] | all)
		 and ([.modes[] | .observed == "pass"] | all)' "$OUT/$name.json" >/dev/null; then
		bad "$name" "report: verdict, counts or other cycles wrong ($OUT/$name.json)"
	else
		ok "$name ($inj_count of $total cycles reset on purpose, all attributed, ${inj_seconds}s)"
	fi
}

[ -n "${INJ_ONLY_DEFS:-}" ] && return 0

inj_check inject-reset 120 4 hlt,init,trampoline,spin 4 30 7

# A results area whose header CRC is right but whose fields are impossible
# (cursor past the last cycle; more CPUs than slots), preloaded where the
# payload is told to look: reported as bad_field, not trusted, a fresh run.
mkarea=$OUT/mkarea
if gcc -std=c11 -Wall -Wextra -Werror -O1 -I. -o "$mkarea" tests/e2e/mkarea.c results/area.c \
	results/crc32.c 2>"$OUT/mkarea.err"; then
	for kind in cursor ncpus; do
		name=area-$kind
		"$mkarea" 0x8000000 "$kind" "$OUT/$name.bin"
		timeout -k 5 70 "$PLAYDEAD" run --smp 2 --timeout 60 --qemu-arg -device \
			--qemu-arg "loader,file=$OUT/$name.bin,addr=0x8000000" --log "$OUT/$name.log" \
			--json "$OUT/$name.json" -- results=0x8000000 modes=hlt cycles=1 >"$OUT/$name.txt" 2>&1
		rc=$?
		if [ "$rc" -eq 0 ] && jq -e '([.errors[] | select(.code == "results_area" and .value == "bad_field")] | length) == 1
			and .cycles_total == 1 and .resets_injected == 0 and .modes[0].observed == "pass"' \
			"$OUT/$name.json" >/dev/null; then
			ok "$name (bad_field, started afresh)"
		else
			bad "$name" "exit $rc or no bad_field record ($OUT/$name.txt)"
		fi
	done
else
	bad "area-impossible" "mkarea does not build ($OUT/mkarea.err)"
fi
