#!/usr/bin/env bash
# Figures, not pass/fail: boot to all-CPUs-up under TCG, serial bytes per
# CPU of the probe, host parse speed.
set -uo pipefail
cd "$(dirname "$0")/.."
B=${B:-build}
OUT=$B/bench
mkdir -p "$OUT"

echo "== boot to all CPUs up (QEMU TCG, q35, -cpu max)"
printf '%-6s %12s %14s %16s\n' smp wall_ms all_up_us_payload records
for n in 1 8 64; do
	start=$(date +%s%N)
	host/playdead run --smp "$n" --mem 512 --timeout 120 --log "$OUT/smp$n.log" -- cpuid_dump=none >/dev/null 2>&1
	end=$(date +%s%N)
	up=$(grep -o 'all_up_us=[0-9]*' "$OUT/smp$n.log" | head -1 | cut -d= -f2)
	recs=$(grep -c '^@PD' "$OUT/smp$n.log")
	printf '%-6s %12d %14s %16s\n' "$n" $(((end - start) / 1000000)) "${up:-?}" "$recs"
done

echo "== serial bytes per CPU of the probe"
printf '%-6s %12s %14s %14s\n' smp total_bytes bytes_per_cpu dump_bytes/cpu
for n in 1 8 64; do
	host/playdead run --smp "$n" --mem 512 --timeout 120 --log "$OUT/dump$n.log" >/dev/null 2>&1
	total=$(stat -c %s "$OUT/dump$n.log")
	dump=$(grep ' dump ' "$OUT/dump$n.log" | wc -c)
	printf '%-6s %12d %14d %14d\n' "$n" "$total" $((total / n)) $((dump / n))
done
echo "(at 115200 baud, 8N1: 11520 bytes/s)"

echo "== host parse speed"
"$B/bench_parse"
