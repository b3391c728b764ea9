#!/usr/bin/env bash
# Coverage-guided fuzzing of the Bolt v1/v2 decoder with Jazzer, for longer than the normal build.
#
# The fuzz target is BoltDecoderFuzzTest (data-plane tests): any bytes, fed to the shared RPC frame
# decoder whole and split, with both codecs, must either become frames that can be inspected,
# rewritten, re-encoded and answered, or close the connection with an RpcFrameException; nothing
# may leak (Netty's paranoid leak detection is on, as in every test run). A normal build only
# replays the seed inputs; this script sets JAZZER_FUZZ=1 so Jazzer mutates them.
#
# Usage: benchmarks/fuzz/bolt-decoder.sh [DURATION]   (Go-style duration, default 10m)
#
# A crashing input is saved under
#   data-plane/src/test/resources/dev/weft/dataplane/protocol/bolt/BoltDecoderFuzzTestInputs/decode/
# and every later build replays it: fix the bug, then commit the input. The corpus Jazzer grows is
# kept in data-plane/.cifuzz-corpus/ (not committed; delete it freely).
set -euo pipefail

duration="${1:-10m}"
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$home"

# Coverage guidance covers the protocol packages (the shared RPC framing as well as the codec).
# libFuzzer reports progress on the console; the test's own output goes to
# data-plane/target/surefire-reports/dev.weft.dataplane.protocol.bolt.BoltDecoderFuzzTest-output.txt
JAZZER_FUZZ=1 exec ./mvnw -q -B test -pl data-plane \
  -Dtest=BoltDecoderFuzzTest \
  -Djazzer.max_duration="$duration" \
  -Djazzer.instrument='dev.weft.dataplane.protocol.**'
