#!/bin/bash
# tests/dbus/errors.sh: every error a client can provoke comes back as the
# documented D-Bus error (seen with dbus-send) with a useful message, and
# the daemon keeps serving: bad XML (InvalidConfig with the line number),
# unknown names/UUIDs (NoSuchMachine), clashes (AlreadyExists), bad
# arguments (InvalidArgs), operations in the wrong state (InvalidState),
# and Start failing honestly when the worker cannot run (Failed, naming
# the path it tried), exits early, or dies by a signal.
. "$(dirname "$0")/lib.sh"
start_bus
MISSING="$T/no-such-dir/pseries-vm"
start_daemon --worker "$MISSING"
M=/org/pseriesd1
I=org.pseriesd1.Manager

# Malformed XML: the line of the offending element is in the message.
bad=$'<domain type=\'qemu\'>\n  <name>bad</name>\n  <memory unit=\'MiB\'>lots</memory>\n</domain>'
expect_error org.pseriesd1.Error.InvalidConfig ':3: ' $M $I.DefineXML "string:$bad"
expect_error org.pseriesd1.Error.InvalidConfig ':[0-9]+: ' $M $I.DefineXML "string:<domain"
expect_error org.freedesktop.DBus.Error.InvalidArgs 'empty' $M $I.DefineXML "string:"
[ "$(mgr ListMachines)" = 'a(ssso) 0' ] || fail "a bad definition was stored"
[ -z "$(ls "$STATE/domains")" ] || fail "a bad definition left a file: $(ls "$STATE/domains")"

# Unknown machines.
expect_error org.pseriesd1.Error.NoSuchMachine "nosuch" $M $I.GetMachineByName string:nosuch
expect_error org.pseriesd1.Error.NoSuchMachine "nosuch" $M $I.Undefine string:nosuch
expect_error org.pseriesd1.Error.NoSuchMachine "00000000-0000-4000-8000-000000000000" \
    $M $I.GetMachineByUUID string:00000000-0000-4000-8000-000000000000
expect_error org.freedesktop.DBus.Error.InvalidArgs "not a UUID" $M $I.GetMachineByUUID string:xyz
expect_error org.freedesktop.DBus.Error.InvalidArgs "not a valid machine name" \
    $M $I.GetMachineByName string:a/b
expect_error org.freedesktop.DBus.Error.UnknownObject "" \
    $M/machine/nosuch org.pseriesd1.Machine.Start

# Clashes.  Without a UUID each definition gets a new one: the second is a
# different domain with the same name.
mgr DefineXML s "$(example_xml minimal-kernel.xml vm1)" >/dev/null
expect_error org.pseriesd1.Error.AlreadyExists "'vm1' already exists" \
    $M $I.DefineXML "string:$(example_xml minimal-kernel.xml vm1)"
# Same UUID under another name.
U=6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b
mgr DefineXML s "$(example_xml minimal-kernel.xml vm2 $U)" >/dev/null
mgr DefineXML s "$(example_xml minimal-kernel.xml vm2 $U)" >/dev/null ||
    fail "redefining vm2 with its own UUID failed"
expect_error org.pseriesd1.Error.AlreadyExists "$U" \
    $M $I.DefineXML "string:$(example_xml minimal-kernel.xml vm3 $U)"
expect_error org.pseriesd1.Error.AlreadyExists "vm1" \
    $M $I.CreateXML "string:$(example_xml minimal-kernel.xml vm1)"
[ "$(mgr ListMachines | awk '{print $2}')" = 2 ] || fail "clashes changed the list: $(mgr ListMachines)"

# Wrong state: nothing runs.
P=$(machine_path vm1)
for op in Shutdown Destroy Reboot Reset Pause Resume OpenConsole; do
    expect_error org.pseriesd1.Error.InvalidState "shut off|not running" $P org.pseriesd1.Machine.$op
done

# Start without a worker: an honest failure naming the path tried, and
# the new StateReason is announced with PropertiesChanged.
start_monitor "$T/changed" "type='signal',sender='org.pseriesd1',member='PropertiesChanged',path='$P'"
expect_error org.pseriesd1.Error.Failed "$MISSING" $P org.pseriesd1.Machine.Start
wait_grep "$T/changed" '"failed"' || true
kill "$MON"
grep -A12 'member=PropertiesChanged' "$T/changed" >"$T/changed.1" || true
grep -q 'string "org.pseriesd1.Machine"' "$T/changed.1" &&
    grep -A1 'string "StateReason"' "$T/changed.1" | grep -q 'variant *string "failed"' ||
    fail "no PropertiesChanged with StateReason failed: $(cat "$T/changed")"
[ "$(prop vm1 State)" = 's "shut off"' ] || fail "State after failed Start: $(prop vm1 State)"
[ "$(prop vm1 StateReason)" = 's "failed"' ] || fail "StateReason after failed Start"
# CreateXML fails the same way and leaves nothing behind.
expect_error org.pseriesd1.Error.Failed "$MISSING" \
    $M $I.CreateXML "string:$(example_xml minimal-kernel.xml transient1)"
expect_error org.pseriesd1.Error.NoSuchMachine "transient1" $M $I.GetMachineByName string:transient1
stop_daemon

# Workers that are not VMs at all: one exits at once, one dies by a signal.
# The daemon reports each start as failed and keeps serving.
cat >"$T/exits" <<'SH'
#!/bin/sh
echo "pretend worker: giving up" >&2
exit 3
SH
cat >"$T/segv" <<'SH'
#!/bin/sh
kill -SEGV $$
SH
chmod +x "$T/exits" "$T/segv"
start_daemon --worker "$T/exits"
expect_error org.pseriesd1.Error.Failed "exited with status 3 before the VM ran" \
    "$(machine_path vm1)" org.pseriesd1.Machine.Start
stop_daemon
PSERIES_VM="$T/segv" start_daemon
expect_error org.pseriesd1.Error.Failed "killed by signal SEGV" \
    "$(machine_path vm2)" org.pseriesd1.Machine.Start
[ "$(prop vm2 StateReason)" = 's "failed"' ] || fail "StateReason after a crashed start"
[ "$(mgr ListMachines | awk '{print $2}')" = 2 ] || fail "the daemon lost machines"
stop_daemon

# SIGTERM while a Start waits for a worker that never reports: the caller
# gets an answer, the worker is gone, the daemon exits cleanly (status 0,
# so nothing leaked under ASan).
cat >"$T/hang" <<SH
#!/bin/sh
echo \$\$ >"$T/hang.pid"
exec sleep 60
SH
chmod +x "$T/hang"
start_daemon --worker "$T/hang"
dbus-send --session --print-reply --reply-timeout=20000 --dest=org.pseriesd1 \
    "$(machine_path vm1)" org.pseriesd1.Machine.Start >"$T/start.out" 2>&1 &
CALL=$!
wait_grep "$T/hang.pid" '^[0-9]+$' || fail "the waiting worker did not start"
stop_daemon
wait "$CALL" || true
grep -q "^Error org.pseriesd1.Error.Failed: pseriesd stopped 'vm1'" "$T/start.out" ||
    fail "the pending Start got: $(cat "$T/start.out")"
kill -0 "$(cat "$T/hang.pid")" 2>/dev/null && fail "the worker outlived the daemon"
echo ok
