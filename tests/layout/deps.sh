#!/usr/bin/env bash
# The payload's folders depend one way, along the data flow:
#   boot -> report -> options -> mem -> platform -> cpus -> park
#        -> cycle (kexec beside cycle) -> run
# boot/ takes what the loader left; report/ sends records on the serial
# line; options/ reads the command line; mem/ is the allocator, paging and
# the reserved block; run/ is kmain, which calls every stage.  lib/ and arch/ are usable by all
# and use nothing else; efi/ is its own program and may use any of them.  Reads every #include "..." of payload/
# and fails, naming the include, when a folder includes a header of a
# folder later in the flow (or of a folder with no place in it).
# Last line: "layout-summary PASS FAIL SKIP".
set -uo pipefail
cd "$(dirname "$0")/../.."

declare -A rank=(
	[arch]=0 [lib]=0
	[boot]=1
	[report]=2
	[options]=3
	[mem]=4
	[platform]=5
	[cpus]=6
	[park]=7
	[cycle]=8 [kexec]=8
	[run]=9
	[efi]=10
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
