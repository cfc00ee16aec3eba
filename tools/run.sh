#!/usr/bin/env bash
# Builds brokerwire when needed, then runs the tool: `tools/run.sh ARGS...`
# runs `brokerwire ARGS...`; with no arguments it decodes the bundled
# ServiceDefinition sample to JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/ensure-deps.sh
if [[ ! -f build/build.ninja ]]; then
  meson setup build -Dtests=disabled -Dbenchmarks=disabled >/dev/null
fi
meson compile -C build brokerwire:executable >/dev/null
if (($# == 0)); then
  set -- decode ServiceDefinition bench/data/servicedef.bin
fi
exec build/tools/brokerwire/brokerwire "$@"
