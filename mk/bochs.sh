#!/usr/bin/env bash
# Builds Bochs from Debian's source package of a later suite.
# Usage: bochs.sh OUT_DIR SRC_DIR STAMP VERSION...
#
# Bookworm's Bochs (2.7) loses MWAIT sleepers, so the hardware column's
# mwait-kick could never be shown on it.  Two bugs, both fixed upstream in
# 2.8 (commit b8f38eb8d, "Fix two bugs around monitor/mwait"):
#   - MONITOR takes its physical address from tickle_read_linear(), which set
#     it only on a TLB miss: on a hit MONITOR armed the address of the last
#     translated access, not the operand;
#   - a TLB invalidation (every other CPU's MONITOR invalidates the page on
#     all CPUs) disarmed a CPU already in MWAIT without waking it, so no store
#     to its line woke it again.
# VERSION... are Debian source versions, tried in order (mk/debsrc.sh).  The
# configure switches are Debian's (debian/rules) less the GUIs, sound, USB and
# network cards a serial-only run does not use; the debugger stays because
# the host starts Bochs with -rc (a "continue" script).  OUT_DIR/bin/bochs
# and OUT_DIR/version; STAMP is written last.
set -euo pipefail

out=$1 src=$2 stamp=$3
shift 3
[ $# -gt 0 ] || { echo "bochs: no version given" >&2; exit 2; }

for cmd in g++ make; do
	command -v $cmd >/dev/null || { echo "bochs: $cmd missing; run 'make deps'" >&2; exit 1; }
done

rm -rf "$out"
mkdir -p "$out/bin"
out=$(realpath "$out") stamp=$(realpath -m "$stamp") src=$(realpath -m "$src")
read -r got dir < <(bash "$(dirname "$0")/debsrc.sh" bochs "$src" "$@") || exit 1
[ -n "${dir:-}" ] && [ -x "$dir/configure" ] || { echo "bochs: no configure in ${dir:-?}" >&2; exit 1; }
echo "bochs: building Debian $got (about two minutes on two cores)"
(
	cd "$dir"
	./configure --with-term --with-nogui --disable-docbook \
		--enable-debugger --enable-disasm \
		--enable-smp --enable-x86-64 --enable-cpu-level=6 --enable-all-optimizations \
		--enable-a20-pin --enable-fpu --enable-3dnow --enable-memtype \
		--enable-avx --enable-evex --enable-amx --enable-cet --enable-protection-keys \
		--enable-uintr --enable-vmx=2 --enable-svm --enable-pci --enable-cdrom \
		--enable-repeat-speedups >"$src/configure.log" 2>&1 ||
		{ tail -20 "$src/configure.log" >&2; exit 1; }
	make -j2 >"$src/make.log" 2>&1 || { tail -20 "$src/make.log" >&2; exit 1; }
)
install -m 755 "$dir/bochs" "$out/bin/bochs"
models=$("$out/bin/bochs" --help cpu 2>&1 || true)
grep -q corei7_skylake_x <<<"$models" ||
	{ echo "bochs: the build lacks the Skylake-X model" >&2; exit 1; }
echo "$got" >"$out/version"
echo "$got" >"$stamp"
