#!/bin/bash
# tests/guest/perf-events.sh MODEL: Linux's perf_event_open in the guest
# on the engine's performance monitor and data address watchpoint.
# PMU: the engine's performance monitor as
# Debian's Linux uses it in a guest (Power ISA 3.0B Book III chapter 9;
# Linux arch/powerpc/perf/core-book3s.c, isa207-common.c). The kernel
# registers its PMU ("... performance monitor hardware support
# registered", /sys/bus/event_source/devices/cpu); pmu-count.c (built
# static with the cross compiler, added to the initramfs) counts a loop
# of 10^7 iterations with perf_event_open: instructions:u within 1% of
# 6 * 10^7 (QEMU 7.2 TCG counts 60228458 for it), cycles:u > 0, user +
# kernel more than user only (MMCR2 FCnS freezes privileged state), and
# a sampling event (period 10^6) over 5 * 10^7 iterations raises about
# one performance monitor interrupt per period (PMI in
# /proc/interrupts, 0xF00). Watchpoint: dawr-watch.c's hardware write
# breakpoint (H_SET_MODE DAWR0/DAWRX0, the DSI with DSISR[41], Linux
# stepping over the store) counts exactly its 1000 stores, not the
# neighbour's or the loads (on POWER9 after Linux's
# dawr_enable_dangerous switch: Linux leaves POWER9's DAWR off by
# default, on QEMU too). Skipped (77) without the cross compiler or
# pseries-vm.
set -u
model="${1:-POWER9}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
vm="${PSERIES_VM:-$root/build/machine/pseries-vm}"
cc=powerpc64le-linux-gnu-gcc
[ -x "$vm" ] || { echo "SKIP: $vm does not exist"; exit 77; }
command -v "$cc" > /dev/null || { echo "SKIP: no $cc"; exit 77; }
command -v cpio > /dev/null || { echo "SKIP: no cpio"; exit 77; }
g="$("$root/tools/guest-image" --print-dir)" || { echo "SKIP: no guest image"; exit 77; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root/bin"
"$cc" -O1 -static -o "$tmp/root/bin/pmu-count" "$root/tests/guest/pmu-count.c" &&
"$cc" -O1 -static -o "$tmp/root/bin/dawr-watch" "$root/tests/guest/dawr-watch.c" ||
    { echo "FAIL: cannot build the guest programs"; exit 1; }
# A second gzip'd cpio member after Debian's initramfs adds the program.
(cd "$tmp/root" && printf 'bin\nbin/pmu-count\nbin/dawr-watch\n' | cpio -o -H newc --owner=0:0 2>/dev/null | gzip) \
    > "$tmp/extra.cpio.gz"
cat "$g/initramfs.cpio.gz" "$tmp/extra.cpio.gz" > "$tmp/initramfs.cpio.gz"
batch='dmesg | grep "performance monitor"; ls /sys/bus/event_source/devices/cpu/type;
/bin/pmu-count count 10000000; grep PMI /proc/interrupts; /bin/pmu-count sample 50000000;
grep PMI /proc/interrupts; mount -t debugfs none /sys/kernel/debug;
echo Y > /sys/kernel/debug/powerpc/dawr_enable_dangerous; /bin/dawr-watch 1000'
cat > "$tmp/guest.xml" <<XML
<domain type='qemu'>
  <name>perf-events</name>
  <memory unit='MiB'>1024</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='ppc64' machine='pseries'>hvm</type>
    <kernel>$g/vmlinux</kernel>
    <initrd>$tmp/initramfs.cpio.gz</initrd>
    <cmdline>console=hvc0 quiet guest.run64=$(printf '%s' "$batch" | base64 -w0)</cmdline>
  </os>
  <cpu><model>$model</model></cpu>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <console type='pty'><target type='serial'/></console>
  </devices>
</domain>
XML
timeout -k 10 150 "$vm" "$tmp/guest.xml" < /dev/null > "$tmp/out" 2>&1
rc=$?
fail=0
[ $rc = 0 ] || { echo "FAIL: pseries-vm exit $rc"; tail -20 "$tmp/out"; exit 1; }
tr -d '\r' < "$tmp/out" > "$tmp/log"
grep -q "performance monitor hardware support registered" "$tmp/log" &&
    echo "ok: $(grep -o '[A-Za-z0-9]* performance monitor hardware support registered' "$tmp/log")" ||
    { echo "FAIL: no PMU registered"; fail=1; }
grep -q "^/sys/bus/event_source/devices/cpu/type" "$tmp/log" &&
    echo "ok: /sys/bus/event_source/devices/cpu exists" ||
    { echo "FAIL: no /sys/bus/event_source/devices/cpu"; fail=1; }
read -r _ _ _ _ iu _ cu _ iuk <<< "$(grep '^pmu-count: count' "$tmp/log")"
if [ -n "${iuk:-}" ] && [ "$iu" -ge 59400000 ] && [ "$iu" -le 60600000 ] &&
   [ "$cu" -gt 0 ] && [ "$iuk" -gt "$iu" ]; then
    echo "ok: instructions:u $iu (6e7 +- 1%), cycles:u $cu, instructions:u+k $iuk"
else
    echo "FAIL: counts: $(grep '^pmu-count' "$tmp/log")"; fail=1
fi
pmi=($(grep '^PMI:' "$tmp/log" | awk '{print $2}'))
read -r _ _ _ _ su <<< "$(grep '^pmu-count: sample' "$tmp/log")"
if [ ${#pmi[@]} = 2 ] && [ -n "${su:-}" ]; then
    d=$((pmi[1] - pmi[0]))
    want=$((su / 1000000))
    if [ $d -ge $((want - 2)) ] && [ $d -le $((want + 2)) ]; then
        echo "ok: $d performance monitor interrupts for $su sampled instructions (period 1e6)"
    else
        echo "FAIL: $d PMIs for $su instructions"; fail=1
    fi
else
    echo "FAIL: no PMI lines / sample result"; grep -E '^(PMI|pmu-count)' "$tmp/log"; fail=1
fi
if grep -q '^dawr-watch: 1000 writes, count 1000, var 999, sum 499500$' "$tmp/log"; then
    echo "ok: $(grep '^dawr-watch' "$tmp/log")"
else
    echo "FAIL: watchpoint: $(grep '^dawr-watch' "$tmp/log")"; fail=1
fi
exit $fail
