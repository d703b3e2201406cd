#!/bin/bash
# virsh-test.sh: stock virsh (Debian's libvirt client) against the libvirt
# RPC server of daemon/, run by rpc-test-server with its in-memory test
# double backend.  Checks real outputs against the host (/proc, uname,
# hostname) and libvirt's own RelaxNG schemas.
#
# Usage: virsh-test.sh RPC_TEST_SERVER PROJECT_VERSION
set -u
server_bin=$1
version=$2
schemas=/usr/share/libvirt/schemas

tmp=$(mktemp -d)
sock=$tmp/sock
uri="pseries:///system?socket=$sock"
ro_uri="pseries:///system?socket=$sock-ro"
fails=0
server_pid=

cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "ok: $*"; }
v() { timeout 20 virsh -q -c "$uri" "$@" 2>&1; }
vv() { timeout 20 virsh -c "$uri" "$@" 2>&1; } # not quiet: action confirmations
vro() { timeout 20 virsh -q -c "$ro_uri" "$@" 2>&1; }
expect() { # expect DESCRIPTION PATTERN TEXT
    if grep -Eq -- "$2" <<<"$3"; then pass "$1"; else fail "$1: '$2' not in: $3"; fi
}
field() { # field NAME TEXT -> value of "NAME: value"
    sed -n "s/^$1:[[:space:]]*//p" <<<"$2" | head -1
}

"$server_bin" "$sock" >"$tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do [ -S "$sock-ro" ] && break; sleep 0.05; done
[ -S "$sock" ] || { echo "server did not start"; cat "$tmp/server.log"; exit 1; }

# --- connection and host ---
out=$(v version)
expect "version names the hypervisor and its version" "^Running hypervisor: pseries $version\$" "$out"
expect "version reports the API through our type" "^Using API: pseries " "$out"

out=$(v version --daemon)
expect "version --daemon reports pseriesd's version" "^Running against daemon: $version\$" "$out"

out=$(v nodeinfo)
[ "$(field 'CPU(s)' "$out")" = "$(getconf _NPROCESSORS_ONLN)" ] && pass "nodeinfo CPUs = host" || fail "nodeinfo CPUs: $out"
mem=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
[ "$(field 'Memory size' "$out")" = "$mem KiB" ] && pass "nodeinfo memory = MemTotal" || fail "nodeinfo memory: $out"
[ "$(field 'CPU model' "$out")" = "$(uname -m)" ] && pass "nodeinfo model = uname -m" || fail "nodeinfo model: $out"

out=$(v nodememstats)
[ "$(sed -n 's/^total *: *\([0-9]*\) KiB$/\1/p' <<<"$out")" = "$mem" ] && pass "nodememstats total = MemTotal" \
    || fail "nodememstats: $out"
out=$(v nodecpustats)
expect "nodecpustats" "^idle: +[0-9]+" "$out"
out=$(v nodecpustats 0)
expect "nodecpustats of CPU 0" "^user: +[0-9]+" "$out"
out=$(v nodecpustats 100000)
expect "nodecpustats of a missing CPU" "error: .*CPU 100000" "$out"

out=$(v hostname)
[ "$out" = "$(hostname)" ] && pass "hostname" || fail "hostname: '$out' vs '$(hostname)'"

out=$(v uri)
[ "$out" = "$uri" ] && pass "uri" || fail "uri: $out"

v capabilities >"$tmp/caps.xml"
if xmllint --noout --relaxng $schemas/capability.rng "$tmp/caps.xml" 2>"$tmp/err"; then
    pass "capabilities valid against capability.rng"
else
    fail "capabilities invalid: $(cat "$tmp/err")"
fi
n=$(xmllint --xpath "count(/capabilities/guest[os_type='hvm']/arch[@name='ppc64'][machine='pseries']/domain[@type='qemu'])" "$tmp/caps.xml")
[ "$n" = 1 ] && pass "capabilities offer ppc64 pseries qemu" || fail "capabilities guest: $(cat "$tmp/caps.xml")"
[ "$(xmllint --xpath 'string(/capabilities/host/cpu/arch)' "$tmp/caps.xml")" = "$(uname -m)" ] \
    && pass "capabilities host arch" || fail "capabilities host arch"

n=$(xmllint --xpath "count(/capabilities/host/topology/cells/cell/cpus/cpu)" "$tmp/caps.xml")
[ "$n" = "$(getconf _NPROCESSORS_ONLN)" ] && pass "capabilities topology lists every CPU" || fail "topology cpus: $n"
out=$(v freecell --all)
expect "freecell --all reports cell 0" "^ *0: +[1-9][0-9]* KiB" "$out"
out=$(v freecell 1)
expect "freecell of a missing cell" "error: .*out of range" "$out"
out=$(v maxvcpus)
[ "$out" = "$(xmllint --xpath 'string(/capabilities/guest[1]/arch/machine/@maxCpus)' "$tmp/caps.xml")" ] \
    && pass "maxvcpus agrees with capabilities" || fail "maxvcpus: $out"

v domcapabilities >"$tmp/dc.xml"
if xmllint --noout --relaxng $schemas/domaincaps.rng "$tmp/dc.xml" 2>"$tmp/err"; then
    pass "domcapabilities valid against domaincaps.rng"
else
    fail "domcapabilities invalid: $(cat "$tmp/err")"
fi
[ "$(xmllint --xpath 'string(/domainCapabilities/machine)' "$tmp/dc.xml")" = pseries ] \
    && pass "domcapabilities machine" || fail "domcapabilities machine"
v domcapabilities --arch ppc64le --machine pseries --virttype qemu >"$tmp/dc2.xml" \
    && [ "$(xmllint --xpath 'string(/domainCapabilities/arch)' "$tmp/dc2.xml")" = ppc64le ] \
    && pass "domcapabilities ppc64le" || fail "domcapabilities ppc64le"
out=$(v domcapabilities --arch x86_64)
expect "domcapabilities refuses x86_64" "error: .*ppc64" "$out"

out=$(timeout 20 virsh -c "pseries:///bogus?socket=$sock" uri 2>&1)
expect "a wrong URI path is refused" "must be /system or /session" "$out"

# --- domains ---
cat >"$tmp/guest1.xml" <<'XML'
<domain type='qemu'>
  <name>guest1</name>
  <uuid>3e3fce45-4f53-4fa7-bb32-11f34168b82b</uuid>
  <memory unit='MiB'>512</memory>
  <vcpu current='1'>2</vcpu>
  <os><type arch='ppc64' machine='pseries'>hvm</type></os>
</domain>
XML

# Events, watched by a second client for the rest of the test.
# Line-buffered so that stopping it loses nothing.
stdbuf -oL virsh -c "$uri" event --all --loop --timeout 60 >"$tmp/events" 2>&1 &
events_pid=$!
sleep 0.5

out=$(vro define "$tmp/guest1.xml")
expect "read-only socket refuses define" "read only access prevents" "$out"
out=$(timeout 20 virsh -r -c "$uri" define "$tmp/guest1.xml" 2>&1)
expect "read-only connection (virsh -r) refuses define" "read only access prevents" "$out"

out=$(vv define "$tmp/guest1.xml")
expect "define" "Domain 'guest1' defined" "$out"
out=$(v list --all)
expect "list --all shows the defined domain" "^ *-  +guest1 +shut off" "$out"
out=$(vro list --all)
expect "read-only socket may list" "guest1 +shut off" "$out"
out=$(v dominfo guest1)
[ "$(field Name "$out")" = guest1 ] && [ "$(field UUID "$out")" = 3e3fce45-4f53-4fa7-bb32-11f34168b82b ] \
    && [ "$(field 'CPU(s)' "$out")" = 1 ] && [ "$(field 'Max memory' "$out")" = "524288 KiB" ] \
    && [ "$(field State "$out")" = "shut off" ] && [ "$(field Persistent "$out")" = yes ] \
    && pass "dominfo" || fail "dominfo: $out"
out=$(v dumpxml guest1)
[ "$(xmllint --xpath 'string(/domain/name)' - <<<"$out")" = guest1 ] \
    && [ "$(xmllint --xpath 'string(/domain/uuid)' - <<<"$out")" = 3e3fce45-4f53-4fa7-bb32-11f34168b82b ] \
    && pass "dumpxml" || fail "dumpxml: $out"
out=$(vro dumpxml --security-info guest1)
expect "read-only socket refuses secure XML" "read only access prevents" "$out"
out=$(vro dumpxml guest1)
expect "read-only socket gives plain XML" "<name>guest1</name>" "$out"
out=$(v domuuid guest1)
[ "$out" = 3e3fce45-4f53-4fa7-bb32-11f34168b82b ] && pass "domuuid" || fail "domuuid: $out"
out=$(vv define "$tmp/guest1.xml")
expect "redefine" "Domain 'guest1' defined" "$out"

# Devices (pSeries dynamic reconfiguration goes through these calls).
cat >"$tmp/nic.xml" <<'XML'
<interface type='user'>
  <mac address='52:54:00:12:34:56'/>
  <model type='spapr-vlan'/>
</interface>
XML
out=$(vv attach-device guest1 "$tmp/nic.xml" --config)
expect "attach-device --config" "Device attached successfully" "$out"
out=$(v dumpxml guest1)
[ "$(xmllint --xpath 'string(/domain/devices/interface/mac/@address)' - <<<"$out")" = 52:54:00:12:34:56 ] \
    && pass "attached device in the XML" || fail "attached device: $out"
out=$(v attach-device guest1 "$tmp/nic.xml" --live)
expect "live attach to a stopped domain is refused" "error: domain is not running" "$out"
out=$(vro attach-device guest1 "$tmp/nic.xml" --config)
expect "read-only socket refuses attach-device" "read only access prevents" "$out"

out=$(vv start guest1)
expect "start" "Domain 'guest1' started" "$out"
out=$(v list)
expect "list shows it running with an id" "^ *[0-9]+ +guest1 +running" "$out"
id=$(awk '$2 == "guest1" {print $1}' <<<"$out")
out=$(v vcpucount guest1)
expect "vcpucount maximum live" "^maximum +live +2" "$out"
expect "vcpucount current live" "^current +live +1" "$out"
out=$(v domstats guest1)
expect "domstats state" "^ +state.state=1\$" "$out"
expect "domstats vcpus" "^ +vcpu.maximum=2\$" "$out"
expect "domstats balloon" "^ +balloon.maximum=524288\$" "$out"
out=$(v domstats --block --enforce guest1)
expect "domstats refuses groups it cannot report" "error: .*not supported" "$out"
out=$(v domstats --list-running --state)
expect "domstats --list-running" "^Domain: '?guest1'?" "$out"
out=$(v domname "$id")
[ "$out" = guest1 ] && pass "lookup by id" || fail "domname $id: $out"
out=$(v start guest1)
expect "starting twice is refused" "error: Domain is already active" "$out"
v suspend guest1 >/dev/null; out=$(v domstate guest1)
[ "$out" = paused ] && pass "suspend" || fail "suspend: $out"
v resume guest1 >/dev/null; out=$(v domstate --reason guest1)
expect "resume" "^running \(unpaused\)" "$out"
# Console: a stream both ways (virsh console needs a tty: script(1) gives one).
if command -v script >/dev/null; then
    out=$( (sleep 1; printf 'hello pseries\r'; sleep 1; printf '\035') \
        | timeout 20 script -qfec "virsh -c '$uri' console guest1" /dev/null 2>&1 | tr -d '\r')
    expect "console connects" "Connected to domain '?guest1'?" "$out"
    expect "console carries guest output" "pseries test console: guest1" "$out"
    expect "console carries input (echoed by the guest)" "^hello pseries\$" "$out"
    # The guest hangs up ("bye"): virsh sees the end of the stream and leaves
    # by itself (its terminal input stays open), without an error.
    mkfifo "$tmp/con-in"
    sleep 30 >"$tmp/con-in" &
    holder=$!
    timeout 20 script -qfec "virsh -c '$uri' console guest1" /dev/null <"$tmp/con-in" >"$tmp/con.out" 2>&1 &
    con=$!
    (sleep 1; printf 'bye\r') >"$tmp/con-in"
    for _ in $(seq 100); do kill -0 $con 2>/dev/null || break; sleep 0.1; done
    if kill -0 $con 2>/dev/null; then
        fail "virsh console still runs 10 s after the guest hung up: $(tr -d '\r' <"$tmp/con.out")"
    else
        rc=0
        wait $con || rc=$?
        out=$(tr -d '\r' <"$tmp/con.out")
        [ $rc = 0 ] && ! grep -q "error:" <<<"$out" && pass "console ends when the guest hangs up" \
            || fail "console after the hang-up: rc $rc: $out"
    fi
    kill $holder 2>/dev/null
    wait $con $holder 2>/dev/null
    out=$( (sleep 1; printf '\035') \
        | timeout 20 script -qfec "virsh -c '$uri' console guest1" /dev/null 2>&1 | tr -d '\r')
    expect "console again after the hang-up" "pseries test console: guest1" "$out"
    out=$(timeout 20 script -qfec "virsh -c '$ro_uri' console guest1" /dev/null </dev/null 2>&1 | tr -d '\r')
    expect "read-only socket refuses the console" "read only access prevents" "$out"
else
    echo "skip: console (no script(1))"
fi
out=$(vv detach-device guest1 "$tmp/nic.xml" --live)
expect "detach-device --live" "Device detached successfully" "$out"
out=$(v update-device guest1 "$tmp/nic.xml")
expect "unimplemented update-device answers no-support" "not supported" "$out"
out=$(vv reboot guest1)
expect "reboot" "Domain 'guest1' is being rebooted" "$out"
out=$(vro destroy guest1)
expect "read-only socket refuses destroy" "read only access prevents" "$out"
out=$(v reset guest1)
expect "unimplemented backend operation answers no-support" "not supported" "$out"
out=$(vv destroy guest1)
expect "destroy" "Domain 'guest1' destroyed" "$out"
out=$(v domstate --reason guest1)
expect "destroyed state" "^shut off \(destroyed\)" "$out"
v autostart guest1 >/dev/null
out=$(v dominfo guest1)
[ "$(field Autostart "$out")" = enable ] && pass "autostart" || fail "autostart: $out"

# Resources of the (shut off) definition.
out=$(vv setvcpus guest1 2 --config)
out=$(v vcpucount guest1 --config --current)
[ "$out" = 2 ] && pass "setvcpus --config" || fail "setvcpus: $out"
out=$(v setvcpus guest1 3 --config)
expect "setvcpus above the maximum is refused" "error: .*greater than max" "$out"
out=$(vv setmaxmem guest1 1G --config)
out=$(v dominfo guest1)
[ "$(field 'Max memory' "$out")" = "1048576 KiB" ] && pass "setmaxmem --config" || fail "setmaxmem: $out"
out=$(vro setvcpus guest1 1 --config)
expect "read-only socket refuses setvcpus" "read only access prevents" "$out"

out=$(v list --all --autostart --name)
[ "$out" = guest1 ] && pass "list --autostart" || fail "list --autostart: $out"
out=$(v list --all --no-autostart --name)
[ -z "$out" ] && pass "list --no-autostart" || fail "list --no-autostart: $out"
out=$(v list --all --persistent --name)
[ "$out" = guest1 ] && pass "list --persistent" || fail "list --persistent: $out"

# A transient domain (CREATE_XML), watched by a domain-filtered event client.
sed -e 's/guest1/guest2/' -e '/<uuid>/d' "$tmp/guest1.xml" >"$tmp/guest2.xml"
out=$(vv create "$tmp/guest2.xml")
expect "create (transient)" "Domain 'guest2' created" "$out"
timeout 30 virsh -c "$uri" event --domain guest2 --event lifecycle --loop --timeout 3 >"$tmp/events2" 2>&1 &
events2_pid=$!
sleep 0.5
out=$(v list --transient --name)
[ "$out" = guest2 ] && pass "list --transient" || fail "list --transient: $out"
out=$(v dominfo guest2)
[ "$(field Persistent "$out")" = no ] && [ "$(field State "$out")" = running ] && pass "transient dominfo" \
    || fail "transient dominfo: $out"
[ -n "$(v domid guest2)" ] && pass "domid" || fail "domid"
out=$(vv start guest1)
expect "start again" "Domain 'guest1' started" "$out"
out=$(vv shutdown guest1)
expect "shutdown" "Domain 'guest1' is being shutdown" "$out"
out=$(v domstate --reason guest1)
expect "shut down state" "^shut off \(shutdown\)" "$out"
v destroy guest2 >/dev/null
out=$(v list --all --name)
[ "$out" = guest1 ] && pass "a destroyed transient domain is gone" || fail "after destroying guest2: $out"
wait "$events2_pid"
ev2=$(cat "$tmp/events2")
expect "filtered events: guest2 stopped" "domain '?guest2'?: Stopped Destroyed" "$ev2"
if grep -q "guest1" <<<"$ev2"; then fail "filtered events leaked guest1: $ev2"; else pass "event filter by domain"; fi

out=$(vv undefine guest1)
expect "undefine" "Domain 'guest1' has been undefined" "$out"
out=$(v list --all --name)
[ -z "$out" ] && pass "list --all empty after undefine" || fail "list after undefine: $out"
out=$(v dominfo guest1)
expect "lookup of an undefined domain fails" "error: failed to get domain 'guest1'" "$out"

sleep 0.5
kill "$events_pid" 2>/dev/null; wait "$events_pid" 2>/dev/null
ev=$(cat "$tmp/events")
expect "event: defined" "lifecycle' for domain '?guest1'?: Defined Added" "$ev"
expect "event: started" "lifecycle' for domain '?guest1'?: Started Booted" "$ev"
expect "event: suspended" "lifecycle' for domain '?guest1'?: Suspended Paused" "$ev"
expect "event: device removed" "event 'device-removed' for domain '?guest1'?: 52:54:00:12:34:56" "$ev"
expect "event: reboot" "event 'reboot' for domain '?guest1'?" "$ev"
expect "event: stopped" "lifecycle' for domain '?guest1'?: Stopped Destroyed" "$ev"
expect "event: undefined" "lifecycle' for domain '?guest1'?: Undefined Removed" "$ev"

kill -0 "$server_pid" 2>/dev/null && pass "server still running" || fail "server died: $(cat "$tmp/server.log")"

# --- pseries:///session finds $XDG_RUNTIME_DIR/libvirt/virtpseriesd-sock ---
# libvirt's client uses the per-user socket only for non-root users, so as
# root the check runs as 'nobody'.
as_user=()
if [ "$(id -u)" = 0 ]; then
    if id nobody >/dev/null 2>&1 && command -v runuser >/dev/null; then
        as_user=(runuser -u nobody --)
    else
        as_user=(skip)
    fi
fi
if [ "${as_user[0]:-}" = skip ]; then
    echo "skip: session socket check (no unprivileged user)"
else
    chmod 755 "$tmp"
    xdg=$tmp/xdg
    mkdir -p "$xdg/libvirt"
    [ ${#as_user[@]} -gt 0 ] && chown -R nobody "$xdg"
    chmod 700 "$xdg"
    "${as_user[@]}" "$server_bin" "$xdg/libvirt/virtpseriesd-sock" --session >"$tmp/session.log" 2>&1 &
    session_pid=$!
    for _ in $(seq 100); do [ -S "$xdg/libvirt/virtpseriesd-sock-ro" ] && break; sleep 0.05; done
    out=$("${as_user[@]}" env XDG_RUNTIME_DIR="$xdg" HOME="$xdg" timeout 20 virsh -c pseries:///session uri 2>&1)
    [ "$out" = "pseries:///session" ] && pass "session URI uses the per-user socket" || fail "session: $out"
    out=$("${as_user[@]}" env XDG_RUNTIME_DIR="$xdg" HOME="$xdg" timeout 20 virsh -c pseries:///session hostname 2>&1)
    [ "$out" = "$(hostname)" ] && pass "session hostname" || fail "session hostname: $out"
    kill "$session_pid" 2>/dev/null; wait "$session_pid" 2>/dev/null
fi
# Clean shutdown: exit status 0 (under ASan this includes the leak check)
# and no sanitizer reports.
kill "$server_pid"; wait "$server_pid"; status=$?; server_pid=
[ "$status" = 0 ] && pass "server exits cleanly" || fail "server exit status $status: $(cat "$tmp/server.log")"
if grep -Eq 'runtime error|Sanitizer' "$tmp/server.log"; then fail "sanitizer: $(cat "$tmp/server.log")"; else pass "no sanitizer reports"; fi

echo "$fails failure(s)"
[ "$fails" = 0 ]
