#!/usr/bin/env bash
# Fuzzes every libFuzzer target (build/fuzz/fuzz_*, ASan+UBSan) for SECONDS
# each, then:
#   - merges what it found into tests/fuzz/corpus/<target>/, minimized
#     (libFuzzer -merge=1: the smallest set of inputs with the same
#     coverage), so the next run and `make test` start from it;
#   - copies any crash, leak or timeout input to
#     tests/fuzz/regressions/<target>/, which `make test` replays;
#   - prints executions per second per target: libFuzzer's own figure
#     (wall clock, shared machine included) and per CPU second, with what
#     an hour would reach.
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]   (default $FUZZ_SECONDS, else 300)
#        FUZZ_MERGE=0: leave tests/fuzz/corpus as it is (measuring only).
#        FUZZ_RUNS=N: a target stops after N executions if that comes first
#        (FUZZ_RUNS=10000000 shows how long 10^7 takes).
# Exit status: 0 when no target crashed.
set -uo pipefail
cd "$(dirname "$0")/../.."
. tests/fuzz/options.sh

B=${B:-build}
secs=${1:-${FUZZ_SECONDS:-300}}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for t in "$B"/fuzz/fuzz_*; do [ -x "$t" ] && targets+=("$(basename "$t")"); done
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no targets in $B/fuzz (make test-build)"; exit 1; }

fail=0
summary=()
for name in "${targets[@]}"; do
	bin=$B/fuzz/$name
	[ -x "$bin" ] || { echo "fuzz/$name: not built"; fail=1; continue; }
	corpus=tests/fuzz/corpus/$name
	work=$B/fuzz-work/$name
	crashes=$B/fuzz-crash/$name
	log=$B/fuzz-$name.log
	rm -rf "$work" "$crashes"
	mkdir -p "$corpus" "$work" "$crashes"
	seeds=("$corpus")
	[ -d "tests/fuzz/seeds/$name" ] && seeds+=("tests/fuzz/seeds/$name")

	echo "== fuzz/$name: ${secs}s (max_len $(fuzz_max_len "$name"))"
	TIMEFORMAT='%U %S'
	{ time ASAN_OPTIONS=$FUZZ_ASAN_OPTIONS timeout -k 10 $((secs + 120)) "$bin" \
		-max_total_time="$secs" ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} -max_len="$(fuzz_max_len "$name")" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes/" \
		"$work" "${seeds[@]}" >"$log" 2>&1; } 2>"$log.time"
	rc=$?
	read -r ut st <"$log.time"

	found=0
	for f in "$crashes"/*; do
		[ -f "$f" ] || continue
		mkdir -p "tests/fuzz/regressions/$name"
		cp "$f" "tests/fuzz/regressions/$name/$(basename "$f")"
		echo "fuzz/$name: $(basename "$f") kept in tests/fuzz/regressions/$name/"
		found=1
	done
	if [ "$rc" -ne 0 ] || [ "$found" -eq 1 ]; then
		echo "fuzz/$name: FAILED (exit $rc)"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -5
		fail=1
	fi

	# Minimize: the tree corpus plus today's finds, down to what adds coverage
	# (not for make bench, which only measures: FUZZ_MERGE=0).
	merged=$B/fuzz-merged/$name
	rm -rf "$merged"
	mkdir -p "$merged"
	if [ "${FUZZ_MERGE:-1}" = 0 ]; then
		:
	elif ASAN_OPTIONS=$FUZZ_ASAN_OPTIONS timeout -k 10 600 "$bin" -merge=1 -rss_limit_mb=2048 \
		"$merged" "$corpus" "$work" >"$log.merge" 2>&1; then
		rm -f "$corpus"/*
		cp "$merged"/* "$corpus"/ 2>/dev/null
		# Over its share of the budget: the largest inputs go (they cost
		# the most per run; what they reach, smaller ones mostly do).
		dropped=$(find "$corpus" -type f -printf '%s %p\n' | sort -n |
			awk -v cap="$FUZZ_TARGET_BUDGET" '{ sum += $1 } sum > cap {
				sub(/^[0-9]+ /, ""); print; n++ } END { print n + 0 > "/dev/stderr" }' \
			2>&1 >"$merged.drop")
		xargs -r -d '\n' rm -f <"$merged.drop"
		[ "$dropped" = 0 ] || echo "fuzz/$name: $dropped largest inputs left out of the corpus (budget)"
	else
		echo "fuzz/$name: merge failed, corpus left as it was (see $log.merge)"
	fi

	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	wall=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cpu=$(awk -v n="${execs:-0}" -v u="${ut:-0}" -v s="${st:-0}" \
		'BEGIN { t = u + s; printf "%.0f", (t > 0 ? n / t : 0) }')
	files=$(find "$corpus" -type f | wc -l)
	bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
	summary+=("$(printf '%-14s %10s %7s %9s %11s %11s %11s %7s %8s' "$name" "${execs:-?}" \
		"$(awk -v u="${ut:-0}" -v s="${st:-0}" 'BEGIN { printf "%.0f", u + s }')" \
		"${wall:-?}" "$cpu" "$(awk -v c="${wall:-0}" 'BEGIN { printf "%.1e", c * 3600 }')" \
		"$(awk -v c="$cpu" 'BEGIN { printf "%.1e", c * 3600 }')" "$files" "$bytes")")
done

echo "== fuzzing: executions per second (wall: libFuzzer's figure on this shared machine)"
printf '%-14s %10s %7s %9s %11s %11s %11s %7s %8s\n' target execs cpu-s exec/s exec/cpu-s \
	"1h: wall" "1h: 1 cpu" files bytes
printf '%s\n' "${summary[@]}"
total=$(find tests/fuzz/corpus -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
echo "corpus in tests/fuzz/corpus: $total bytes"
exit "$fail"
