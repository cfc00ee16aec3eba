#!/usr/bin/env bash
# Builds the prost benchmark peer (a static library with a C ABI, declared in
# prost_peer.h) offline from Debian's packaged crates, in release mode, and
# copies libprost_peer.a into OUT_DIR.
#
# Usage: bench/prost-peer/build.sh OUT_DIR
# Link the archive with: -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc (what rustc reports
# for a std staticlib on Linux; see --print native-static-libs).
# Needs: cargo and rustc (Debian: apt-get install cargo rustc) and the prost
# crate (Debian: apt-get install librust-prost-dev).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
mkdir -p "$1"
out="$(cd "$1" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
registry=/usr/share/cargo/registry

if [ -x /usr/bin/cargo ]; then
  cargo=/usr/bin/cargo
elif command -v cargo >/dev/null 2>&1; then
  cargo="$(command -v cargo)"
  echo "build.sh: /usr/bin/cargo not found; using $cargo" >&2
else
  echo "build.sh: cargo is not installed (Debian: apt-get install -y cargo rustc)" >&2
  exit 1
fi

if ! compgen -G "$registry/prost-0.11.*" >/dev/null \
   || ! compgen -G "$registry/prost-derive-0.11.*" >/dev/null \
   || ! compgen -G "$registry/bytes-1.*" >/dev/null; then
  echo "build.sh: the prost 0.11 crate is not in $registry" >&2
  echo "build.sh: install it with: apt-get install -y librust-prost-dev librust-prost-derive-dev librust-bytes-dev" >&2
  exit 1
fi

# cargo finds .cargo/config.toml (the Debian source replacement) from the
# working directory, so build from here.
cd "$here"
if ! "$cargo" build --release --offline --quiet; then
  echo "build.sh: building the prost peer failed (see above)." >&2
  exit 1
fi
cp target/release/libprost_peer.a "$out/libprost_peer.a"
