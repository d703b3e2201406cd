#!/bin/bash
# tests/guest/boot-power7.sh: POWER7 (ISA 2.06) runs Debian's ppc64el kernel
# in hash mode, but Debian's ppc64el userland is built for POWER8 (ISA 2.07):
# busybox's first POWER8 instruction (mtvsrd) is illegal on POWER7, init
# dies with SIGILL and the kernel panics. The reference QEMU
# (-cpu POWER7) does exactly the same; this test checks that pseries-vm
# matches it: the kernel reaches /init in hash mode, init gets the illegal
# instruction at the same busybox address, the guest panics through
# ibm,os-term, and pseries-vm ends with status 4 (guest crashed,
# on_crash=destroy). Skips (77) without pseries-vm.
set -u
root="$(cd "$(dirname "$0")/../.." && pwd)"
vm="${PSERIES_VM:-$root/build/machine/pseries-vm}"
if [ ! -x "$vm" ]; then
    echo "SKIP: $vm does not exist"
    exit 77
fi
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail=0
for impl in qemu pseries; do
    PSERIES_VM="$vm" "$root/tools/lib/run-guest" --vm $impl --cpu POWER7 --timeout 90 --verbose-kernel \
        --console-log "$tmp/$impl.log" > /dev/null 2> "$tmp/$impl.err"
done
for impl in qemu pseries; do
    grep -q "Using hash MMU\|hash-mmu" "$tmp/$impl.log" && grep -q "Run /init as init process" "$tmp/$impl.log" ||
        { echo "FAIL: $impl: the kernel did not reach /init in hash mode"; fail=1; }
done
sig() { sed -n 's/.*init\[1\]: \(illegal instruction (4) at [0-9a-f]*\).*/\1/p' "$1" | head -1; }
q=$(sig "$tmp/qemu.log") p=$(sig "$tmp/pseries.log")
if [ -n "$q" ] && [ "$q" = "$p" ]; then
    echo "ok: both: init[1]: $p"
else
    echo "FAIL: init's fault differs: qemu '$q', pseries '$p'"; fail=1
fi
grep -Eq "(pseries-vm exit|exited with status) 4\b" "$tmp/pseries.err" &&
    echo "ok: pseries-vm exit status 4 (guest crashed, on_crash=destroy)" ||
    { echo "FAIL: pseries-vm's exit:"; cat "$tmp/pseries.err"; fail=1; }
exit $fail
