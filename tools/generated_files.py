"""Committed files that a script writes, and `--check` compares instead.

Shared by tools/generate_messages.py and tools/amalgamate.py: their output is
committed, so the test command only checks it, and a stale file fails that
check with the start of its diff rather than being written over.
"""
import difflib
import itertools
import sys


def committed(path):
    return path.read_text() if path.exists() else ""


def write_or_check(root, files, check, stale_what, script, diff_lines=None):
    """Writes each of `files` (path under `root` -> text) that differs from what
    is there; with `check`, writes nothing and fails (returns 1) naming the stale
    ones instead, after up to `diff_lines` lines of each one's diff (all if None)."""
    stale = [rel for rel, text in files.items() if committed(root / rel) != text]
    if not check:
        for rel in stale:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(files[rel])
        return 0
    for rel in stale:
        diff = difflib.unified_diff(committed(root / rel).splitlines(True), files[rel].splitlines(True), rel, rel, n=1)
        sys.stdout.writelines(itertools.islice(diff, diff_lines))
    if stale:
        print(f"{stale_what}: {', '.join(stale)}; run {script}", file=sys.stderr)
        return 1
    return 0
