#!/usr/bin/env bash
# Faults in the serial stream, with ground truth: a short QEMU run's log is
# damaged at known places by tests/faults/corrupt.py (seeded: bit flips in
# records, lost lines, duplicated lines, lines reordered, firmware noise and
# NULs, lines at the wrong baud rate, truncation), the host tool reports on
# it, and tests/faults/check.py asserts the report counts exactly what was
# done, accepts no damaged record, and never calls a run that lost a cycle
# record a pass.  Ends with "faults-summary PASSED FAILED SKIPPED".
set -uo pipefail
cd "$(dirname "$0")/../.."
B=${B:-build}
PLAYDEAD=${PLAYDEAD:-host/playdead}
PY=/usr/bin/python3
OUT=$B/faults
rm -rf "$OUT"
mkdir -p "$OUT"
pass=0 fail=0 skip=0

clean=$OUT/clean.log
if ! timeout -k 5 150 "$PLAYDEAD" run --smp 4 --timeout 120 --log "$clean" -- \
	modes=hlt,trampoline cycles=3 >"$OUT/clean.out" 2>&1; then
	echo "skip: the QEMU run for the clean log failed (see $OUT/clean.out)"
	echo "faults-summary 0 0 1"
	exit 0
fi
"$PLAYDEAD" report --format json "$clean" >"$OUT/clean.json" 2>/dev/null
if jq -e '.verdict == "pass" and .records.corrupt == 0 and .records.gaps == 0 and
	.records.duplicates == 0 and .cycles_total == 6' "$OUT/clean.json" >/dev/null; then
	echo "ok   clean log: pass, $(jq .records.good "$OUT/clean.json") records, 6 cycles"
	pass=$((pass + 1))
else
	echo "FAIL clean log is not a clean pass: $(jq -c '{verdict, records}' "$OUT/clean.json")"
	echo "faults-summary 0 1 0"
	exit 0
fi

# fault(s) | count | seed
cases=(
	"flip 10 1" "flip 10 2" "flip 20 3"
	"drop 5 1" "drop 5 4" "dropcycle 1 1" "dropcycle 2 2"
	"dup 5 1" "dup 12 2"
	"reorder 6 1" "reorder 12 2"
	"noise 8 1" "noise 8 2"
	"garble 5 1" "garble 3 6"
	"truncate 1 1" "truncate 1 4" "truncate 1 5"
	"flip,drop,dup,noise 5 3" "flip,dropcycle,dup,noise,reorder,garble 3 7"
	"flip,drop,dup,noise,reorder,garble,truncate 4 8"
)
for c in "${cases[@]}"; do
	read -r f k seed <<<"$c"
	name="$f x$k seed $seed"
	base=$OUT/$(tr ',' '+' <<<"$f")-$k-$seed
	if ! "$PY" tests/faults/corrupt.py --seed "$seed" --fault "$f" --count "$k" \
		"$clean" "$base.log" "$base.truth.json" 2>"$base.err"; then
		echo "FAIL $name: corrupt.py: $(cat "$base.err")"
		fail=$((fail + 1))
		continue
	fi
	"$PLAYDEAD" report --format json "$base.log" >"$base.json" 2>"$base.report.err"
	rc=$?
	if [ "$rc" -gt 2 ] || ! jq -e . "$base.json" >/dev/null 2>&1; then
		echo "FAIL $name: report exit $rc, no JSON"
		fail=$((fail + 1))
	elif "$PY" tests/faults/check.py "$base.truth.json" "$base.json" >"$base.check"; then
		echo "ok   $name: $(jq -c .expect "$base.truth.json") verdict $(jq -r .verdict "$base.json")"
		pass=$((pass + 1))
	else
		echo "FAIL $name:"
		sed 's/^/       /' "$base.check"
		fail=$((fail + 1))
	fi
done

# Negative control: the checker must notice a report that does not match.
# The truth of an undamaged copy (no records lost) against the report of a
# log with dropped and flipped records.
"$PY" tests/faults/corrupt.py --seed 1 --fault dup --count 0 "$clean" "$OUT/nc.log" \
	"$OUT/nc.truth.json" &&
	"$PY" tests/faults/corrupt.py --seed 1 --fault flip,dropcycle --count 2 "$clean" \
		"$OUT/nc-bad.log" "$OUT/nc-bad.truth.json" &&
	"$PLAYDEAD" report --format json "$OUT/nc-bad.log" >"$OUT/nc-bad.json" 2>/dev/null
if "$PY" tests/faults/check.py "$OUT/nc.truth.json" "$OUT/nc-bad.json" >"$OUT/nc.check"; then
	echo "FAIL negative control: check.py accepted a report of a damaged log as undamaged"
	fail=$((fail + 1))
else
	echo "ok   negative control: check.py refuses a mismatched report ($(wc -l <"$OUT/nc.check") findings)"
	pass=$((pass + 1))
fi

echo "faults-summary $pass $fail $skip"
