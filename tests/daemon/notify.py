#!/usr/bin/env python3
"""tests/daemon/notify.py PSERIESD: pseriesd speaks systemd's notify
protocol as Type=notify and WatchdogSec= need: it sends READY=1 once it
owns org.pseriesd1, WATCHDOG=1 keep-alives at least every WATCHDOG_USEC/2
(here 1 s), and STOPPING=1 then exits with status 0 on SIGTERM.  The
messages are read from our own NOTIFY_SOCKET; the bus is a private session
dbus-daemon."""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

exe = sys.argv[1]
tmp = tempfile.mkdtemp()
bus = subprocess.run(["dbus-daemon", "--session", "--fork", "--nopidfile",
                      "--print-address=1", "--print-pid=1"],
                     capture_output=True, text=True, check=True)
address, bus_pid = bus.stdout.split("\n")[:2]
sock_path = os.path.join(tmp, "notify")
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(sock_path)
sock.settimeout(0.1)
env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address, NOTIFY_SOCKET=sock_path,
           WATCHDOG_USEC="1000000", XDG_RUNTIME_DIR=tmp)
env.pop("WATCHDOG_PID", None)
daemon = subprocess.Popen([exe, "--user", "--state-dir", os.path.join(tmp, "state"),
                           "--runtime-dir", os.path.join(tmp, "run")], env=env)
failures = []
try:
    messages = []
    start = time.monotonic()
    ready_at = None
    while time.monotonic() - start < 3.0:
        try:
            data = sock.recv(4096).decode()
        except socket.timeout:
            continue
        now = time.monotonic() - start
        for line in data.split("\n"):
            messages.append((now, line))
            if line == "READY=1" and ready_at is None:
                ready_at = now
    if ready_at is None:
        failures.append("no READY=1")
    else:
        owner = subprocess.run(["busctl", "--user", "call", "org.freedesktop.DBus",
                                "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                "NameHasOwner", "s", "org.pseriesd1"],
                               env=env, capture_output=True, text=True)
        if owner.stdout.strip() != "b true":
            failures.append("READY=1 but org.pseriesd1 has no owner")
    dogs = [t for t, line in messages if line == "WATCHDOG=1"]
    # 3 s with a 1 s watchdog: systemd would kill us after a gap of 1 s.
    if len(dogs) < 3:
        failures.append(f"only {len(dogs)} WATCHDOG=1 in 3 s")
    gaps = [b - a for a, b in zip(dogs, dogs[1:])]
    if gaps and max(gaps) > 1.0:
        failures.append(f"a WATCHDOG=1 gap of {max(gaps):.3f} s > 1 s")
    daemon.send_signal(signal.SIGTERM)
    rc = daemon.wait(timeout=10)
    stopping = False
    try:
        while True:
            if "STOPPING=1" in sock.recv(4096).decode().split("\n"):
                stopping = True
    except socket.timeout:
        pass
    if not stopping:
        failures.append("no STOPPING=1 after SIGTERM")
    if rc != 0:
        failures.append(f"exit status {rc} after SIGTERM")
    print(f"READY=1 after {ready_at:.2f} s, {len(dogs)} WATCHDOG=1, exit {rc}")
finally:
    if daemon.poll() is None:
        daemon.kill()
    os.kill(int(bus_pid), signal.SIGTERM)
    subprocess.run(["rm", "-rf", tmp])
for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
