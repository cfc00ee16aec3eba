#!/usr/bin/env bash
# Builds brokerwire when needed, then runs the tool: `tools/run.sh ARGS...`
# runs `brokerwire ARGS...`; with no arguments it runs `brokerwire demo`, the
# whole library at work in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/ensure-deps.sh
if [[ ! -f build/build.ninja ]]; then
  meson setup build -Dtests=disabled -Dbenchmarks=disabled >/dev/null
fi
meson compile -C build brokerwire:executable >/dev/null
if (($# == 0)); then
  set -- demo
fi
exec build/tools/brokerwire/brokerwire "$@"
