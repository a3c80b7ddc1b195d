#!/usr/bin/env bash
# The HTML and JUnit reports of real runs, read by real consumers: QEMU
# runs (a pass, a negative control, a lost CPU, a hostile SMBIOS string)
# and a synthetic 512-CPU log; each HTML report loaded in headless Chromium
# and its DOM checked (check_dom.py), each JUnit report read by junitparser
# (check_junit.py).  Screenshots: build/artifacts/report.png (the negative
# control run) and build/artifacts/report-512.png.
# Prints one line per check and "report-summary PASS FAIL SKIP" last.
set -uo pipefail
cd "$(dirname "$0")/../.."

PLAYDEAD=${PLAYDEAD:-host/playdead}
B=${B:-build}
OUT=$B/report
ART=$B/artifacts
PY=/usr/bin/python3
mkdir -p "$OUT" "$ART"
pass=0 fail=0 skip=0

ok() { echo "ok    $1"; pass=$((pass + 1)); }
bad() { echo "FAIL  $1: $2"; fail=$((fail + 1)); }
skipped() { echo "skip  $1: $2"; skip=$((skip + 1)); }

# Chromium without network or profile: a new empty profile each time.
chrome() {
	local prof rc
	prof=$(mktemp -d)
	timeout -k 5 60 chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$prof" "$@" 2>/dev/null
	rc=$?
	rm -rf "$prof"
	return $rc
}

have_chromium=1 have_junitparser=1
command -v chromium >/dev/null || have_chromium=0
$PY -c 'import junitparser' 2>/dev/null || have_junitparser=0

check_html() { # case, html file
	if [ $have_chromium -eq 0 ]; then
		skipped "html-$1" "chromium not installed (make deps-test)"
		return
	fi
	if ! chrome --dump-dom "file://$PWD/$2" >"$OUT/$1.dom.html" || [ ! -s "$OUT/$1.dom.html" ]; then
		bad "html-$1" "chromium could not load $2"
	elif out=$($PY tests/report/check_dom.py "$1" "$OUT/$1.dom.html" "$2"); then
		ok "html-$1"
	else
		bad "html-$1" "DOM checks failed"
		echo "$out"
	fi
}

check_junit() { # case, xml file
	if [ $have_junitparser -eq 0 ]; then
		skipped "junit-$1" "python3-junitparser not installed (make deps-test)"
	elif out=$($PY tests/report/check_junit.py "$1" "$2" 2>&1); then
		ok "junit-$1"
	else
		bad "junit-$1" "JUnit checks failed"
		echo "$out" | tail -5
	fi
}

# name | expected exit | run options | payload options
runs=(
	"pass|0|--smp 4|cycles=1"
	"negative|0|--smp 4|modes=hlt provoke=nmi cycles=1"
	"lost|1|--smp 4|skip_sipi=2 ap_timeout_ms=500 cycles=0"
)
for r in "${runs[@]}"; do
	IFS='|' read -r name want ropts popts <<<"$r"
	# shellcheck disable=SC2086
	timeout -k 5 70 "$PLAYDEAD" run $ropts --timeout 60 --log "$OUT/$name.log" \
		--html "$OUT/$name.html" --junit "$OUT/$name.xml" -- $popts >"$OUT/$name.txt" 2>&1
	rc=$?
	if [ $rc -ne "$want" ]; then
		bad "run-$name" "exit status $rc, expected $want (see $OUT/$name.txt)"
		continue
	fi
	check_html "$name" "$OUT/$name.html"
	check_junit "$name" "$OUT/$name.xml"
done

# Firmware strings holding markup: SMBIOS type 1 and type 0 set by QEMU.
timeout -k 5 70 "$PLAYDEAD" run --smp 2 --timeout 60 --log "$OUT/hostile.log" \
	--qemu-arg -smbios --qemu-arg 'type=1,manufacturer=<script>alert(1)</script>,product=<b>Evil & "Co"</b>' \
	--qemu-arg -smbios --qemu-arg "type=0,vendor=<img src=x onerror=alert(2)>,version='><svg/onload=alert(3)>" \
	-- cycles=0 >"$OUT/hostile.txt" 2>&1
rc=$?
if [ $rc -ne 0 ]; then
	bad "run-hostile" "exit status $rc (see $OUT/hostile.txt)"
else
	# Through 'collect' from the saved log, with both files.
	"$PLAYDEAD" collect --from "$OUT/hostile.log" --html "$OUT/hostile.html" \
		--junit "$OUT/hostile.xml" >/dev/null 2>&1
	check_html hostile "$OUT/hostile.html"
	check_junit hostile "$OUT/hostile.xml"
fi

# 512 CPUs (synthetic), through 'report --format'.
if "$B/report/synth_log" "$OUT/s512.log"; then
	"$PLAYDEAD" report "$OUT/s512.log" --format html >"$OUT/s512.html" 2>/dev/null
	"$PLAYDEAD" report "$OUT/s512.log" --format junit >"$OUT/s512.xml" 2>/dev/null
	check_html s512 "$OUT/s512.html"
	check_junit s512 "$OUT/s512.xml"
	# Cut in half: no end record, the run is broken: a JUnit error.
	head -c $(($(stat -c %s "$OUT/s512.log") / 2)) "$OUT/s512.log" >"$OUT/broken.log"
	"$PLAYDEAD" report "$OUT/broken.log" --format junit >"$OUT/broken.xml" 2>/dev/null
	check_junit broken "$OUT/broken.xml"
else
	bad "synth-512" "$B/report/synth_log failed"
fi

# Screenshots, kept for people to look at.
if [ $have_chromium -eq 1 ]; then
	for s in "negative:report.png:1200,2200" "s512:report-512.png:1200,3000"; do
		IFS=: read -r name png size <<<"$s"
		rm -f "$ART/$png"
		if [ -s "$OUT/$name.html" ] && chrome --window-size="$size" \
			--screenshot="$PWD/$ART/$png" "file://$PWD/$OUT/$name.html" >/dev/null &&
			[ "$(head -c 8 "$ART/$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
			ok "screenshot-$name ($ART/$png)"
		else
			bad "screenshot-$name" "no PNG at $ART/$png"
		fi
	done
else
	skipped screenshots "chromium not installed"
fi

echo "report-summary $pass $fail $skip"
