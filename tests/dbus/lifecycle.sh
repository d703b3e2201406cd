#!/bin/bash
# tests/dbus/lifecycle.sh: the real VM lifecycle over D-Bus with the real
# worker (build/machine/pseries-vm) and the test guest of tools/guest-image:
# Start -> running, Pause/Resume, OpenConsole, Shutdown (guest powers off
# after the EPOW event), Destroy, a transient CreateXML machine, and a
# worker killed with SIGKILL that is reported crashed while another VM
# keeps running.  Skipped (77) with the reason while the worker or the test
# guest does not exist.
. "$(dirname "$0")/lib.sh"
if [ ! -x "$WORKER" ]; then
    echo "SKIP: $WORKER does not exist yet (the pSeries machine is not built); Start fails honestly meanwhile (errors.sh checks that)"
    exit 77
fi
GUEST=$("$SOURCE_ROOT/tools/guest-image" --print-dir)
if [ ! -f "$GUEST/vmlinux" ] || [ ! -f "$GUEST/initramfs.cpio.gz" ]; then
    echo "SKIP: no test guest in $GUEST (run tools/guest-image)"
    exit 77
fi

guest_xml() {   # guest_xml NAME [CONSOLE-LOG]: console to a pty, or to a file
    local serial="<serial type='pty'/>"
    [ $# -ge 2 ] && serial="<serial type='file'><source path='$2'/></serial>"
    cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>512</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='ppc64le' machine='pseries'>hvm</type>
    <kernel>$GUEST/vmlinux</kernel>
    <initrd>$GUEST/initramfs.cpio.gz</initrd>
    <cmdline>console=hvc0</cmdline>
  </os>
  <devices>
    $serial
  </devices>
</domain>
XML
}

wait_state() {   # wait_state NAME STATE SECONDS
    local i
    for i in $(seq $(($3 * 10))); do
        [ "$(prop "$1" State)" = "s \"$2\"" ] && return 0
        sleep 0.1
    done
    fail "$1 is not '$2' after $3 s but $(prop "$1" State) / $(prop "$1" StateReason)"
}

start_bus
start_daemon --worker "$WORKER"
mgr DefineXML s "$(guest_xml vm1 "$T/vm1.console")" >/dev/null
mgr DefineXML s "$(guest_xml vm2)" >/dev/null
P1=$(machine_path vm1)
P2=$(machine_path vm2)
M=org.pseriesd1.Machine

bc call org.pseriesd1 "$P1" $M Start || fail "Start failed"
[ "$(prop vm1 State)" = 's "running"' ] || fail "State after Start: $(prop vm1 State)"
[ "$(prop vm1 StateReason)" = 's "booted"' ] || fail "StateReason after Start"
expect_error org.pseriesd1.Error.InvalidState "running" "$P1" $M.Start
[ -f "$XDG_RUNTIME_DIR/run/vm1.xml" ] || fail "no live XML"

# The guest boots to its banner (tools/guest/init) on the console log.
wait_grep_long() { for _ in $(seq $(($3 * 10))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
wait_grep_long "$T/vm1.console" '^pseriesd-guest: Linux' 120 || fail "vm1 did not boot: $(tail -5 "$T/vm1.console")"

bc call org.pseriesd1 "$P1" $M Pause
[ "$(prop vm1 State)" = 's "paused"' ] || fail "State after Pause: $(prop vm1 State)"
bc call org.pseriesd1 "$P1" $M Resume
[ "$(prop vm1 State)" = 's "running"' ] || fail "State after Resume: $(prop vm1 State)"

# Crash isolation: kill vm2's worker, vm1 runs on.  (vm2's console is a pty:
# OpenConsole hands over a descriptor first.)
bc call org.pseriesd1 "$P2" $M Start
grep -q '^h ' <<<"$(bc call org.pseriesd1 "$P2" $M OpenConsole)" || fail "OpenConsole gave no fd"
pid2=$(pgrep -f -- "--control-fd=3 .*/run/vm2.xml")
[ -n "$pid2" ] || fail "no worker process for vm2"
kill -KILL "$pid2"
wait_state vm2 crashed 5
[ "$(prop vm2 StateReason)" = 's "worker-died"' ] || fail "vm2 reason: $(prop vm2 StateReason)"
[ "$(prop vm1 State)" = 's "running"' ] || fail "vm1 disturbed by vm2's crash"

# Graceful shutdown: the guest powers itself off.
bc call org.pseriesd1 "$P1" $M Shutdown
wait_state vm1 "shut off" 60
[ "$(prop vm1 StateReason)" = 's "shutdown"' ] || fail "reason after Shutdown: $(prop vm1 StateReason)"

bc call org.pseriesd1 "$P1" $M Start
[ "$(prop vm1 State)" = 's "running"' ] || fail "vm1 did not start again after its shutdown"
bc call org.pseriesd1 "$P1" $M Destroy
[ "$(prop vm1 State)" = 's "shut off"' ] || fail "State after Destroy"
[ "$(prop vm1 StateReason)" = 's "destroyed"' ] || fail "reason after Destroy"

# Transient: running at once, gone after Destroy.
out=$(mgr CreateXML s "$(guest_xml tvm)")
[ "$out" = 'o "/org/pseriesd1/machine/tvm"' ] || fail "CreateXML: $out"
[ "$(prop tvm State)" = 's "running"' ] || fail "transient not running"
[ "$(prop tvm Persistent)" = 'b false' ] || fail "transient is persistent"
bc call org.pseriesd1 /org/pseriesd1/machine/tvm $M Destroy
expect_error org.pseriesd1.Error.NoSuchMachine tvm /org/pseriesd1 org.pseriesd1.Manager.GetMachineByName string:tvm
stop_daemon
echo ok
