#!/bin/bash
# tests/daemon/cli.sh VERSION: pseriesd's command line: --version, --help,
# unknown options and arguments (exit 2 with a message), --user without a
# runtime directory, and a state directory that cannot be created (exit 1
# with the path in the message, no crash).
set -uo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$("$PSERIESD" --version)" = "pseriesd $1" ] || fail "--version: $("$PSERIESD" --version)"
grep -q -- '--state-dir DIR' <<<"$("$PSERIESD" --help)" || fail "--help lacks --state-dir"
out=$("$PSERIESD" --bogus 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -q "unknown option '--bogus'" || fail "--bogus: $rc $out"
out=$("$PSERIESD" --state-dir 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -q "needs an argument" || fail "--state-dir without value: $rc $out"
out=$("$PSERIESD" extra 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -q "unexpected argument 'extra'" || fail "extra argument: $rc $out"
out=$(env -u XDG_RUNTIME_DIR "$PSERIESD" --user 2>&1); rc=$?
[ $rc = 2 ] && echo "$out" | grep -q "XDG_RUNTIME_DIR" || fail "--user without XDG_RUNTIME_DIR: $rc $out"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
touch "$T/file"
out=$(XDG_RUNTIME_DIR=$T "$PSERIESD" --user --state-dir "$T/file/state" 2>&1); rc=$?
[ $rc = 1 ] && echo "$out" | grep -q "$T/file/state" || fail "bad state dir: $rc $out"
echo ok
