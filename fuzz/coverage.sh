#!/usr/bin/env bash
# Line coverage reached by the fuzz corpora: builds the replay drivers with
# clang source-based coverage, replays fuzz/corpus/<harness>/ and
# fuzz/regressions/<harness>/ through each, merges the profiles with
# llvm-profdata-14 and reports with llvm-cov-14 over src/ and include/.
# The differential harness is replayed too where libprotobuf is installed.
#
#   fuzz/coverage.sh [--files]
#
# --files also prints the per-file table. Then branch and line coverage,
# each for the decoding code (src/wire and src/messages) and for all of src/
# and include/; the last line is "line coverage: NN.N%".
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
    -Dfuzzing=auto -Dtests=enabled -Dinterop=auto -Dbenchmarks=disabled -Dtool=disabled >/dev/null
fi
mapfile -t harnesses < <(grep -v '^#' "$fuzz/harnesses.txt" | awk 'NF { print $1 }')
if ninja -C "$build" -t targets all | grep -q '^fuzz/differential-replay:'; then harnesses+=(differential); fi
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
  # llvm-cov takes the first binary as is and every further one after -object.
  if [[ ${#objects[@]} -eq 0 ]]; then objects+=("$exe"); else objects+=(-object "$exe"); fi
done
"$profdata" merge -sparse "$profiles"/*.profraw -o "$profiles/merged.profdata"

report=$("$cov" report -instr-profile="$profiles/merged.profdata" "${objects[@]}" "$root/src" "$root/include" 2>/dev/null)
if [[ ${1:-} = --files ]]; then echo "$report"; fi

# Percent covered over the per-file rows whose name matches $1 (with any
# leading ../ dropped: llvm-cov names files from their common folder), of the
# count in column $2 with its missed count in the next column (columns:
# file, regions, missed, cover, functions, missed, executed, lines, missed,
# cover, branches, missed, cover).
percent() {
  echo "$report" | awk -v pattern="$1" -v column="$2" '
    { name = $1; sub(/^(\.\.\/)+/, "", name) }
    name ~ pattern && NF >= 13 { all += $column; missed += $(column + 1) }
    END { printf "%.1f", all ? 100 * (all - missed) / all : 0 }'
}
lines=8
branches=11
decoding='^src/(wire|messages)/'
everything='^(src|include)/'

echo "decoding branch coverage (src/wire, src/messages): $(percent "$decoding" $branches)%"
echo "branch coverage: $(percent "$everything" $branches)%"
echo "decoding line coverage (src/wire, src/messages): $(percent "$decoding" $lines)%"
echo "line coverage: $(percent "$everything" $lines)%"
