#!/usr/bin/env bash
# xDS convergence: time from a registry publish to every subscribed sidecar's ADS stream ACKing the
# EDS response that carries the change, through a real `weft control-plane` process (memory store),
# with the control plane's heap after a full GC, RSS and CPU time per change.
#   Convergence: S services (3 endpoints each) published through 10 provider sessions; N simulated
#                sidecars, each a registry session under its node id subscribing to K services and a
#                raw ADS stream (wildcard CDS, EDS by name, every response ACKed at once), over 10
#                gRPC channels each way -> weft control-plane
# The control plane runs on CPU 0, the clients in one JVM on CPU 1 (--server-cpu/--client-cpu). A
# fresh control plane per cell. Rounds, after unrecorded warm-up: single (one random service changes),
# fan-out (a service every sidecar subscribes to changes) and burst (100 services change at once).
#
# Usage: benchmarks/load/xds-convergence.sh [--streams "100 1000"] [--services "1000 10000"]
#          [--rounds 200] [--heap 1g]
# Needs: a JDK 17+ (with jcmd), taskset, python3, and the jars:
#   ./mvnw -B -q package -DskipTests -pl weft-cli,benchmarks -am
set -euo pipefail

streams_list="100 1000"
services_list="1000 10000"
rounds=200
heap=1g
server_cpu=0
client_cpu=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --streams) streams_list="$2"; shift 2 ;;
    --services) services_list="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    --server-cpu) server_cpu="$2"; shift 2 ;;
    --client-cpu) client_cpu="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench="$home/benchmarks/target/benchmarks.jar"
require java jcmd taskset python3
[[ -f "$bench" && -f "$home/weft-cli/target/weft.jar" ]] || {
  echo "build first: ./mvnw -B -q package -DskipTests -pl weft-cli,benchmarks -am" >&2
  exit 2
}

start_run weft-xds-bench

client=(taskset -c "$client_cpu" java -Xmx2g -XX:+UseParallelGC -cp "$bench")

echo "control plane on CPU $server_cpu (-Xmx$heap), clients on CPU $client_cpu; raw output in $run" >&2
printf '| streams | services | K | single each p50 / p99 | single last p99 | fan-out each p50 / p99 | fan-out last p99 | burst each p50 / p99 | burst last max | heap after GC | RSS (peak) | CPU ms/change: single, fan-out, burst |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for services in $services_list; do
  for streams in $streams_list; do
    cell="$streams-$services"
    registry_port=$(free_port); xds_port=$(free_port); admin_port=$(free_port)
    # exec all the way down: $! is the control plane's JVM.
    (cd "$home" && WEFT_NO_BUILD=1 WEFT_JAVA_OPTS="-Xmx$heap" exec taskset -c "$server_cpu" ./weft control-plane \
      --registry-address "127.0.0.1:$registry_port" --xds-address "127.0.0.1:$xds_port" \
      --admin-address "127.0.0.1:$admin_port" >"$run/cp-$cell.out" 2>&1) &
    cp_pid=$!
    track "$cp_pid"
    wait_port "$xds_port"
    wait_port "$admin_port"
    [[ "$(cat "/proc/$cp_pid/comm")" == java ]] || { echo "pid $cp_pid is not the control plane's JVM" >&2; exit 1; }
    if ! "${client[@]}" dev.weft.benchmarks.xds.Convergence --streams "$streams" --services "$services" \
      --rounds "$rounds" --xds "127.0.0.1:$xds_port" --registry "127.0.0.1:$registry_port" \
      --admin "127.0.0.1:$admin_port" --pid "$cp_pid" >"$run/convergence-$cell.txt" 2>&1; then
      echo "| $streams | $services | did not converge: see $run/convergence-$cell.txt |"
    else
      awk -v n="$streams" -v s="$services" '
        function kv(line, into,   f, parts) { for (f = 1; f <= NF; f++) { split($f, parts, "="); into[parts[1]] = parts[2] } }
        /^streams=/ { kv($0, head) }
        /^single +each/ { kv($0, se) } /^single +last/ { kv($0, sl) }
        /^fanout +each/ { kv($0, fe) } /^fanout +last/ { kv($0, fl) }
        /^burst +each/ { kv($0, be) } /^burst +last/ { kv($0, bl) }
        /^control plane heap/ { kv($0, cp) }
        END {
          printf "| %s | %s | %s | %s / %s | %s | %s / %s | %s | %s / %s | %s | %s | %s (%s) | %s, %s, %s |\n",
            n, s, head["subscriptions/stream"], se["p50"], se["p99"], sl["p99"], fe["p50"], fe["p99"], fl["p99"],
            be["p50"], be["p99"], bl["max"], cp["heap-after-gc"], cp["rss"], cp["peak-rss"], cp["single"], cp["fanout"], cp["burst"]
        }' "$run/convergence-$cell.txt"
    fi
    kill "$cp_pid"
    wait "$cp_pid" 2>/dev/null || true
    cp_pid=""
  done
done
echo "control plane: ./weft control-plane --store memory (launcher defaults -Xms128m -XX:+UseG1GC, push quiet 50 ms) with -Xmx$heap; clients -Xmx2g -XX:+UseParallelGC"
echo "raw output: $run"
