#!/usr/bin/env python3
"""Prints "PASSED FAILED" for one `meson test` run (its testlog.json).

A doctest binary counts as its test cases (from doctest's summary line);
any other test counts as one.
"""
import json
import re
import sys

SUMMARY = re.compile(r"\[doctest\] test cases:\s*(\d+) \|\s*(\d+) passed \|\s*(\d+) failed")

passed = failed = 0
with open(sys.argv[1]) as log:
    for line in log:
        test = json.loads(line)
        ok = test["result"] in ("OK", "EXPECTEDFAIL")
        m = SUMMARY.search(test.get("stdout") or "")
        if m:
            passed += int(m.group(2))
            failed += int(m.group(3)) or (0 if ok else 1)
        elif ok:
            passed += 1
        elif test["result"] != "SKIP":
            failed += 1
print(passed, failed)
