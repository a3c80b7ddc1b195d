# shellcheck shell=bash
# Boot lines as farms send them: consoles named in Linux's syntax, the ACPI
# SPCR's UART, a farm's 1 KiB prefix, lines over 4 KiB.  Sourced by run.sh
# (uses its PLAYDEAD, OUT, ok, bad and skip counters).

# Runs the payload; $1 case name, $2 timeout, then host options, then
# "--" and payload options.  Leaves $OUT/<name>.{log,json,txt}; sets rc.
bl_run() {
	local name=$1 tmo=$2
	shift 2
	timeout -k 5 $((tmo + 10)) "$PLAYDEAD" run --timeout "$tmo" --log "$OUT/$name.log" \
		--json "$OUT/$name.json" "$@" >"$OUT/$name.txt" 2>&1
	rc=$?
}

# The first boot record's field $2 in log $1.
bl_boot_field() {
	grep -m1 -o " boot .*" "$1" | grep -o " $2=[^ ]*" | head -1 | cut -d= -f2-
}

# COM1 in a file, the collected UART elsewhere: nothing of ours on COM1.
bl_com1_args() {
	: >"$OUT/$1.com1"
	# shellcheck disable=SC2054 # commas belong to QEMU's option values
	com1=(--qemu-arg -chardev --qemu-arg "file,id=com1,path=$OUT/$1.com1"
		--qemu-arg -device --qemu-arg isa-serial,chardev=com1,index=0)
}

bl_field() { # name, boot record field, expected value: ok or bad
	local got
	got=$(bl_boot_field "$OUT/$1.log" "$2")
	if [ "$got" = "$3" ]; then
		ok "$1 ($2=$3)"
	else
		bad "$1" "boot record $2=$got, expected $3"
	fi
}

bl_check() { # name, expected exit, jq expression, [extra shell test]
	local name=$1 want=$2 expr=$3
	if [ "$rc" -ne "$want" ]; then
		bad "$name" "exit status $rc, expected $want (report: $OUT/$name.txt)"
		tail -5 "$OUT/$name.txt" | sed 's/^/      /'
	elif ! jq -e "$expr" "$OUT/$name.json" >/dev/null 2>&1; then
		bad "$name" "assertion false: $expr"
	elif [ -f "$OUT/$name.com1" ] && grep -q '@PD' "$OUT/$name.com1"; then
		bad "$name" "records on COM1 ($OUT/$name.com1)"
	else
		return 0
	fi
	return 1
}

# console=ttyS1 as LAVA's x86 template gives it: everything on COM2.
bl_com1_args bl-console-ttyS1
bl_run bl-console-ttyS1 60 --smp 2 --serial-device isa-serial,index=1 "${com1[@]}" -- \
	console=ttyS1,115200n8 lava_mac=00:90:05:af:00:7d cycles=0
if bl_check bl-console-ttyS1 0 '.verdict == "pass" and (.errors | length) == 0'; then
	bl_field bl-console-ttyS1 console io:0x2f8
fi

# A part that cannot be honoured (RTS/CTS flow control): still COM2, and the
# warning is on COM2 too.
bl_com1_args bl-console-flow
bl_run bl-console-flow 60 --smp 2 --serial-device isa-serial,index=1 "${com1[@]}" -- \
	console=ttyS1,115200n8r cycles=0
if bl_check bl-console-flow 0 '.verdict == "pass" and ([.errors[] | select(.code == "bad_option" and .key == "console" and .level == "warn")] | length) == 1'; then
	bl_field bl-console-flow console io:0x2f8
fi

# earlycon=uart8250,io,<port>,<baud> alone names the console.
bl_com1_args bl-earlycon
bl_run bl-earlycon 60 --smp 2 --serial-device isa-serial,index=1 "${com1[@]}" -- \
	earlycon=uart8250,io,0x2f8,115200 cycles=0
if bl_check bl-earlycon 0 '.verdict == "pass" and (.errors | length) == 0'; then
	bl_field bl-earlycon console_from earlycon
fi

# No console given: the SPCR's UART, a PCI 16550 at the I/O port SeaBIOS
# gave its BAR.  The port is read first from QEMU's monitor ("info pci")
# with the same PCI devices, then put in the SPCR passed with -acpitable.
bl_pci_port() {
	local fifo=$OUT/bl-spcr.mon out=$OUT/bl-spcr.pci port="" fd qpid
	rm -f "$fifo"
	mkfifo "$fifo" || return 1
	timeout -k 5 30 qemu-system-x86_64 -accel tcg -machine q35 -nodefaults -display none \
		-monitor stdio -chardev null,id=n0 -device pci-serial,chardev=n0,addr=05.0 \
		<"$fifo" >"$out" 2>&1 &
	qpid=$!
	exec {fd}>"$fifo"
	for _ in $(seq 40); do
		sleep 0.5
		echo "info pci" >&"$fd"
		# QEMU's PCI serial (1b36:0002): its BAR0 once firmware set it
		port=$(tr -d '\r' <"$out" | awk '/1b36:0002/ { s = 1 } s && /BAR0: I\/O at/ { p = $4; s = 0 } END { print p }')
		case $port in 0x0000 | 0xffff* | "") port= ;; *) break ;; esac
	done
	echo quit >&"$fd"
	exec {fd}>&-
	wait "$qpid" 2>/dev/null
	rm -f "$fifo"
	echo "$port"
}
if [ ! -x /usr/bin/python3 ]; then
	echo "skip  bl-spcr-pci: /usr/bin/python3 missing (builds the SPCR table)"
	skip=$((skip + 1))
else
	port=$(bl_pci_port)
	if [ -z "$port" ]; then
		bad bl-spcr-pci "could not read the PCI UART's port from QEMU's monitor ($OUT/bl-spcr.pci)"
	elif ! /usr/bin/python3 tests/e2e/mkspcr.py "$OUT/bl-spcr.bin" io "$port" 115200; then
		bad bl-spcr-pci "mkspcr.py failed"
	else
		bl_com1_args bl-spcr-pci
		bl_run bl-spcr-pci 60 --smp 2 --serial-device pci-serial,addr=05.0 "${com1[@]}" \
			--qemu-arg -acpitable --qemu-arg "file=$OUT/bl-spcr.bin" -- modes=hlt cycles=1
		want=$(printf 'io:0x%x' "$port")
		# one cycle: the instance after the kexec finds the SPCR's UART too
		if bl_check bl-spcr-pci 0 '.verdict == "pass" and (.errors | length) == 0 and .cycles_total == 1 and .modes[0].outcomes.ok == 1'; then
			if [ "$(bl_boot_field "$OUT/bl-spcr-pci.log" console_from)" != spcr ]; then
				bad bl-spcr-pci "boot record: console_from not spcr"
			else
				bl_field bl-spcr-pci console "$want"
			fi
		fi
	fi
fi

# A cut line: a fail record at the offset where "cycles=12" starts, and no
# half value (cycles=1 would schedule cycles; the farm's cycles=0 stays).
bl_cut_check() { # name
	local cut
	cut=$(grep -o 'cmdline_too_long offset=[0-9]*' "$OUT/$1.log" | head -1)
	if bl_check "$1" 1 '.verdict == "fail" and .cycles_total == 0 and ([.errors[] | select(.code == "cmdline_too_long" and .level == "fail")] | length) == 1'; then
		if [ "$cut" = "cmdline_too_long offset=4087" ]; then
			ok "$1"
		else
			bad "$1" "cut record '$cut', expected offset=4087"
		fi
	fi
}

# One filler option making "<head> <filler> " $2 bytes long.
bl_filler() { # head, length
	printf 'lab.pad=%s' "$(printf '%*s' $(($2 - ${#1} - 2 - 8)) '' | tr ' ' x)"
}

# A real farm's 981-byte prefix (its own console=ttyS0, modes=, cycles=0,
# NFS root, site tags), then ours: honoured, the farm's keys no error.
farm=../shared/field-inputs/cmdline/farm-append-1032.txt
if [ ! -f "$farm" ]; then
	echo "skip  bl-farm-prefix, bl-*-4k, bl-*-cut: $farm not found"
	skip=$((skip + 4))
else
	read -ra farm_opts <"$farm"
	# The host puts "host_cpus=N" after exit=qemu (the payload sizes its
	# waits by it): part of the line the payload sees.
	hc="host_cpus=$(getconf _NPROCESSORS_ONLN)"
	bl_run bl-farm-prefix 120 --smp 2 -- "${farm_opts[@]}" modes=hlt,init cycles=1
	if bl_check bl-farm-prefix 0 '.verdict == "pass" and (.errors | length) == 0 and .cycles_total == 2 and ([.modes[].mode] | sort) == ["hlt", "init"]'; then
		ok bl-farm-prefix
	fi

	# Multiboot (QEMU's -append passes more than 4 KiB whole): the line the
	# payload sees is "<payload path> exit=qemu host_cpus=N <options>".  "cycles=12"
	# starts at 4087: bytes 4087-4094 are "cycles=1", the limit (4095
	# bytes) falls on the "2".
	payload=$PWD/payload/playdead.elf
	filler=$(bl_filler "$payload exit=qemu $hc ${farm_opts[*]}" 4087)
	bl_run bl-multiboot-cut 60 --smp 2 --payload "$payload" -- "${farm_opts[@]}" "$filler" cycles=12
	bl_cut_check bl-multiboot-cut

	# UEFI load options: "exit=qemu host_cpus=N <options>", exactly 4095 bytes (the
	# filler, then 18 bytes of "modes=hlt cycles=1") taken
	# whole, the last option included.
	filler=$(bl_filler "exit=qemu $hc ${farm_opts[*]}" $((4095 - 18)))
	bl_run bl-uefi-4k 120 --smp 2 --boot kernel --firmware uefi -- "${farm_opts[@]}" "$filler" \
		modes=hlt cycles=1
	if bl_check bl-uefi-4k 0 '.verdict == "pass" and (.errors | length) == 0 and .cycles_total == 1'; then
		ok bl-uefi-4k
	fi

	# PLAYDEAD.CFG on the ISO's EFI image: the same cut as multiboot's.
	filler=$(bl_filler "exit=qemu $hc ${farm_opts[*]}" 4087)
	bl_run bl-cfg-cut 180 --smp 2 --boot iso --firmware uefi -- "${farm_opts[@]}" "$filler" cycles=12
	bl_cut_check bl-cfg-cut
fi
