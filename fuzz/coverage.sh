#!/usr/bin/env bash
# Line coverage reached by the fuzz corpora: builds the replay drivers with
# clang source-based coverage, replays fuzz/corpus/<harness>/ and
# fuzz/regressions/<harness>/ through each, merges the profiles with
# llvm-profdata-14 and reports with llvm-cov-14 over src/ and include/.
#
#   fuzz/coverage.sh [--files]
#
# --files also prints the per-file table. The last line is
# "line coverage: NN.N%" (all of src/ and include/), preceded by the same
# figure for the decoding code (src/wire and src/messages).
# Environment: BUILD_DIR (default build-fuzz-coverage).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fuzz="$root/fuzz"
build=${BUILD_DIR:-build-fuzz-coverage}
[[ $build = /* ]] || build="$root/$build"
profdata=${LLVM_PROFDATA:-llvm-profdata-14}
cov=${LLVM_COV:-llvm-cov-14}
flags="-fprofile-instr-generate -fcoverage-mapping"

if [[ ! -f $build/build.ninja ]]; then
  CXX=${CXX:-clang++} meson setup "$build" "$root" -Dbuildtype=debug -Ddefault_library=static \
    -Dcpp_args="$flags" -Dcpp_link_args="-fprofile-instr-generate" \
    -Dfuzzing=auto -Dtests=disabled -Dbenchmarks=disabled -Dinterop=disabled -Dtool=disabled >/dev/null
fi
mapfile -t harnesses < <(grep -v '^#' "$fuzz/harnesses.txt" | awk 'NF { print $1 }')
meson compile -C "$build" -j "${JOBS:-2}" "${harnesses[@]/%/-replay}" >/dev/null

profiles="$build/fuzz-profiles"
rm -rf "$profiles"
mkdir -p "$profiles"
objects=()
for name in "${harnesses[@]}"; do
  exe="$build/fuzz/$name-replay"
  inputs=()
  for dir in corpus regressions; do
    [[ -d $fuzz/$dir/$name ]] && inputs+=("$fuzz/$dir/$name")
  done
  LLVM_PROFILE_FILE="$profiles/$name.profraw" "$exe" "${inputs[@]}" >/dev/null
  objects+=(-object "$exe")
done
"$profdata" merge -sparse "$profiles"/*.profraw -o "$profiles/merged.profdata"

# Percent of lines covered in the TOTAL row of an llvm-cov report.
total_lines() {
  "$cov" report -instr-profile="$profiles/merged.profdata" "${objects[@]}" "$@" |
    awk '/^TOTAL/ { print $10 }' | tr -d '%'
}

if [[ ${1:-} = --files ]]; then
  "$cov" report -instr-profile="$profiles/merged.profdata" "${objects[@]}" "$root/src" "$root/include"
fi
decoding=$(total_lines "$root/src/wire" "$root/src/messages")
echo "decoding line coverage (src/wire, src/messages): ${decoding}%"
echo "line coverage: $(total_lines "$root/src" "$root/include")%"
