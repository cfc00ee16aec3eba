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

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

# Runs one harness; leaves its log and verdict in $scratch/<name>/.
run_one() {
  local name=$1 dir="$scratch/$1"
  local exe="$build/fuzz/$name-fuzzer"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  if [[ -d $fuzz/corpus/$name ]]; then cp -R "$fuzz/corpus/$name/." "$dir/corpus/"; fi
  local max_len
  max_len=$(sed -n 's/^max_len *= *//p' "$fuzz/options/$name.options" 2>/dev/null || true)
  local status=0
  "$exe" "$dir/corpus" -dict="$fuzz/dict/$name.dict" -max_len="${max_len:-4096}" \
    -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$dir/artifacts/" >"$dir/log" 2>&1 || status=$?
  echo "$status" >"$dir/status"
}

# At most $jobs fuzzers at once: the machine is shared.
running=0
for name in "${harnesses[@]}"; do
  if [[ ! -x $build/fuzz/$name-fuzzer ]]; then
    echo "error: $build/fuzz/$name-fuzzer was not built (clang with -fsanitize=fuzzer needed)" >&2
    exit 2
  fi
  if (( running >= jobs )); then wait -n || true; running=$((running - 1)); fi
  run_one "$name" &
  running=$((running + 1))
done
wait || true

passed=0
failed=0
for name in "${harnesses[@]}"; do
  dir="$scratch/$name"
  log="$dir/log"
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 | awk '{ print "cov:" $2 "/ft:" $4 }')
  result=ok
  if [[ $(cat "$dir/status") != 0 ]] || compgen -G "$dir/artifacts/*" >/dev/null; then
    result=FAILED
    mkdir -p "$fuzz/regressions/$name"
    for artifact in "$dir"/artifacts/*; do
      [[ -e $artifact ]] && cp "$artifact" "$fuzz/regressions/$name/"
    done
    echo "  $name: see $log" >&2
  fi
  if [[ $result = ok ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  echo "$name ${execs:-0} ${rate:-0} ${cov:-cov:0/ft:0} $result"
  if (( update )) && [[ $result = ok ]]; then
    mkdir -p "$fuzz/corpus/$name"
    "$build/fuzz/$name-fuzzer" -merge=1 -max_len="$(sed -n 's/^max_len *= *//p' "$fuzz/options/$name.options")" \
      "$fuzz/corpus/$name" "$dir/corpus" >"$dir/merge.log" 2>&1
  fi
done
echo "$passed passed, $failed failed"
echo "logs: $scratch" >&2
(( failed == 0 ))
