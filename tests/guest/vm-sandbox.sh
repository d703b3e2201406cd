#!/bin/bash
# tests/guest/vm-sandbox.sh: the worker's sandbox (machine/vm/vm-sandbox.c,
# design.md "Process model") with the real pseries-vm and the test guest.
#  1. In the foreground on a terminal, while Debian's Linux runs on 2 vCPUs:
#     /proc/PID/status says Seccomp 2, NoNewPrivs 1, no capability in any
#     set (CapBnd too when run as root); the worker holds the files of its
#     XML as descriptors; the guest shell answers typed input, `reboot -f`
#     (on_reboot restart) boots it again from the descriptors, input works
#     again, `poweroff -f` ends the worker with status 0, and the NVRAM
#     file got Linux's partitions through its descriptor.
#  2. `pseries-vm --no-sandbox` runs without it (Seccomp 0); --help says so.
#  3. Under pseriesd (busctl): the daemon-spawned worker is sandboxed the
#     same way; Pause/Resume, console input through OpenConsole, Reset (a
#     reboot from the daemon), Shutdown (guest powers off) all work.
#  4. A worker the seccomp filter kills (sigsys-worker: the real filter,
#     then a call not on the list) is reported by pseriesd: state crashed,
#     reason worker-died, a log line naming seccomp and, when the daemon
#     can read the kernel log, the system call's number.
# Skips (77) without pseries-vm or the test guest.
set -u
. "$(dirname "$0")/vm-lib.sh"

cat > "$tmp/dom.xml" <<XML
<domain type='qemu'>
  <name>sandbox</name>
  <memory unit='MiB'>512</memory>
  <vcpu>2</vcpu>
  <os>
    <type arch='ppc64' machine='pseries'>hvm</type>
    <kernel>$g/vmlinux</kernel>
    <initrd>$g/initramfs.cpio.gz</initrd>
    <cmdline>console=hvc0 quiet</cmdline>
    <nvram>$tmp/nvram.bin</nvram>
  </os>
  <on_reboot>restart</on_reboot>
  <devices>
    <serial type='file'><source path='$tmp/console.log'/></serial>
  </devices>
</domain>
XML

# ---- 1. foreground -------------------------------------------------------
python3 - "$vm" "$tmp" <<'PY' || fail=1
import os, pty, select, sys, time
vm, tmp = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execv(vm, [vm, tmp + "/dom.xml"])
buf = b""
failed = False
def read_until(pat, t, start):
    global buf
    dl = time.time() + t
    while pat not in buf[start:] and time.time() < dl:
        if select.select([fd], [], [], 0.5)[0]:
            try:
                buf += os.read(fd, 65536)
            except OSError:
                break
    return pat in buf[start:]
def check(ok, what):
    global failed
    print(("ok: " if ok else "FAIL: ") + what, flush=True)
    if not ok:
        failed = True
    return ok
def must(ok, what):
    if not check(ok, what):
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        sys.exit(1)

must(read_until(b"pseriesd-guest: Linux", 90, 0), "the guest booted with the sandbox on")
status = dict(l.split(":", 1) for l in open("/proc/%d/status" % pid).read().splitlines() if ":" in l)
st = {k: v.strip() for k, v in status.items()}
check(st.get("Seccomp") == "2", "Seccomp: %s (2 = filter)" % st.get("Seccomp"))
check(st.get("NoNewPrivs") == "1", "NoNewPrivs: %s" % st.get("NoNewPrivs"))
for k in ("CapInh", "CapPrm", "CapEff", "CapAmb"):
    check(st.get(k) == "0000000000000000", "%s: %s" % (k, st.get(k)))
if os.geteuid() == 0:
    check(st.get("CapBnd") == "0000000000000000", "CapBnd: %s (root)" % st.get("CapBnd"))
else:
    print("note: not root, CapBnd %s" % st.get("CapBnd"))
check(int(st.get("Threads", "0")) == 3, "threads: %s (main + 2 vCPUs)" % st.get("Threads"))
fds = set()
for f in os.listdir("/proc/%d/fd" % pid):
    try:
        fds.add(os.readlink("/proc/%d/fd/%s" % (pid, f)))
    except OSError:
        pass
g = os.path.dirname(open(tmp + "/dom.xml").read().split("<kernel>")[1].split("</kernel>")[0])
for want in (g + "/vmlinux", g + "/initramfs.cpio.gz", tmp + "/nvram.bin", tmp + "/console.log"):
    check(want in fds, "holds %s open" % os.path.basename(want))

time.sleep(2)
n = len(buf)
os.write(fd, b"echo ab$((40+2))cd\r")
must(read_until(b"ab42cd", 30, n), "console input answered")
n = len(buf)
os.write(fd, b"reboot -f\r")
must(read_until(b"pseriesd-guest: Linux", 120, n), "reboot -f: the guest booted again (images read through the kept descriptors)")
time.sleep(2)
n = len(buf)
os.write(fd, b"echo xy$((40+3))zw\r")
must(read_until(b"xy43zw", 30, n), "console input after the reboot")
os.write(fd, b"poweroff -f\r")
dl = time.time() + 30
while time.time() < dl:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        if os.WIFSIGNALED(status):
            must(False, "the worker died of signal %d after poweroff" % os.WTERMSIG(status))
        must(os.WEXITSTATUS(status) == 0, "poweroff -f: exit status %d" % os.WEXITSTATUS(status))
        sys.exit(1 if failed else 0)
    if select.select([fd], [], [], 0.2)[0]:
        try:
            buf += os.read(fd, 65536)
        except OSError:
            pass
must(False, "the worker still runs 30 s after poweroff -f")
PY
grep -aq "lnx,oops-log" "$tmp/nvram.bin" 2>/dev/null && ok "NVRAM written through its descriptor (lnx,oops-log)" ||
    bad "the NVRAM file has no lnx,oops-log partition"
[ "$(grep -ac "pseriesd-guest: Linux" "$tmp/console.log")" -ge 2 ] &&
    ok "console log has both boots" || bad "console log: $(grep -ac "pseriesd-guest" "$tmp/console.log") banners"

# ---- 2. --no-sandbox -----------------------------------------------------
"$vm" --help | grep -q -- "--no-sandbox" && ok "--help lists --no-sandbox" || bad "--help has no --no-sandbox"
"$vm" --no-sandbox "$tmp/dom.xml" </dev/null >"$tmp/nosbx.log" 2>&1 &
p=$!
for _ in $(seq 100); do
    [ "$(awk '/^Threads:/ {print $2}' /proc/$p/status 2>/dev/null)" = 3 ] && break
    sleep 0.1
done
s=$(awk '/^Seccomp:/ {print $2}' /proc/$p/status 2>/dev/null)
[ "$s" = 0 ] && ok "--no-sandbox: Seccomp 0" || bad "--no-sandbox: Seccomp '$s'"
kill -INT $p; wait $p

# ---- 3./4. under pseriesd --------------------------------------------------
if [ -z "${PSERIESD:-}" ] || [ -z "${CONSOLE_READ:-}" ] || [ -z "${SIGSYS_WORKER:-}" ] ||
    ! command -v dbus-daemon >/dev/null || ! command -v busctl >/dev/null; then
    echo "note: PSERIESD, CONSOLE_READ, SIGSYS_WORKER or D-Bus tools missing: daemon part skipped"
    exit $fail
fi
[ $fail = 0 ] || exit 1
trap - EXIT
rm -rf "$tmp"
. "$root/tests/dbus/lib.sh"
require_guest
M=org.pseriesd1.Machine
start_bus
start_daemon --worker "$WORKER"
mgr DefineXML s "$(guest_xml vm1 "<serial type='file'><source path='$T/vm1.console'/></serial>")" >/dev/null
P1=$(machine_path vm1)
bc call org.pseriesd1 "$P1" $M Start || fail "Start failed"
pid=$(worker_pid vm1)
[ -n "$pid" ] || fail "no worker for vm1"
wait_grep_t "$T/vm1.console" "pseriesd-guest: Linux" 90 || fail "vm1 did not boot: $(tail -c 300 "$T/vm1.console")"
for f in "Seccomp:	2" "NoNewPrivs:	1" "CapEff:	0000000000000000" "CapPrm:	0000000000000000" \
         "CapInh:	0000000000000000" "CapAmb:	0000000000000000"; do
    grep -q "^$f\$" /proc/$pid/status || fail "daemon's worker: no '$f' in /proc/$pid/status"
done
if [ "$(id -u)" = 0 ]; then
    grep -q "^CapBnd:	0000000000000000\$" /proc/$pid/status || fail "daemon's worker: CapBnd not empty"
fi
echo "ok: the daemon-spawned worker $pid: Seccomp 2, NoNewPrivs 1, no capabilities"
bc call org.pseriesd1 "$P1" $M Pause
[ "$(prop vm1 State)" = 's "paused"' ] || fail "State after Pause: $(prop vm1 State)"
bc call org.pseriesd1 "$P1" $M Resume
[ "$(prop vm1 State)" = 's "running"' ] || fail "State after Resume: $(prop vm1 State)"
echo "ok: Pause, Resume"
sleep 2
"$CONSOLE_READ" "$P1" --send 'echo ab$((40+2))cd\r' --until ab42cd --timeout 30 >"$T/c1" ||
    fail "console input through OpenConsole: $(tail -c 300 "$T/c1")"
echo "ok: console input through OpenConsole"
n=$(grep -ac "pseriesd-guest: Linux" "$T/vm1.console")
bc call org.pseriesd1 "$P1" $M Reset || fail "Reset failed"
for _ in $(seq 900); do
    [ "$(grep -ac "pseriesd-guest: Linux" "$T/vm1.console")" -gt "$n" ] && break
    sleep 0.1
done
[ "$(grep -ac "pseriesd-guest: Linux" "$T/vm1.console")" -gt "$n" ] || fail "no boot after Reset"
[ "$(worker_pid vm1)" = "$pid" ] || fail "Reset replaced the worker"
echo "ok: Reset booted the guest again in the same sandboxed worker"
sleep 2
bc call org.pseriesd1 "$P1" $M Shutdown
wait_state vm1 "shut off" 60
[ "$(prop vm1 StateReason)" = 's "shutdown"' ] || fail "reason after Shutdown: $(prop vm1 StateReason)"
assert_worker_gone "$pid" 10
echo "ok: Shutdown: the guest powered off"
grep -i "seccomp\|SIGSYS" "$LOG" && fail "the daemon saw a SIGSYS death"
stop_daemon

# 4. A worker killed by its filter.
start_daemon --worker "$SIGSYS_WORKER"
mgr DefineXML s "$(guest_xml vm2)" >/dev/null
bc call org.pseriesd1 "$(machine_path vm2)" $M Start || fail "Start of the sigsys worker failed"
wait_state vm2 crashed 10
[ "$(prop vm2 StateReason)" = 's "worker-died"' ] || fail "reason: $(prop vm2 StateReason)"
wait_grep "$LOG" "killed by signal SYS.*seccomp" || fail "no log line naming seccomp: $(cat "$LOG")"
if [ -r /dev/kmsg ] && dd if=/dev/kmsg bs=8k count=1 iflag=nonblock of=/dev/null 2>/dev/null; then
    grep -Eq "system call [0-9]+ is not on its allow-list" "$LOG" ||
        fail "the kernel log is readable, but the daemon did not name the call: $(cat "$LOG")"
    echo "ok: $(grep -Eo "system call [0-9]+ is not on its allow-list" "$LOG")"
fi
echo "ok: a worker killed by its seccomp filter: crashed, worker-died, log: $(grep -o "killed by signal SYS[^;]*" "$LOG" | head -1)"
stop_daemon
exit 0
