#!/usr/bin/env bash
# Rebuilds the prost oracle and regenerates tests/golden/*.txt.
#
# The oracle is built offline from the Rust crates Debian packages
# (librust-prost-dev and its dependencies under /usr/share/cargo/registry;
# see .cargo/config.toml beside this script), never from the network.
# Output is deterministic: running this twice gives identical files.
#
# Needs: cargo and rustc (Debian: apt-get install cargo rustc) and the prost
# crate (Debian: apt-get install librust-prost-dev). Debian's /usr/bin/cargo is
# preferred; a cargo on PATH is used when it is missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/tests/golden"
registry=/usr/share/cargo/registry

if [ -x /usr/bin/cargo ]; then
  cargo=/usr/bin/cargo
elif command -v cargo >/dev/null 2>&1; then
  cargo="$(command -v cargo)"
  echo "generate.sh: /usr/bin/cargo not found; using $cargo" >&2
else
  echo "generate.sh: cargo is not installed (Debian: apt-get install -y cargo rustc)" >&2
  exit 1
fi

if ! compgen -G "$registry/prost-0.11.*" >/dev/null \
   || ! compgen -G "$registry/prost-derive-0.11.*" >/dev/null \
   || ! compgen -G "$registry/bytes-1.*" >/dev/null; then
  echo "generate.sh: the prost 0.11 crate is not in $registry" >&2
  echo "generate.sh: install it with: apt-get install -y librust-prost-dev librust-prost-derive-dev librust-bytes-dev" >&2
  exit 1
fi

# cargo finds .cargo/config.toml from the working directory, so build from here.
cd "$here"
if ! "$cargo" build --release --offline --quiet; then
  echo "generate.sh: building the oracle failed (see above)." >&2
  echo "generate.sh: if Debian ships a different prost 0.11.x, delete $here/Cargo.lock and retry." >&2
  exit 1
fi

prost_version="$(awk '/^name = "prost"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"
mkdir -p "$out"
rm -f "$out"/*.txt
"$here/target/release/prost-oracle" "$out" "${prost_version:-0.11}"
