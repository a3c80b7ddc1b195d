#!/usr/bin/env bash
# The payload's folders depend one way, along the data flow:
#   boot -> platform -> cpus -> park -> cycle (kexec beside cycle) -> run
# run/ is kmain, which calls every stage.  lib/ and arch/ are usable by all
# and use nothing else; efi/ is its own program and may use any of them.  Reads every #include "..." of payload/
# and fails, naming the include, when a folder includes a header of a
# folder later in the flow (or of a folder with no place in it).
# Last line: "layout-summary PASS FAIL SKIP".
set -uo pipefail
cd "$(dirname "$0")/../.."

declare -A rank=(
	[arch]=0 [lib]=0
	[boot]=1
	[platform]=2
	[cpus]=3
	[park]=4
	[cycle]=5 [kexec]=5
	[run]=6
	[efi]=7
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
