#!/usr/bin/env bash
# Comments cite the rules they follow, and a rule must be readable in a
# clone of this repository: docs/contract.md, docs/compatibility.md, or an
# upstream file. This fails when a file outside docs/ cites a document the
# repository does not have: "SPEC §N", "SPEC.md", "SPEC section N", "the
# SPEC rules", or "the seed" (the design documents the project started
# from). Fuzz corpus seeds ("seed corpus", "fixed seed", seed_for) are
# legitimate and not matched. It fails on "issue N" too: a tracker entry is
# no rule, and test names and comments say what the rule itself is.
set -euo pipefail
cd "$(dirname "$0")/.."

pattern='SPEC ?§|SPEC\.md|SPEC sections?\b|SPEC rules?\b|\b[Tt]he (Rust )?seed(\x27s)?\b(?! corp)|shared/(spec|seeds)\b'
pattern+='|\b(?i:issue) [0-9]'

# Tracked files and new ones not yet added, without the ignored build trees
# and subprojects, without docs/, and without the third-party sources the
# footprint benchmark compares with (kept as their authors wrote them).
found=$(git ls-files -z --cached --others --exclude-standard -- . ':!docs/' ':!tools/check-no-outside-refs.sh' \
          ':!bench/footprint/vendor/' |
        xargs -0 -r grep -nIP "$pattern" -- 2>/dev/null || true)

if [ -n "$found" ]; then
  echo "$found"
  echo "FAILED: the lines above cite a document outside the repository;" \
       "cite docs/contract.md (by section heading) or state the rule instead."
  exit 1
fi
echo "no references to documents outside the repository"
