#!/usr/bin/env bash
# Seconds per cycle: a Linux kexec loop (tests/bench/linux_kexec.sh) beside
# playdead's safe modes, at the same -smp under the same QEMU (TCG, q35,
# -cpu $CPU (default max), 512 MB).  playdead's time per cycle is taken two ways: host
# wall clock ((run with N cycles - run with none) / N) and the payload's own
# phase times (timing=1, the cycle records' t= field).
# Usage: tests/bench/vs_linux.sh [SMP] [LINUX_CYCLES] [PLAYDEAD_CYCLES]
set -uo pipefail
cd "$(dirname "$0")/../.."
B=${B:-build}
OUT=$B/bench
smp=${1:-8}
lcycles=${2:-5}
pcycles=${3:-10}
mkdir -p "$OUT"

ms() { echo $(($(date +%s%N) / 1000000)); }

linux=$(bash tests/bench/linux_kexec.sh "$smp" "$lcycles" 240 | tail -1)
echo "$linux"
lsec=$(sed -n 's/.*s_per_cycle=\([0-9.]*\).*/\1/p' <<<"$linux")

t0=$(ms)
host/playdead run --tcg "${TCG:-auto}" --cpu "${CPU:-max}" --smp "$smp" --mem 512 --timeout 300 --log "$OUT/vs-base.log" -- \
	cpuid_dump=none cycles=0 >/dev/null 2>&1
base=$(($(ms) - t0))

printf '%-11s %10s %14s %16s\n' mode "ms/cycle" "ms/cycle(t=)" "Linux/playdead"
for mode in hlt mwait-kick init trampoline spin; do
	log=$OUT/vs-$mode.log
	t0=$(ms)
	host/playdead run --tcg "${TCG:-auto}" --cpu "${CPU:-max}" --smp "$smp" --mem 512 --timeout 300 --log "$log" -- \
		cpuid_dump=none modes="$mode" cycles="$pcycles" timing=1 >/dev/null 2>&1
	wall=$(($(ms) - t0))
	k=$(grep -c ' cycle n=' "$log")
	if grep -q ' cycle n=.* skipped=' "$log"; then
		printf '%-11s skipped (no MONITOR/MWAIT on this CPU model)\n' "$mode"
		continue
	fi
	phase=$(awk '/ cycle / && match($0, /t=[0-9\/]+/) {
			split(substr($0, RSTART + 2, RLENGTH - 2), t, "/")
			for (i = 1; i <= 5; i++) s += t[i]; n++ }
		END { if (n) printf "%.0f", s / n / 1000 }' "$log")
	awk -v m="$mode" -v w="$wall" -v b="$base" -v k="$k" -v p="${phase:-?}" -v l="${lsec:-}" 'BEGIN {
		if (!k) { printf "%-11s no cycles (see the log)\n", m; exit }
		pc = (w - b) / k
		printf "%-11s %10.0f %14s %16s\n", m, pc, p, (l == "" || pc <= 0) ? "?" : sprintf("%.0fx", l * 1000 / pc)
	}'
done
echo "(Linux: ${lsec:-?} s per kexec cycle at -smp $smp; its initrd repacking, which playdead does"
echo " not need, is pack_s of it)"
