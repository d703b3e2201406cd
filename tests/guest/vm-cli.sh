#!/bin/bash
# tests/guest/vm-cli.sh: pseries-vm as a user runs it in the foreground
# (issue 5, item 1): configuration errors name the file and line (XML) or
# what to change, with exit status 1; a bad command line exits 2; on a
# terminal the guest's shell answers typed input, and Ctrl-a x quits at
# once with status 0 (as in QEMU); a guest
# powered off with `poweroff -f` ends the worker with 0; the NVRAM file
# given in <os><nvram> is formatted the way Linux expects and keeps what
# the guest stored across runs (Linux creates its lnx,oops-log partition
# in it). Skips (77) without pseries-vm or the test guest.
set -u
. "$(dirname "$0")/vm-lib.sh"

xml() {   # xml FILE CMDLINE [EXTRA-OS-ELEMENTS]
    cat > "$1" <<XML
<domain type='qemu'>
  <name>cli</name>
  <memory unit='MiB'>512</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='ppc64' machine='pseries'>hvm</type>
    <kernel>$g/vmlinux</kernel>
    <initrd>$g/initramfs.cpio.gz</initrd>
    <cmdline>$2</cmdline>
    ${3:-}
  </os>
  <devices><console type='pty'><target type='serial'/></console></devices>
</domain>
XML
}

# Configuration errors: exit 1, one line saying where and what.
xml "$tmp/bogus.xml" "console=hvc0"
sed -i 's|<vcpu>1</vcpu>|<vcpu>1</vcpu>\n  <bogus/>|' "$tmp/bogus.xml"
out=$("$vm" "$tmp/bogus.xml" 2>&1 </dev/null); rc=$?
[ $rc = 1 ] && grep -q "bogus.xml:5: .*bogus" <<<"$out" && ok "unsupported element: $out" ||
    bad "unsupported element: rc $rc, '$out'"
xml "$tmp/mem.xml" "console=hvc0"
sed -i 's|>512<|>300<|' "$tmp/mem.xml"
out=$("$vm" "$tmp/mem.xml" 2>&1 </dev/null); rc=$?
[ $rc = 1 ] && grep -q "multiple of 256 MiB.*try 256 MiB" <<<"$out" && ok "memory size: $out" ||
    bad "memory size: rc $rc, '$out'"
out=$("$vm" --no-such-option "$tmp/mem.xml" 2>&1 </dev/null); rc=$?
[ $rc = 2 ] && ok "bad option: exit 2" || bad "bad option: rc $rc"
"$vm" --help | grep -q "Ctrl-a x" && ok "--help names Ctrl-a x" || bad "--help"

# Ctrl-a x on a terminal: the guest shell is waiting, the user quits.
xml "$tmp/shell.xml" "console=hvc0 quiet"
python3 - "$vm" "$tmp/shell.xml" <<'PY' && ok "typed input answered; Ctrl-a x quits with status 0" || bad "console input / Ctrl-a x"
import os, pty, select, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], sys.argv[2]])
buf, deadline = b"", time.time() + 60
while b"pseriesd-guest: Linux" not in buf and time.time() < deadline:
    if select.select([fd], [], [], 1)[0]:
        try:
            buf += os.read(fd, 4096)
        except OSError:
            break
if b"pseriesd-guest: Linux" not in buf:
    print("no banner on the terminal"); os.kill(pid, 9); sys.exit(1)
# The shell answers what the user types (console input reaches the guest
# through the vty's interrupt), then the user quits.
time.sleep(2)
n = len(buf)
os.write(fd, b"echo ab$((40+2))cd\r")
t1 = time.time()
while b"ab42cd" not in buf[n:] and time.time() - t1 < 20:
    if select.select([fd], [], [], 0.5)[0]:
        try:
            buf += os.read(fd, 4096)
        except OSError:
            break
if b"ab42cd" not in buf[n:]:
    print("the guest shell did not answer typed input in 20 s"); os.kill(pid, 9); sys.exit(1)
print("the shell answered typed input after %.1f s" % (time.time() - t1))
os.write(fd, b"\x01x")
t0 = time.time()
while time.time() - t0 < 10:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        sys.exit(0 if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 else 1)
    if select.select([fd], [], [], 0.2)[0]:
        try:
            os.read(fd, 4096)
        except OSError:
            pass
print("still running 10 s after Ctrl-a x"); os.kill(pid, 9); sys.exit(1)
PY

# NVRAM file: created and formatted on first use, kept across runs.
xml "$tmp/nv.xml" "console=hvc0 quiet guest.shell=0" "<nvram>$tmp/nvram.bin</nvram>"
timeout -s KILL 90 "$vm" "$tmp/nv.xml" </dev/null > "$tmp/run1.log" 2>&1; rc=$?
[ $rc = 0 ] && ok "guest powered off: exit 0" || bad "first run: exit $rc"
if [ -s "$tmp/nvram.bin" ] && grep -aq "lnx,oops-log" "$tmp/nvram.bin"; then
    ok "NVRAM file holds Linux's lnx,oops-log partition ($(stat -c %s "$tmp/nvram.bin") bytes)"
else
    bad "NVRAM file missing or without lnx,oops-log"
fi
grep -q "nvram: Failed" "$tmp/run1.log" && bad "the kernel complained about the NVRAM"
cp "$tmp/nvram.bin" "$tmp/nvram.1"
timeout -s KILL 90 "$vm" "$tmp/nv.xml" </dev/null > "$tmp/run2.log" 2>&1; rc=$?
[ $rc = 0 ] || bad "second run: exit $rc"
grep -q "nvram: Failed" "$tmp/run2.log" && bad "second run: the kernel complained about the NVRAM"
[ "$(grep -ac "lnx,oops-log" "$tmp/nvram.bin")" -ge 1 ] && ok "NVRAM kept across runs" ||
    bad "NVRAM lost its partitions"
exit $fail
