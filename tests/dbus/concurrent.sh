#!/bin/bash
# tests/dbus/concurrent.sh: several busctl clients at once.  8 clients each
# define 10 machines while others list and read properties; then 8 clients
# race to define the same name with different UUIDs (exactly one wins, the
# rest get AlreadyExists); then all undefine in parallel.
. "$(dirname "$0")/lib.sh"
start_bus
start_daemon

client() {   # client N: define 10 machines c<N>-0..9, list after each
    local i
    for i in $(seq 0 9); do
        mgr DefineXML s "$(example_xml minimal-kernel.xml "c$1-$i")" >/dev/null || return 1
        mgr ListMachines >/dev/null || return 1
    done
}
reader() {
    local i
    for i in $(seq 20); do
        mgr ListMachines >/dev/null || return 1
        bc get-property org.pseriesd1 /org/pseriesd1 org.pseriesd1.Manager NumMachines >/dev/null ||
            return 1
    done
}
pids=()
for n in $(seq 8); do client "$n" & pids+=($!); done
for n in $(seq 3); do reader & pids+=($!); done
for p in "${pids[@]}"; do wait "$p" || fail "a client failed"; done
[ "$(mgr ListMachines | awk '{print $2}')" = 80 ] || fail "expected 80 machines: $(mgr ListMachines | cut -c1-200)"
[ "$(ls "$STATE/domains" | wc -l)" = 80 ] || fail "expected 80 files"
[ "$(mgr ListMachines | grep -o '"c[0-9]*-[0-9]"' | sort -u | wc -l)" = 80 ] || fail "names not unique"

# The race for one name.
pids=()
for n in $(seq 8); do
    ( dbus-send --session --print-reply --dest=org.pseriesd1 /org/pseriesd1 \
        org.pseriesd1.Manager.DefineXML "string:$(example_xml minimal-kernel.xml race)" \
        >"$T/race.$n" 2>&1 || true ) & pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
[ "$(grep -l 'object path "/org/pseriesd1/machine/race"' "$T"/race.* | wc -l)" = 1 ] ||
    fail "not exactly one winner: $(cat "$T"/race.*)"
[ "$(grep -l 'Error org.pseriesd1.Error.AlreadyExists' "$T"/race.* | wc -l)" = 7 ] ||
    fail "not 7 AlreadyExists: $(cat "$T"/race.*)"

pids=()
for n in $(seq 8); do
    ( for i in $(seq 0 9); do mgr Undefine s "c$n-$i" >/dev/null || exit 1; done ) & pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail "an undefining client failed"; done
[ "$(mgr ListMachines | awk '{print $2}')" = 1 ] || fail "expected only 'race' left: $(mgr ListMachines)"
stop_daemon
echo ok
