#!/usr/bin/env bash
# Golden reports: the text and JSON reports (and exit status) of real serial
# logs, compared with the expected files kept beside each log, so that a
# change in what the host tool reports shows as a diff in review.
#
#   tests/golden/run.sh [CASE...]            compare (every case by default)
#   tests/golden/run.sh --update [CASE...]   rewrite the expected files from
#                                            the current tool (after a
#                                            deliberate change; review the diff)
#
# A case is a folder tests/golden/<case>/ holding either serial.log (a log
# made by a real run, kept in the repository) or log.path (one line: the path,
# from the project root, of a log that must not be copied here, such as
# ../shared/field-inputs/; the case is skipped when it is absent), and the
# expected report.txt, report.json and exit.  The report is made in the
# log's folder from its bare file name, so no host path enters it.
# Prints one line per case and "golden-summary PASS FAIL SKIP" last.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

PLAYDEAD=${PLAYDEAD:-host/playdead}
case $PLAYDEAD in /*) ;; *) PLAYDEAD=$root/$PLAYDEAD ;; esac
update=0
if [ "${1:-}" = --update ]; then
	update=1
	shift
fi
pass=0 fail=0 skip=0
ok() { echo "ok    golden/$1"; pass=$((pass + 1)); }
bad() { echo "FAIL  golden/$1: $2"; fail=$((fail + 1)); }

if [ ! -x "$PLAYDEAD" ]; then
	bad tool "$PLAYDEAD not built (make all)"
	echo "golden-summary $pass $fail $skip"
	exit 1
fi

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
	for d in tests/golden/*/; do cases+=("$(basename "$d")"); done
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for c in "${cases[@]}"; do
	dir=tests/golden/$c
	if [ -f "$dir/serial.log" ]; then
		log=$root/$dir/serial.log
	elif [ -f "$dir/log.path" ]; then
		log=$(head -1 "$dir/log.path")
		if [ ! -f "$log" ]; then
			echo "skip  golden/$c: $log not found"
			skip=$((skip + 1))
			continue
		fi
		log=$(cd "$(dirname "$log")" && pwd)/$(basename "$log")
	else
		bad "$c" "no serial.log or log.path in $dir"
		continue
	fi
	(cd "$(dirname "$log")" && "$PLAYDEAD" report "$(basename "$log")") >"$tmp/report.txt" 2>"$tmp/text.err"
	echo $? >"$tmp/exit"
	(cd "$(dirname "$log")" && "$PLAYDEAD" report "$(basename "$log")" --format json) \
		>"$tmp/report.json" 2>"$tmp/json.err"
	if [ "$update" -eq 1 ]; then
		cp "$tmp/report.txt" "$tmp/report.json" "$tmp/exit" "$dir/"
		echo "updated golden/$c (exit $(cat "$tmp/exit"))"
		continue
	fi
	why=
	for f in exit report.txt report.json; do
		if [ ! -f "$dir/$f" ]; then
			why="$why; $dir/$f missing (tests/golden/run.sh --update $c)"
		elif ! diff -u "$dir/$f" "$tmp/$f" >"$tmp/$f.diff"; then
			why="$why; $f differs"
			head -30 "$tmp/$f.diff" | sed 's/^/      /'
		fi
	done
	if [ -s "$tmp/text.err" ] || [ -s "$tmp/json.err" ]; then
		why="$why; stderr: $(cat "$tmp/text.err" "$tmp/json.err" | head -3 | tr '\n' ' ')"
	fi
	if [ -n "$why" ]; then
		bad "$c" "${why#; }"
	else
		ok "$c"
	fi
done

echo "golden-summary $pass $fail $skip"
[ "$fail" -eq 0 ]
