# shellcheck shell=bash
# The relocation stub's exception message on a UART QEMU models with a FIFO
# (isa-serial, a 16550A: 16-byte transmit FIFO) that is not COM1, so the
# stub must take the console's parameters, not a fixed port.  Sourced by
# run.sh (uses its PLAYDEAD, OUT, ok and bad).
#
# What QEMU cannot show: its 16550 sends each byte to the host as it is
# written (THRE is set again at once while the chardev takes bytes), so a
# stub that ignores LSR loses nothing here.  This check proves only that the
# stub, now waiting for THRE before each byte with a bounded wait, still
# prints its whole message and halts; that it waits, and that it loses
# nothing on a UART that keeps 17 bytes, is tests/unit/test_uart.c's fake
# 16550 (the stub as it was: 18 of 44 bytes arrived there).
#
# stub_fault=0: in cycle 0 the stub writes to a non-canonical address after
# the copy: #GP, vector 0x0d.  The cycle never reports (the stub halts), so
# the run fails (exit 1) with that cycle "began and never reported".
name=stub-message-com2
timeout -k 5 40 "$PLAYDEAD" run --smp 2 --timeout 25 --serial-device isa-serial,index=1 \
	--log "$OUT/$name.log" --json "$OUT/$name.json" -- \
	console=ttyS1 modes=hlt cycles=1 stub_fault=0 >"$OUT/$name.txt" 2>&1
rc=$?
# The message as the stub writes it: CR LF, the text, the vector in hex, CR LF.
if [ "$rc" -ne 1 ]; then
	bad "$name" "exit status $rc, expected 1 (report: $OUT/$name.txt)"
elif ! LC_ALL=C grep -q $'^playdead: relocation stub exception 0x0d\r$' "$OUT/$name.log"; then
	bad "$name" "the stub's message is missing or incomplete in $OUT/$name.log"
elif ! jq -e '.records.corrupt == 0 and .records.noise == 1 and (.cycles | length) == 1
	and .cycles[0].reset_or_hang and .cycles[0].phase == "before-next-boot"' \
	"$OUT/$name.json" >/dev/null; then
	bad "$name" "records damaged, or cycle 0 not the one that never came back ($OUT/$name.json)"
else
	ok "$name (44-byte message complete on COM2)"
fi
