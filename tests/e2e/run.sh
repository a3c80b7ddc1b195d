#!/usr/bin/env bash
# End-to-end tests: the payload under QEMU (TCG), driven and judged by the
# host tool.  Cases are data (cases.txt); a few log-handling checks follow.
# Prints one line per case and "e2e-summary PASS FAIL SKIP" last.
set -uo pipefail
cd "$(dirname "$0")/../.."

PLAYDEAD=${PLAYDEAD:-host/playdead}
OUT=${E2E_OUT:-build/e2e}
mkdir -p "$OUT"
pass=0 fail=0 skip=0

qemu_has_x2apic() { # TCG x2APIC arrived in QEMU 8.1
	local v
	v=$(qemu-system-x86_64 --version | sed -n 's/^QEMU emulator version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
	set -- $v
	[ "${1:-0}" -gt 8 ] || { [ "${1:-0}" -eq 8 ] && [ "${2:-0}" -ge 1 ]; }
}

ok() { echo "ok    $1"; pass=$((pass + 1)); }
bad() { echo "FAIL  $1: $2"; fail=$((fail + 1)); }

trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; printf '%s' "${s%"${s##*[![:space:]]}"}"; }

while IFS= read -r line; do
	case "$line" in '#'* | '') continue ;; esac
	IFS='|' read -r name tmo runopts popts want expr <<<"$line"
	name=$(trim "$name") tmo=$(trim "$tmo") runopts=$(trim "$runopts")
	popts=$(trim "$popts") want=$(trim "$want") expr=$(trim "$expr")
	if [[ $runopts == *@X2APIC* ]]; then
		runopts=${runopts//@X2APIC/}
		if ! qemu_has_x2apic; then
			echo "skip  $name: QEMU $(qemu-system-x86_64 --version | head -1 | awk '{print $4}') has no x2APIC under TCG (needs >= 8.1)"
			skip=$((skip + 1))
			continue
		fi
	fi
	args=()
	[ "$popts" = "-" ] || read -ra args <<<"$popts"
	# shellcheck disable=SC2086
	timeout -k 5 $((tmo + 10)) "$PLAYDEAD" run $runopts --timeout "$tmo" \
		--log "$OUT/$name.log" --json "$OUT/$name.json" -- "${args[@]}" >"$OUT/$name.txt" 2>&1
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		bad "$name" "exit status $rc, expected $want (report: $OUT/$name.txt)"
		tail -5 "$OUT/$name.txt" | sed 's/^/      /'
	elif ! jq -e "$expr" "$OUT/$name.json" >/dev/null 2>"$OUT/$name.jq"; then
		bad "$name" "assertion false: $expr"
	else
		ok "$name"
	fi
done <tests/e2e/cases.txt

# The same report from the saved serial log, from a file and from stdin.
log=$OUT/smp4-q35.log
if [ -s "$log" ]; then
	"$PLAYDEAD" report "$log" --format json >"$OUT/report-file.json" 2>/dev/null
	rc=$?
	if [ $rc -eq 0 ] && jq -e '.verdict == "pass" and (.cpus | length) == 4' "$OUT/report-file.json" >/dev/null; then
		ok "report-from-log"
	else
		bad "report-from-log" "exit $rc or wrong verdict"
	fi
	"$PLAYDEAD" collect --from - --timeout 20 --json "$OUT/collect-stdin.json" <"$log" >/dev/null 2>&1
	rc=$?
	if [ $rc -eq 0 ] && jq -e '.verdict == "pass"' "$OUT/collect-stdin.json" >/dev/null; then
		ok "collect-from-stdin"
	else
		bad "collect-from-stdin" "exit $rc"
	fi
	# Truncated log: no end record, so the run is broken (2), nothing crashes.
	head -c $(($(stat -c %s "$log") / 2)) "$log" >"$OUT/truncated.log"
	"$PLAYDEAD" report "$OUT/truncated.log" --format json >"$OUT/truncated.json" 2>/dev/null
	rc=$?
	if [ $rc -eq 2 ] && jq -e '.verdict == "broken"' "$OUT/truncated.json" >/dev/null; then
		ok "truncated-log"
	else
		bad "truncated-log" "exit $rc, expected 2"
	fi
	# Garbled: bytes flipped in some records, firmware noise inserted.
	awk 'NR % 7 == 3 { gsub(/cpu/, "cpX") } NR % 5 == 0 { print "BIOS noise \x01\x02 POST 0xAA" } { print }' \
		"$log" >"$OUT/garbled.log"
	"$PLAYDEAD" report "$OUT/garbled.log" --format json >"$OUT/garbled.json" 2>/dev/null
	rc=$?
	if [ $rc -le 2 ] && jq -e '.records.corrupt > 0 and .records.noise > 0' "$OUT/garbled.json" >/dev/null; then
		ok "garbled-log"
	else
		bad "garbled-log" "exit $rc, corrupt lines not counted"
	fi
	# A record sent twice counts once.
	cat "$log" "$log" >"$OUT/doubled.log"
	"$PLAYDEAD" report "$OUT/doubled.log" --format json >"$OUT/doubled.json" 2>/dev/null
	if jq -e '(.cpus | length) == 4 and .records.duplicates > 0' "$OUT/doubled.json" >/dev/null; then
		ok "duplicate-records"
	else
		bad "duplicate-records" "duplicates not folded"
	fi
else
	bad "log-checks" "no log from smp4-q35"
fi

# Boot lines as farms send them (consoles, SPCR, long lines).
# shellcheck source=tests/e2e/bootline.sh
. tests/e2e/bootline.sh

echo "e2e-summary $pass $fail $skip"
