#!/usr/bin/env bash
# x2APIC register writes are WRMSRs, which are not serializing (SDM Vol.
# 3A, 11.12.3): the payload puts MFENCE; LFENCE before each, as Linux's
# weak_wrmsr_fence() before its x2APIC ICR writes.  The compiler is free to
# drop or move nothing across an asm volatile with a memory clobber, but a
# refactor can lose the fence; this reads the built payload's machine code:
# every WRMSR whose ECX is loaded with an x2APIC MSR number (0x800-0x8ff)
# in its straight-line run must follow an LFENCE that follows an MFENCE,
# with no branch target between the LFENCE and the WRMSR.  The ICR (0x830)
# and EOI (0x80b) writes must be among them.  A hand-written listing
# without the fence is run first as the negative control.
# What it cannot show: that the fence is needed on a given CPU, or that a
# CPU reorders without it (no test under emulation can).
# Last line: "fences-summary PASS FAIL SKIP".
set -uo pipefail
cd "$(dirname "$0")/../.."
ELF=${1:-build/payload/playdead64.elf}
pass=0 fail=0 skip=0

# check < objdump listing: prints one line per x2APIC WRMSR ("ok MSR" or
# "unfenced MSR at ADDR").
check() {
	python3 -c '
import re, sys
ins = []  # (addr, mnemonic, operands)
targets = set()
for line in sys.stdin:
    m = re.match(r"\s*([0-9a-f]+):\s+(\S+)\s*(.*)", line)
    if not m:
        continue
    a, mn, op = int(m.group(1), 16), m.group(2), m.group(3)
    ins.append((a, mn, op))
    t = re.match(r"([0-9a-f]+) <", op)
    if (mn.startswith("j") or mn.startswith("call")) and t:
        targets.add(int(t.group(1), 16))
for i, (a, mn, op) in enumerate(ins):
    if mn != "wrmsr":
        continue
    msr = None
    j = i - 1
    while j >= 0 and j > i - 12:
        pa, pm, po = ins[j]
        if pm.startswith("j") or pm.startswith("call") or pm.startswith("ret") or pm == "wrmsr":
            break
        mm = re.match(r"\$0x([0-9a-f]+),%ecx$", po)
        if pm == "mov" and mm:
            msr = int(mm.group(1), 16)
            break
        j -= 1
    if msr is None or not 0x800 <= msr <= 0x8ff:
        continue
    k = i - 1
    while k >= 0 and ins[k][1] != "lfence" and not ins[k][1].startswith(("j", "call", "ret")):
        k -= 1
    fenced = (k >= 1 and ins[k][1] == "lfence" and ins[k - 1][1] == "mfence"
              and not any(ins[x][0] in targets for x in range(k + 1, i + 1)))
    print(("ok %#x" % msr) if fenced else ("unfenced %#x at %x" % (msr, a)))
'
}

# Negative control: an ICR write with no fence, and one with the fence
# but a branch landing between LFENCE and WRMSR.
neg=$(check <<'LST'
  10:	mov    $0x830,%ecx
  15:	shr    $0x20,%rdx
  19:	wrmsr
  20:	mfence
  23:	lfence
  26:	mov    $0x80b,%ecx
  2b:	xor    %edx,%edx
  2d:	wrmsr
  30:	je     2b <x+0x2b>
LST
)
if [ "$neg" = $'unfenced 0x830 at 19\nunfenced 0x80b at 2d' ]; then
	echo "ok    x2apic-fence-negative-control"
	pass=$((pass + 1))
else
	echo "FAIL  x2apic-fence-negative-control: the checker passed unfenced writes: $neg"
	fail=$((fail + 1))
fi

if [ ! -f "$ELF" ]; then
	echo "skip  x2apic-fence: $ELF not built (make all)"
	skip=$((skip + 1))
else
	out=$(objdump -d --no-show-raw-insn "$ELF" | check)
	if grep -q unfenced <<<"$out"; then
		echo "FAIL  x2apic-fence: $(grep unfenced <<<"$out" | tr '\n' ';')"
		fail=$((fail + 1))
	elif ! grep -qx "ok 0x830" <<<"$out" || ! grep -qx "ok 0x80b" <<<"$out"; then
		echo "FAIL  x2apic-fence: no fenced ICR (0x830) or EOI (0x80b) write found in $ELF"
		fail=$((fail + 1))
	else
		echo "ok    x2apic-fence ($(grep -c '^ok' <<<"$out") x2APIC WRMSRs, each after MFENCE; LFENCE)"
		pass=$((pass + 1))
	fi
fi
echo "fences-summary $pass $fail $skip"
