#!/bin/bash
# tests/dbus/files.sh: the files in dbus/ are well-formed (xmllint) and
# agree with each other and with the daemon: the polkit action the daemon
# asks for is the one org.pseriesd1.policy defines; the bus policy, the
# activation files and the unit all name org.pseriesd1 / pseriesd.service.
set -euo pipefail
src="$SOURCE_ROOT"
fail() { echo "FAIL: $*" >&2; exit 1; }
for f in dbus/org.pseriesd1.Manager.xml dbus/org.pseriesd1.Machine.xml \
         dbus/system.d/org.pseriesd1.conf dbus/org.pseriesd1.policy; do
    xmllint --noout --nonet "$src/$f" || fail "$f is not well-formed"
done
action=$(sed -n 's/^#define PSERIESD_POLKIT_ACTION_MANAGE "\(.*\)"$/\1/p' "$src/daemon/polkit.h")
[ -n "$action" ] || fail "no action in daemon/polkit.h"
[ "$(xmllint --xpath "string(/policyconfig/action[@id='$action']/@id)" "$src/dbus/org.pseriesd1.policy")" = "$action" ] ||
    fail "org.pseriesd1.policy does not define $action"
[ "$(xmllint --xpath 'string(//policy[@user="root"]/allow/@own)' "$src/dbus/system.d/org.pseriesd1.conf")" = org.pseriesd1 ] ||
    fail "the bus policy does not let root own org.pseriesd1"
grep -qx 'Name=org.pseriesd1' "$src/dbus/org.pseriesd1.service.in" || fail "system activation: Name"
grep -qx 'SystemdService=pseriesd.service' "$src/dbus/org.pseriesd1.service.in" || fail "SystemdService"
grep -qx 'BusName=org.pseriesd1' "$src/systemd/pseriesd.service.in" || fail "unit BusName"
grep -qx 'Alias=dbus-org.pseriesd1.service' "$src/systemd/pseriesd.service.in" || fail "unit Alias"
grep -qx 'Name=org.pseriesd1' "$src/dbus/org.pseriesd1.session.service.in" || fail "session activation: Name"
echo ok
