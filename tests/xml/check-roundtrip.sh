#!/bin/bash
# check-roundtrip.sh: every domain document in the given folders must
#  1. parse with xml-schema/ (xml-canon),
#  2. format to a canonical form that is a fixed point
#     (parse -> format -> parse -> format is byte-identical),
#  3. validate, as given, as formatted and in the live form (id=), against
#     libvirt's own schema
#     (virt-xml-validate FILE domain) and against pseriesd's schema
#     (xmllint --relaxng xml-schema/pseries-domain.rng).
# Part of tests/xml/ (meson suite 'unit').  The references are libvirt's
# installed RelaxNG schemas and libxml2's xmllint, which nobody here wrote.
#
#   check-roundtrip.sh XML-CANON PSERIES-RNG MIN-COUNT DIR...
set -u
canon="$1" rng="$2" min="$3"; shift 3
for tool in virt-xml-validate xmllint; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install libvirt-clients libxml2-utils)"; exit 1; }
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

fail=0 count=0
for dir in "$@"; do
    for f in "$dir"/*.xml; do
        [ -e "$f" ] || continue
        count=$((count + 1))
        b=$(basename "$f" .xml)
        if ! "$canon" "$f" >"$tmp/$b.1.xml" 2>"$tmp/err"; then
            echo "FAIL $f: does not parse: $(cat "$tmp/err")"; fail=1; continue
        fi
        if ! "$canon" "$tmp/$b.1.xml" >"$tmp/$b.2.xml" 2>"$tmp/err"; then
            echo "FAIL $f: formatted output does not parse: $(cat "$tmp/err")"; fail=1; continue
        fi
        if ! cmp -s "$tmp/$b.1.xml" "$tmp/$b.2.xml"; then
            echo "FAIL $f: format is not stable:"; diff -u "$tmp/$b.1.xml" "$tmp/$b.2.xml"; fail=1
        fi
        if ! "$canon" --live 42 "$f" >"$tmp/$b.live.xml" 2>"$tmp/err" ||
           ! grep -q "^<domain type='[a-z]*' id='42'>" "$tmp/$b.live.xml"; then
            echo "FAIL $f: no live form: $(cat "$tmp/err")"; fail=1
        fi
        for doc in "$f" "$tmp/$b.1.xml" "$tmp/$b.live.xml"; do
            if ! out=$(virt-xml-validate "$doc" domain 2>&1); then
                echo "FAIL $f: libvirt's schema rejects $(basename "$doc"): $out"; fail=1
            fi
            if ! out=$(xmllint --noout --relaxng "$rng" "$doc" 2>&1); then
                echo "FAIL $f: pseries-domain.rng rejects $(basename "$doc"): $out"; fail=1
            fi
        done
        [ $fail = 0 ] && echo "ok $f"
    done
done
if [ "$count" -lt "$min" ]; then
    echo "FAIL: only $count documents found, expected at least $min"; fail=1
fi
echo "$count documents checked"
exit $fail
