#!/usr/bin/env bash
# Figures, not pass/fail: boot to all-CPUs-up under TCG, serial bytes per
# CPU of the probe, host parse speed, fuzz targets' executions per second,
# parking cycles, a Linux kexec loop beside playdead's cycles.
set -uo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
OUT=$B/bench
mkdir -p "$OUT"

echo "== boot to all CPUs up (QEMU TCG, q35, -cpu max)"
printf '%-6s %12s %14s %16s\n' smp wall_ms all_up_us_payload records
for n in 1 8 64; do
	start=$(date +%s%N)
	host/playdead run --smp "$n" --mem 512 --timeout 120 --log "$OUT/smp$n.log" -- cpuid_dump=none cycles=0 >/dev/null 2>&1
	end=$(date +%s%N)
	up=$(grep -o 'all_up_us=[0-9]*' "$OUT/smp$n.log" | head -1 | cut -d= -f2)
	recs=$(grep -c '^@PD' "$OUT/smp$n.log")
	printf '%-6s %12d %14s %16s\n' "$n" $(((end - start) / 1000000)) "${up:-?}" "$recs"
done

echo "== serial bytes per CPU of the probe"
printf '%-6s %12s %14s %14s\n' smp total_bytes bytes_per_cpu dump_bytes/cpu
for n in 1 8 64; do
	host/playdead run --smp "$n" --mem 512 --timeout 120 --log "$OUT/dump$n.log" -- cycles=0 >/dev/null 2>&1
	total=$(stat -c %s "$OUT/dump$n.log")
	dump=$(grep ' dump ' "$OUT/dump$n.log" | wc -c)
	printf '%-6s %12d %14d %14d\n' "$n" "$total" $((total / n)) $((dump / n))
done
echo "(at 115200 baud, 8N1: 11520 bytes/s)"

echo "== host parse speed"
"$B/bench_parse"

echo "== fuzz targets: executions per second (ASan+UBSan, 20 s each, from the tree corpus)"
if ls "$B"/fuzz/fuzz_* >/dev/null 2>&1; then
	FUZZ_MERGE=0 bash tests/fuzz/run.sh 20 2>&1 | sed -n '/^== fuzzing: executions/,$p'
else
	echo "(not built: make test-build)"
fi

echo "== parking cycles (QEMU TCG): cycles per second per mode, phase times"
printf '%-6s %-11s %8s %10s %12s   %s\n' smp mode cycles cycles/s bytes/cycle "mean phase us: stop/provoke/copy+boot/arrival/bring-up"
for n in 1 8 64; do
	for mode in hlt mwait-kick init trampoline spin; do
		c=10
		[ "$n" -eq 64 ] && c=4
		log="$OUT/cyc-$n-$mode.log"
		host/playdead run --smp "$n" --mem 512 --timeout 300 --log "$log" -- \
			cpuid_dump=none modes="$mode" cycles="$c" timing=1 >/dev/null 2>&1
		awk -v smp="$n" -v mode="$mode" '
			/ cycle / {
				k++; bytes += length($0) + 1
				if (match($0, /t=[0-9\/]+/)) {
					split(substr($0, RSTART + 2, RLENGTH - 2), t, "/")
					for (i = 1; i <= 5; i++) sum[i] += t[i]
				}
			}
			END {
				if (!k) { printf "%-6s %-11s no cycles\n", smp, mode; exit }
				tot = 0; for (i = 1; i <= 5; i++) tot += sum[i] / k
				printf "%-6s %-11s %8d %10.1f %12.1f   %d/%d/%d/%d/%d\n", smp, mode, k,
					1e6 / tot, bytes / k, sum[1]/k, sum[2]/k, sum[3]/k, sum[4]/k, sum[5]/k
			}' "$log"
	done
done
echo "(bytes/cycle: a passing cycle's record with its timing field; without timing=1 it is about 20 bytes less)"

echo "== Linux kexec loop vs playdead (-smp 8, same QEMU)"
bash tests/bench/vs_linux.sh 8 5 10

echo "== boot media: ISO size, QEMU start to first record per boot path"
bash tests/e2e/media.sh 2>&1 | grep -E 'ISO size|^ok|^FAIL|^skip'
