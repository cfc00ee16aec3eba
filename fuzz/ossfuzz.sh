#!/usr/bin/env bash
# OSS-Fuzz / ClusterFuzzLite build script. The builder provides $CC $CXX
# $CFLAGS $CXXFLAGS (sanitizer and coverage flags) $LIB_FUZZING_ENGINE and
# $OUT; $SRC/brokerwire is this repository.
#
# The library is built static by meson with the builder's flags; each
# harness of fuzz/harnesses.txt is then compiled and linked against the
# engine here, so any engine the builder chooses (libFuzzer, AFL++,
# honggfuzz) works. Next to each fuzzer: its dictionary, its .options and
# a zip of its seed corpus.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fuzz="$root/fuzz"
build="${WORK:-/tmp}/brokerwire-build"

# The library is built without RTTI (STYLE: no exceptions, no RTTI), which
# UBSan's vptr check requires; everything else of the builder's flags stays.
CXXFLAGS="$CXXFLAGS -fno-sanitize=vptr"

rm -rf "$build"
CXX="$CXX" CXXFLAGS="$CXXFLAGS" meson setup "$build" "$root" \
  -Ddefault_library=static -Dbuildtype=plain -Db_lundef=false \
  -Dfuzzing=disabled -Dtests=disabled -Dbenchmarks=disabled -Dtool=disabled -Dinterop=disabled
meson compile -C "$build" brokerwire

grep -v '^#' "$fuzz/harnesses.txt" | awk 'NF' | while read -r name source ns type; do
  defines=()
  if [[ -n ${type:-} ]]; then
    defines=(-DBROKERWIRE_FUZZ_NS="$ns" -DBROKERWIRE_FUZZ_TYPE="$type")
  fi
  # shellcheck disable=SC2086  # the builder's flags are word lists
  $CXX $CXXFLAGS -std=c++17 "${defines[@]}" -I"$root/include" -I"$fuzz" \
    -c "$fuzz/$source" -o "$build/$name.o"
  # shellcheck disable=SC2086
  $CXX $CXXFLAGS "$build/$name.o" -o "$OUT/$name" $LIB_FUZZING_ENGINE "$build/libbrokerwire.a"
  cp "$fuzz/dict/$name.dict" "$fuzz/options/$name.options" "$OUT/"
  if [[ -d $fuzz/corpus/$name ]]; then
    (cd "$fuzz/corpus/$name" && zip -q -r "$OUT/${name}_seed_corpus.zip" .)
  fi
done
