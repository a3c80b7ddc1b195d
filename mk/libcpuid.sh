#!/usr/bin/env bash
# Builds libcpuid from Debian's source package into a static library.
# Usage: libcpuid.sh OUT_DIR SRC_DIR STAMP VERSION...
#
# Bookworm's libcpuid (0.6.2) names current server CPUs wrongly, so the host
# links a newer one built from the source package of a later Debian suite.
# VERSION... are Debian source versions, tried in order (a suite drops a
# version when it moves on).  For each: `apt-get source` (checked against the
# signed Sources index, Debian's patches applied); when the mirror has the
# upstream tarball but not the .dsc, `apt-get source --tar-only` (the same
# checks, upstream code without Debian's patches).  The library is built
# with its own CMake build, static, and installed (lib/, include/) in OUT_DIR;
# OUT_DIR/version holds the upstream version; STAMP is written last.
set -euo pipefail

out=$1 src=$2 stamp=$3
shift 3
[ $# -gt 0 ] || { echo "libcpuid: no version given" >&2; exit 2; }

list=/etc/apt/sources.list.d/playdead-libcpuid-src.list
suites="unstable trixie"

have_source() { # Debian version
	local idx
	idx=$(apt-cache showsrc libcpuid 2>/dev/null) || return 1
	grep -qx "Version: $1" <<<"$idx"
}

as_root() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "libcpuid: $*: needs root; run 'make deps' as root once" >&2
		exit 1
	fi
}

apt_update() {
	local i
	for i in 1 2 3 4 5 6; do
		apt-get update -qq && return 0
		echo "libcpuid: apt-get update failed (apt busy?), retrying" >&2
		sleep 10
	done
	return 1
}

# deb-src lines for the later suites (only source indexes: nothing is
# installed from them).
if ! have_source "$1"; then
	if [ ! -f "$list" ]; then
		as_root "adding deb-src lines"
		for s in $suites; do echo "deb-src http://deb.debian.org/debian $s main"; done >"$list"
		echo "libcpuid: added $list"
	fi
	as_root "apt-get update"
	apt_update
fi

for cmd in cmake dpkg-source xz; do
	command -v $cmd >/dev/null || { echo "libcpuid: $cmd missing; run 'make deps'" >&2; exit 1; }
done

rm -rf "$src" "$out"
mkdir -p "$src" "$out"
src=$(realpath "$src") out=$(realpath "$out") stamp=$(realpath -m "$stamp")
got=
for v in "$@"; do
	have_source "$v" || { echo "libcpuid: $v not in the Sources index, trying the next" >&2; continue; }
	if (cd "$src" && apt-get source -qq "libcpuid=$v" >/dev/null 2>"$src/apt.log"); then
		got=$v
		break
	fi
	rm -rf "${src:?}"/*
	if (cd "$src" && apt-get source -qq --tar-only "libcpuid=$v" >/dev/null 2>"$src/apt.log"); then
		(cd "$src" && tar -xf libcpuid_*.orig.tar.*)
		echo "libcpuid: $v: the mirror has only the upstream tarball; built without Debian's patches" >&2
		got=$v
		break
	fi
	echo "libcpuid: $v: apt-get source failed, trying the next:" >&2
	grep -E '^E:' "$src/apt.log" | head -3 >&2 || true
	rm -rf "${src:?}"/*
done
[ -n "$got" ] || { echo "libcpuid: none of $* could be fetched" >&2; exit 1; }

dir=$(find "$src" -mindepth 1 -maxdepth 1 -type d -name 'libcpuid-*' | head -1)
[ -f "$dir/CMakeLists.txt" ] || { echo "libcpuid: no CMakeLists.txt in $dir" >&2; exit 1; }
upstream=$(sed -n 's/^set(VERSION "\([0-9.]*\)")/\1/p' "$dir/CMakeLists.txt")
echo "libcpuid: building $upstream (Debian $got)"
# -O2 as Debian builds it, not CMake's Release -O3: 0.7.1's AMD core-type
# loop reads amd_fn80000026h[i] before testing i, and gcc -O3 turned that into
# "heterogeneous cores" (Genoa named a performance core).  No loop
# assumptions from out-of-bounds reads either.
CFLAGS="-O2 -g -fno-aggressive-loop-optimizations" \
cmake -S "$dir" -B "$src/build" -DCMAKE_BUILD_TYPE=None -DBUILD_SHARED_LIBS=OFF \
	-DLIBCPUID_BUILD_DRIVERS=OFF -DLIBCPUID_ENABLE_DOCS=OFF -DLIBCPUID_ENABLE_TESTS=OFF \
	-DCMAKE_INSTALL_PREFIX="$out" -DCMAKE_INSTALL_LIBDIR=lib >"$src/cmake.log" 2>&1 ||
	{ tail -20 "$src/cmake.log" >&2; exit 1; }
cmake --build "$src/build" -j2 >>"$src/cmake.log" 2>&1 || { tail -20 "$src/cmake.log" >&2; exit 1; }
cmake --install "$src/build" >>"$src/cmake.log" 2>&1 || { tail -20 "$src/cmake.log" >&2; exit 1; }
[ -f "$out/lib/libcpuid.a" ] && [ -f "$out/include/libcpuid/libcpuid.h" ] ||
	{ echo "libcpuid: the install lacks libcpuid.a or libcpuid.h" >&2; exit 1; }
echo "$upstream" >"$out/version"
echo "$got" >"$stamp"
