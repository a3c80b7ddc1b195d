#!/usr/bin/env bash
# Runs every suite and ends with one line: "N passed, N failed, N skipped".
# Suites: unit tests (cmocka) plain and under ASan+UBSan, short libFuzzer
# runs, golden reports (tests/golden/), the payload's include layout,
# end-to-end QEMU runs driven by the host tool built with ASan+UBSan,
# damaged serial streams against ground truth, the HTML and JUnit reports
# read by Chromium and junitparser.
set -uo pipefail
cd "$(dirname "$0")/.."

B=${B:-build}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
pass=0 fail=0 skip=0

count_cmocka() { # binary, label
	local out rc p f s
	out=$("$1" 2>&1)
	rc=$?
	p=$(grep -c '^\[       OK \]' <<<"$out")
	f=$(grep '^\[  FAILED  \]' <<<"$out" | grep -vc 'test(s)')
	s=$(grep '^\[  SKIPPED \]' <<<"$out" | grep -vc 'test(s)')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	[ "$f" -gt 0 ] && printf '%s\n' "$out" | grep -E 'FAILED|ERROR|error|Error' | head -20
	grep '^\[  SKIPPED \]' <<<"$out" | grep -v 'test(s)' | sed "s|^|  $2: |"
	grep -h '^skip:' <<<"$out" | sed "s|^|  $2: |"
	echo "$2: $p passed, $f failed, $s skipped"
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
}

echo "== unit tests"
for t in "$B"/unit/test_*; do [ -x "$t" ] && count_cmocka "$t" "unit/$(basename "$t")"; done
echo "== unit tests under ASan+UBSan"
for t in "$B"/unit-asan/test_*; do [ -x "$t" ] && count_cmocka "$t" "asan/$(basename "$t")"; done

echo "== fuzzing (${FUZZ_SECONDS}s per target, from tests/fuzz/corpus and seeds)"
. tests/fuzz/options.sh
for t in "$B"/fuzz/fuzz_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	# Inputs that once crashed a target: each must now run clean.
	for r in tests/fuzz/regressions/"$name"/*; do
		[ -f "$r" ] || continue
		if ASAN_OPTIONS=$FUZZ_ASAN_OPTIONS timeout 60 "$t" "$r" >"$B/$name.regression.log" 2>&1; then
			pass=$((pass + 1))
		else
			echo "fuzz/$name: regression $(basename "$r") FAILED"
			tail -20 "$B/$name.regression.log"
			fail=$((fail + 1))
		fi
	done
	# A short run; new finds go to the build tree only (make fuzz keeps them).
	corpus="$B/fuzz-corpus/$name"
	mkdir -p "$corpus"
	seeds=()
	for d in "tests/fuzz/corpus/$name" "tests/fuzz/seeds/$name"; do
		[ -d "$d" ] && seeds+=("$d")
	done
	if ASAN_OPTIONS=$FUZZ_ASAN_OPTIONS timeout $((FUZZ_SECONDS + 60)) "$t" \
		-max_total_time="$FUZZ_SECONDS" -max_len="$(fuzz_max_len "$name")" -rss_limit_mb=2048 \
		-artifact_prefix="$B/fuzz-" "$corpus" "${seeds[@]}" >"$B/$name.log" 2>&1; then
		echo "fuzz/$name: ok ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$B/$name.log" || tail -1 "$B/$name.log" | cut -c1-80))"
		pass=$((pass + 1))
	else
		echo "fuzz/$name: FAILED"; tail -30 "$B/$name.log"
		fail=$((fail + 1))
	fi
done

# A suite script ending with "<key>-summary PASS FAIL SKIP": its output
# without that line, its counts added.
count_suite() { # key, command...
	local key=$1 out p f s
	shift
	out=$("$@" 2>&1)
	echo "$out" | grep -v "^$key-summary"
	read -r p f s < <(echo "$out" | sed -n "s/^$key-summary \([0-9]*\) \([0-9]*\) \([0-9]*\)\$/\1 \2 \3/p")
	if [ -z "${p:-}" ]; then p=0 f=1 s=0; echo "$key: runner broke"; fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
}

echo "== golden reports: real logs against their expected text and JSON reports (host tool with ASan+UBSan)"
count_suite golden env PLAYDEAD="$B/playdead-asan" bash tests/golden/run.sh
echo "== payload layout: includes follow the data flow (tests/layout/deps.sh)"
count_suite layout bash tests/layout/deps.sh
echo "== payload machine code: MFENCE; LFENCE before every x2APIC WRMSR (tests/layout/fences.sh)"
count_suite fences bash tests/layout/fences.sh
echo "== end to end under QEMU (host tool with ASan+UBSan)"
count_suite e2e env PLAYDEAD="$B/playdead-asan" bash tests/e2e/run.sh
echo "== faults in the serial stream, against ground truth (host tool with ASan+UBSan)"
count_suite faults env PLAYDEAD="$B/playdead-asan" B="$B" bash tests/faults/run.sh
echo "== HTML and JUnit reports (headless Chromium, junitparser)"
count_suite report env PLAYDEAD="$B/playdead-asan" B="$B" bash tests/report/run.sh
echo "== farm: LAVA jobs and patterns, progress line, TCP reconnect (host tool with ASan+UBSan)"
count_suite farm env PLAYDEAD="$B/playdead-asan" bash tests/farm/run.sh

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
