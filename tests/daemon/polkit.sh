#!/bin/bash
# tests/daemon/polkit.sh POLICY ACTIONS: pseriesd asks Debian's real polkitd
# before a control call from a user who is neither root nor in the group
# pseriesd (daemon/polkit.c, action org.pseriesd1.manage from
# dbus/org.pseriesd1.policy).  A private system bus (Debian's system.conf
# with pseriesd's and polkit's bus policies) runs polkitd and pseriesd; a
# private mount namespace shows polkitd only our action file and one test
# rule that grants the action to user nobody, so nothing on the host
# changes.  Checked:
#   - polkit loaded our action (pkaction describes it);
#   - nobody (granted by the rule) may set Autostart, Start-less control
#     calls go through (Undefine), and the change is real;
#   - user daemon (the action's default, auth_admin, with no agent) gets
#     org.freedesktop.DBus.Error.InteractiveAuthorizationRequired, and
#     nothing changes;
#   - a control call while polkitd is gone is refused (AccessDenied), not
#     allowed.
# Needs root (namespaces, user switching) and polkitd; skipped (77)
# otherwise.
set -euo pipefail
policy="$1"
actions="$2"
polkitd=/usr/lib/polkit-1/polkitd
pk_bus_policy=/usr/share/dbus-1/system.d/org.freedesktop.PolicyKit1.conf
if [ "$(id -u)" != 0 ] || [ ! -x "$polkitd" ] || [ ! -f "$pk_bus_policy" ] ||
   ! command -v unshare >/dev/null || ! command -v setpriv >/dev/null ||
   ! id nobody >/dev/null 2>&1 || ! id daemon >/dev/null 2>&1 || ! id polkitd >/dev/null 2>&1; then
    echo "SKIP: needs root, unshare, setpriv, polkitd and the users nobody, daemon, polkitd"
    exit 77
fi
# Everything below runs in a private mount namespace (bind mounts vanish
# with it).
if [ -z "${PSERIESD_POLKIT_NS:-}" ]; then
    PSERIESD_POLKIT_NS=1 exec unshare --mount --propagation private "$0" "$@"
fi

T=$(mktemp -d)
chmod 755 "$T"
DPID=
PK_PID=
BUS_PID=
cleanup() {
    rc=$?
    [ -n "$DPID" ] && kill -KILL "$DPID" 2>/dev/null
    [ -n "$PK_PID" ] && kill "$PK_PID" 2>/dev/null
    [ -n "$BUS_PID" ] && kill "$BUS_PID" 2>/dev/null
    if [ $rc -ne 0 ]; then
        for f in daemon.log polkitd.log; do
            [ -f "$T/$f" ] && { echo "--- $f"; cat "$T/$f"; } >&2
        done
    fi
    rm -rf "$T"
    exit $rc
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# What polkitd sees: our action, one rule.
mkdir -p "$T/actions" "$T/rules" "$T/empty"
cp "$actions" "$T/actions/"
cat >"$T/rules/50-pseriesd-test.rules" <<'RULE'
polkit.addRule(function(action, subject) {
    if (action.id == "org.pseriesd1.manage" && subject.user == "nobody")
        return polkit.Result.YES;
});
RULE
chmod -R a+rX "$T"
mount --bind "$T/actions" /usr/share/polkit-1/actions
mount --bind "$T/rules" /usr/share/polkit-1/rules.d
[ -d /etc/polkit-1/rules.d ] && mount --bind "$T/empty" /etc/polkit-1/rules.d

python3 "$(dirname "$0")/system-bus-conf.py" /usr/share/dbus-1/system.conf "$T/bus.conf" \
    "unix:path=$T/bus" "$policy" "$pk_bus_policy"
dbus-daemon --config-file="$T/bus.conf" --fork --nopidfile --print-pid=3 3>"$T/bus.pid" 2>/dev/null
BUS_PID=$(cat "$T/bus.pid")
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$T/bus"

wait_name() {   # wait_name NAME: until NAME has an owner on the bus
    for _ in $(seq 100); do
        busctl --system status "$1" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

# polkitd starts as root and switches to user polkitd itself.
"$polkitd" >"$T/polkitd.log" 2>&1 &
PK_PID=$!
wait_name org.freedesktop.PolicyKit1 || fail "polkitd did not own its name"
if command -v pkaction >/dev/null; then
    out=$(pkaction --action-id org.pseriesd1.manage --verbose 2>&1) || fail "pkaction: $out"
    grep -q "implicit any: *auth_admin" <<<"$out" || fail "pkaction: $out"
fi

"$PSERIESD" --state-dir "$T/state" --runtime-dir "$T/run" --libvirt-socket "$T/libvirt-sock" \
    >"$T/daemon.log" 2>&1 &
DPID=$!
wait_name org.pseriesd1 || fail "pseriesd did not own org.pseriesd1"

M=/org/pseriesd1/machine/minimal
as() { local u="$1" g="$2"; shift 2; setpriv --reuid="$u" --regid="$g" --clear-groups "$@"; }
autostart() { busctl --system get-property org.pseriesd1 "$M" org.pseriesd1.Machine Autostart; }

out=$(busctl --system call org.pseriesd1 /org/pseriesd1 org.pseriesd1.Manager DefineXML s \
    "$(cat "$EXAMPLES/minimal-kernel.xml")")
[ "$out" = "o \"$M\"" ] || fail "root DefineXML: $out"

# daemon: no rule, the default is auth_admin, and there is no agent.
out=$(as daemon daemon dbus-send --system --print-reply --dest=org.pseriesd1 "$M" \
    org.freedesktop.DBus.Properties.Set string:org.pseriesd1.Machine string:Autostart \
    variant:boolean:true 2>&1 || true)
grep -q "^Error org.freedesktop.DBus.Error.InteractiveAuthorizationRequired" <<<"$out" ||
    fail "daemon setting Autostart: $out"
[ "$(autostart)" = "b false" ] || fail "Autostart changed for daemon"
out=$(as daemon daemon dbus-send --system --print-reply --dest=org.pseriesd1 /org/pseriesd1 \
    org.pseriesd1.Manager.Undefine string:minimal 2>&1 || true)
grep -q "^Error org.freedesktop.DBus.Error.InteractiveAuthorizationRequired" <<<"$out" ||
    fail "daemon Undefine: $out"

# nobody: granted by the rule.
out=$(as nobody nogroup busctl --system set-property org.pseriesd1 "$M" org.pseriesd1.Machine \
    Autostart b true 2>&1) || fail "nobody setting Autostart: $out"
[ "$(autostart)" = "b true" ] || fail "Autostart did not change for nobody"
ls "$T/state/autostart" | grep -q minimal || fail "no autostart mark in the state directory"

# Without polkitd, control calls are refused, never allowed.
kill "$PK_PID"; wait "$PK_PID" 2>/dev/null || true; PK_PID=
out=$(as nobody nogroup dbus-send --system --print-reply --dest=org.pseriesd1 "$M" \
    org.freedesktop.DBus.Properties.Set string:org.pseriesd1.Machine string:Autostart \
    variant:boolean:false 2>&1 || true)
grep -q "^Error org.freedesktop.DBus.Error.AccessDenied: Cannot check the authorization" <<<"$out" ||
    fail "nobody without polkitd: $out"
[ "$(autostart)" = "b true" ] || fail "Autostart changed without polkit"

# polkitd back: nobody may undefine.
"$polkitd" >>"$T/polkitd.log" 2>&1 &
PK_PID=$!
wait_name org.freedesktop.PolicyKit1 || fail "polkitd did not come back"
out=$(as nobody nogroup busctl --system call org.pseriesd1 /org/pseriesd1 org.pseriesd1.Manager \
    Undefine s minimal 2>&1) || fail "nobody Undefine: $out"
[ ! -e "$T/state/domains/minimal.xml" ] || fail "the definition is still there"
out=$(busctl --system call org.pseriesd1 /org/pseriesd1 org.pseriesd1.Manager ListMachines)
grep -q minimal <<<"$out" && fail "minimal still listed: $out"

kill -TERM "$DPID"
wait "$DPID" || fail "pseriesd exited with $?"
DPID=
echo ok
