#!/usr/bin/env bash
# Builds the portable core and the firmware of examples/bare_metal/ for each
# Cortex-M of cross/ (arm-none-eabi, -Os, no exceptions, no RTTI), warning
# free; proves the firmware links with no heap, and that the proof bites (an
# owning decode must fail to link); prints the image's section sizes. Exits
# non-zero on the first failure.
#
# Build trees: $BUILD_PREFIX-<cpu> (default build-ci/bare-metal), relative to
# the source root. Needs Debian's gcc-arm-none-eabi and
# libstdc++-arm-none-eabi-newlib (tools/ensure-deps.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${BUILD_PREFIX:-build-ci/bare-metal}

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

# The sections an image puts in flash and RAM, from arm-none-eabi-size -A.
sizes() {
  arm-none-eabi-size -A "$1" | awk '$1 ~ /^\.(text|rodata|data|bss)$/ { printf "  %-8s %6d bytes\n", $1, $2 }'
}

for cpu in cortex-m0plus cortex-m4; do
  dir=$prefix-$cpu
  echo "== $cpu ($dir)"
  rm -rf "$dir"
  log=$(meson setup "$dir" --cross-file "cross/$cpu.ini" -Dwerror=true -Dlayers=core -Ddefault_library=static \
    -Dtests=disabled -Dtool=disabled -Dbenchmarks=disabled -Dfuzzing=disabled -Dinterop=disabled 2>&1) ||
    { echo "$log"; fail "$cpu: meson setup"; }
  # The firmware's link is the proof: it fails on any reference to the heap.
  if ! log=$(ninja -C "$dir" -j2 2>&1); then
    echo "$log"
    grep -q "undefined reference to \`__wrap_" <<<"$log" && fail "$cpu: the firmware reaches the heap (above)"
    fail "$cpu: build"
  fi
  echo "  firmware.elf linked with no heap"
  if log=$(ninja -C "$dir" -j2 examples/bare_metal/heap-canary.elf 2>&1); then
    fail "$cpu: heap-canary.elf linked, so the firmware's link would not catch a heap reference either"
  fi
  grep -q "undefined reference to \`__wrap_" <<<"$log" || { echo "$log"; fail "$cpu: heap-canary.elf failed for another reason"; }
  echo "  heap-canary.elf (an owning decode) refused: $(grep -o "undefined reference to \`__wrap_[^']*'" <<<"$log" | sort -u | sed "s/undefined reference to \`__wrap_//; s/'//" | paste -sd ' ')"
  sizes "$dir/examples/bare_metal/firmware.elf"
done
