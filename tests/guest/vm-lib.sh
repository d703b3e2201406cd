# tests/guest/vm-lib.sh: sourced by the guest tests that run pseries-vm
# with the test guest themselves (vm-cli.sh, vm-sandbox.sh). Sets root
# (the source tree), vm (the worker: $WORKER, else $PSERIES_VM, else this
# tree's build), g (the guest image directory), tmp (removed at exit),
# fail=0 and the ok/bad reporters; skips (77) without the worker or the
# guest.
root="$(cd "$(dirname "$0")/../.." && pwd)"
vm="${WORKER:-${PSERIES_VM:-$root/build/machine/pseries-vm}}"
[ -x "$vm" ] || { echo "SKIP: $vm does not exist"; exit 77; }
g="$("$root/tools/guest-image" --print-dir 2>/dev/null)"
[ -r "$g/vmlinux" ] || { echo "SKIP: no test guest (run tools/guest-image)"; exit 77; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }
