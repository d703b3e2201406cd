# tests/dbus/lib.sh: shared helpers of the D-Bus tests (sourced by bash).
# Starts a private session dbus-daemon and a pseriesd --user on it, with
# state and runtime directories in a temporary directory; talks to it as a
# user would, with busctl --user (and dbus-send where the D-Bus error name
# must be seen).  Environment from meson: PSERIESD (the executable),
# EXAMPLES (xml-schema/examples), DBUS_XML_DIR (dbus/).
set -euo pipefail

T=$(mktemp -d "${TMPDIR:-/tmp}/pseriesd-test.XXXXXX")
DPID=
BUS_PID=
export XDG_RUNTIME_DIR="$T/run"
mkdir -p "$XDG_RUNTIME_DIR"
STATE="$T/state"
LOG="$T/daemon.log"

cleanup() {
    local rc=$? p
    # Background helpers of the test (monitors, consoles, their input).
    for p in $(jobs -p); do
        kill "$p" 2>/dev/null || true
    done
    if [ -n "$DPID" ] && kill -0 "$DPID" 2>/dev/null; then
        kill -KILL "$DPID" 2>/dev/null || true
        wait "$DPID" 2>/dev/null || true
    fi
    [ -n "$BUS_PID" ] && kill "$BUS_PID" 2>/dev/null || true
    if [ $rc -ne 0 ] && [ -f "$LOG" ]; then
        echo "---- pseriesd log ----" >&2
        cat "$LOG" >&2
    fi
    rm -rf "$T"
    exit $rc
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

start_bus() {
    dbus-daemon --session --fork --nopidfile --print-address=3 --print-pid=4 \
        3>"$T/bus.addr" 4>"$T/bus.pid" 2>/dev/null
    DBUS_SESSION_BUS_ADDRESS=$(head -n1 "$T/bus.addr")
    export DBUS_SESSION_BUS_ADDRESS
    BUS_PID=$(head -n1 "$T/bus.pid")
}

# start_daemon [extra pseriesd args...]: waits until org.pseriesd1 is owned.
start_daemon() {
    "$PSERIESD" --user --state-dir "$STATE" --runtime-dir "$XDG_RUNTIME_DIR" "$@" \
        >>"$LOG" 2>&1 &
    DPID=$!
    for _ in $(seq 100); do
        if [[ "$(busctl --user call org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus NameHasOwner s org.pseriesd1 2>/dev/null)" == "b true" ]]; then
            return 0
        fi
        kill -0 "$DPID" 2>/dev/null || fail "pseriesd exited during start-up"
        sleep 0.1
    done
    fail "pseriesd did not take org.pseriesd1 within 10 s"
}

# stop_daemon: SIGTERM, and the exit status must be 0 (under ASan a leak
# makes it non-zero).
stop_daemon() {
    local rc=0
    kill -TERM "$DPID"
    wait "$DPID" || rc=$?
    DPID=
    [ $rc -eq 0 ] || fail "pseriesd exited with status $rc after SIGTERM"
}

bc() { busctl --user "$@"; }
mgr() { busctl --user call org.pseriesd1 /org/pseriesd1 org.pseriesd1.Manager "$@"; }
machine_path() { mgr GetMachineByName s "$1" | sed -n 's/^o "\(.*\)"$/\1/p'; }
prop() {   # prop NAME PROPERTY: the value as busctl prints it ("s \"x\"" etc.)
    busctl --user get-property org.pseriesd1 "$(machine_path "$1")" org.pseriesd1.Machine "$2"
}

# expect_error ERROR-NAME PATTERN dbus-send-args...: the call fails with
# this D-Bus error name and a message matching PATTERN (grep -E).
expect_error() {
    local name="$1" pattern="$2" out
    shift 2
    if out=$(dbus-send --session --print-reply --dest=org.pseriesd1 "$@" 2>&1); then
        fail "expected $name, the call succeeded: $out"
    fi
    echo "$out" | grep -q "^Error $name: " || fail "expected $name, got: $out"
    echo "$out" | grep -Eq "$pattern" || fail "message does not match '$pattern': $out"
}

# A domain XML from the examples with its name (and optionally UUID) replaced.
example_xml() {   # example_xml FILE NAME [UUID]
    local xml
    xml=$(sed "s|<name>[^<]*</name>|<name>$2</name>|" "$EXAMPLES/$1")
    if [ $# -ge 3 ]; then
        xml=$(echo "$xml" | sed "s|<name>$2</name>|<name>$2</name><uuid>$3</uuid>|")
    fi
    printf '%s\n' "$xml"
}

# start_monitor FILE MATCH-RULE: dbus-monitor into FILE, returning once it
# is a monitor (it then reports NameLost for its own unique name); sets MON.
start_monitor() {
    dbus-monitor --session "$2" >"$1" 2>/dev/null &
    MON=$!
    for _ in $(seq 100); do
        grep -q 'member=NameLost' "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    fail "dbus-monitor did not start"
}

# wait_grep FILE PATTERN: wait up to 5 s for PATTERN (grep -E) in FILE.
wait_grep() {
    for _ in $(seq 100); do
        grep -Eq "$2" "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}

# ---- the real worker and the test guest (lifecycle.sh, tests/rpc/virsh-guest.sh)

# require_guest: exit 77 (skip) unless the worker ($WORKER) and the test
# guest of tools/guest-image exist; sets GUEST (its directory).
require_guest() {
    if [ ! -x "${WORKER:-}" ]; then
        echo "SKIP: ${WORKER:-the worker} does not exist (the pSeries machine is not built)"
        exit 77
    fi
    GUEST=$("$SOURCE_ROOT/tools/guest-image" --print-dir)
    if [ ! -f "$GUEST/vmlinux" ] || [ ! -f "$GUEST/initramfs.cpio.gz" ]; then
        echo "SKIP: no test guest in $GUEST (run tools/guest-image)"
        exit 77
    fi
}

# guest_xml NAME [SERIAL-ELEMENT]: the test guest with a shell on hvc0 (it
# keeps running once booted), the console on a pty unless a <serial> element
# is given.  on_crash='preserve' keeps a guest that panics in "crashed"
# (its worker alive) instead of removing it.
guest_xml() {
    local serial="${2:-<serial type='pty'/>}"
    cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>512</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='ppc64le' machine='pseries'>hvm</type>
    <kernel>$GUEST/vmlinux</kernel>
    <initrd>$GUEST/initramfs.cpio.gz</initrd>
    <cmdline>console=hvc0</cmdline>
  </os>
  <on_crash>preserve</on_crash>
  <devices>
    $serial
  </devices>
</domain>
XML
}

# wait_state NAME STATE SECONDS: until NAME's State is STATE, else fail.
wait_state() {   # wait_state NAME STATE SECONDS
    local i
    for i in $(seq $(($3 * 10))); do
        [ "$(prop "$1" State)" = "s \"$2\"" ] && return 0
        sleep 0.1
    done
    fail "$1 is not '$2' after $3 s but $(prop "$1" State) / $(prop "$1" StateReason)"
}

# worker_pid NAME: the pid of NAME's running worker (pseries-vm with the
# live XML of this test's runtime directory), empty if none.
worker_pid() {
    pgrep -f -- "--control-fd=3 $XDG_RUNTIME_DIR/run/$1.xml\$" | head -n1
}

# assert_worker_gone PID SECONDS: the process exits and is reaped (no
# zombie: /proc/PID disappears) within SECONDS.
assert_worker_gone() {
    local i
    for i in $(seq $(($2 * 10))); do
        [ -e "/proc/$1" ] || return 0
        sleep 0.1
    done
    fail "worker $1 is still there after $2 s: $(grep '^State' "/proc/$1/status" 2>/dev/null)"
}

# wait_grep_t FILE PATTERN SECONDS: wait for PATTERN (grep -E) in FILE.
wait_grep_t() {
    local i
    for i in $(seq $(($3 * 10))); do
        grep -aEq "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# ---- BOOT-DEPENDENT checks -------------------------------------------------
# Some checks need the guest to reach userspace (its banner "pseriesd-guest:
# Linux ...", input echoed by its shell, powering off on the EPOW event).
# While the engine cannot run the guest that far, they are skipped with a
# message; the decision is made at run time from the guest's own console,
# so they run again by themselves once the guest boots.
#
# detect_userspace FILE SECONDS: watch the console text in FILE for the
# banner; sets BOOTS=1, or BOOTS=0 and BOOT_WHY when the kernel dies first
# (oops/panic) or nothing comes within SECONDS.
BOOTS=
BOOT_WHY=
detect_userspace() {
    local i
    for i in $(seq $(($2 * 10))); do
        if grep -aq 'pseriesd-guest: Linux' "$1" 2>/dev/null; then
            BOOTS=1
            return 0
        fi
        if grep -aEq 'Kernel panic|Oops:' "$1" 2>/dev/null; then
            BOOTS=0
            BOOT_WHY="the guest kernel died before userspace: $(grep -aE -m1 'Kernel panic|Oops:' "$1" | tr -d '\r')"
            return 0
        fi
        sleep 0.1
    done
    BOOTS=0
    BOOT_WHY="no guest banner within $2 s"
}

# boot_dependent WHAT: true when the guest reached userspace; else says that
# WHAT is skipped and why.
boot_dependent() {
    [ "$BOOTS" = 1 ] && return 0
    echo "SKIP (until the guest boots to userspace): $1 -- $BOOT_WHY"
    return 1
}
