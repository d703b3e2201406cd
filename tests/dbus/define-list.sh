#!/bin/bash
# tests/dbus/define-list.sh: define a domain from a real XML file over
# D-Bus, find it (ListMachines, GetMachineByName/UUID, busctl tree), read
# its properties, round-trip GetXML, see the MachineNew/MachineRemoved
# signals (dbus-monitor) and undefine it.
. "$(dirname "$0")/lib.sh"
start_bus
start_monitor "$T/signals" "type='signal',sender='org.pseriesd1',interface='org.pseriesd1.Manager'"
start_daemon

out=$(mgr DefineXML s "$(cat "$EXAMPLES/minimal-kernel.xml")")
[ "$out" = 'o "/org/pseriesd1/machine/minimal"' ] || fail "DefineXML answered: $out"
[ -f "$STATE/domains/minimal.xml" ] || fail "no $STATE/domains/minimal.xml"

out=$(mgr ListMachines)
echo "$out" | grep -Eq '^a\(ssso\) 1 "minimal" "[0-9a-f-]{36}" "shut off" "/org/pseriesd1/machine/minimal"$' ||
    fail "ListMachines: $out"
uuid=$(echo "$out" | awk '{print $4}' | tr -d '"')

[ "$(machine_path minimal)" = /org/pseriesd1/machine/minimal ] || fail "GetMachineByName"
out=$(mgr GetMachineByUUID s "$uuid")
[ "$out" = 'o "/org/pseriesd1/machine/minimal"' ] || fail "GetMachineByUUID: $out"
out=$(mgr GetMachineByUUID s "$(echo "$uuid" | tr a-f A-F)")
[ "$out" = 'o "/org/pseriesd1/machine/minimal"' ] || fail "GetMachineByUUID (upper case): $out"
grep -q '/org/pseriesd1/machine/minimal' <<<"$(bc tree org.pseriesd1)" || fail "busctl tree does not show it"

[ "$(prop minimal Name)" = 's "minimal"' ] || fail "Name: $(prop minimal Name)"
[ "$(prop minimal UUID)" = "s \"$uuid\"" ] || fail "UUID: $(prop minimal UUID)"
[ "$(prop minimal State)" = 's "shut off"' ] || fail "State: $(prop minimal State)"
[ "$(prop minimal StateReason)" = 's "unknown"' ] || fail "StateReason"
[ "$(prop minimal VCPUs)" = 'u 1' ] || fail "VCPUs: $(prop minimal VCPUs)"
# <memory unit='MiB'>512</memory>
[ "$(prop minimal Memory)" = "t $((512 * 1024 * 1024))" ] || fail "Memory: $(prop minimal Memory)"
[ "$(prop minimal Persistent)" = 'b true' ] || fail "Persistent"
[ "$(prop minimal Autostart)" = 'b false' ] || fail "Autostart"
out=$(bc get-property org.pseriesd1 /org/pseriesd1 org.pseriesd1.Manager NumMachines)
[ "$out" = 'u 1' ] || fail "NumMachines: $out"
out=$(bc get-property org.pseriesd1 /org/pseriesd1 org.pseriesd1.Manager Version Hypervisor)
echo "$out" | grep -q '^s "pseries"$' || fail "Hypervisor: $out"

# GetXML: the canonical form, which is what is on disk, and defining it
# again is a redefinition of the same machine (same UUID) that changes
# nothing.
busctl --user --json=short call org.pseriesd1 /org/pseriesd1/machine/minimal \
    org.pseriesd1.Machine GetXML |
    python3 -c 'import json,sys; sys.stdout.write(json.load(sys.stdin)["data"][0])' >"$T/get1.xml"
cmp -s "$T/get1.xml" "$STATE/domains/minimal.xml" || fail "GetXML differs from the stored file"
grep -q "<uuid>$uuid</uuid>" "$T/get1.xml" || fail "GetXML lacks the UUID"
xmllint --noout "$T/get1.xml" || fail "GetXML is not well-formed XML"
out=$(mgr DefineXML s "$(cat "$T/get1.xml")")
[ "$out" = 'o "/org/pseriesd1/machine/minimal"' ] || fail "redefine: $out"
busctl --user --json=short call org.pseriesd1 /org/pseriesd1/machine/minimal \
    org.pseriesd1.Machine GetXML |
    python3 -c 'import json,sys; sys.stdout.write(json.load(sys.stdin)["data"][0])' >"$T/get2.xml"
cmp -s "$T/get1.xml" "$T/get2.xml" || fail "GetXML changed after redefining its own output"
[ "$(mgr ListMachines | awk '{print $2}')" = 1 ] || fail "redefinition added a machine"

# A name that needs escaping in an object path.
out=$(mgr DefineXML s "$(example_xml power10-smp.xml 'web-1.test')")
path=$(echo "$out" | sed -n 's/^o "\(.*\)"$/\1/p')
[ -n "$path" ] || fail "DefineXML web-1.test: $out"
out=$(bc get-property org.pseriesd1 "$path" org.pseriesd1.Machine Name)
[ "$out" = 's "web-1.test"' ] || fail "escaped path $path gives Name $out"

mgr Undefine s web-1.test >/dev/null
mgr Undefine s minimal >/dev/null
[ ! -e "$STATE/domains/minimal.xml" ] || fail "Undefine left the file"
[ "$(mgr ListMachines)" = 'a(ssso) 0' ] || fail "ListMachines after Undefine: $(mgr ListMachines)"
if grep -q machine/minimal <<<"$(bc tree org.pseriesd1)"; then fail "tree still shows minimal"; fi

stop_daemon
wait_grep "$T/signals" 'member=MachineRemoved' || true
kill "$MON" 2>/dev/null || true
grep -A2 'member=MachineNew' "$T/signals" | grep -q '"minimal"' || fail "no MachineNew signal for minimal"
grep -A3 'member=MachineRemoved' "$T/signals" | grep -q 'object path "/org/pseriesd1/machine/minimal"' ||
    fail "no MachineRemoved signal for minimal"
echo "ok"
