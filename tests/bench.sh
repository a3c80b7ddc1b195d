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
		rm -f "$log.us"
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
				printf "%d\n", tot > (FILENAME ".us")
				printf "%-6s %-11s %8d %10.1f %12.1f   %d/%d/%d/%d/%d\n", smp, mode, k,
					1e6 / tot, bytes / k, sum[1]/k, sum[2]/k, sum[3]/k, sum[4]/k, sum[5]/k
			}' "$log"
	done
done
echo "(bytes/cycle: a passing cycle's record with its timing field; without timing=1 it is about 20 bytes less)"
echo "== cycle time at -smp 64 against -smp 8 (goal: at most 8x)"
printf '%-11s %12s %12s %8s\n' mode smp8_us smp64_us ratio
for mode in hlt mwait-kick init trampoline spin; do
	a=$(cat "$OUT/cyc-8-$mode.log.us" 2>/dev/null)
	b=$(cat "$OUT/cyc-64-$mode.log.us" 2>/dev/null)
	awk -v m="$mode" -v a="${a:-0}" -v b="${b:-0}" 'BEGIN {
		printf "%-11s %12d %12d %8s\n", m, a, b, (a > 0 && b > 0) ? sprintf("%.1fx", b / a) : "?" }'
done

echo "== Linux kexec loop vs playdead (-smp 8, same QEMU)"
echo "-cpu max:"
CPU=max bash tests/bench/vs_linux.sh 8 5 10
echo "-cpu qemu64:"
CPU=qemu64 bash tests/bench/vs_linux.sh 8 5 10

echo "== boot media: ISO size, QEMU start to first record per boot path"
bash tests/e2e/media.sh 2>&1 | grep -E 'ISO size|^ok|^FAIL|^skip'

echo "== fleet view: a thousand logs"
# From three real runs (a pass with a negative control, a failing group, a
# lost CPU), with their own run ids and four BIOS versions; some gz, some xz.
for c in "pass 2 modes=hlt,trampoline provoke=none/nmi cycles=1" \
	"late 4 modes=hlt cycles=1 ignore_stop=2" "lost 4 modes=trampoline cycles=1 skip_sipi=2 ap_timeout_ms=500"; do
	set -- $c
	name=$1 smp=$2
	shift 2
	timeout -k 5 100 host/playdead run --smp "$smp" --timeout 90 --log "$OUT/fleet-$name.log" -- "$@" >/dev/null 2>&1
done
rm -rf "$OUT/fleet"
bytes=$(/usr/bin/python3 tests/bench/fleet_corpus.py "$OUT/fleet" 1000 "$OUT"/fleet-{pass,late,lost}.log)
stored=$(du -sb "$OUT/fleet" | cut -f1)
start=$(date +%s%N)
/usr/bin/time -f '%M' -o "$OUT/fleet.rss" host/playdead fleet --format json --out "$OUT/fleet.json" "$OUT/fleet"
end=$(date +%s%N)
ms=$(((end - start) / 1000000))
[ "$ms" -gt 0 ] || ms=1
printf 'logs %s, machines %s, runs %s; %d MB log text (%d MB stored); %d ms: %d logs/s, %.1f MB/s; max RSS %s KiB\n' \
	"$(jq .logs_read "$OUT/fleet.json")" "$(jq '.machines | length' "$OUT/fleet.json")" \
	"$(jq .runs "$OUT/fleet.json")" $((bytes / 1000000)) $((stored / 1000000)) "$ms" \
	$((1000 * 1000 / ms)) "$(awk -v b="$bytes" -v t="$ms" 'BEGIN { print b / 1000 / t }')" "$(cat "$OUT/fleet.rss")"

# ---- the biggest servers: up to 768 CPUs (2 x 192 x 2, x2APIC) ----
# BIG_SIZES picks the sizes (default "8 64 256 768"); each 768-CPU QEMU run
# takes a minute or more of both host cores.
topo_of() { # CPUs -> host/playdead run options
	case $1 in
	256) echo "--smp-topology 2,64,2 --mem 2048" ;;
	512) echo "--smp-topology 2,128,2 --mem 2048" ;;
	768) echo "--smp-topology 2,192,2 --mem 2048" ;;
	*) echo "--smp $1 --mem 1024" ;;
	esac
}
echo "== probe bytes on the serial line: cpuid_dump=distinct (default) and all"
printf '%-6s %-9s %10s %8s %12s %10s %6s\n' cpus dump bytes B/cpu at115200_s wall_s sets
for n in ${BIG_SIZES:-8 64 256 768}; do
	for d in distinct all; do
		log="$OUT/big-probe-$n-$d.log"
		start=$(date +%s%N)
		# shellcheck disable=SC2046
		timeout -k 5 900 host/playdead run $(topo_of "$n") --timeout 880 --quiet --log "$log" \
			--json "$log.json" -- cycles=0 cpuid_dump="$d" >/dev/null 2>&1
		end=$(date +%s%N)
		bytes=$(grep -a '@PD' "$log" | wc -c)
		printf '%-6s %-9s %10d %8d %12.1f %10.1f %6s\n' "$n" "$d" "$bytes" $((bytes / n)) \
			"$(awk -v b="$bytes" 'BEGIN { print b / 11520 }')" \
			"$(awk -v t=$(((end - start) / 1000000)) 'BEGIN { print t / 1000 }')" \
			"$(jq '.dump.sets | length' "$log.json" 2>/dev/null)"
	done
done
echo "== cycle time and phases at scale (trampoline, 2 cycles, timing=1)"
printf '%-6s %10s   %s\n' cpus cycle_ms "mean phase us: stop/provoke/copy+boot/arrival/bring-up; wait limits"
for n in ${BIG_SIZES:-64 256 768}; do
	[ "$n" -ge 64 ] || continue
	log="$OUT/big-cycle-$n.log"
	# shellcheck disable=SC2046
	timeout -k 5 900 host/playdead run $(topo_of "$n") --timeout 880 --quiet --log "$log" -- \
		modes=trampoline cycles=2 timing=1 cpuid_dump=none >/dev/null 2>&1
	lim=$(grep -ao ' limits .*stop_us=[0-9]*' "$log" | grep -o 'stop_us=[0-9]*')
	awk -v n="$n" -v lim="$lim" '
		/ cycle / && match($0, /t=[0-9\/]+/) {
			k++; split(substr($0, RSTART + 2, RLENGTH - 2), t, "/")
			for (i = 1; i <= 5; i++) sum[i] += t[i]
		}
		END {
			if (!k) { printf "%-6s no cycles\n", n; exit }
			tot = 0; for (i = 1; i <= 5; i++) tot += sum[i] / k
			printf "%-6s %10d   %d/%d/%d/%d/%d; %s\n", n, tot / 1000,
				sum[1]/k, sum[2]/k, sum[3]/k, sum[4]/k, sum[5]/k, lim
		}' "$log"
done
