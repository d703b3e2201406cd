#!/bin/bash
# tests/daemon/systemd-verify.sh UNIT_DIR [--vm]: `systemd-analyze verify`
# on the unit files configured for the build tree (systemd/meson.build,
# *.test copies whose ExecStart points into the build directory): it must
# succeed and print nothing about our units (it only warns about, e.g., an
# unknown signal name).  Without --vm: pseriesd.service, pseriesd.socket
# and systemd-sysusers --dry-run on the sysusers.d snippet ($SYSUSERS).
# With --vm: pseries-vm@.service, skipped (77) while build/machine/pseries-vm
# does not exist.
set -euo pipefail
src="$1"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

verify() {   # verify UNIT...: run in $T
    local out
    out=$(cd "$T" && systemd-analyze verify "$@" 2>&1) || {
        echo "$out"
        echo "FAIL: systemd-analyze verify $*"
        exit 1
    }
    if echo "$out" | grep -E 'pseries(d|-vm@)'; then
        echo "FAIL: systemd-analyze verify complains about the lines above"
        exit 1
    fi
}

if [ "${2:-}" = --vm ]; then
    exe=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$src/pseries-vm@.service.test")
    if [ ! -x "$exe" ]; then
        echo "SKIP: $exe does not exist yet (the pSeries machine is not built)"
        exit 77
    fi
    cp "$src/pseries-vm@.service.test" "$T/pseries-vm@.service"
    verify ./pseries-vm@demo.service
    echo ok
    exit 0
fi
cp "$src/pseriesd.service.test" "$T/pseriesd.service"
cp "$src/pseriesd.socket.test" "$T/pseriesd.socket"
verify ./pseriesd.service ./pseriesd.socket
systemd-analyze security --offline=yes "$T/pseriesd.service" 2>/dev/null |
    grep -E 'Overall exposure level' || true
out=$(systemd-sysusers --dry-run "$SYSUSERS" 2>&1) || { echo "$out"; echo "FAIL: sysusers"; exit 1; }
if ! getent group pseriesd >/dev/null; then
    grep -q "Creating group 'pseriesd'" <<<"$out" || { echo "$out"; echo "FAIL: no group pseriesd"; exit 1; }
fi
echo ok
