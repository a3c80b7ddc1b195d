#!/usr/bin/env bash
# Boot media end to end: every boot path of the ISO, PXE and the EFI binary
# boots the payload under QEMU (TCG, q35, 2 CPUs), its serial output is
# collected by "playdead collect --from -" and judged with jq: the run
# passed, and the boot record names the right path and loader.
# The test media carry "exit=qemu cycles=1 cpuid_dump=bsp" (the default
# safe modes, one cycle each) in every menu entry and in the iPXE script.
# Prints "ok NAME" / "FAIL NAME: why" / "skip NAME: why", the time from
# QEMU's start to the first record, and "media-summary PASS FAIL SKIP" last.
set -uo pipefail
cd "$(dirname "$0")/../.."

PLAYDEAD=${PLAYDEAD:-host/playdead}
OUT=${MEDIA_OUT:-build/media}
OVMF=${OVMF:-/usr/share/ovmf/OVMF.fd}
TMO=${MEDIA_TIMEOUT:-180} # seconds per case, QEMU included
# exit=qemu ends the run through isa-debug-exit; MEDIA_OPTS adds options.
OPTS="exit=qemu cycles=1 cpuid_dump=bsp${MEDIA_OPTS:+ $MEDIA_OPTS}"
ELF=build/payload/playdead-media.elf
EFI=payload/playdead.efi
mkdir -p "$OUT"
pass=0 fail=0 skip=0

ok() { echo "ok    $1${2:+ ($2)}"; pass=$((pass + 1)); }
bad() { echo "FAIL  $1: $2"; fail=$((fail + 1)); }
skipped() { echo "skip  $1: $2"; skip=$((skip + 1)); }

QEMU=(qemu-system-x86_64 -machine q35 -accel tcg -cpu max -smp 2 -m 256
	-display none -vga none -nodefaults -serial stdio -monitor none
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -no-reboot)

# Passes the serial stream through, writing the milliseconds from $2 (ns)
# to the first record into file $1.
first_record() {
	local f=$1 start=$2 seen=0 line
	while IFS= read -r line || [ -n "$line" ]; do
		if [ $seen -eq 0 ] && [[ $line == *"@PD "* ]]; then
			echo $((($(date +%s%N) - start) / 1000000)) >"$f"
			seen=1
		fi
		printf '%s\n' "$line" || return 0
	done
}

# run NAME JQ_EXPR QEMU_ARGS...
run() {
	local name=$1 expr=$2 start rc qrc ms
	shift 2
	rm -f "$OUT/$name.json" "$OUT/$name.first"
	start=$(date +%s%N)
	timeout -k 5 "$TMO" "${QEMU[@]}" "$@" </dev/null 2>"$OUT/$name.qemu" |
		first_record "$OUT/$name.first" "$start" |
		"$PLAYDEAD" collect --from - --timeout "$TMO" --log "$OUT/$name.log" \
			--json "$OUT/$name.json" >"$OUT/$name.txt" 2>&1
	qrc=${PIPESTATUS[0]} rc=${PIPESTATUS[2]}
	ms=$(cat "$OUT/$name.first" 2>/dev/null || echo "-")
	if [ "$rc" -ne 0 ]; then
		bad "$name" "collect exit status $rc, QEMU $qrc (report: $OUT/$name.txt)"
		tail -5 "$OUT/$name.txt" | sed 's/^/      /'
	elif ! jq -e "$expr" "$OUT/$name.json" >/dev/null 2>&1; then
		bad "$name" "assertion false: $expr; boot: $(jq -c .boot_info "$OUT/$name.json" 2>/dev/null)"
	elif [ "$qrc" -ne 1 ]; then
		bad "$name" "QEMU exit status $qrc, expected 1 (isa-debug-exit: pass)"
	else
		ok "$name" "first record after ${ms} ms, total $((($(date +%s%N) - start) / 1000000)) ms"
	fi
}

bios() { # path multiboot, loader name starting with $1
	echo ".verdict == \"pass\" and .boot_info.path == \"multiboot\" and (.boot_info.loader | startswith(\"$1\")) and (.boot_info.cmdline | endswith(\"$OPTS\"))"
}
uefi() { # the EFI loader, options as given
	echo ".verdict == \"pass\" and .boot_info.path == \"uefi\" and (.boot_info.loader | startswith(\"UEFI \")) and .boot_info.cmdline == \"$OPTS\""
}

# ---- what the cases need ----
make -s --no-print-directory "$ELF" "$EFI" >/dev/null || { echo "media: cannot build $ELF $EFI" >&2; exit 1; }
have_iso=""
for t in xorriso mformat mcopy; do command -v $t >/dev/null || have_iso="$t missing (make deps)"; done
[ -f /usr/lib/ISOLINUX/isolinux.bin ] || have_iso="isolinux missing (make deps)"
[ -f /usr/lib/syslinux/modules/bios/mboot.c32 ] || have_iso="syslinux-common missing (make deps)"
have_ovmf=""
[ -f "$OVMF" ] || have_ovmf="no OVMF at $OVMF (package ovmf)"
have_pxe=""
[ -f /usr/lib/ipxe/qemu/efi-e1000.rom ] || [ -f /usr/share/qemu/efi-e1000.rom ] ||
	have_pxe="QEMU's iPXE ROM efi-e1000.rom missing (package ipxe-qemu)"

ISO=$OUT/test.iso
if [ -z "$have_iso" ]; then
	bash iso/mkiso.sh "$ISO" "$ELF" "$EFI" "$OPTS" 1 >"$OUT/mkiso.txt" 2>&1 ||
		have_iso="mkiso.sh failed: $(tail -1 "$OUT/mkiso.txt")"
fi
if [ -z "$have_iso" ]; then
	size=$(stat -c %s "$ISO")
	echo "media: ISO size $size bytes ($((size / 1024)) KiB; goal <= 2048 KiB)"
fi
bash iso/mkpxe.sh "$OUT/pxe" "$ELF" "$EFI" "$OPTS" >/dev/null

# ---- the cases ----
# The fastest path, as a reference for the times.
run kernel-bios "$(bios qemu)" -kernel "$ELF" -append "$OPTS"
if [ -n "$have_ovmf" ]; then
	skipped kernel-uefi "$have_ovmf"
else
	run kernel-uefi "$(uefi)" -bios "$OVMF" -kernel "$EFI" -append "$OPTS"
fi

if [ -n "$have_iso" ]; then
	for c in iso-cd-bios iso-usb-bios iso-cd-uefi iso-usb-uefi; do skipped $c "$have_iso"; done
else
	run iso-cd-bios "$(bios ISOLINUX)" -cdrom "$ISO"
	# The same file as a USB stick (isohybrid MBR); a copy, as QEMU locks it.
	cp "$ISO" "$OUT/usb.img"
	USB=(-drive "file=$OUT/usb.img,format=raw,if=none,id=u" -device usb-ehci,id=ehci
		-device usb-storage,bus=ehci.0,drive=u,bootindex=1)
	run iso-usb-bios "$(bios ISOLINUX)" "${USB[@]}"
	if [ -n "$have_ovmf" ]; then
		skipped iso-cd-uefi "$have_ovmf"
		skipped iso-usb-uefi "$have_ovmf"
	else
		run iso-cd-uefi "$(uefi)" -bios "$OVMF" -cdrom "$ISO"
		run iso-usb-uefi "$(uefi)" -bios "$OVMF" "${USB[@]}"
	fi
fi

if [ -n "$have_pxe" ]; then
	skipped pxe-bios "$have_pxe"
	skipped pxe-uefi "$have_pxe"
else
	NET=(-netdev "user,id=n,tftp=$OUT/pxe,bootfile=playdead.ipxe" -device e1000,netdev=n,bootindex=1)
	run pxe-bios "$(bios iPXE)" "${NET[@]}"
	if [ -n "$have_ovmf" ]; then
		skipped pxe-uefi "$have_ovmf"
	else
		run pxe-uefi "$(uefi)" -bios "$OVMF" "${NET[@]}"
	fi
fi

echo "media-summary $pass $fail $skip"
[ "$fail" -eq 0 ]
