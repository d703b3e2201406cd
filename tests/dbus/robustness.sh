#!/bin/bash
# tests/dbus/robustness.sh: hostile input from clients never brings the
# daemon down: wrong signatures, huge and odd names, an entity-expansion
# ("billion laughs") document, an oversized document,
# a DOCTYPE pulling a local file, paths below a machine, and calls
# from a client that disconnects before the answer.  After each the daemon
# answers ListMachines and still holds the one good machine.
. "$(dirname "$0")/lib.sh"
start_bus
start_daemon
mgr DefineXML s "$(cat "$EXAMPLES/minimal-kernel.xml")" >/dev/null
alive() {
    kill -0 "$DPID" 2>/dev/null || fail "pseriesd died after: $1"
    [ "$(mgr ListMachines | awk '{print $2}')" = 1 ] || fail "machines changed after: $1"
}
send() { dbus-send --session --print-reply --dest=org.pseriesd1 "$@" >/dev/null 2>&1 || true; }
M=/org/pseriesd1
I=org.pseriesd1.Manager

send $M $I.DefineXML int32:5;                         alive "DefineXML(int32)"
send $M $I.GetMachineByName;                          alive "GetMachineByName()"
send $M $I.GetMachineByName string:a string:b;        alive "GetMachineByName(s, s)"
send $M $I.GetMachineByName "string:$(head -c 100000 /dev/zero | tr '\0' x)"; alive "100 kB name"
for n in . .. "" "a/b" "$(printf 'tab\there')" "../../etc/passwd"; do
    send $M $I.GetMachineByName "string:$n"
    send $M $I.Undefine "string:$n"
done
alive "odd names"
lol='<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
<domain type="qemu"><name>&h;</name><memory>1</memory></domain>'
send $M $I.DefineXML "string:$lol";                   alive "entity expansion"
send $M $I.DefineXML "string:<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><domain type='qemu'><name>&x;</name><memory>1</memory></domain>"
alive "external entity"
[ -z "$(ls "$STATE/domains" | grep -v '^minimal.xml$')" ] || fail "a hostile document was stored"
head -c 2000000 /dev/zero | tr '\0' ' ' >"$T/big"
send $M $I.DefineXML "string:<domain>$(cat "$T/big")</domain>"; alive "2 MB document"
send $M/machine/minimal/sub org.pseriesd1.Machine.Start;  alive "path below a machine"
send $M/machine org.pseriesd1.Machine.GetXML;         alive "the machine folder itself"
send $M/machine/minimal org.freedesktop.DBus.Properties.Set string:org.pseriesd1.Machine \
    string:State variant:string:running;              alive "Set read-only property"
send $M/machine/minimal org.freedesktop.DBus.Properties.Set string:org.pseriesd1.Machine \
    string:Autostart variant:string:yes;              alive "Set Autostart to a string"
# Clients that leave before the answer.
for i in $(seq 20); do
    timeout 0.01 dbus-send --session --print-reply --dest=org.pseriesd1 $M $I.DefineXML \
        "string:$(example_xml minimal-kernel.xml gone$i)" >/dev/null 2>&1 || true
done
alive_count=$(mgr ListMachines | awk '{print $2}')
kill -0 "$DPID" || fail "pseriesd died after disconnecting clients"
[ "$(bc get-property org.pseriesd1 /org/pseriesd1/machine/minimal org.pseriesd1.Machine State)" = 's "shut off"' ] ||
    fail "minimal changed"
echo "$alive_count machines after the disconnecting clients"
stop_daemon
echo ok
