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
    local rc=$?
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
