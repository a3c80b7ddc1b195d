#!/usr/bin/env bash
# The payload's folders depend one way, along the data flow:
#   arch -> lib -> boot -> report -> options -> mem -> platform -> cpus
#        -> park -> kexec -> cycle -> run
# arch/ is the x86 definitions (no code, uses nothing); lib/ the freestanding
# helpers; boot/ takes what the loader left; report/ sends records on the
# serial line; options/ reads the command line; mem/ is the allocator,
# paging and the reserved block; kexec/ loads the next instance, cycle/
# decides what a cycle does and calls it; run/ is kmain, which calls every
# stage.  efi/ is its own program and may use any of them.  Reads every
# #include "..." of payload/ and fails, naming the include, when a folder
# includes a header of a folder later in the flow (so no two folders include
# each other) or of a folder with no place in it.
# Last line: "layout-summary PASS FAIL SKIP".
set -uo pipefail
cd "$(dirname "$0")/../.."

declare -A rank=(
	[arch]=0
	[lib]=1
	[boot]=2
	[report]=3
	[options]=4
	[mem]=5
	[platform]=6
	[cpus]=7
	[park]=8
	[kexec]=9
	[cycle]=10
	[run]=11
	[efi]=12
)

bad=0
while IFS= read -r line; do
	file=${line%%:*}
	inc=${line#*:}
	inc=${inc#*\"}
	inc=${inc%%\"*}
	from=${file#payload/}
	from=${from%%/*}
	to=${inc%%/*}
	# Headers outside payload/ (results/, cpuid/: shared with the host).
	[ -d "payload/$to" ] || continue
	if [ -z "${rank[$from]:-}" ] || [ -z "${rank[$to]:-}" ]; then
		echo "layout: $file includes $inc: folder with no place in the flow"
		bad=$((bad + 1))
	elif [ "${rank[$to]}" -gt "${rank[$from]}" ]; then
		echo "layout: $file includes $inc: $to comes after $from"
		bad=$((bad + 1))
	fi
done < <(grep -rHE '^[[:space:]]*#[[:space:]]*include[[:space:]]+"' payload \
	--include='*.c' --include='*.h' --include='*.S' | sort)

if [ "$bad" -eq 0 ]; then
	echo "layout-summary 1 0 0"
else
	echo "layout: $bad includes against the flow"
	echo "layout-summary 0 1 0"
	exit 1
fi
