#!/bin/bash
# tests/daemon/bus-policy.sh POLICY: the system bus policy of pseriesd
# (dbus/system.d/org.pseriesd1.conf) in a real dbus-daemon running Debian's
# own system.conf (only the listening socket and the include list changed),
# with pseriesd in system mode (no --user) on it.  As root: own the name,
# define.  As user nobody: reading works (ListMachines, properties, GetXML,
# introspection), owning the name is refused by the bus, control calls are
# refused by the daemon (no polkit on this bus, so no authorisation); on
# the libvirt sockets nobody may only use the read-only one.
# Needs root (to switch to nobody); skipped (77) otherwise.
set -euo pipefail
policy="$1"
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null || ! id nobody >/dev/null 2>&1; then
    echo "SKIP: needs root, setpriv and the user nobody"
    exit 77
fi
T=$(mktemp -d)
chmod 755 "$T"
DPID=
BUS_PID=
cleanup() {
    rc=$?
    [ -n "$DPID" ] && kill -KILL "$DPID" 2>/dev/null
    [ -n "$BUS_PID" ] && kill "$BUS_PID" 2>/dev/null
    [ $rc -ne 0 ] && [ -f "$T/daemon.log" ] && cat "$T/daemon.log" >&2
    rm -rf "$T"
    exit $rc
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 "$(dirname "$0")/system-bus-conf.py" /usr/share/dbus-1/system.conf "$T/bus.conf" \
    "unix:path=$T/bus" "$policy"
dbus-daemon --config-file="$T/bus.conf" --fork --nopidfile --print-pid=3 3>"$T/bus.pid" 2>/dev/null
BUS_PID=$(cat "$T/bus.pid")
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$T/bus"
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
call_nobody() {   # dbus-send as nobody; prints the reply or the error
    as_nobody dbus-send --system --print-reply --dest=org.pseriesd1 "$@" 2>&1 || true
}

out=$(as_nobody dbus-send --system --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.RequestName string:org.pseriesd1 uint32:0 2>&1 || true)
echo "$out" | grep -q "Error org.freedesktop.DBus.Error.AccessDenied" ||
    fail "nobody could ask for org.pseriesd1: $out"

"$PSERIESD" --state-dir "$T/state" --runtime-dir "$T/run" --libvirt-socket "$T/libvirt-sock" \
    >"$T/daemon.log" 2>&1 &
DPID=$!
for _ in $(seq 100); do
    busctl --system status org.pseriesd1 >/dev/null 2>&1 && break
    sleep 0.1
done
busctl --system status org.pseriesd1 >/dev/null 2>&1 || fail "pseriesd did not own org.pseriesd1"

# root controls.
out=$(busctl --system call org.pseriesd1 /org/pseriesd1 org.pseriesd1.Manager DefineXML s \
    "$(cat "$EXAMPLES/minimal-kernel.xml")")
[ "$out" = 'o "/org/pseriesd1/machine/minimal"' ] || fail "root DefineXML: $out"

# nobody reads.
out=$(as_nobody busctl --system call org.pseriesd1 /org/pseriesd1 org.pseriesd1.Manager ListMachines)
echo "$out" | grep -q '"minimal"' || fail "nobody ListMachines: $out"
out=$(as_nobody busctl --system get-property org.pseriesd1 /org/pseriesd1/machine/minimal \
    org.pseriesd1.Machine State)
[ "$out" = 's "shut off"' ] || fail "nobody State: $out"
as_nobody busctl --system call org.pseriesd1 /org/pseriesd1/machine/minimal \
    org.pseriesd1.Machine GetXML >"$T/getxml" || fail "nobody GetXML"
grep -q '<name>minimal</name>' "$T/getxml" || fail "nobody GetXML content"
as_nobody busctl --system introspect org.pseriesd1 /org/pseriesd1 >/dev/null || fail "nobody introspect"

# nobody cannot control.
for call in "/org/pseriesd1 org.pseriesd1.Manager.DefineXML string:<domain/>" \
            "/org/pseriesd1 org.pseriesd1.Manager.Undefine string:minimal" \
            "/org/pseriesd1/machine/minimal org.pseriesd1.Machine.Start" \
            "/org/pseriesd1/machine/minimal org.pseriesd1.Machine.Destroy"; do
    # shellcheck disable=SC2086
    out=$(call_nobody $call)
    echo "$out" | grep -Eq "^Error org.freedesktop.DBus.Error.AccessDenied: Cannot check the authorization" ||
        fail "nobody was not refused $call: $out"
done
out=$(call_nobody /org/pseriesd1/machine/minimal org.freedesktop.DBus.Properties.Set \
    string:org.pseriesd1.Machine string:Autostart variant:boolean:true)
echo "$out" | grep -q "^Error org.freedesktop.DBus.Error.AccessDenied" ||
    fail "nobody could set Autostart: $out"
[ "$(busctl --system get-property org.pseriesd1 /org/pseriesd1/machine/minimal \
    org.pseriesd1.Machine Autostart)" = 'b false' ] || fail "Autostart changed"
[ -f "$T/state/domains/minimal.xml" ] || fail "the definition is gone"

# The libvirt sockets follow the same rule: nobody may read through the
# read-only socket but is refused on the read-write one; root may use it.
if command -v virsh >/dev/null; then
    out=$(as_nobody timeout 20 virsh -q -c "pseries:///system?socket=$T/libvirt-sock-ro" list --all 2>&1) ||
        fail "nobody cannot list read-only: $out"
    grep -q minimal <<<"$out" || fail "read-only list: $out"
    # pseriesd.socket makes it 0666 and leaves the decision to the daemon.
    chmod 666 "$T/libvirt-sock"
    out=$(as_nobody timeout 20 virsh -q -c "pseries:///system?socket=$T/libvirt-sock" list --all 2>&1) &&
        fail "nobody used the read-write socket: $out"
    grep -q "neither root nor in the group pseriesd" <<<"$out" || fail "nobody on the rw socket: $out"
    out=$(timeout 20 virsh -q -c "pseries:///system?socket=$T/libvirt-sock" list --all 2>&1) ||
        fail "root cannot use the read-write socket: $out"
fi

kill -TERM "$DPID"
wait "$DPID" || fail "pseriesd exited with $?"
DPID=
echo ok
