#!/bin/bash
# tests/machine/hcall-numbers.sh: every hypercall and return-code number the
# machine defines (H_* in machine/*.h) equals the one in Linux's
# arch/powerpc/include/asm/hvcall.h (Debian's linux-source-6.1), the
# definition the guest kernel is built with. A wrong opcode makes the guest
# BUG_ON (H_BULK_REMOVE once had 0x24c instead of 0x124). Skips (77) when the
# kernel source tarball is missing.
set -u
root="$(cd "$(dirname "$0")/../.." && pwd)"
tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -1)
if [ -z "$tarball" ]; then
    echo "SKIP: /usr/src/linux-source-6.1.tar.* not installed (package linux-source-6.1)"
    exit 77
fi
hv="$(mktemp)"; trap 'rm -f "$hv"' EXIT
tar -xOf "$tarball" linux-source-6.1/arch/powerpc/include/asm/hvcall.h > "$hv" || exit 1
checked=0 fail=0
while read -r name value file; do
    linux=$(awk -v n="$name" '$1 == "#define" && $2 == n { print $3; exit }' "$hv")
    linux=${linux#(}; linux=${linux%)}
    case "$linux" in
        ''|*[!0-9a-fA-Fx-]*) continue ;;   # not in hvcall.h, or not a plain number
    esac
    checked=$((checked + 1))
    if [ $((linux)) != $((value)) ]; then
        echo "FAIL: $name is $value in $file, Linux's hvcall.h says $linux"
        fail=1
    fi
done < <(grep -HE '^#define H_[A-Z0-9_]+[[:space:]]+\(?-?(0x[0-9a-fA-F]+|[0-9]+)\)?([[:space:]]|$)' \
             "$root"/machine/*.h |
         sed -E 's/^([^:]+):#define ([A-Z0-9_]+)[[:space:]]+\(?(-?(0x[0-9a-fA-F]+|[0-9]+))\)?.*$/\2 \3 \1/')
echo "$checked numbers compared with Linux's hvcall.h"
[ "$checked" -gt 40 ] || { echo "FAIL: too few numbers compared ($checked): the extraction broke"; fail=1; }
exit $fail
