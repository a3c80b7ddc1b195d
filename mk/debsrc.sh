#!/usr/bin/env bash
# Fetches and unpacks a Debian source package of a later suite.
# Usage: debsrc.sh PKG SRC_DIR VERSION...
#
# VERSION... are Debian source versions, tried in order (a suite drops a
# version when it moves on).  For each: `apt-get source` (checked against the
# signed Sources index, Debian's patches applied).  When the mirror has the
# tarballs but not the .dsc: `apt-get source --tar-only` and `--diff-only`
# (the same checks), the debian/ folder unpacked over the upstream tree and
# its patches applied with `dpkg-source --before-build`, as a package build
# does; with only the upstream tarball there, the upstream tree alone.  The deb-src lines for unstable and trixie are added once (source
# indexes only: nothing is installed from them).
# Prints "VERSION DIR" of the unpacked tree on stdout; messages on stderr.
set -euo pipefail

pkg=$1 src=$2
shift 2
[ $# -gt 0 ] || { echo "$pkg: no version given" >&2; exit 2; }

list=/etc/apt/sources.list.d/playdead-src.list
suites="unstable trixie"

have_list() { # the deb-src lines, from this script or an earlier name of it
	grep -rqs '^deb-src http://deb.debian.org/debian unstable main' /etc/apt/sources.list /etc/apt/sources.list.d/
}

have_source() { # Debian version
	local idx
	idx=$(apt-cache showsrc "$pkg" 2>/dev/null) || return 1
	grep -qx "Version: $1" <<<"$idx"
}

as_root() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "$pkg: $*: needs root; run 'make deps' as root once" >&2
		exit 1
	fi
}

apt_update() {
	local i
	for i in 1 2 3 4 5 6; do
		apt-get update -qq && return 0
		echo "$pkg: apt-get update failed (apt busy?), retrying" >&2
		sleep 10
	done
	return 1
}

if ! have_source "$1"; then
	if ! have_list; then
		as_root "adding deb-src lines"
		for s in $suites; do echo "deb-src http://deb.debian.org/debian $s main"; done >"$list"
		echo "$pkg: added $list" >&2
	fi
	as_root "apt-get update"
	apt_update
fi

command -v dpkg-source >/dev/null && command -v xz >/dev/null ||
	{ echo "$pkg: dpkg-source or xz missing; run 'make deps'" >&2; exit 1; }

rm -rf "$src"
mkdir -p "$src"
src=$(realpath "$src")
for v in "$@"; do
	have_source "$v" || { echo "$pkg: $v not in the Sources index, trying the next" >&2; continue; }
	if (cd "$src" && apt-get source -qq "$pkg=$v" >/dev/null 2>"$src/apt.log"); then
		dir=$(find "$src" -mindepth 1 -maxdepth 1 -type d | head -1)
		echo "$v $dir"
		exit 0
	fi
	rm -rf "${src:?}"/*
	if (cd "$src" && apt-get source -qq --tar-only "$pkg=$v" >/dev/null 2>"$src/apt.log"); then
		(cd "$src" && mkdir tree && tar -C tree -xf "$pkg"_*.orig.tar.*)
		dir=$(find "$src/tree" -mindepth 1 -maxdepth 1 -type d | head -1)
		if [ -n "$dir" ]; then
			if (cd "$src" && apt-get source -qq --diff-only "$pkg=$v" >/dev/null 2>>"$src/apt.log") &&
				tar -C "$dir" -xf "$src/$pkg"_*.debian.tar.* &&
				dpkg-source --before-build "$dir" >>"$src/apt.log" 2>&1; then
				echo "$pkg: $v: no .dsc on the mirror; the tarballs unpacked, Debian's patches applied" >&2
			else
				echo "$pkg: $v: the mirror has only the upstream tarball; built without Debian's patches" >&2
			fi
			echo "$v $dir"
			exit 0
		fi
	fi
	echo "$pkg: $v: apt-get source failed, trying the next:" >&2
	grep -E '^E:|error' "$src/apt.log" | head -3 >&2 || true
	rm -rf "${src:?}"/*
done
echo "$pkg: none of $* could be fetched" >&2
exit 1
