#!/usr/bin/env bash
# The one-file amalgamation (vendor/, written by tools/amalgamate.py) is what
# a vendor copies, so it is checked as they would use it:
#   1. it is current: regenerating it changes nothing;
#   2. each .cpp compiles alone, as the one translation unit of its layers,
#      with g++ and clang++, in C++17 and C++20, warning-clean under -Werror
#      and the project's strict warnings, without exceptions or RTTI; the
#      core also for a Cortex-M0+ (arm-none-eabi-g++, when installed);
#   3. the README's API tour (examples/api_tour.cpp, its includes untouched)
#      builds against brokerwire.hpp + brokerwire.cpp alone and prints what
#      the meson-built api-tour prints;
#   4. a program using the portable core alone (brokerwire-core.hpp + .cpp)
#      decodes sample messages by view, re-encodes them into a buffer and
#      gets the same bytes back, through the byte framing.
#
#   BUILD_DIR=DIR         where to build (default build-ci/amalgamation)
#   REFERENCE_TOUR=EXE    the meson-built api-tour to compare with (default:
#                         build-ci/gcc/examples/api-tour when it is newer than
#                         examples/api_tour.cpp, as tools/test.sh leaves it;
#                         else one that meson builds in BUILD_DIR/meson)
#   COMPILERS="g++ ..."   the compilers of step 2 (default "g++ clang++")
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${BUILD_DIR:-build-ci/amalgamation}
mkdir -p "$build"
build=$(cd "$build" && pwd)
amalgamation=$root/vendor
failures=0

fail() { echo "FAILED: $*"; failures=$((failures + 1)); }

# -- 1. current ---------------------------------------------------------------
echo "== the amalgamation is current"
python3 tools/amalgamate.py --check || fail "vendor/ is stale: run tools/amalgamate.py"

# -- 2. each translation unit alone -------------------------------------------
# The library's own flags (meson.build: -fno-exceptions -fno-rtti and the
# strict warnings), what a vendor's strict build adds, and optimisation, which
# some warnings need. One exception: GCC 12's -Wshadow counts a scoped
# enumerator named like a constant of the enclosing namespace as shadowing it,
# although it is only ever reached qualified, and clang does not. The public
# headers have one such pair (broker::envelope_version, and the enumerators
# envelope_version of probe_request_fault and probe_response_fault), which
# meet only when one translation unit includes lanes.hpp before
# endpoint_probe.hpp, as brokerwire.hpp does. So brokerwire.cpp gets -Wshadow
# from clang alone until those headers avoid the clash.
flags=(-Wall -Wextra -Wpedantic -Werror -fno-exceptions -fno-rtti
       -Wconversion -Wsign-conversion -Wnon-virtual-dtor)
shadow_for() {  # shadow_for COMPILER UNIT: -Wshadow, where it is meaningful
  [[ $1 == *clang* || $2 == brokerwire-core ]] && echo "-Wshadow"
  return 0
}
# Two compilations at a time (JOBS), each with its own log.
mkdir -p "$build/logs"
rm -f "$build"/*.o
pids=() names=()
finish_one() {  # waits for the oldest compilation and reports it
  local name=${names[0]}
  if ! wait "${pids[0]}"; then
    cat "$build/logs/$name.log"
    fail "$name"
  fi
  pids=("${pids[@]:1}") names=("${names[@]:1}")
}
for cxx in ${COMPILERS:-g++ clang++}; do
  if ! command -v "$cxx" >/dev/null; then fail "$cxx is not installed"; continue; fi
  for std in c++17 c++20; do
    for unit in brokerwire brokerwire-core; do
      name="$unit.cpp-$cxx-$std"
      echo "== $unit.cpp alone: $cxx -std=$std"
      # shellcheck disable=SC2046  # none or one flag
      "$cxx" -std="$std" -c -O2 "${flags[@]}" $(shadow_for "$cxx" "$unit") "$amalgamation/$unit.cpp" \
          -o "$build/$unit-$cxx-$std.o" >"$build/logs/$name.log" 2>&1 &
      pids+=($!) names+=("$name")
      ((${#pids[@]} < ${JOBS:-2})) || finish_one
    done
  done
done
while ((${#pids[@]})); do finish_one; done

# The core is for bare metal too: a Cortex-M0+ (Thumb only, no FPU, no 64-bit
# atomics) compiles it as cross/cortex-m0plus.ini does.
if command -v arm-none-eabi-g++ >/dev/null; then
  echo "== brokerwire-core.cpp alone: arm-none-eabi-g++ -mcpu=cortex-m0plus -std=c++17"
  arm-none-eabi-g++ -std=c++17 -mthumb -mcpu=cortex-m0plus -c -Os "${flags[@]}" -Wshadow \
      "$amalgamation/brokerwire-core.cpp" -o "$build/brokerwire-core-cortex-m0plus.o" ||
    fail "brokerwire-core.cpp with arm-none-eabi-g++ -mcpu=cortex-m0plus"
else
  echo "== (no arm-none-eabi-g++: brokerwire-core.cpp not compiled for Cortex-M0+)"
fi

# The programs below link step 2's g++ C++17 object of a unit, or its source
# when that object was not built.
unit_object() {
  if [[ -f $build/$1-g++-c++17.o ]]; then echo "$build/$1-g++-c++17.o"; else echo "$amalgamation/$1.cpp"; fi
}

# -- 3. the API tour against the amalgamation ---------------------------------
# api_tour.cpp includes <brokerwire/...> headers. Each of those names becomes a
# one-line forwarder to brokerwire.hpp, in a directory of the build, and the
# repository's include/ stays off the include path.
echo "== the API tour against brokerwire.hpp + brokerwire.cpp"
forward=$build/forwarding-include
rm -rf "$forward"
grep '^// ---- include/brokerwire/.* ----$' "$amalgamation/brokerwire.hpp" |
  sed 's|^// ---- include/||; s| ----$||' |
  while read -r header; do
    mkdir -p "$forward/$(dirname "$header")"
    printf '// Forwards to the amalgamation (written by tools/check-amalgamation.sh).\n#include <brokerwire.hpp>\n' \
      >"$forward/$header"
  done
tour=$build/api-tour-amalgamated
if g++ -std=c++17 -O2 -Wall -Wextra -Werror -I"$forward" -I"$amalgamation" \
     examples/api_tour.cpp "$(unit_object brokerwire)" -pthread -o "$tour"; then
  reference=${REFERENCE_TOUR:-}
  if [[ -z $reference && build-ci/gcc/examples/api-tour -nt examples/api_tour.cpp ]]; then
    reference=build-ci/gcc/examples/api-tour
  fi
  if [[ -z $reference ]]; then
    meson_dir=$build/meson
    [[ -f $meson_dir/build.ninja ]] || meson setup "$meson_dir" -Dbuildtype=debug -Dbenchmarks=disabled >/dev/null
    meson compile -C "$meson_dir" api-tour >/dev/null
    reference=$meson_dir/examples/api-tour
  fi
  expected=$("$reference") || fail "the meson-built api-tour ($reference) exited with $?"
  if actual=$("$tour"); then
    echo "   $actual"
    [[ $actual == "$expected" ]] || fail "the amalgamated tour printed \"$actual\", the meson-built one \"$expected\""
  else
    fail "the amalgamated api-tour exited with $?"
  fi
else
  fail "examples/api_tour.cpp does not build against the amalgamation"
fi

# -- 4. the portable core alone -----------------------------------------------
echo "== a core-only program against brokerwire-core.hpp + brokerwire-core.cpp"
cat >"$build/core_smoke.cpp" <<'EOF'
// Written by tools/check-amalgamation.sh: the portable core, amalgamated, on
// its own. Sample messages are decoded by view, re-encoded into a buffer and
// compared byte for byte, once directly and once through the byte framing.
#include "brokerwire-core.hpp"

#include <cstdio>
#include <cstring>

using namespace brokerwire;

static int failures = 0;
static void expect(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}

int main() {
    // BackendHttpReady{port: 40001} as prost encodes it: key 0x08, varint 40001.
    const std::uint8_t ready_bytes[] = {0x08, 0xC1, 0xB8, 0x02};
    v2::backend_http_ready ready;
    expect(decode(bytes_view(ready_bytes, sizeof ready_bytes), ready).ok(), "decode BackendHttpReady");
    expect(ready.port == 40001, "BackendHttpReady.port is 40001");
    std::uint8_t out[512];
    std::size_t n = encode(ready, out, sizeof out);
    expect(n == sizeof ready_bytes && std::memcmp(out, ready_bytes, n) == 0, "BackendHttpReady re-encodes to its bytes");

    // A ServiceDefinition with strings, a map and a nested message.
    v2::service_definition def;
    def.service_name = "zccache";
    def.binary_path = "/usr/bin/zccache";
    def.isolation = v2::broker_isolation::shared_broker;
    def.version_allow_list = {"1.4.2", "1.5.0"};
    def.labels["team"] = "build-infra";
    def.http_server.emplace().health_path = "/healthz";
    std::uint8_t sample[512];
    const std::size_t sample_size = encode(def, sample, sizeof sample);
    expect(sample_size != 0 && sample_size == encoded_size(def), "encode ServiceDefinition into a buffer");

    // Framed, then read back one byte at a time.
    std::string stream;
    expect(framing::append_frame(stream, sample, sample_size).ok(), "append_frame");
    framing::frame_reader reader;
    std::size_t frames = 0;
    for (const char c : stream) {
        const std::uint8_t byte = static_cast<std::uint8_t>(c);
        const framing::frame_status s = reader.feed(&byte, 1, [&](bytes_view body) {
            ++frames;
            v2::service_definition_view view;
            expect(decode(body, view).ok(), "decode the framed ServiceDefinition by view");
            expect(view.service_name == "zccache", "view.service_name");
            std::string_view team;
            expect(view.labels.find("team", team) && team == "build-infra", "view.labels[team]");
            expect(view.http_server && view.http_server->health_path == "/healthz", "view.http_server");
            const std::size_t again = encode(v2::to_message(view), out, sizeof out);
            expect(again == sample_size && std::memcmp(out, sample, again) == 0,
                   "the view re-encodes to the sample's bytes");
        });
        expect(s.ok(), "frame_reader.feed");
    }
    expect(frames == 1, "one frame read back");
    expect(reader.finish().code == framing::frame_errc::end_of_stream, "the stream ends between frames");

    std::printf("core: %zu-byte ServiceDefinition and BackendHttpReady round-tripped, %s\n", sample_size,
                failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}
EOF
if g++ -std=c++17 -O2 -Wall -Wextra -Werror -Wconversion -Wsign-conversion -fno-exceptions -fno-rtti \
     -I"$amalgamation" "$build/core_smoke.cpp" "$(unit_object brokerwire-core)" -o "$build/core-smoke"; then
  "$build/core-smoke" || fail "the core-only program against brokerwire-core"
else
  fail "the core-only program does not build against brokerwire-core"
fi

if ((failures)); then
  echo "$failures amalgamation check(s) failed"
  exit 1
fi
echo "amalgamation: current, compiles alone, runs the API tour and the core on its own"
