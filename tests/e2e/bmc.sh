# shellcheck shell=bash
# Hangs recovered by the BMC's watchdog (QEMU's ipmi-bmc-sim, its watchdog
# resets the machine when it expires).  Sourced by run.sh (uses its
# PLAYDEAD, OUT, ok and bad) and by tests/soak.sh.

# The QEMU arguments of a KCS BMC at 0xCA2.
QEMU_BMC=(--qemu-arg -device --qemu-arg ipmi-bmc-sim,id=bmc0 --qemu-arg -device
	--qemu-arg isa-ipmi-kcs,bmc=bmc0)

# hang_check NAME TIMEOUT SMP MODES CYCLES PERCENT SEED
# The hung cycles must be exactly those the draw picks (inject_predict.py
# --hang, written from results/inject.h's definition), each recovered by the
# watchdog (the BMC's expiration flag for SMS/OS, bit 4 of Get Watchdog
# Timer's flags: IPMI v2.0 27.7), attributed to its cycle, mode and phase;
# every other cycle present and passing; the verdict pass.  The BMC's SEL
# holds the first expiry only: a watchdog 2 sensor event (IPMI v2.0 Table
# 42-3: sensor type 23h, offset 01h hard reset; event data 2 bits 3:0, timer
# use SMS/OS), reported for the first hung cycle.  QEMU's BMC logs a sensor
# offset on its first assertion only (hw/ipmi/ipmi_bmc_sim.c: nothing
# deasserts the watchdog sensor), so the later expiries leave no entry.
hang_check() {
	local name=$1 tmo=$2 smp=$3 modes=$4 cycles=$5 pct=$6 seed=$7 want got total t0 rc k
	total=$((cycles * $(tr ',' '\n' <<<"$modes" | wc -l)))
	want=$(/usr/bin/python3 tests/e2e/inject_predict.py "$seed" "$pct" "$cycles" "$modes" --hang 0)
	k=$(grep -c . <<<"$want")
	t0=$(date +%s)
	timeout -k 5 $((tmo + 10)) "$PLAYDEAD" run --smp "$smp" --timeout "$tmo" "${QEMU_BMC[@]}" \
		--log "$OUT/$name.log" --json "$OUT/$name.json" -- cpuid_dump=none \
		modes="$modes" cycles="$cycles" inject_hang="$pct" seed="$seed" >"$OUT/$name.txt" 2>&1
	rc=$?
	got=$(jq -r '.cycles[] | select(.hang and .injected) | "\(.n) \(.mode) \(.phase)"' \
		"$OUT/$name.json" 2>/dev/null)
	if [ "$rc" -ne 0 ]; then
		bad "$name" "exit status $rc, expected 0 (report: $OUT/$name.txt)"
	elif [ "$k" -eq 0 ]; then
		bad "$name" "seed $seed hangs no cycle: pick another"
	elif [ "$got" != "$want" ]; then
		bad "$name" "hung cycles differ from the draw: want [${want//$'\n'/; }] got [${got//$'\n'/; }]"
	elif ! jq -e --argjson k "$k" --argjson t "$total" --argjson first "${want%% *}" \
		'.verdict == "pass" and .watchdog.armed and .cycles_total == $t
		 and ([.cycles[].n] == [range($t)])
		 and ([.cycles[] | select(.hang) | .recovered_by == "watchdog"] | all)
		 and ([.restart_evidence[] | select(.watchdog == "expired" and .flags == "0x10")] | length) == $k
		 and ([.sel[] | select(.sensor_type == 35 and .offset == 1 and .timer_use == "SMS/OS")
		       | .n] == [$first])
		 and ([.cycles[] | select(.injected | not) | .passed and (.reset | not)] | all)
		 and ([.modes[] | .observed == "pass"] | all)' "$OUT/$name.json" >/dev/null; then
		bad "$name" "report: verdict, watchdog evidence or other cycles wrong ($OUT/$name.json)"
	else
		ok "$name ($k of $total cycles hung on purpose, each reset by the watchdog, $(($(date +%s) - t0))s)"
	fi
}

# qemu_standin DIR SMP OPTIONS: the command that powers on a QEMU standing
# in for a lab's machine: daemonized, COM1 to DIR/com1, its monitor on
# DIR/hmp.sock, the payload booted with OPTIONS.
qemu_standin() {
	printf '%s' "qemu-system-x86_64 -accel tcg,thread=multi -machine q35 -cpu max -smp $2 \
-m 256 -display none -vga none -nodefaults -daemonize -pidfile $1/qemu.pid -serial file:$1/com1 \
-monitor unix:$1/hmp.sock,server=on,wait=off -kernel payload/playdead.elf \
-append 'host_cpus=$2 $3'"
}

# collect_command_check: collect --connection-command reads a console
# command's output as run --target lab does (the machine powered on apart):
# a whole run, its PASS.
collect_command_check() {
	local d=$OUT/collect-command.lab rc
	rm -rf "$d" && mkdir -p "$d"
	if ! eval "$(qemu_standin "$d" 2 "modes=hlt cycles=2 cpuid_dump=none")"; then
		bad "collect-command" "QEMU did not start"
		return
	fi
	timeout -k 5 100 "$PLAYDEAD" collect --connection-command "tail -c +1 -F $d/com1" \
		--timeout 90 --json "$OUT/collect-command.json" >"$OUT/collect-command.txt" 2>&1
	rc=$?
	/usr/bin/python3 tests/e2e/qemu_hmp.py "$d/hmp.sock" quit 2>/dev/null
	if [ "$rc" -eq 0 ] && jq -e '.verdict == "pass" and .cycles_total == 2
		and ([.cycles[] | .passed] | all)' "$OUT/collect-command.json" >/dev/null; then
		ok "collect-command (a console command's output, 2 cycles, PASS)"
	else
		bad "collect-command" "exit $rc or not a whole passing run ($OUT/collect-command.txt)"
	fi
}

# silence_check NAME TIMEOUT SMP MODES CYCLES PERCENT SEED SILENCE
# The same hangs without a BMC (watchdog=off): only the host can end them.
# With --silence it resets QEMU through its monitor (system_reset) after
# SILENCE seconds without a record in a cycle; the hung cycles must be
# exactly those the draw picks, each recovered by the host (one host reset
# each, the restart record's watchdog unknown: no BMC to ask), every other
# cycle present and passing, the verdict pass.  Without --silence the same
# run hangs until --timeout.
#
# With a 9th argument "lab", the same through --target lab, as a lab runs a
# real machine: QEMU stands in for it, started by the power-on command
# (daemonized, COM1 to a file), the console is "tail -F" of that file, the
# hard reset and power off are its monitor's system_reset and quit
# (tests/e2e/qemu_hmp.py), and the host only runs those commands.
silence_check() {
	local name=$1 tmo=$2 smp=$3 modes=$4 cycles=$5 pct=$6 seed=$7 sil=$8 via=${9:-qemu}
	local want got total t0 rc k d popts
	total=$((cycles * $(tr ',' '\n' <<<"$modes" | wc -l)))
	want=$(/usr/bin/python3 tests/e2e/inject_predict.py "$seed" "$pct" "$cycles" "$modes" --hang 0)
	k=$(grep -c . <<<"$want")
	popts="cpuid_dump=none watchdog=off modes=$modes cycles=$cycles inject_hang=$pct seed=$seed"
	t0=$(date +%s)
	if [ "$via" = lab ]; then
		d=$OUT/$name.lab
		rm -rf "$d" && mkdir -p "$d"
		timeout -k 5 $((tmo + 10)) "$PLAYDEAD" run --target lab --timeout "$tmo" --silence "$sil" \
			--power-on-command "$(qemu_standin "$d" "$smp" "$popts")" \
			--connection-command "tail -c +1 -F $d/com1" \
			--hard-reset-command "/usr/bin/python3 tests/e2e/qemu_hmp.py $d/hmp.sock system_reset" \
			--power-off-command "/usr/bin/python3 tests/e2e/qemu_hmp.py $d/hmp.sock quit" \
			--log "$OUT/$name.log" --json "$OUT/$name.json" >"$OUT/$name.txt" 2>&1
		rc=$?
		[ -s "$d/qemu.pid" ] && kill "$(cat "$d/qemu.pid")" 2>/dev/null
	else
		# shellcheck disable=SC2086
		timeout -k 5 $((tmo + 10)) "$PLAYDEAD" run --smp "$smp" --timeout "$tmo" --silence "$sil" \
			--log "$OUT/$name.log" --json "$OUT/$name.json" -- $popts >"$OUT/$name.txt" 2>&1
		rc=$?
	fi
	got=$(jq -r '.cycles[] | select(.hang and .injected) | "\(.n) \(.mode) \(.phase)"' \
		"$OUT/$name.json" 2>/dev/null)
	if [ "$rc" -ne 0 ]; then
		bad "$name" "exit status $rc, expected 0 (report: $OUT/$name.txt)"
	elif [ "$k" -eq 0 ]; then
		bad "$name" "seed $seed hangs no cycle: pick another"
	elif [ "$got" != "$want" ]; then
		bad "$name" "hung cycles differ from the draw: want [${want//$'\n'/; }] got [${got//$'\n'/; }]"
	elif ! jq -e --argjson k "$k" --argjson t "$total" --argjson s "$sil" \
		'.verdict == "pass" and (.watchdog.armed | not) and .cycles_total == $t
		 and ([.cycles[].n] == [range($t)])
		 and ([.cycles[] | select(.hang) | .recovered_by == "host"] | all)
		 and .silence.seconds == $s and .silence.gave_up == false
		 and ([.silence.resets[].n] == [.cycles[] | select(.hang) | .n])
		 and .silence.hangs_recovered_by_host == $k and .silence.hangs_host == 0
		 and ([.restart_evidence[] | select(.watchdog == "unknown")] | length) == $k
		 and ([.cycles[] | select(.injected | not) | .passed and (.reset | not)] | all)
		 and ([.modes[] | .observed == "pass"] | all)' "$OUT/$name.json" >/dev/null; then
		bad "$name" "report: verdict, host resets or other cycles wrong ($OUT/$name.json)"
	elif [ "$(grep -c "; recovered by the host after $sil s of silence; " "$OUT/$name.txt")" -ne "$k" ]; then
		bad "$name" "the resets and hangs section does not say the host recovered $k cycles ($OUT/$name.txt)"
	else
		ok "$name ($k of $total cycles hung on purpose, each reset by the host after ${sil}s, $(($(date +%s) - t0))s)"
	fi
}

# --target lab's bad command lines: each refused with exit status 2 and a
# first line that says what is missing.
lab_args_check() {
	local bad_n=0 args want first rc
	while IFS='|' read -r args want; do
		# shellcheck disable=SC2086
		eval "\"\$PLAYDEAD\" run $args" >/dev/null 2>"$OUT/lab-args.err"
		rc=$?
		first=$(head -1 "$OUT/lab-args.err")
		if [ "$rc" -ne 2 ] || [[ "$first" != *"$want"* ]]; then
			bad "lab-args" "run $args: exit $rc, '$first' (want 2 and '$want')"
			bad_n=1
		fi
	done <<'EOT'
--target lab|wants --connection-command
--target lab --connection-command true --silence 10|--hard-reset-command: give it
--target lab --connection-command true -- cycles=1|none after --
--power-off-command true|go with --target lab
--target lab --connection-command ''|not an empty one
--target lab --connection-command true --silence 3|--silence wants whole seconds
EOT
	[ "$bad_n" -eq 0 ] && ok "lab-args (6 bad command lines refused, each saying why)"
}

[ -n "${INJ_ONLY_DEFS:-}" ] && return 0

lab_args_check
collect_command_check

# Two hangs (cycle 4 in handover, 5 at stop), each costing the watchdog's
# countdown (about 40 s under TCG: the cycle's limits, results/limits.h).
hang_check hang-watchdog 280 2 hlt,spin 4 25 4
# The same draw without a BMC: each hang costs the silence (15 s) and a
# reboot under TCG.
silence_check hang-silence 150 2 hlt,spin 4 25 4 15
# The same as a lab's machine: power, console and reset through commands.
silence_check lab-commands 150 2 hlt,spin 4 25 4 15 lab
