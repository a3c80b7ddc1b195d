#!/usr/bin/env bash
# What people would use instead of playdead: Linux kexec'ing itself in a loop.
# Debian's kernel (linux-image-amd64's vmlinuz, downloaded and unpacked into
# build/, not installed) boots an initramfs holding busybox, kexec-tools'
# kexec with its libraries and the kernel itself.  Its init prints the cycle
# number on the serial console, packs its root file system back into an
# initrd (busybox cpio, in memory: Linux keeps no copy of the initrd it
# booted from that user space could read, /sys/firmware/initrd is not in
# 6.1), loads the same kernel with it and the cycle number plus one, and
# kexecs.  The host stamps each cycle
# line as it arrives; seconds per cycle are taken between the first and the
# last cycle seen, so QEMU start-up and the first boot do not count.
#
# Usage: tests/bench/linux_kexec.sh [SMP] [CYCLES] [TIMEOUT_S]
# Prints "linux-kexec smp=N tcg=T cycles=K s_per_cycle=X" (or "skip: why").
set -uo pipefail
cd "$(dirname "$0")/../.."
B=${B:-build}
OUT=$B/bench/linux
smp=${1:-8}
cycles=${2:-5}
limit=${3:-240}
mkdir -p "$OUT"
# TCG threading as playdead's host tool picks it (--tcg auto): one thread for
# all vCPUs when there are more vCPUs than host CPUs.  TCG=single|multi forces.
tcg=${TCG:-auto}
[ "$tcg" = auto ] && { [ "$smp" -gt "$(nproc)" ] && tcg=single || tcg=multi; }

# ---- the kernel: vmlinuz from the package linux-image-amd64 depends on ----
if [ ! -s "$OUT/vmlinuz" ]; then
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -1)
	[ -n "$pkg" ] || { echo "skip: apt knows no linux-image-amd64"; exit 0; }
	rm -rf "$OUT/deb" && mkdir -p "$OUT/deb"
	if ! (cd "$OUT/deb" && apt-get download -q "$pkg" >/dev/null 2>&1); then
		echo "skip: cannot download $pkg"
		exit 0
	fi
	dpkg-deb -x "$OUT"/deb/*.deb "$OUT/deb/x" &&
		cp "$OUT"/deb/x/boot/vmlinuz-* "$OUT/vmlinuz" &&
		echo "$pkg" >"$OUT/vmlinuz.pkg"
	rm -rf "$OUT/deb"
	[ -s "$OUT/vmlinuz" ] || { echo "skip: no vmlinuz in $pkg"; exit 0; }
fi

# ---- the initramfs ----
kexec_bin=$(command -v kexec || echo /sbin/kexec)
for need in /bin/busybox "$kexec_bin"; do
	[ -x "$need" ] || { echo "skip: $need missing (make bench installs busybox-static kexec-tools)"; exit 0; }
done
command -v cpio >/dev/null || { echo "skip: cpio missing"; exit 0; }
root=$OUT/root
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,run}
cp /bin/busybox "$root/bin/busybox"
cp "$kexec_bin" "$root/sbin/kexec"
# kexec-tools' kexec is dynamically linked: its libraries and loader go along.
for lib in $(ldd "$kexec_bin" | grep -o '/[^ ]*'); do
	cp --parents -L "$lib" "$root"
done
cp "$OUT/vmlinuz" "$root/vmlinuz"
cat >"$root/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
n=0 max=0
for w in $(cat /proc/cmdline); do
	case "$w" in
	kxcycle=*) n=${w#kxcycle=} ;;
	kxmax=*) max=${w#kxmax=} ;;
	esac
done
echo "kexec-loop cycle $n"
if [ "$n" -ge "$max" ]; then
	echo "kexec-loop done"
	poweroff -f
fi
args=$(sed "s/kxcycle=$n/kxcycle=$((n + 1))/" /proc/cmdline)
# The root file system is what the initrd held; /run (tmpfs) is left out.
mount -t tmpfs run /run
read -r t0 _ </proc/uptime
find / -xdev | cpio -o -H newc >/run/initrd 2>/dev/null
read -r t1 _ </proc/uptime
echo "kexec-loop pack $t0 $t1"
kexec -l /vmlinuz --initrd=/run/initrd --append="$args" ||
	{ echo "kexec-loop: kexec load failed"; poweroff -f; }
kexec -e
echo "kexec-loop: kexec -e returned"
poweroff -f
EOF
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet) >"$OUT/initrd.cpio" ||
	{ echo "skip: cpio failed"; exit 0; }

# ---- the loop, on the same QEMU as playdead (TCG, q35, -cpu $CPU, max by default) ----
log=$OUT/serial.log
stamps=$OUT/stamps
: >"$stamps"
timeout -k 5 "$limit" qemu-system-x86_64 -accel tcg,thread="$tcg" -machine q35 -cpu "${CPU:-max}" -smp "$smp" -m 512 \
	-display none -vga none -nodefaults -serial stdio -no-reboot \
	-kernel "$OUT/vmlinuz" -initrd "$OUT/initrd.cpio" \
	-append "console=ttyS0 quiet loglevel=1 retain_initrd panic=-1 kxcycle=0 kxmax=$cycles" \
	</dev/null 2>&1 | while IFS= read -r line; do
	line=${line%$'\r'}
	printf '%s\n' "$line" >>"$log.tmp"
	case "$line" in
	*"kexec-loop cycle "*) echo "$(date +%s.%N) ${line##*kexec-loop cycle }" >>"$stamps" ;;
	esac
done
mv -f "$log.tmp" "$log" 2>/dev/null

# The initrd repacking, a cost playdead does not have, shown apart.
pack=$(awk '/^kexec-loop pack / { s += $4 - $3; n++ } END { if (n) printf "%.2f", s / n }' "$log")
awk -v smp="$smp" -v tcg="$tcg" -v want="$cycles" -v lf="$log" -v pack="${pack:-?}" '
	{ t[NR] = $1; c[NR] = $2 }
	END {
		if (NR < 2) { printf "skip: Linux reached %d cycle lines (see %s)\n", NR, lf; exit }
		k = c[NR] - c[1]
		printf "linux-kexec smp=%d tcg=%s cycles=%d s_per_cycle=%.2f pack_s=%s%s\n", smp, tcg, k,
			(t[NR] - t[1]) / k, pack, c[NR] < want ? " (incomplete: timeout)" : ""
	}' "$stamps"
