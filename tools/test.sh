#!/usr/bin/env bash
# Runs every check brokerwire has and ends with one line `N passed, M failed`.
#
#   tools/test.sh            everything (what CI runs)
#   FUZZ_SECONDS=N           seconds per fuzz harness (default 15)
#
# Steps: generated code is current; the suite with GCC; a warning-clean clang
# build; the suite under ASan+UBSan; the registry under ThreadSanitizer and
# clang -Wthread-safety; the portable core alone, with its tests and nothing but
# standard headers; the suites again on s390x (64-bit big-endian) and armhf
# (32-bit) under qemu-user, fuzz corpora replayed; bare-metal Cortex-M0+ and M4
# builds that link no heap; public headers alone in C++17 and C++20; the
# amalgamation; a consumer vendoring brokerwire as a meson subproject; a short
# libFuzzer run of every harness, the differential one against libprotobuf
# included; an upstream-style Rust (prost) client's Hello against
# `brokerwire serve`.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash tools/ensure-deps.sh || exit 1

passed=0
failed=0
failures=()
log_dir=build-ci/logs
rm -rf build-ci/registry-tsan build-ci/registry-tsa build-ci/fuzz build-ci/fuzz-diff  # the scripts below reuse a configured tree
mkdir -p "$log_dir"

step() {  # step NAME COMMAND...: one check that passes or fails as a whole
  local name=$1; shift
  printf '== %s\n' "$name"
  if "$@" >"$log_dir/$name.log" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); failures+=("$name")
    echo "FAILED: $name (last lines of $log_dir/$name.log)"; tail -n 40 "$log_dir/$name.log"
  fi
}

count_tests() {  # count_tests BUILD_DIR: adds the results of its last `meson test`
  local counts
  counts=$(python3 tools/count-tests.py "$1/meson-logs/testlog.json") || counts="0 1"
  passed=$((passed + ${counts% *})); failed=$((failed + ${counts#* }))
  [[ ${counts#* } == 0 ]] || failures+=("tests in $1")
  echo "   $1: ${counts% *} passed, ${counts#* } failed"
}

suite() {  # suite NAME BUILD_DIR [meson setup options...]: build, then run every test
  local name=$1 dir=$2; shift 2
  step "$name-build" bash -c "rm -rf $dir && meson setup $dir $* && meson compile -C $dir"
  if [[ -f $dir/build.ninja ]]; then
    meson test -C "$dir" --num-processes 2 --print-errorlogs --timeout-multiplier 4 >"$log_dir/$name-test.log" 2>&1
    count_tests "$dir"
  fi
}

werror="-Dwerror=true"
step generated-code-is-current python3 tools/generate_messages.py --check

suite gcc build-ci/gcc $werror -Dbuildtype=debugoptimized
CXX=clang++ step clang-build bash -c "rm -rf build-ci/clang && meson setup build-ci/clang $werror -Dbuildtype=release && meson compile -C build-ci/clang"
CXX=clang++ suite asan-ubsan build-ci/asan $werror -Dbuildtype=debugoptimized -Db_sanitize=address,undefined -Db_lundef=false -Dbenchmarks=disabled
step registry-tsan-and-thread-safety env BUILD_PREFIX=build-ci/registry sh tests/registry/run-thread-checks.sh
suite core-only build-ci/core -Dlayers=core $werror
step core-includes-standard-headers-only python3 tools/check-core-headers.py build-ci/core

# Debian's cross compilers find no doctest package for their host machine, so
# the header alone goes on their include path. The broker's load test runs
# under emulation too; its figures are reported, never asserted.
cross_include=$root/build-ci/cross-include
mkdir -p "$cross_include" && ln -sfn /usr/include/doctest "$cross_include/doctest"
for target in s390x-linux-gnu arm-linux-gnueabihf; do
  suite "cross-$target" "build-ci/$target" --cross-file "cross/$target.ini" "-Dcpp_args=-isystem$cross_include" \
    $werror -Dbuildtype=debugoptimized -Dbenchmarks=disabled -Dinterop=disabled
done
step bare-metal-cortex-m env BUILD_PREFIX=build-ci/bare-metal bash tools/check-bare-metal.sh

step headers-compile-alone bash tools/check-headers.sh
step amalgamation env BUILD_DIR=build-ci/amalgamation bash tools/check-amalgamation.sh
step no-outside-references bash tools/check-no-outside-refs.sh
step consumer-subproject bash tools/check-consumer.sh
fuzz_step() {  # fuzz_step NAME SCRIPT BUILD_DIR: a fuzz script whose last line is "N passed, M failed"
  local name=$1 script=$2 dir=$3 out counts
  printf '== %s\n' "$name"
  out=$(BUILD_DIR=$dir JOBS=2 bash "$script" "${FUZZ_SECONDS:-15}" 2>"$log_dir/$name.log"); echo "$out"
  counts=$(tail -n 1 <<<"$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
  if [[ -n $counts ]]; then
    passed=$((passed + ${counts% *})); failed=$((failed + ${counts#* }))
    [[ ${counts#* } == 0 ]] || failures+=("$name")
  else
    failed=$((failed + 1)); failures+=("$name"); tail -n 40 "$log_dir/$name.log"
  fi
}

fuzz_step fuzz fuzz/run.sh build-ci/fuzz
fuzz_step fuzz-differential fuzz/run-differential.sh build-ci/fuzz-diff
BROKERWIRE=build-ci/gcc/tools/brokerwire/brokerwire fuzz_step upstream-rust-client tests/upstream/run-prost-client.sh build-ci/upstream-prost-client

((${#failures[@]})) && echo "failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
