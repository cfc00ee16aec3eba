#!/usr/bin/env bash
# Encodes the text-format samples of this directory (<stem>.textproto) into
# <stem>.bin with protoc, the reference implementation, and refreshes
# SHA256SUMS. The older samples have no text form: their bytes are the record.
#
# Usage: bench/data/encode-samples.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
proto="$here/../../proto"
encode() {  # encode STEM MESSAGE
  protoc --proto_path="$proto" --encode="running_process.broker.v1.$2" broker_v1_envelope.proto \
    <"$here/$1.textproto" >"$here/$1.bin"
}
encode hello Hello
encode hello_reply HelloReply
cd "$here" && sha256sum -- *.bin >SHA256SUMS
