#!/bin/bash
# tests/dbus/activation.sh SERVICE_FILE: D-Bus activation of a per-user
# pseriesd.  A session dbus-daemon running Debian's own session.conf, with
# only its service directory replaced by one holding our activation file
# (dbus/org.pseriesd1.session.service.in, configured for the build tree),
# starts pseriesd --user on the first call to org.pseriesd1; the daemon
# then uses the per-user default directories ($XDG_STATE_HOME/pseriesd).
. "$(dirname "$0")/lib.sh"
export XDG_STATE_HOME="$T/xdg-state"
mkdir -p "$T/services"
cp "$1" "$T/services/org.pseriesd1.service"
python3 - /usr/share/dbus-1/session.conf "$T/bus.conf" "unix:path=$T/bus" "$T/services" <<'PY'
import re, sys
src, dst, listen, services = sys.argv[1:]
text = open(src).read()
text = re.sub(r"<listen>[^<]*</listen>", f"<listen>{listen}</listen>", text)
text = text.replace("<standard_session_servicedirs />", f"<servicedir>{services}</servicedir>")
text = re.sub(r"<includedir>[^<]*</includedir>", "", text)
text = re.sub(r"<include [^>]*>[^<]*</include>", "", text)
open(dst, "w").write(text)
PY
dbus-daemon --config-file="$T/bus.conf" --fork --nopidfile --print-pid=3 3>"$T/bus.pid" 2>/dev/null
BUS_PID=$(cat "$T/bus.pid")
export DBUS_SESSION_BUS_ADDRESS="unix:path=$T/bus"

out=$(busctl --user call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus \
    ListActivatableNames)
[[ "$out" == *'"org.pseriesd1"'* ]] || fail "org.pseriesd1 is not activatable: $out"
out=$(mgr ListMachines) || fail "the call that should activate pseriesd failed"
[ "$out" = 'a(ssso) 0' ] || fail "ListMachines on the activated daemon: $out"
out=$(busctl --user call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus \
    GetConnectionUnixProcessID s org.pseriesd1)
DPID=${out#u }
[ -d "/proc/$DPID" ] || fail "no activated daemon process ($out)"
grep -q -- '--user' "/proc/$DPID/cmdline" || fail "activated without --user"
mgr DefineXML s "$(cat "$EXAMPLES/minimal-kernel.xml")" >/dev/null
[ -f "$XDG_STATE_HOME/pseriesd/domains/minimal.xml" ] ||
    fail "the definition is not in \$XDG_STATE_HOME/pseriesd/domains"
# The bus is its parent: stop it by hand.
kill -TERM "$DPID"
for _ in $(seq 50); do [ -d "/proc/$DPID" ] || break; sleep 0.1; done
[ ! -d "/proc/$DPID" ] || fail "the activated pseriesd ignored SIGTERM"
DPID=
echo ok
