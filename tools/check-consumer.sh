#!/usr/bin/env bash
# Builds tests/consumer, a project that vendors brokerwire as a meson
# subproject (a copy of include/, src/, proto/ and the build files), and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r tests/consumer "$work/consumer"
mkdir -p "$work/consumer/subprojects/brokerwire"
git ls-files -z | grep -zvE '^(tests/consumer|bench/data)/' | xargs -0 cp --parents -t "$work/consumer/subprojects/brokerwire"
meson setup "$work/build" "$work/consumer"
meson compile -C "$work/build"
meson test -C "$work/build"
# A vendoring project builds none of our tests, benchmarks or tools.
! ls "$work/build/subprojects/brokerwire/tests" "$work/build/subprojects/brokerwire/bench" 2>/dev/null | grep -q .
