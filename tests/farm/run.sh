#!/usr/bin/env bash
# The farm suites: LAVA job definitions and monitor patterns over real run
# logs, the progress line under a pty, collect's TCP reconnection through
# ser2net.  Each prints ok/FAIL/skip lines; the last line here is
# "farm-summary PASSED FAILED SKIPPED".
set -uo pipefail
cd "$(dirname "$0")/../.."
export PLAYDEAD=${PLAYDEAD:-host/playdead}
out=$(
	bash tests/farm/lava.sh 2>&1
	/usr/bin/python3 tests/farm/progress_tty.py "$PLAYDEAD" "${B:-build}/farm/tty" 2>&1
	bash tests/farm/tcp_reconnect.sh 2>&1
)
echo "$out" | grep -E '^(FAIL|skip)|Traceback|Error' || true
p=$(grep -c '^ok ' <<<"$out")
f=$(grep -c '^FAIL' <<<"$out")
s=$(grep -c '^skip' <<<"$out")
# A script that broke before printing its lines is a failure too.
grep -q 'Traceback' <<<"$out" && f=$((f + 1))
echo "farm: $p checks passed, $f failed, $s skipped"
echo "farm-summary $p $f $s"
