#!/usr/bin/env bash
# End-to-end tests: the payload under QEMU (TCG), driven and judged by the
# host tool.  Cases are data (cases.txt); a few log-handling checks follow.
# Cases marked @BOCHS run in Bochs instead (skipped when it is absent).
# Prints one line per case and "e2e-summary PASS FAIL SKIP" last.
set -uo pipefail
cd "$(dirname "$0")/../.."

PLAYDEAD=${PLAYDEAD:-host/playdead}
OUT=${E2E_OUT:-build/e2e}
mkdir -p "$OUT"
pass=0 fail=0 skip=0
# The hand-made ACPI EINJ table the mce-einj-* cases pass to QEMU.
/usr/bin/python3 tests/e2e/mkeinj.py "$OUT/einj.bin"

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
	runopts=${runopts//@OUT/$OUT}
	if [[ $runopts == *@BOCHS* ]]; then
		runopts=${runopts//@BOCHS/--target bochs}
		if ! command -v bochs >/dev/null || [ ! -r /usr/share/bochs/BIOS-bochs-latest ]; then
			echo "skip  $name: Bochs is not installed (Debian bochs, bochs-term, bochsbios, vgabios; make deps as root)"
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

# EINJ: what the payload wrote to the table's registers, read back from its
# einj records: SET_ERROR_TYPE got 0x10 (memory uncorrectable non-fatal,
# ACPI 6.5 Table 18.30; the table offers 0x18) at BASE + 16.
if [ -s "$OUT/mce-einj-refused.log" ]; then
	if grep -a 'einj action=set_error_type ' "$OUT/mce-einj-refused.log" |
		grep -q 'reg_addr=0xf000010 data=0x10 '; then
		ok "einj-registers"
	else
		bad "einj-registers" "SET_ERROR_TYPE did not write 0x10 to 0x0f000010"
	fi
fi

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
	# The same log as farms store it.  A LAVA job log written the way the
	# dispatcher writes one (lava_dispatcher/shell.py ShellLogger drops CR and
	# ESC and puts a backslash before every '"'; lava_common/log.py dumps
	# {dt, lvl, msg} with PyYAML, default_style='"': one double-quoted flow
	# mapping per line, '\' and '"' escaped), with one of the dispatcher's
	# own messages; and every line behind an ISO 8601 timestamp (as ts(1)
	# with a %Y-%m-%dT%H:%M:%.S%z format writes it).
	# Both must report what the plain log does.
	{
		echo '- {"dt": "2026-11-30T12:00:00", "lvl": "info", "msg": "start: 2.1 bootloader-commands"}'
		LC_ALL=C sed -e 's/\r//g; s/\x1b//g; s/"/\\"/g' -e 's/\\/\\\\/g; s/"/\\"/g' \
			-e 's/.*/- {"dt": "2026-11-30T12:00:00.000000", "lvl": "target", "msg": "&"}/' "$log"
	} >"$OUT/lava-job.yaml"
	LC_ALL=C awk '{ printf "2026-11-30T12:00:%02d.%06d+00:00 %s\n", NR % 60, NR, $0 }' "$log" >"$OUT/stamped.log"
	good=$(jq '.records.good' "$OUT/report-file.json")
	for w in lava-job.yaml:lava-yaml stamped.log:timestamped; do
		f=${w%%:*} fmt=${w#*:}
		"$PLAYDEAD" report "$OUT/$f" --format json >"$OUT/$f.json" 2>/dev/null
		rc=$?
		if [ $rc -eq 0 ] && [ -s "$OUT/$f.json" ] && jq -e --arg fmt "$fmt" --argjson good "${good:-0}" \
			'.verdict == "pass" and (.cpus | length) == 4 and .input.format == $fmt and .records.good == $good and $good > 0 and .records.corrupt == 0' \
			"$OUT/$f.json" >/dev/null; then
			ok "report-$fmt"
		else
			bad "report-$fmt" "exit $rc, or not the plain log's report"
		fi
	done
else
	bad "log-checks" "no log from smp4-q35"
fi

# The shared CPUID decoding on real processors' dumps (../shared/field-inputs,
# skipped when absent): MWAIT hint per SDM leaf 05H, no mismatch between
# the CPUs of a healthy machine, hybrid core types (field-inputs README).
fi_dir=../shared/field-inputs/cpuid
cpuid_case() { # name, file, jq expression
	if [ ! -f "$fi_dir/$2" ]; then
		echo "skip  $1: $fi_dir/$2 not found"
		skip=$((skip + 1))
		return
	fi
	if "$PLAYDEAD" cpuid "$fi_dir/$2" --json >"$OUT/$1.json" 2>"$OUT/$1.err" &&
		jq -e "$3" "$OUT/$1.json" >/dev/null; then
		ok "$1"
	else
		bad "$1" "assertion false: $3 (see $OUT/$1.json)"
	fi
}
cpuid_case cpuid-emr intel-xeon-platinum-8570.cpu0-3.txt \
	'.features.mwait_hint == 32 and .mismatch_registers == 0 and .core_types == null'
cpuid_case cpuid-spr intel-xeon-w7-2475x-sapphirerapids.cpu0.txt '.features.mwait_hint == 32'
cpuid_case cpuid-mtl intel-core-ultra-7-155h.cpu0-1-2.txt \
	'.features.mwait_hint == 96 and .mismatch_registers == 0 and (.mismatches | length) == 0 and .core_types == [{"type":"core","cpus":2},{"type":"atom","cpus":1}]'
cpuid_case cpuid-turin amd-epyc-9655-turin.cpu0.txt \
	'.features.mwait_hint == 1 and .features.sme and .features.sev and .features.sev_es and .features.snp'
cpuid_case cpuid-genoa amd-epyc-9654-genoa-dual.cpu0-383.txt \
	'.features.mwait_hint == 0 and .mismatch_registers == 0 and .cpus[1].package == 1 and .cpus[1].core == 95 and .cpus[1].thread == 1'
# Negative control: one feature bit flipped on the E-core of the hybrid dump
# (leaf 1 ECX bit 0, SSE3) is a mismatch naming that CPU (x2APIC ID 0).
if [ -f "$fi_dir/intel-core-ultra-7-155h.cpu0-1-2.txt" ]; then
	awk '/Logical CPU #2/ { e = 1 } e && /^CPUID 00000001:/ { sub(/7FFAFBFF/, "7FFAFBFE") } { print }' \
		"$fi_dir/intel-core-ultra-7-155h.cpu0-1-2.txt" >"$OUT/mtl-flipped.txt"
	if "$PLAYDEAD" cpuid "$OUT/mtl-flipped.txt" --json >"$OUT/cpuid-mtl-flip.json" 2>/dev/null &&
		jq -e '.mismatch_registers == 1 and ([.mismatches[] | select(.leaf == "0x1" and .reg == "ecx" and .apics == [0])] | length) == 1' \
			"$OUT/cpuid-mtl-flip.json" >/dev/null; then
		ok "cpuid-mtl-flip"
	else
		bad "cpuid-mtl-flip" "flipped E-core feature bit not reported"
	fi
fi
# Boot lines as farms send them (consoles, SPCR, long lines).
# shellcheck source=tests/e2e/bootline.sh
. tests/e2e/bootline.sh
# Injected resets and hostile platforms.
# shellcheck source=tests/e2e/faults.sh
. tests/e2e/faults.sh

echo "e2e-summary $pass $fail $skip"
