#!/usr/bin/env bash
# Builds the differential harness (brokerwire against libprotobuf; needs
# clang, protoc and libprotobuf) with libFuzzer, ASan and UBSan, and runs it
# for SECONDS on a scratch copy of its seed corpus, with its dictionary and
# max_len. Apart from run.sh because that one builds without libprotobuf.
#
#   fuzz/run-differential.sh SECONDS
#
# Prints "differential executions exec/s cov:N/ft:N ok|FAILED" and
# "N passed, M failed"; exits 1 on a failure, whose input is copied into
# fuzz/regressions/differential/. Environment: BUILD_DIR (default
# build-fuzz-diff), SCRATCH (default: a fresh mktemp -d).
set -euo pipefail

[[ $# -eq 1 && $1 =~ ^[0-9]+$ ]] || { echo "usage: fuzz/run-differential.sh SECONDS" >&2; exit 2; }
seconds=$1

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
exe="$build/fuzz/$name-fuzzer"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

dir="$scratch/$name"
mkdir -p "$dir/corpus" "$dir/artifacts"
cp -R "$fuzz/corpus/$name/." "$dir/corpus/"
max_len=$(sed -n 's/^max_len *= *//p' "$fuzz/options/$name.options")
status=0
"$exe" "$dir/corpus" -dict="$fuzz/dict/$name.dict" -max_len="$max_len" \
  -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$dir/artifacts/" >"$dir/log" 2>&1 || status=$?

log="$dir/log"
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 | awk '{ print "cov:" $2 "/ft:" $4 }')
result=ok
if [[ $status != 0 ]] || compgen -G "$dir/artifacts/*" >/dev/null; then
  result=FAILED
  mkdir -p "$fuzz/regressions/$name"
  for artifact in "$dir"/artifacts/*; do
    [[ -e $artifact ]] && cp "$artifact" "$fuzz/regressions/$name/"
  done
  echo "  $name: see $log" >&2
fi
echo "$name ${execs:-0} ${rate:-0} ${cov:-cov:0/ft:0} $result"
if [[ $result = ok ]]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
echo "logs: $scratch" >&2
[[ $result = ok ]]
