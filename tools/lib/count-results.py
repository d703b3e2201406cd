#!/usr/bin/env python3
"""tools/lib/count-results.py: sums meson's testlog.json files into the
closing line of tools/check ("N passed, N failed, N skipped"); exit 1 if
anything failed or no test ran."""
import json
import sys

passed = failed = skipped = 0
failures = []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            t = json.loads(line)
            r = t.get("result", "")
            if r in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif r == "SKIP":
                skipped += 1
            else:
                failed += 1
                failures.append(f"{path.split('/')[0]}: {t.get('name')} ({r})")
for f in failures:
    print("FAILED:", f)
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or passed == 0 else 0)
