#!/bin/bash
# tests/dbus/virsh-dbus.sh: stock virsh (libvirt's client, over pseriesd's
# own libvirt RPC server) and busctl see and change the same domains: a
# domain defined over D-Bus is in `virsh list --all` / dominfo with the same
# UUID, vCPUs and memory; one defined with `virsh define` appears on D-Bus
# (MachineNew) with the same XML; Autostart set by virsh shows on D-Bus;
# `virsh start` fails as honestly as Start does without a worker; `virsh
# undefine` removes it for D-Bus clients too. Device hotplug and
# snapshots answer VIR_ERR_NO_SUPPORT. virt-install --print-xml works
# against it, and its XML defines and comes back valid.
. "$(dirname "$0")/lib.sh"
command -v virsh >/dev/null || { echo "SKIP: virsh is not installed"; exit 77; }
start_bus
start_daemon --worker "$T/no-worker"
SOCK="$XDG_RUNTIME_DIR/libvirt/virtpseriesd-sock"
[ -S "$SOCK" ] || fail "no libvirt socket $SOCK"
v() { timeout 20 virsh -q -c "pseries:///session?socket=$SOCK" "$@" 2>&1; }
vv() { timeout 20 virsh -c "pseries:///session?socket=$SOCK" "$@" 2>&1; }   # not quiet

mgr DefineXML s "$(cat "$EXAMPLES/minimal-kernel.xml")" >/dev/null
uuid=$(prop minimal UUID | sed 's/^s "\(.*\)"$/\1/')
out=$(v list --all)
echo "$out" | grep -Eq '^ *- +minimal +shut off$' || fail "virsh list --all: $out"
out=$(v dominfo minimal)
echo "$out" | grep -q "^UUID: *$uuid$" || fail "dominfo UUID: $out"
echo "$out" | grep -q "^CPU(s): *1$" || fail "dominfo CPUs: $out"
echo "$out" | grep -q "^Max memory: *524288 KiB$" || fail "dominfo memory: $out"
[ "$(v domuuid minimal)" = "$uuid" ] || fail "domuuid"

# virsh's view of the XML is D-Bus's.
v dumpxml minimal >"$T/virsh.xml"
busctl --user --json=short call org.pseriesd1 /org/pseriesd1/machine/minimal \
    org.pseriesd1.Machine GetXML |
    python3 -c 'import json,sys; sys.stdout.write(json.load(sys.stdin)["data"][0])' >"$T/dbus.xml"
diff -u "$T/dbus.xml" "$T/virsh.xml" || fail "dumpxml and GetXML differ"

# Define with virsh, see it on D-Bus.
start_monitor "$T/signals" "type='signal',sender='org.pseriesd1',member='MachineNew'"
example_xml minimal-kernel.xml fromvirsh >"$T/fromvirsh.xml"
out=$(vv define "$T/fromvirsh.xml")
echo "$out" | grep -q "fromvirsh" || fail "virsh define: $out"
[ "$(prop fromvirsh State)" = 's "shut off"' ] || fail "D-Bus does not see fromvirsh"
[ "$(mgr ListMachines | awk '{print $2}')" = 2 ] || fail "D-Bus list: $(mgr ListMachines)"
wait_grep "$T/signals" '"fromvirsh"' || true
kill "$MON"
grep -A1 'member=MachineNew' "$T/signals" | grep -q '"fromvirsh"' || fail "no MachineNew for a virsh define"

# Autostart both ways.
v autostart fromvirsh >/dev/null
[ "$(prop fromvirsh Autostart)" = 'b true' ] || fail "virsh autostart not seen on D-Bus"
bc set-property org.pseriesd1 /org/pseriesd1/machine/minimal org.pseriesd1.Machine Autostart b true
grep -q '^Autostart: *enable' <<<"$(v dominfo minimal)" || fail "D-Bus Autostart not seen by virsh"

# Starting without a worker fails the same way on both.
out=$(v start minimal) && fail "virsh start succeeded without a worker: $out"
echo "$out" | grep -q "$T/no-worker" || fail "virsh start error does not name the worker: $out"
[ "$(v domstate minimal)" = "shut off" ] || fail "domstate after failed start: $(v domstate minimal)"

# Errors virsh users know.
out=$(v dominfo nosuch) && fail "dominfo nosuch succeeded"
echo "$out" | grep -q "failed to get domain 'nosuch'" || fail "dominfo nosuch: $out"
printf '<domain type="qemu">\n<name>x</name>\n<memory>bad</memory>\n</domain>\n' >"$T/bad.xml"
out=$(v define "$T/bad.xml") && fail "virsh define of bad XML succeeded"
echo "$out" | grep -q ":3: " || fail "bad XML error lacks the line: $out"

# No hotplug yet: device changes are refused as unsupported (the message
# virsh prints for VIR_ERR_NO_SUPPORT), and the definition stays as it was;
# so are procedures pseriesd does not implement (snapshots here).
printf "<interface type='user'>\n  <model type='spapr-vlan'/>\n</interface>\n" >"$T/nic.xml"
for how in --config --live ""; do
    # shellcheck disable=SC2086
    out=$(v attach-device minimal "$T/nic.xml" $how) && fail "attach-device $how succeeded: $out"
    echo "$out" | grep -q "this function is not supported by the connection driver" ||
        fail "attach-device $how: $out"
    # shellcheck disable=SC2086
    out=$(v detach-device minimal "$T/nic.xml" $how) && fail "detach-device $how succeeded: $out"
    echo "$out" | grep -q "this function is not supported by the connection driver" ||
        fail "detach-device $how: $out"
done
v dumpxml minimal | grep -q "<interface" && fail "attach-device changed the definition"
out=$(v snapshot-create-as minimal snap1) && fail "snapshot-create-as succeeded: $out"
echo "$out" | grep -q "this function is not supported by the connection driver" ||
    fail "snapshot-create-as: $out"

# virt-install builds its XML from our capabilities and domain
# capabilities; what it prints defines, and what we return validates
# against libvirt's schema.
if command -v virt-install >/dev/null; then
    out=$(timeout 60 virt-install --connect "pseries:///session?socket=$SOCK" --print-xml \
        --name viguest --memory 512 --vcpus 2 --arch ppc64le --machine pseries \
        --boot "kernel=$T/vmlinux,initrd=$T/initrd,kernel_args=console=hvc0" --osinfo generic \
        --disk none --network none --graphics none --console pty 2>&1) ||
        fail "virt-install --print-xml: $out"
    echo "$out" >"$T/vi.xml"
    grep -q '<type arch="ppc64le" machine="pseries">hvm</type>' "$T/vi.xml" ||
        fail "virt-install did not pick ppc64le/pseries: $out"
    out=$(v define "$T/vi.xml") || fail "define of virt-install's XML: $out"
    [ "$(prop viguest VCPUs)" = "u 2" ] || fail "viguest VCPUs on D-Bus: $(prop viguest VCPUs)"
    v dumpxml viguest >"$T/vi-back.xml"
    out=$(virt-xml-validate "$T/vi-back.xml" domain 2>&1) || fail "dumpxml of viguest: $out"
    v undefine viguest >/dev/null || fail "undefine viguest"
else
    echo "skip: virt-install (package virtinst) is not installed"
fi

# Undefine with virsh: gone on D-Bus.
v undefine fromvirsh >/dev/null || fail "virsh undefine"
expect_error org.pseriesd1.Error.NoSuchMachine fromvirsh \
    /org/pseriesd1 org.pseriesd1.Manager.GetMachineByName string:fromvirsh
[ ! -e "$STATE/domains/fromvirsh.xml" ] || fail "file left after virsh undefine"
[ ! -e "$STATE/autostart/fromvirsh.xml" ] || fail "autostart link left after virsh undefine"
stop_daemon
echo ok
