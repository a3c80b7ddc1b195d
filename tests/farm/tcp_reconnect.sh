#!/usr/bin/env bash
# collect --from tcp: through a real ser2net (Debian's, 4.x) in front of
# QEMU's serial port, with ser2net killed and started again twice in the
# middle of a run.  While ser2net is down the guest is paused through QEMU's
# monitor, so nothing is lost on the wire and the collector must then have
# every record exactly once: no gap, no duplicate, the end record, 2
# reconnects (text and JSON).  Loopback only.  Output: ok/FAIL/skip lines.
set -uo pipefail
cd "$(dirname "$0")/../.."
PLAYDEAD=${PLAYDEAD:-host/playdead}
out=${B:-build}/farm/tcp
rm -rf "$out"
mkdir -p "$out"
command -v ser2net >/dev/null || { echo "skip tcp-reconnect: ser2net is not installed"; exit 0; }

fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

# Free loopback ports, chosen by the kernel.
read -r qport sport < <(/usr/bin/python3 -c '
import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')
cat >"$out/ser2net.yaml" <<YAML
connection: &playdead
  accepter: tcp,127.0.0.1,$sport
  connector: tcp,127.0.0.1,$qport
  options:
    kickolduser: true
YAML

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT

mon() { # a QEMU monitor command
	/usr/bin/python3 - "$out/mon.sock" "$1" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1]); s.settimeout(2)
time.sleep(0.1); s.recv(4096)
s.sendall(sys.argv[2].encode() + b"\n"); time.sleep(0.2); s.close()
PY
}
start_ser2net() {
	ser2net -n -u -c "$out/ser2net.yaml" -P "$out/ser2net.pid" >>"$out/ser2net.out" 2>&1 &
	s2n=$!
	pids+=("$s2n")
	for _ in $(seq 50); do
		/usr/bin/python3 -c "import socket; socket.create_connection(('127.0.0.1', $sport), 0.2).close()" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
records() { grep -c '^@PD ' "$out/serial.log" 2>/dev/null || echo 0; }

# Paused (-S) until the collector is connected; serial on a TCP server that
# ser2net connects to when a client arrives.
timeout -k 5 120 qemu-system-x86_64 -accel tcg -machine q35 -cpu max -smp 2 -m 256 -S \
	-display none -vga none -nodefaults -no-reboot \
	-serial "tcp:127.0.0.1:$qport,server=on,wait=off" -monitor "unix:$out/mon.sock,server=on,wait=off" \
	-kernel payload/playdead.elf -append "exit=qemu modes=hlt,trampoline,spin cycles=4 cpuid_dump=bsp" \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 >"$out/qemu.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$out/mon.sock" ] && break; sleep 0.1; done
start_ser2net || { bad "ser2net did not listen on 127.0.0.1:$sport"; exit 1; }

timeout -k 5 100 "$PLAYDEAD" collect --from "tcp:127.0.0.1:$sport" --timeout 90 --quiet \
	--log "$out/serial.log" --json "$out/report.json" >"$out/report.txt" 2>"$out/collect.err" &
collector=$!
pids+=("$collector")
sleep 0.5
mon cont

# Twice: once some records are in, pause the guest, let ser2net pass on what
# it holds, kill it, wait for the collector to notice, start it again, wait
# for the collector to be back (ser2net reconnects to QEMU), go on.
for round in 1 2; do
	want=$((round * 25))
	for _ in $(seq 200); do [ "$(records)" -ge "$want" ] && break; sleep 0.02; done
	mon stop
	sleep 0.3
	before=$(records)
	kill "$s2n"
	wait "$s2n" 2>/dev/null
	sleep 0.5
	start_ser2net || { bad "ser2net did not come back"; break; }
	sleep 1.5 # the collector's backoff: 0.1, 0.2, 0.4, 0.8 s
	mon cont
	echo "round $round: ser2net restarted after $before records"
done
wait "$collector"
rc=$?
mon quit 2>/dev/null

grep -q ' end ' "$out/serial.log" && ok "the end record arrived" || bad "no end record in the log"
[ "$rc" -eq 0 ] && ok "collect exit 0 (pass)" || bad "collect exit $rc: $(tail -3 "$out/report.txt")"
r=$(jq .reconnects "$out/report.json")
[ "$r" = 2 ] && ok "JSON: reconnects 2" || bad "JSON: reconnects $r, want 2"
grep -q "dropped the connection; reconnected 2 times" "$out/report.txt" &&
	ok "text report: reconnected 2 times" || bad "text report does not say it reconnected 2 times"
# Every record in the log once, and the run model saw each once, no gap.
recs=$(records)
uniq=$(grep '^@PD ' "$out/serial.log" | sort -u | wc -l)
good=$(jq .records.good "$out/report.json" 2>/dev/null)
read -r gaps lost dups < <(jq -r '[.records.gaps, .records.lost, .records.duplicates] | @tsv' "$out/report.json")
[ "$recs" = "$uniq" ] && ok "no record twice in the log ($recs)" || bad "$((recs - uniq)) records twice in the log"
[ "$gaps" = 0 ] && [ "$lost" = 0 ] && [ "$dups" = 0 ] &&
	ok "run model: no gap, none lost, no duplicate" || bad "run model: gaps $gaps lost $lost duplicates $dups"
[ "$good" = "$recs" ] && ok "run model counts every record once ($good)" || bad "run model counts $good good records, log has $recs"
exit $((fails > 0))
