#!/bin/bash
# tests/dbus/introspection.sh: the interfaces the running daemon exports
# (busctl introspect --xml-interface) are exactly those written down in
# dbus/org.pseriesd1.Manager.xml and dbus/org.pseriesd1.Machine.xml:
# same methods with the same argument names, types and directions, same
# signals, same properties with type, access and change annotation.
. "$(dirname "$0")/lib.sh"
start_bus
start_daemon
mgr DefineXML s "$(cat "$EXAMPLES/minimal-kernel.xml")" >/dev/null
bc introspect --xml-interface org.pseriesd1 /org/pseriesd1 >"$T/manager.xml"
bc introspect --xml-interface org.pseriesd1 /org/pseriesd1/machine/minimal >"$T/machine.xml"
python3 "$(dirname "$0")/compare-introspection.py" \
    "$DBUS_XML_DIR/org.pseriesd1.Manager.xml" "$T/manager.xml" org.pseriesd1.Manager
python3 "$(dirname "$0")/compare-introspection.py" \
    "$DBUS_XML_DIR/org.pseriesd1.Machine.xml" "$T/machine.xml" org.pseriesd1.Machine
# The object manager at /org/pseriesd1 lists the machine.
out=$(bc call org.pseriesd1 /org/pseriesd1 org.freedesktop.DBus.ObjectManager GetManagedObjects)
echo "$out" | grep -Eq '^a\{oa\{sa\{sv\}\}\} 1 "/org/pseriesd1/machine/minimal" .*"org.pseriesd1.Machine" 8 "Name" s "minimal"' ||
    fail "GetManagedObjects does not list the machine: $out"
stop_daemon
echo ok
