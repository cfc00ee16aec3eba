#!/usr/bin/env bash
# Installs the Debian packages brokerwire's build, tests and benchmarks need,
# when they are missing and we are root. Source it or run it.
set -euo pipefail

brokerwire_packages=(
  meson ninja-build pkg-config g++ clang libclang-rt-14-dev llvm b3sum
  doctest-dev libbenchmark-dev protobuf-compiler libprotobuf-dev python3
  cargo rustc librust-prost-dev librust-prost-derive-dev librust-bytes-dev
  g++-s390x-linux-gnu g++-arm-linux-gnueabihf qemu-user
  gcc-arm-none-eabi libstdc++-arm-none-eabi-newlib
)

missing=()
for p in "${brokerwire_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing Debian packages: ${missing[*]} (run as root, or install them)" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
