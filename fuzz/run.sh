#!/usr/bin/env bash
# Builds every fuzz harness with clang, libFuzzer, ASan and UBSan, and runs
# each for SECONDS on a scratch copy of its seed corpus, with its dictionary
# and max_len. Two fuzzers run at a time at most.
#
#   fuzz/run.sh SECONDS [--update-corpus] [HARNESS...]
#
# Prints one line per harness:
#   name executions exec/s cov:N/ft:N ok|FAILED
# and finally "N passed, M failed"; exits 1 if any harness failed. A crash,
# leak, timeout or invariant violation is copied into
# fuzz/regressions/<harness>/ (replayed by `meson test` from then on).
# --update-corpus merges the inputs that add coverage back into
# fuzz/corpus/<harness>/. Environment: BUILD_DIR (default build-fuzz),
# JOBS (default 2), SCRATCH (default: a fresh mktemp -d).
set -euo pipefail

usage() { echo "usage: fuzz/run.sh SECONDS [--update-corpus] [HARNESS...]" >&2; exit 2; }
[[ $# -ge 1 && $1 =~ ^[0-9]+$ ]] || usage
seconds=$1; shift
update=0
only=()
for arg in "$@"; do
  case $arg in
    --update-corpus) update=1 ;;
    -*) usage ;;
    *) only+=("$arg") ;;
  esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fuzz="$root/fuzz"
build=${BUILD_DIR:-build-fuzz}
[[ $build = /* ]] || build="$root/$build"
jobs=${JOBS:-2}
scratch=${SCRATCH:-$(mktemp -d "${TMPDIR:-/tmp}/brokerwire-fuzz.XXXXXX")}

if [[ ! -f $build/build.ninja ]]; then
  CXX=${CXX:-clang++} meson setup "$build" "$root" -Dfuzzing=enabled \
    -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized \
    -Dtests=disabled -Dbenchmarks=disabled -Dinterop=disabled -Dtool=disabled >/dev/null
fi
mapfile -t harnesses < <(grep -v '^#' "$fuzz/harnesses.txt" | awk 'NF { print $1 }')
if [[ ${#only[@]} -gt 0 ]]; then harnesses=("${only[@]}"); fi
# Only the fuzzers: the replay drivers and the shared library are not needed here.
meson compile -C "$build" -j "$jobs" "${harnesses[@]/%/-fuzzer}" >/dev/null

# shellcheck source=fuzz/harness-run.sh
source "$fuzz/harness-run.sh"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

# At most $jobs fuzzers at once: the machine is shared.
running=0
for name in "${harnesses[@]}"; do
  if [[ ! -x $build/fuzz/$name-fuzzer ]]; then
    echo "error: $build/fuzz/$name-fuzzer was not built (clang with -fsanitize=fuzzer needed)" >&2
    exit 2
  fi
  if (( running >= jobs )); then wait -n || true; running=$((running - 1)); fi
  fuzz_harness "$name" "$seconds" "$scratch/$name" &
  running=$((running + 1))
done
wait || true

passed=0
failed=0
for name in "${harnesses[@]}"; do
  if report_harness "$name" "$scratch/$name" "$update"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "$passed passed, $failed failed"
echo "logs: $scratch" >&2
(( failed == 0 ))
