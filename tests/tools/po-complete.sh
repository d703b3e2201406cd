#!/bin/bash
# tests/tools/po-complete.sh: the German catalogue po/de.po stays complete.
# A fresh template is extracted from po/POTFILES (same keywords as meson's
# glib preset), de.po is merged against it, and the merge must have every
# message translated, none fuzzy, and format strings that agree (msgfmt -c).
# Every source file that marks strings with _() must be listed in POTFILES.
# Finally the compiled catalogue must give German text at run time
# (gettext -d pseriesd with TEXTDOMAINDIR, LANGUAGE=de).
set -u
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
lang=de
po="$root/po/$lang.po"
fail=0

for tool in xgettext msgmerge msgfmt msgattrib; do
    command -v "$tool" >/dev/null || { echo "SKIP: $tool not found (install gettext)"; exit 77; }
done
[ -f "$po" ] || { echo "FAIL: $po is missing"; exit 1; }
grep -qx "$lang" "$root/po/LINGUAS" || { echo "FAIL: po/LINGUAS does not list $lang"; fail=1; }

# 1. every source file with _("...") (or N_, C_, NC_) is in po/POTFILES
grep -v '^[[:space:]]*\(#\|$\)' "$root/po/POTFILES" | sed 's/[[:space:]]*$//' | sort -u > "$tmp/potfiles"
cd "$root" || exit 1
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -co --exclude-standard -- '*.c' '*.h'
else
    find . -path ./.git -prune -o -path './build*' -prune -o -type f \( -name '*.c' -o -name '*.h' \) -print | sed 's|^\./||'
fi | sort -u > "$tmp/sources"
while IFS= read -r f; do
    [ -f "$f" ] || continue
    if grep -Eq '(^|[^[:alnum:]_])(N|C|NC)?_\("' "$f" && ! grep -qxF "$f" "$tmp/potfiles"; then
        echo "FAIL: $f has translatable messages but is not in po/POTFILES"
        fail=1
    fi
done < "$tmp/sources"

# 2. a fresh template from the sources listed in POTFILES
if ! xgettext --from-code=UTF-8 --language=C --add-comments --sort-by-file \
        --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
        --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
        --package-name=pseriesd -f "$tmp/potfiles" -o "$tmp/pseriesd.pot"; then
    echo "FAIL: xgettext could not extract the messages of po/POTFILES"
    exit 1
fi
[ -s "$tmp/pseriesd.pot" ] || { echo "FAIL: the fresh template is empty"; exit 1; }

# 3. merge de.po against it: every message translated, none fuzzy
msgmerge --quiet --no-wrap -o "$tmp/$lang.po" "$po" "$tmp/pseriesd.pot" || { echo "FAIL: msgmerge"; exit 1; }
msgattrib --no-obsolete --untranslated --no-wrap "$tmp/$lang.po" 2>/dev/null | grep '^msgid ' | grep -v '^msgid ""$' > "$tmp/untranslated" || true
msgattrib --no-obsolete --only-fuzzy --no-wrap "$tmp/$lang.po" 2>/dev/null | grep '^msgid ' | grep -v '^msgid ""$' > "$tmp/fuzzy" || true
# (msgattrib always keeps the header entry; the msgid "" filter drops it)
if [ -s "$tmp/untranslated" ]; then
    echo "FAIL: untranslated in po/$lang.po (run ninja -C build pseriesd-update-po and translate):"
    cat "$tmp/untranslated"
    fail=1
fi
if [ -s "$tmp/fuzzy" ]; then
    echo "FAIL: fuzzy in po/$lang.po (check the translation and remove the fuzzy flag):"
    cat "$tmp/fuzzy"
    fail=1
fi

# 4. msgfmt -c: syntax, header, format strings agree; statistics
if ! msgfmt -c --statistics -o "$tmp/pseriesd.mo" "$tmp/$lang.po" 2> "$tmp/stats"; then
    echo "FAIL: msgfmt -c rejects po/$lang.po:"
    cat "$tmp/stats"
    fail=1
else
    stats="$(tail -n 1 "$tmp/stats")"
    echo "$lang: $stats"
    case "$stats" in
        *fuzzy*|*untranslated*) echo "FAIL: po/$lang.po is incomplete"; fail=1 ;;
        *" translated message"*) ;;
        *) echo "FAIL: unexpected msgfmt statistics '$stats'"; fail=1 ;;
    esac
    # the checked-in catalogue itself must also pass (not only the merge)
    msgfmt -c -o /dev/null "$po" || { echo "FAIL: msgfmt -c rejects po/$lang.po as checked in"; fail=1; }
fi

# 5. at run time the catalogue gives German text
if [ -s "$tmp/pseriesd.mo" ] && command -v gettext >/dev/null; then
    mkdir -p "$tmp/locale/$lang/LC_MESSAGES"
    cp "$tmp/pseriesd.mo" "$tmp/locale/$lang/LC_MESSAGES/pseriesd.mo"
    check() {
        got="$(TEXTDOMAINDIR="$tmp/locale" LANGUAGE="$lang" LANG=C.UTF-8 LC_ALL=C.UTF-8 gettext -d pseriesd -- "$1")"
        [ "$got" = "$2" ] || { echo "FAIL: at run time '$1' gives '$got', not '$2'"; fail=1; }
    }
    check "connection not open" "Verbindung nicht geöffnet"
    check "domain is not running" "Domäne läuft nicht"
    check "unknown error" "unbekannter Fehler"
elif [ -s "$tmp/pseriesd.mo" ]; then
    echo "note: gettext (gettext-base) not found; run-time lookup not checked"
fi

[ $fail = 0 ] && echo "ok: po/$lang.po complete"
exit $fail
