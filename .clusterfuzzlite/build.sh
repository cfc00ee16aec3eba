#!/bin/bash -eu
# ClusterFuzzLite entry point: the harnesses are built by fuzz/ossfuzz.sh.
"$SRC/brokerwire/fuzz/ossfuzz.sh"
