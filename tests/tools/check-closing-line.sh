#!/bin/bash
# tests/tools/check-closing-line.sh: tools/check's closing line is computed
# from meson's own test logs: feed count-results.py logs with known results
# and compare the line it prints and its exit status.
set -u
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
mk() { printf '{"name": "%s", "result": "%s"}\n' "$1" "$2"; }
{ mk a OK; mk b FAIL; mk c SKIP; mk d TIMEOUT; mk e EXPECTEDFAIL; } > "$tmp/one.json"
{ mk f OK; mk g ERROR; } > "$tmp/two.json"
out="$(python3 "$root/tools/lib/count-results.py" "$tmp/one.json" "$tmp/two.json")"; rc=$?
last="$(echo "$out" | tail -n 1)"
fail=0
[ "$last" = "3 passed, 3 failed, 1 skipped" ] || { echo "FAIL: got '$last'"; fail=1; }
[ $rc = 1 ] || { echo "FAIL: exit $rc with failures"; fail=1; }
{ mk a OK; mk c SKIP; } > "$tmp/ok.json"
out="$(python3 "$root/tools/lib/count-results.py" "$tmp/ok.json")"; rc=$?
[ "$out" = "1 passed, 0 failed, 1 skipped" ] && [ $rc = 0 ] || { echo "FAIL: all-ok case '$out' rc $rc"; fail=1; }
: > "$tmp/none.json"
python3 "$root/tools/lib/count-results.py" "$tmp/none.json" >/dev/null && { echo "FAIL: no tests must fail"; fail=1; }
[ $fail = 0 ] && echo "ok: closing line"
exit $fail
