# Running one fuzz harness and reporting it: sourced by run.sh and
# run-differential.sh, which set $fuzz (this folder) and $build (the build
# tree whose fuzz/<name>-fuzzer binaries are run).
# shellcheck shell=bash disable=SC2154

# The max_len of a harness, from fuzz/options/<name>.options.
max_len_of() {
  sed -n 's/^max_len *= *//p' "$fuzz/options/$1.options" 2>/dev/null || true
}

# fuzz_harness NAME SECONDS DIR: fuzzes a scratch copy of NAME's seed corpus
# in DIR for SECONDS, with its dictionary and max_len; leaves the log in
# DIR/log, the exit status in DIR/status and any finding in DIR/artifacts/.
fuzz_harness() {
  local name=$1 seconds=$2 dir=$3
  local max_len status=0
  max_len=$(max_len_of "$name")
  mkdir -p "$dir/corpus" "$dir/artifacts"
  if [[ -d $fuzz/corpus/$name ]]; then cp -R "$fuzz/corpus/$name/." "$dir/corpus/"; fi
  "$build/fuzz/$name-fuzzer" "$dir/corpus" -dict="$fuzz/dict/$name.dict" -max_len="${max_len:-4096}" \
    -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$dir/artifacts/" >"$dir/log" 2>&1 || status=$?
  echo "$status" >"$dir/status"
}

# report_harness NAME DIR UPDATE: prints "name executions exec/s
# cov:N/ft:N ok|FAILED" for the run left in DIR. A finding is copied into
# fuzz/regressions/NAME/ (replayed by `meson test` from then on) and makes it
# return 1. With UPDATE=1 a clean run's inputs that add coverage are merged
# into fuzz/corpus/NAME/.
report_harness() {
  local name=$1 dir=$2 update=$3
  local log="$dir/log" execs rate cov result=ok
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 | awk '{ print "cov:" $2 "/ft:" $4 }')
  if [[ $(cat "$dir/status") != 0 ]] || compgen -G "$dir/artifacts/*" >/dev/null; then
    result=FAILED
    mkdir -p "$fuzz/regressions/$name"
    for artifact in "$dir"/artifacts/*; do
      [[ -e $artifact ]] && cp "$artifact" "$fuzz/regressions/$name/"
    done
    echo "  $name: see $log" >&2
  fi
  echo "$name ${execs:-0} ${rate:-0} ${cov:-cov:0/ft:0} $result"
  [[ $result = ok ]] || return 1
  if (( update )); then
    mkdir -p "$fuzz/corpus/$name"
    "$build/fuzz/$name-fuzzer" -merge=1 -max_len="$(max_len_of "$name")" \
      "$fuzz/corpus/$name" "$dir/corpus" >"$dir/merge.log" 2>&1 ||
      { echo "  $name: merging the corpus failed, see $dir/merge.log" >&2; return 1; }
  fi
}
