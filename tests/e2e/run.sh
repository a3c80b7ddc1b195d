#!/usr/bin/env bash
# End-to-end tests: the payload under QEMU (TCG) or Bochs, driven and judged
# by the host tool, and the shared CPUID decoding on real CPUs' dumps.  The
# cases are data (cases.txt, its header says the keys); the checks that need
# a script follow: log handling, boot lines as farms send them, injected
# faults.  Prints one line per case and "e2e-summary PASS FAIL SKIP" last.
#
#   tests/e2e/run.sh                    every case and check
#   tests/e2e/run.sh -g GROUP... NAME...  the cases in a group or named (the
#                                       scripted checks by group: logs,
#                                       bootline, faults, bmc, serial, cpuid)
#   tests/e2e/run.sh --list             the cases and their groups
set -uo pipefail
cd "$(dirname "$0")/../.."

PLAYDEAD=${PLAYDEAD:-host/playdead}
# Bochs >= 2.8, built by make bochs from Debian's source (mk/bochs.sh): 2.7
# loses MWAIT sleepers.
export PLAYDEAD_BOCHS=${PLAYDEAD_BOCHS:-$PWD/build/bochs/bin/bochs}
OUT=${E2E_OUT:-build/e2e}
CASES=${E2E_CASES:-tests/e2e/cases.txt}
FIELD_CPUID=../shared/field-inputs/cpuid
pass=0 fail=0 skip=0

sel_groups=() sel_names=() list=0
while [ $# -gt 0 ]; do
	case $1 in
	-g) sel_groups+=("${2:?-g needs a group}"); shift 2 ;;
	--list) list=1; shift ;;
	-h | --help) sed -n '2,13p' "$0"; exit 0 ;;
	-*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	*) sel_names+=("$1"); shift ;;
	esac
done
selecting() { [ ${#sel_groups[@]} -gt 0 ] || [ ${#sel_names[@]} -gt 0 ]; }
# Is a scripted check of group $1 selected?
group_selected() {
	local g
	selecting || return 0
	for g in "${sel_groups[@]}"; do [ "$g" = "$1" ] && return 0; done
	return 1
}

ok() { echo "ok    $1"; pass=$((pass + 1)); }
bad() { echo "FAIL  $1: $2"; fail=$((fail + 1)); }
skipped() { echo "skip  $1: $2"; skip=$((skip + 1)); }

qemu_has_x2apic() { # TCG x2APIC arrived in QEMU 8.1
	local v
	v=$(qemu-system-x86_64 --version | sed -n 's/^QEMU emulator version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
	set -- $v
	[ "${1:-0}" -gt 8 ] || { [ "${1:-0}" -eq 8 ] && [ "${2:-0}" -ge 1 ]; }
}

# ---- cases.txt --------------------------------------------------------------
declare -A c ran
case_keys=" groups timeout run payload target needs exit check cpuid "

# Runs the case in c[] if selected; a case that cannot be run as written
# (unknown key, no check) fails, saying where.
run_case() {
	local name=${c[name]} g want rc args=() runopts
	if [ $list -eq 1 ]; then
		printf '%-20s %s\n' "$name" "${c[groups]:-}"
		return
	fi
	if selecting; then
		local hit=0
		for g in "${sel_names[@]}"; do [ "$g" = "$name" ] && hit=1; done
		for g in "${sel_groups[@]}"; do [[ " ${c[groups]:-} " == *" $g "* ]] && hit=1; done
		[ $hit -eq 1 ] || return
	fi
	if [ -n "${c[error]:-}" ]; then
		bad "$name" "${c[error]}"
		return
	fi
	if [ -z "${c[check]:-}" ] || [ -z "${c[groups]:-}" ]; then
		bad "$name" "$CASES:${c[line]}: a case needs groups and check"
		return
	fi
	want=${c[exit]:-0}
	ran[$name]=1
	if [ -n "${c[cpuid]:-}" ]; then
		if [ ! -f "$FIELD_CPUID/${c[cpuid]}" ]; then
			skipped "$name" "$FIELD_CPUID/${c[cpuid]} not found"
			return
		fi
		"$PLAYDEAD" cpuid "$FIELD_CPUID/${c[cpuid]}" --json >"$OUT/$name.json" 2>"$OUT/$name.txt"
		rc=$?
	else
		if [ -z "${c[timeout]:-}" ]; then
			bad "$name" "$CASES:${c[line]}: a run needs a timeout"
			return
		fi
		runopts=${c[run]:-}
		runopts=${runopts//@OUT/$OUT}
		if [ "${c[needs]:-}" = x2apic ] && ! qemu_has_x2apic; then
			skipped "$name" "QEMU $(qemu-system-x86_64 --version | head -1 | awk '{print $4}') has no x2APIC under TCG (needs >= 8.1)"
			return
		fi
		if [ "${c[target]:-}" = bochs ]; then
			if [ ! -x "$PLAYDEAD_BOCHS" ] || [ ! -r /usr/share/bochs/BIOS-bochs-latest ]; then
				skipped "$name" "no $PLAYDEAD_BOCHS or Bochs BIOS (make bochs; Debian bochsbios, vgabios)"
				return
			fi
			runopts="--target bochs $runopts"
		fi
		[ -z "${c[payload]:-}" ] || read -ra args <<<"${c[payload]}"
		# shellcheck disable=SC2086
		timeout -k 5 $((c[timeout] + 10)) "$PLAYDEAD" run $runopts --timeout "${c[timeout]}" \
			--log "$OUT/$name.log" --json "$OUT/$name.json" -- "${args[@]}" >"$OUT/$name.txt" 2>&1
		rc=$?
	fi
	if [ "$rc" -ne "$want" ]; then
		bad "$name" "exit status $rc, expected $want (report: $OUT/$name.txt)"
		tail -5 "$OUT/$name.txt" | sed 's/^/      /'
	elif ! jq -e "${c[check]}" "$OUT/$name.json" >/dev/null 2>"$OUT/$name.jq"; then
		bad "$name" "assertion false: ${c[check]}"
	else
		ok "$name"
	fi
}

read_cases() {
	local line n=0 key val last=
	c=()
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		case $line in
		'#'* | '') continue ;;
		$'\t'*)
			if [ -z "$last" ]; then
				c[error]="$CASES:$n: a continuation line with nothing above it"
			else
				val=${line#$'\t'}
				c[$last]="${c[$last]} $val"
			fi
			continue
			;;
		'['*']')
			[ -z "${c[name]:-}" ] || run_case
			c=([name]="${line:1:${#line}-2}" [line]=$n)
			last=
			continue
			;;
		esac
		if [ -z "${c[name]:-}" ]; then
			echo "FAIL  $CASES:$n: a line outside any [case]"
			fail=$((fail + 1))
			continue
		fi
		key=${line%%=*} val=${line#*=}
		key=${key//[[:space:]]/} val=${val#"${val%%[![:space:]]*}"}
		if [ "$key" = "$line" ] || [[ $case_keys != *" $key "* ]]; then
			c[error]="$CASES:$n: unknown key or no '=': $line"
			last=
			continue
		fi
		c[$key]=$val
		last=$key
	done <"$CASES"
	[ -z "${c[name]:-}" ] || run_case
}

if [ $list -eq 1 ]; then
	read_cases
	exit 0
fi
mkdir -p "$OUT"
# The hand-made ACPI EINJ table the mce-einj-* cases pass to QEMU.
/usr/bin/python3 tests/e2e/mkeinj.py "$OUT/einj.bin"
# A hostile MADT (an entry running past the table) for madt-second.
/usr/bin/python3 tests/e2e/mkmadt.py overlong "$OUT/madt-overlong.bin"
read_cases

# ---- scripted checks ----------------------------------------------------------
# EINJ: what the payload wrote to the table's registers, read back from its
# einj records: SET_ERROR_TYPE got 0x10 (memory uncorrectable non-fatal,
# ACPI 6.5 Table 18.30; the table offers 0x18) at BASE + 16.
if [ -n "${ran[mce-einj-refused]:-}" ] && [ -s "$OUT/mce-einj-refused.log" ]; then
	if grep -a 'einj action=set_error_type ' "$OUT/mce-einj-refused.log" |
		grep -q 'reg_addr=0xf000010 data=0x10 '; then
		ok "einj-registers"
	else
		bad "einj-registers" "SET_ERROR_TYPE did not write 0x10 to 0x0f000010"
	fi
fi

# The same report from the saved serial log, from a file and from stdin.
# (group logs, on smp4-q35's log)
log=$OUT/smp4-q35.log
if ! group_selected logs; then
	:
elif [ -n "${ran[smp4-q35]:-}" ] && [ -s "$log" ]; then
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
	bad "log-checks" "no log from smp4-q35 (run it: -g smoke -g logs)"
fi

# Negative control: one feature bit flipped on the E-core of the hybrid dump
# (leaf 1 ECX bit 0, SSE3) is a mismatch naming that CPU (x2APIC ID 0).
# (group cpuid)
if group_selected cpuid && [ -f "$FIELD_CPUID/intel-core-ultra-7-155h.cpu0-1-2.txt" ]; then
	awk '/Logical CPU #2/ { e = 1 } e && /^CPUID 00000001:/ { sub(/7FFAFBFF/, "7FFAFBFE") } { print }' \
		"$FIELD_CPUID/intel-core-ultra-7-155h.cpu0-1-2.txt" >"$OUT/mtl-flipped.txt"
	if "$PLAYDEAD" cpuid "$OUT/mtl-flipped.txt" --json >"$OUT/cpuid-mtl-flip.json" 2>/dev/null &&
		jq -e '.mismatch_registers == 1 and ([.mismatches[] | select(.leaf == "0x1" and .reg == "ecx" and .apics == [0])] | length) == 1' \
			"$OUT/cpuid-mtl-flip.json" >/dev/null; then
		ok "cpuid-mtl-flip"
	else
		bad "cpuid-mtl-flip" "flipped E-core feature bit not reported"
	fi
fi
# Boot lines as farms send them (consoles, SPCR, long lines): group bootline.
# shellcheck source=tests/e2e/bootline.sh
group_selected bootline && . tests/e2e/bootline.sh
# The relocation stub's console output: group serial.
# shellcheck source=tests/e2e/serial.sh
group_selected serial && . tests/e2e/serial.sh
# Injected resets and hostile platforms: group faults.
# shellcheck source=tests/e2e/faults.sh
group_selected faults && . tests/e2e/faults.sh
# Hangs recovered by the BMC watchdog: group bmc.
# shellcheck source=tests/e2e/bmc.sh
group_selected bmc && . tests/e2e/bmc.sh

echo "e2e-summary $pass $fail $skip"
