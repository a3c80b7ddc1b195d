#!/usr/bin/env bash
# Installs the Debian packages playdead needs when they are missing.
# Usage: deps.sh PKG... -- QEMU_PKG
# Idempotent and quick when everything is present.  QEMU must be >= 8.1
# (x2APIC under TCG); on bookworm that comes from bookworm-backports.
set -euo pipefail

pkgs=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do pkgs+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
qemu_pkg=${1:-qemu-system-x86}

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

qemu_ok() {
	command -v qemu-system-x86_64 >/dev/null || return 1
	local v
	v=$(qemu-system-x86_64 --version | sed -n 's/^QEMU emulator version \([0-9]*\)\.\([0-9]*\).*/\1 \2/p')
	set -- $v
	[ "${1:-0}" -gt 8 ] || { [ "${1:-0}" -eq 8 ] && [ "${2:-0}" -ge 1 ]; }
}

need_qemu=0
qemu_ok || need_qemu=1

[ ${#missing[@]} -eq 0 ] && [ $need_qemu -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]} ${qemu_pkg}; run 'make deps' as root" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
qemu_target=()
if [ $need_qemu -eq 1 ] && [ "$codename" = bookworm ]; then
	list=/etc/apt/sources.list.d/bookworm-backports.list
	if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		echo "deps: adding bookworm-backports for QEMU >= 8.1"
		echo 'deb http://deb.debian.org/debian bookworm-backports main' >"$list"
	fi
	qemu_target=(-t bookworm-backports)
fi

echo "deps: installing ${missing[*]} $([ $need_qemu -eq 1 ] && echo "$qemu_pkg")"
apt-get update -qq
[ ${#missing[@]} -eq 0 ] || apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if [ $need_qemu -eq 1 ]; then
	apt-get install -y -qq --no-install-recommends "${qemu_target[@]}" "$qemu_pkg" >/dev/null
	qemu_ok || echo "deps: warning: QEMU is older than 8.1; the x2APIC test will be skipped" >&2
fi
exit 0
