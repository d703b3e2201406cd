#!/bin/bash
# tests/dbus/persistence.sh: definitions survive a daemon restart under
# --state-dir (with UUID, properties and the Autostart flag), a definition
# that cannot be read is reported and skipped without stopping the daemon,
# and a daemon killed while a worker runs takes it along (no re-adoption)
# and reports that machine stopped by the restart afterwards.
. "$(dirname "$0")/lib.sh"
start_bus
start_daemon
mgr DefineXML s "$(cat "$EXAMPLES/minimal-kernel.xml")" >/dev/null
mgr DefineXML s "$(cat "$EXAMPLES/power10-smp.xml")" >/dev/null
name2=$(sed -n 's|.*<name>\(.*\)</name>.*|\1|p' "$EXAMPLES/power10-smp.xml")
before=$(mgr ListMachines)
vcpus=$(prop "$name2" VCPUs)
bc set-property org.pseriesd1 "$(machine_path minimal)" org.pseriesd1.Machine Autostart b true
[ "$(prop minimal Autostart)" = 'b true' ] || fail "Autostart not set"
[ -L "$STATE/autostart/minimal.xml" ] || fail "no autostart link"
stop_daemon

# A daemon killed while a worker runs takes the worker with it
# (PR_SET_PDEATHSIG) and leaves its live XML behind.  The "worker" here is
# no VM: it only waits, so its Start never completes.
cat >"$T/hang" <<SH
#!/bin/sh
for a; do xml=\$a; done
echo \$\$ >"$T/hang.\$(basename "\$xml")"
exec sleep 60
SH
chmod +x "$T/hang"
start_daemon --worker "$T/hang"
busctl --user --timeout=30 call org.pseriesd1 "$(machine_path "$name2")" \
    org.pseriesd1.Machine Start >/dev/null 2>&1 &
CALL=$!
for _ in $(seq 50); do [ -s "$T/hang.$name2.xml" ] && break; sleep 0.1; done
hang=$(cat "$T/hang.$name2.xml")
kill -0 "$hang" || fail "the waiting worker did not start"
[ -f "$XDG_RUNTIME_DIR/run/$name2.xml" ] || fail "no live XML while starting"
kill -KILL "$DPID"
wait "$DPID" 2>/dev/null || true
DPID=
for _ in $(seq 50); do kill -0 "$hang" 2>/dev/null || break; sleep 0.1; done
kill -0 "$hang" 2>/dev/null && fail "the worker survived the daemon"
wait "$CALL" 2>/dev/null || true

# A broken definition and a stray file next to the good ones.
printf '<domain type="qemu">\n<name>broken</name>\n<memory>x</memory>\n</domain>\n' \
    >"$STATE/domains/broken.xml"
echo "not xml" >"$STATE/domains/README"

# The worker does not exist: autostart of 'minimal' fails, the daemon stays.
start_daemon --worker "$T/none"
after=$(mgr ListMachines)
[ "$before" = "$after" ] || fail "ListMachines changed over the restart:
$before
$after"
[ "$(prop "$name2" VCPUs)" = "$vcpus" ] || fail "VCPUs changed"
[ "$(prop minimal Autostart)" = 'b true' ] || fail "Autostart lost"
[ "$(prop "$name2" Autostart)" = 'b false' ] || fail "Autostart appeared"
[ "$(prop minimal StateReason)" = 's "failed"' ] || fail "autostart was not attempted: $(prop minimal StateReason)"
[ "$(prop "$name2" StateReason)" = 's "daemon-restart"' ] ||
    fail "no daemon-restart reason: $(prop "$name2" StateReason)"
[ ! -e "$XDG_RUNTIME_DIR/run/$name2.xml" ] || fail "stale live XML kept"
grep -q "broken.xml:3: " "$LOG" || fail "the broken definition was not reported with its line"
grep -q "autostarting 'minimal'" "$LOG" || fail "no autostart message"
stop_daemon
echo ok
