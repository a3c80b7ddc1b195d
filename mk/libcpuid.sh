#!/usr/bin/env bash
# Builds libcpuid from Debian's source package into a static library.
# Usage: libcpuid.sh OUT_DIR SRC_DIR STAMP VERSION...
#
# Bookworm's libcpuid (0.6.2) names current server CPUs wrongly, so the host
# links a newer one built from the source package of a later Debian suite.
# VERSION... are Debian source versions, tried in order (a suite drops a
# version when it moves on); mk/debsrc.sh fetches the first the mirror
# serves, checked against the signed Sources index.  The library is built
# with its own CMake build, static, and installed (lib/, include/) in OUT_DIR;
# OUT_DIR/version holds the upstream version; STAMP is written last.
set -euo pipefail

out=$1 src=$2 stamp=$3
shift 3
[ $# -gt 0 ] || { echo "libcpuid: no version given" >&2; exit 2; }

command -v cmake >/dev/null || { echo "libcpuid: cmake missing; run 'make deps'" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"
out=$(realpath "$out") stamp=$(realpath -m "$stamp") src=$(realpath -m "$src")
read -r got dir < <(bash "$(dirname "$0")/debsrc.sh" libcpuid "$src" "$@") || exit 1
[ -n "${dir:-}" ] || exit 1
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
