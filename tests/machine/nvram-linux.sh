#!/bin/bash
# tests/machine/nvram-linux.sh: our freshly formatted NVRAM image under a
# real Linux. Debian's ppc64el kernel (tools/guest-image) boots under the
# reference qemu-system-ppc64 -M pseries,x-vof=on (VOF: no SLOF to format
# the NVRAM) once with QEMU's own blank NVRAM, where Linux reports
# "Failed to find or create ... partition" (this proves the check can see
# the failure), then with our image as the spapr-nvram backing file, where
# it must report no NVRAM error and must have created ibm,rtas-log and
# lnx,oops-log in our free space; a second boot on the same file must find
# them again without complaint. The headers Linux wrote (a little-endian
# kernel computing its own checksums) must pass our checksum function.
#   nvram-linux.sh NVRAM-IMAGE-TOOL QEMU
set -u
tool="$1" qemu="$2"
root="$(cd "$(dirname "$0")/../.." && pwd)"
guest="$("$root/tools/guest-image" --print-dir)"
if [ ! -f "$guest/vmlinux" ] || [ ! -f "$guest/initramfs.cpio.gz" ]; then
    echo "SKIP: no test guest in $guest (run tools/guest-image)"; exit 77
fi
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail=0
batch="$(printf '%s' 'dmesg | grep -i nvram' | base64 -w0)"

boot() {   # boot LOG [extra qemu args...]
    local log="$1"; shift
    timeout 240 "$qemu" -M pseries,x-vof=on -cpu POWER9 -smp 1 -m 1G -nographic -vga none \
        -net none -serial mon:stdio -kernel "$guest/vmlinux" -initrd "$guest/initramfs.cpio.gz" \
        -append "console=hvc0 quiet guest.shell=0 guest.run64=$batch" "$@" </dev/null >"$log" 2>&1
    grep -q 'batch end rc=0' "$log" || { echo "FAIL: guest did not run its batch:"; tail -20 "$log"; fail=1; }
}

boot "$tmp/blank.log"
if grep -q 'Failed to find or create' "$tmp/blank.log"; then
    echo "ok: baseline: with a blank NVRAM Linux cannot create its partitions"
else
    echo "FAIL: baseline did not show the failure this test looks for:"; grep -i nvram "$tmp/blank.log"; fail=1
fi

"$tool" "$tmp/nvram.bin" || exit 1
for run in first second; do
    boot "$tmp/$run.log" -drive "file=$tmp/nvram.bin,if=none,format=raw,id=nv0" \
        -global spapr-nvram.drive=nv0
    if grep -Eiq 'nvram.*(fail|corrupt|too small|no room)|partition checksum' "$tmp/$run.log"; then
        echo "FAIL: $run boot on our image reports NVRAM trouble:"; grep -i nvram "$tmp/$run.log"; fail=1
    else
        echo "ok: $run boot on our image: no NVRAM error ($(grep -c -i nvram "$tmp/$run.log") nvram lines)"
    fi
    "$tool" --check "$tmp/nvram.bin" >"$tmp/walk.txt"; rc=$?
    sed 's/^/    /' "$tmp/walk.txt"
    [ $rc = 0 ] && echo "ok: $run boot: every header checksum (Linux's and ours) agrees with ours" ||
        { echo "FAIL: $run boot: the partition chain does not walk cleanly"; fail=1; }
    for p in ibm,rtas-log lnx,oops-log common; do
        if grep -q "name '$p'" "$tmp/walk.txt"; then echo "ok: $run boot: partition $p in the image"
        else echo "FAIL: $run boot: no $p partition in the image"; fail=1; fi
    done
done
exit $fail
