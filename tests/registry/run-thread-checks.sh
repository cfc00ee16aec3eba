#!/bin/sh
# Thread-safety evidence for the endpoint registry (docs/contract.md,
# "Registry"), in build trees of their own so the normal build keeps its
# flags:
#   tsan           clang++ with ThreadSanitizer; runs the registry tests
#                  (the concurrent stress and snapshot tests included)
#   thread-safety  clang++ with -Wthread-safety -Werror; compiles every
#                  annotated registry instantiation (spin, mutex, rw locks)
# Usage: tests/registry/run-thread-checks.sh [tsan|thread-safety|all]  (default all)
# Build trees: $BUILD_PREFIX-tsan and $BUILD_PREFIX-tsa (default build-registry),
# relative to the source root. Exit status is non-zero on the first failure.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
prefix=${BUILD_PREFIX:-build-registry}
what=${1:-all}
cd "$root"

# Only the library and the tests are needed; the tool, benchmarks and fuzzers
# are left out so a check builds nothing it does not run.
common="-Dtool=disabled -Dbenchmarks=disabled -Dfuzzing=disabled -Dtests=enabled"

setup() {  # setup DIR ARGS...: configure once, reuse afterwards
    dir=$1
    shift
    if [ ! -f "$dir/build.ninja" ]; then
        CXX=clang++ meson setup "$dir" $common "$@"
    fi
}

run_tsan() {
    dir=$prefix-tsan
    # b_lundef=false: the TSan runtime lives in the executable, so the
    # shared library must be allowed undefined references to it.
    setup "$dir" -Db_sanitize=thread -Db_lundef=false -Dbuildtype=debugoptimized
    meson compile -C "$dir" test-registry
    TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}" \
        meson test -C "$dir" --no-rebuild --print-errorlogs registry
}

run_thread_safety() {
    dir=$prefix-tsa
    setup "$dir" -Dwerror=true "-Dcpp_args=-Wthread-safety -Wthread-safety-beta"
    meson compile -C "$dir" test-registry test-registry-no-alloc
}

case "$what" in
    tsan) run_tsan ;;
    thread-safety) run_thread_safety ;;
    all) run_thread_safety && run_tsan ;;
    *) echo "usage: $0 [tsan|thread-safety|all]" >&2; exit 2 ;;
esac
