#!/usr/bin/env bash
# Builds the differential harness (brokerwire against libprotobuf; needs
# clang, protoc and libprotobuf) with libFuzzer, ASan and UBSan, and runs it
# for SECONDS on a scratch copy of its seed corpus, with its dictionary and
# max_len. Apart from run.sh because that one builds without libprotobuf.
#
#   fuzz/run-differential.sh SECONDS [--update-corpus]
#
# Prints "differential executions exec/s cov:N/ft:N ok|FAILED" and
# "N passed, M failed"; exits 1 on a failure, whose input is copied into
# fuzz/regressions/differential/. --update-corpus merges the inputs that add
# coverage back into fuzz/corpus/differential/. Environment: BUILD_DIR
# (default build-fuzz-diff), SCRATCH (default: a fresh mktemp -d).
set -euo pipefail

usage() { echo "usage: fuzz/run-differential.sh SECONDS [--update-corpus]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 && $1 =~ ^[0-9]+$ ]] || usage
seconds=$1
update=0
if [[ $# -eq 2 ]]; then
  [[ $2 = --update-corpus ]] || usage
  update=1
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fuzz="$root/fuzz"
name=differential
build=${BUILD_DIR:-build-fuzz-diff}
[[ $build = /* ]] || build="$root/$build"
scratch=${SCRATCH:-$(mktemp -d "${TMPDIR:-/tmp}/brokerwire-fuzz-diff.XXXXXX")}

if [[ ! -f $build/build.ninja ]]; then
  CXX=${CXX:-clang++} meson setup "$build" "$root" -Dfuzzing=enabled \
    -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized \
    -Dtests=enabled -Dinterop=enabled -Dbenchmarks=disabled -Dtool=disabled >/dev/null
fi
meson compile -C "$build" -j "${JOBS:-1}" "$name-fuzzer" >/dev/null

# shellcheck source=fuzz/harness-run.sh
source "$fuzz/harness-run.sh"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

fuzz_harness "$name" "$seconds" "$scratch/$name"
status=0
report_harness "$name" "$scratch/$name" "$update" || status=1
if (( status == 0 )); then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
echo "logs: $scratch" >&2
exit "$status"
