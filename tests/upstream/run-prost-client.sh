#!/usr/bin/env bash
# Proves that an upstream-style Rust client accepts brokerwire's v2 broker.
# Builds tests/upstream/prost_client (upstream client_v2's Hello round trip
# with prost 0.11, offline from Debian's crates), starts `brokerwire serve`
# in a scratch directory and checks what the client gets back:
#
#   negotiated           a Hello for an installed service is Negotiated
#   service-unknown      a Hello for a service with no definition: Refused code 2
#   daemon-backend-pipe  with a daemon published, backend_pipe is its socket
#   version-blocked      wanted_version below the definition's minVersion: Refused code 8
#   not-a-broker         a daemon's own socket does not pass for a broker
#
#   tests/upstream/run-prost-client.sh [SECONDS] [BROKERWIRE]
#
# SECONDS (what tools/test.sh's fuzz_step passes) is accepted and ignored.
# BROKERWIRE is the built tool (also from $BROKERWIRE; default
# build/tools/brokerwire/brokerwire). Environment: BUILD_DIR, where cargo
# builds (default build-prost-client; relative to the repository), JOBS
# (default 2). Prints one line per check, then "N passed, M failed"; exits 1
# if anything failed. Missing cargo or prost crates count as a failure:
# tools/test.sh installs them, so missing means broken.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/tests/upstream/prost_client"
[[ ${1:-} =~ ^[0-9]+$ ]] && shift
brokerwire=${1:-${BROKERWIRE:-build/tools/brokerwire/brokerwire}}
[[ $brokerwire = /* ]] || brokerwire="$root/$brokerwire"
build=${BUILD_DIR:-build-prost-client}
[[ $build = /* ]] || build="$root/$build"
jobs=${JOBS:-2}
registry=/usr/share/cargo/registry

passed=0
failed=0
pass() { echo "ok $1: $2"; passed=$((passed + 1)); }
fail() { echo "FAILED $1: $2"; failed=$((failed + 1)); }
finish() { echo "$passed passed, $failed failed"; ((failed == 0)); exit; }
give_up() {  # give_up NAME WHY: a precondition is missing; nothing else can run
  echo "SKIPPED the upstream Rust client checks: $2" >&2
  fail "$1" "$2"; finish
}

# ---- build the client offline ------------------------------------------------
# Debian's cargo with Debian's rustc, as tools/prost-oracle; a cargo on PATH
# (rustup) otherwise.
if [[ -x /usr/bin/cargo ]]; then
  cargo=/usr/bin/cargo
  [[ -x /usr/bin/rustc ]] && export RUSTC=/usr/bin/rustc
elif command -v cargo >/dev/null 2>&1; then
  cargo=$(command -v cargo)
else
  give_up build "cargo is not installed (Debian: apt-get install -y cargo rustc)"
fi
if ! compgen -G "$registry/prost-0.11.*" >/dev/null || ! compgen -G "$registry/prost-derive-0.11.*" >/dev/null \
   || ! compgen -G "$registry/bytes-1.*" >/dev/null; then
  give_up build "prost 0.11 is not in $registry (apt-get install -y librust-prost-dev librust-prost-derive-dev librust-bytes-dev)"
fi
[[ -x $brokerwire ]] || give_up build "no brokerwire tool at ${brokerwire#"$root/"} (build it first)"

# cargo finds .cargo/config.toml (the Debian source replacement) from the
# working directory, so build from the package.
client="$build/target/release/upstream-prost-client"
if (cd "$here" && "$cargo" build --release --offline --quiet -j "$jobs" --target-dir "$build/target") >&2; then
  pass build "prost client built offline with $("${RUSTC:-rustc}" --version 2>/dev/null)"
else
  give_up build "cargo build of tests/upstream/prost_client failed (see the log)"
fi

# ---- a broker in a scratch directory ----------------------------------------
scratch=$(mktemp -d "${TMPDIR:-/tmp}/bw-prost-client.XXXXXX")
pids=()
# shellcheck disable=SC2317  # run by the EXIT trap, which shellcheck does not follow
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$scratch"
}
trap cleanup EXIT
services="$scratch/services" runtime="$scratch/runtime"
mkdir -p "$runtime" && chmod 700 "$runtime"

install_definition() {  # install_definition JSON
  "$brokerwire" install --dir "$services" <<<"$1" >&2 || give_up install "brokerwire install refused $1"
}
install_definition '{"serviceName":"alpha","binaryPath":"/usr/bin/alpha"}'
install_definition '{"serviceName":"beta","binaryPath":"/usr/bin/beta","minVersion":"2.0.0"}'

wait_for_line() {  # wait_for_line FILE PATTERN: up to 10 s for a line of FILE to match
  local i
  for ((i = 0; i < 100; i++)); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# CI runs as root; the broker refuses that unless told it is deliberate.
RUNNING_PROCESS_BROKER_ALLOW_PRIVILEGED=1 "$brokerwire" serve --services "$services" --runtime-dir "$runtime" \
  >"$scratch/serve.out" 2>"$scratch/serve.err" &
pids+=($!)
bound='^running-process-broker-v2 bound at \(.*\) (program=\([^,)]*\).*'
if ! wait_for_line "$scratch/serve.out" "$bound"; then
  cat "$scratch/serve.err" >&2
  give_up serve "brokerwire serve printed no 'bound at' line within 10 s"
fi
socket=$(sed -n "s/$bound/\1/p" "$scratch/serve.out" | head -n 1)
program=$(sed -n "s/$bound/\2/p" "$scratch/serve.out" | head -n 1)

# check NAME WANT_STATUS WANT_LINE_REGEX SOCKET SERVICE VERSION
check() {
  local name=$1 want_status=$2 want=$3 line status
  line=$(timeout 20 "$client" "$4" "$program" "$5" "$6")
  status=$?
  if [[ $status == "$want_status" && $line =~ $want ]]; then
    pass "$name" "$line"
  else
    fail "$name" "wanted exit $want_status and /$want/, got exit $status: $line"
  fi
}

check negotiated 0 '^negotiated protocol=1 ' "$socket" alpha 1.0.0
check service-unknown 3 '^refused code=2 ' "$socket" gamma 1.0.0
check version-blocked 3 '^refused code=8 ' "$socket" beta 1.0.0

# A daemon of alpha, published where the broker looks (<runtime>/daemon-alpha.json).
daemon_socket="$scratch/daemon-alpha.sock"
"$brokerwire" daemon --service alpha --runtime-dir "$runtime" --socket "$daemon_socket" \
  >"$scratch/daemon.out" 2>"$scratch/daemon.err" &
pids+=($!)
if wait_for_line "$scratch/daemon.out" 'identity published at' && [[ -f $runtime/daemon-alpha.json ]]; then
  check daemon-backend-pipe 0 "^negotiated protocol=1 .* backend_pipe=${daemon_socket//./\\.}\$" "$socket" alpha 1.0.0
  # The daemon answers a Hello with a framed error on its own lane: upstream's
  # client must call that unacceptable, not a reply.
  check not-a-broker 1 '^unacceptable: ' "$daemon_socket" alpha 1.0.0
else
  cat "$scratch/daemon.err" >&2
  fail daemon-backend-pipe "brokerwire daemon published no identity within 10 s"
  fail not-a-broker "no daemon to ask"
fi

cat "$scratch/serve.err" >&2
finish
