#!/usr/bin/env bash
# The registry: time from a publish to every subscriber holding the new list, through a real
# `weft control-plane` process, against etcd's own watch (the floor the etcd store builds on),
# measured in the same run:
#   PushLatency: 1 publisher session + N subscriber sessions (over up to 100 gRPC channels, as
#                sidecars each have their own) -> weft control-plane --store memory|etcd
#   EtcdWatchLatency: 1 put + N jetcd watchers (over up to 100 clients) -> etcd
# The control plane and etcd run on CPU 0, the clients on CPU 1 (--server-cpu/--client-cpu).
# Each subscriber count runs ROUNDS measured rounds after warm-up rounds; rounds are 100 ms apart,
# so each change comes after a quiet period. Then ViewScale: 10k services x 10 endpoints on etcd,
# read by a fresh replica in the client JVM, its view's heap, and the time to receive every list.
#
# Usage: benchmarks/load/registry-push.sh [--subscribers "1 1000"] [--rounds 200] [--scale 10000x10]
# Needs: a JDK 17+, etcd (Debian: etcd-server), taskset, python3, and the jars:
#   ./mvnw -B -q package -DskipTests -pl weft-cli,benchmarks -am
set -euo pipefail

subscribers="1 1000"
rounds=200
scale="10000x10"
server_cpu=0
client_cpu=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --subscribers) subscribers="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --scale) scale="$2"; shift 2 ;;
    --server-cpu) server_cpu="$2"; shift 2 ;;
    --client-cpu) client_cpu="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench="$home/benchmarks/target/benchmarks.jar"
require java taskset python3 "${ETCD_BIN:-etcd}"
[[ -f "$bench" && -f "$home/weft-cli/target/weft.jar" ]] || {
  echo "build first: ./mvnw -B -q package -DskipTests -pl weft-cli,benchmarks -am" >&2
  exit 2
}

start_run weft-registry-bench

etcd_port=$(free_port); etcd_peer=$(free_port)
etcd_url="http://127.0.0.1:$etcd_port"
taskset -c "$server_cpu" "${ETCD_BIN:-etcd}" --data-dir "$run/etcd" --name bench \
  --listen-client-urls "$etcd_url" --advertise-client-urls "$etcd_url" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
  --initial-cluster "bench=http://127.0.0.1:$etcd_peer" >"$run/etcd.out" 2>&1 &
track $!
wait_port "$etcd_port"

client=(taskset -c "$client_cpu" java -Xmx1g -XX:+UseParallelGC -cp "$bench")

control_plane() { # store -> prints "pid port"
  local port; port=$(free_port)
  local args=(control-plane --registry-address "127.0.0.1:$port")
  [[ $1 == etcd ]] && args+=(--store etcd --etcd-endpoints "$etcd_url")
  (cd "$home" && WEFT_NO_BUILD=1 exec taskset -c "$server_cpu" ./weft "${args[@]}" >"$run/cp-$1.out" 2>&1) &
  track $!
  wait_port "$port"
  echo "$(pid_of_weft "control-plane --registry-address 127.0.0.1:$port") $port"
}

echo "control plane and etcd on CPU $server_cpu, clients on CPU $client_cpu; raw output in $run" >&2
printf '| path | subscribers | each p50 | each p99 | last p50 | last p99 | control-plane RSS |\n'
printf '|---|---|---|---|---|---|---|\n'
row() { # label n file rss
  awk -v label="$1" -v n="$2" -v rss="$4" '
    /^each/ { for (f = 1; f <= NF; f++) { split($f, kv, "="); e[kv[1]] = kv[2] } }
    /^last/ { for (f = 1; f <= NF; f++) { split($f, kv, "="); l[kv[1]] = kv[2] } }
    END { printf "| %s | %s | %s | %s | %s | %s | %s |\n", label, n, e["p50"], e["p99"], l["p50"], l["p99"], rss }' "$3"
}
for store in memory etcd; do
  read -r cp_pid cp_port < <(control_plane "$store")
  track "$cp_pid"
  for n in $subscribers; do
    "${client[@]}" dev.weft.benchmarks.registry.PushLatency "registry=127.0.0.1:$cp_port" "$n" "$rounds" \
      >"$run/push-$store-$n.txt" 2>&1
    rss="$(( $(awk '/VmRSS/ {print $2}' "/proc/$cp_pid/status") / 1024 )) MB"
    row "weft control-plane --store $store" "$n" "$run/push-$store-$n.txt" "$rss"
  done
  kill "$cp_pid"
done
for n in $subscribers; do
  "${client[@]}" dev.weft.benchmarks.registry.EtcdWatchLatency "$etcd_url" "$n" "$rounds" \
    >"$run/watch-$n.txt" 2>&1
  row "etcd watch (peer)" "$n" "$run/watch-$n.txt" "-"
done

services=${scale%x*}; endpoints=${scale#*x}
echo
taskset -c "$client_cpu" java -Xmx1g -XX:+UseParallelGC -cp "$bench" dev.weft.benchmarks.registry.ViewScale \
  "$etcd_url" "$services" "$endpoints" 2>&1 | grep -v SLF4J | tee "$run/scale.txt"
echo "control plane flags: the ./weft launcher's control-plane defaults; clients -Xmx1g -XX:+UseParallelGC"
echo "raw output: $run"
