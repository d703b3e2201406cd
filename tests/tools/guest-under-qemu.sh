#!/bin/bash
# tests/tools/guest-under-qemu.sh: the test guest of tools/guest-image is
# itself right: under Debian's reference qemu-system-ppc64 -M pseries it
# boots to its banner with the CPU count and MMU type the configuration
# implies, runs a batch command with its output and exit status, and powers
# off. (Our own machine is held to the same checks in tests/guest/.)
set -u
root="$(cd "$(dirname "$0")/../.." && pwd)"
run="$root/tools/lib/run-guest"
fail=0
check() {   # check NAME EXPECTED-REGEX FILE
    if grep -Eq "$2" "$3"; then echo "ok: $1"; else
        echo "FAIL: $1: no line matching /$2/ in:"; sed 's/^/  | /' "$3"; fail=1; fi
}
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT

"$run" --vm qemu --cpu POWER9 --smp 2 --timeout 120 --console-log "$tmp/p9.log" \
    --batch 'grep -c ^processor /proc/cpuinfo; echo sum=$((6*7)); exit 7' >"$tmp/p9.out"
rc=$?
[ $rc = 7 ] && echo "ok: batch exit status is kept" || { echo "FAIL: batch rc $rc, want 7"; fail=1; }
check "POWER9 banner: 2 CPUs, radix" 'pseriesd-guest: Linux 6\.1\..*, 2 CPUs, MMU Radix, cpu POWER9' "$tmp/p9.log"
check "batch output: CPU count" '^2$' "$tmp/p9.out"
check "batch output: arithmetic" '^sum=42$' "$tmp/p9.out"
check "powered off" 'reboot: Power down' "$tmp/p9.log"

"$run" --vm qemu --cpu POWER8 --smp 1 --timeout 120 --console-log "$tmp/p8.log" \
    --batch 'uname -m' >"$tmp/p8.out" || { echo "FAIL: POWER8 run"; fail=1; }
check "POWER8 banner: 1 CPU, hash" 'pseriesd-guest: Linux 6\.1\..*, 1 CPUs, MMU Hash, cpu POWER8' "$tmp/p8.log"
check "uname -m" '^ppc64le$' "$tmp/p8.out"
exit $fail
