#!/usr/bin/env bash
# SOFA Bolt through two sidecars, measured against the direct path in the same run, everything
# pinned to one CPU:
#   bolt-load -> SOFA RPC provider                                    (direct: the ceiling)
#   bolt-load -> weft sidecar (egress) -> weft sidecar (ingress) -> provider   (two hops)
# The provider is a real SOFA RPC 5.13.2 server (Bolt v1, Hessian2) exporting
# dev.weft.peers.sofa.EchoService:1.0; bolt-load (e2e-tests/peers-sofa) sends the exact frames a
# SOFA RPC consumer sends (built with SOFA's own serializers, `service` header included), keeping
# DEPTH requests in flight on each of CONNS connections, request IDs numbered per connection.
# For each level it reports requests/s, p50/p99, the CPU time per request of EACH sidecar
# (utime+stime from /proc/PID/stat over the measured window, divided by completed requests) and
# the p50 added per hop ((two-hop p50 - direct p50) / 2).
#
# Usage: benchmarks/load/bolt-two-hops.sh [--cpu N] [--duration 10] [--warmup 20] [--levels "1x1 4x4 8x8"]
#   a level is CONNSxDEPTH: CONNS connections with DEPTH requests outstanding on each.
# Needs: a JDK 17+, taskset (util-linux), python3, and the jars:
#   ./mvnw -B -q package -DskipTests -pl weft-cli,e2e-tests/peers-sofa -am
set -euo pipefail

cpu=0
duration=10
warmup=20
levels="1x1 4x4 8x8"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cpu) cpu="$2"; shift 2 ;;
    --duration) duration="${2%s}"; shift 2 ;;
    --warmup) warmup="${2%s}"; shift 2 ;;
    --levels) levels="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
peers="$home/e2e-tests/peers-sofa/target/peers-sofa.jar"
require java taskset python3
[[ -f "$peers" && -f "$home/weft-cli/target/weft.jar" ]] || {
  echo "build first: ./mvnw -B -q package -DskipTests -pl weft-cli,e2e-tests/peers-sofa -am" >&2
  exit 2
}

start_run weft-bolt-bench

provider_port=$(free_port); egress_port=$(free_port); ingress_port=$(free_port)
egress_admin=$(free_port); ingress_admin=$(free_port)
service="dev.weft.peers.sofa.EchoService:1.0"

sidecar_config() { # name listen-port upstream-port
  cat <<CONF
{
  "servers": [{
    "listeners": [{
      "name": "$1", "address": "127.0.0.1:$2", "bind_port": true,
      "filter_chains": [{ "filters": [{ "type": "proxy", "config": {
        "downstream_protocol": "bolt", "upstream_protocol": "bolt", "router_config_name": "$1_router" } }] }]
    }],
    "routers": [{ "router_config_name": "$1_router",
      "virtual_hosts": [{ "name": "sofa", "domains": ["*"],
        "routers": [{ "match": { "headers": [{ "name": "service", "value": "$service" }] },
                      "route": { "cluster_name": "$1_upstream" } }] }] }]
  }],
  "cluster_manager": { "clusters": [{ "name": "$1_upstream", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
    "hosts": [{ "address": "127.0.0.1:$3" }] }] }
}
CONF
}
sidecar_config egress "$egress_port" "$ingress_port" >"$run/egress.json"
sidecar_config ingress "$ingress_port" "$provider_port" >"$run/ingress.json"

peer_flags=(-Xms256m -Xmx256m -XX:+UseSerialGC)
taskset -c "$cpu" java "${peer_flags[@]}" -jar "$peers" sofa-provider --port "$provider_port" >"$run/provider.out" 2>&1 &
track $!; provider_pid=$!
for side in ingress egress; do
  if [[ $side == egress ]]; then admin=$egress_admin; else admin=$ingress_admin; fi
  (cd "$home" && WEFT_NO_BUILD=1 WEFT_JAVA_OPTS="${WEFT_JAVA_OPTS:-}" exec taskset -c "$cpu" ./weft sidecar \
    -c "$run/$side.json" --admin-address "127.0.0.1:$admin" >"$run/$side.out" 2>&1) &
  track $!
done
wait_port "$provider_port"; wait_port "$ingress_port"; wait_port "$egress_port"
egress_pid=$(pid_of_weft "sidecar -c $run/egress.json")
ingress_pid=$(pid_of_weft "sidecar -c $run/ingress.json")
[[ -n "$egress_pid" && -n "$ingress_pid" ]] || { echo "a sidecar is not running; see $run" >&2; exit 1; }

# bolt-load output -> "rps p50us p99us egress_us ingress_us provider_us calls errors"
measure() {
  local port=$1 conns=$2 depth=$3 label=$4
  taskset -c "$cpu" java "${peer_flags[@]}" -jar "$peers" bolt-load --target "127.0.0.1:$port" \
    --connections "$conns" --depth "$depth" --warmup-s "$warmup" --duration-s "$duration" \
    --cpu-pids "$egress_pid,$ingress_pid,$provider_pid" --hz "$hz" >"$run/load-$label-${conns}x$depth.txt" 2>&1
  awk -v e="$egress_pid" -v i="$ingress_pid" -v p="$provider_pid" '
    /^SUMMARY/ {
      for (f = 2; f <= NF; f++) { split($f, kv, "="); v[kv[1]] = kv[2] }
      print v["rps"], v["p50us"], v["p99us"], v["cpuus." e], v["cpuus." i], v["cpuus." p], v["calls"], v["errors"]
    }' "$run/load-$label-${conns}x$depth.txt"
}

echo "warm-up $warmup s before each measured run of $duration s; CPU $cpu; raw output in $run" >&2
printf '| path | conns×depth | req/s | p50 | p99 | egress CPU µs/req | ingress CPU µs/req | provider CPU µs/req | added p50 per hop | errors |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for level in $levels; do
  conns=${level%x*}; depth=${level#*x}
  read -r rps p50 p99 _ _ pcpu calls errors < <(measure "$provider_port" "$conns" "$depth" direct)
  direct_p50=$p50
  printf '| direct | %s×%s | %s | %s µs | %s µs | - | - | %s | - | %s/%s |\n' "$conns" "$depth" "$rps" "$p50" "$p99" "$pcpu" "$errors" "$calls"
  read -r rps p50 p99 ecpu icpu pcpu calls errors < <(measure "$egress_port" "$conns" "$depth" sidecars)
  hop=$(awk -v a="$p50" -v b="$direct_p50" 'BEGIN {printf "%.0f", (a - b) / 2}')
  printf '| 2 sidecars | %s×%s | %s | %s µs | %s µs | %s | %s | %s | %s µs | %s/%s |\n' "$conns" "$depth" "$rps" "$p50" "$p99" "$ecpu" "$icpu" "$pcpu" "$hop" "$errors" "$calls"
done
for side in egress ingress; do
  if [[ $side == egress ]]; then pid=$egress_pid; else pid=$ingress_pid; fi
  rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  echo "$side sidecar RSS after the run: $((rss_kb / 1024)) MB"
done
echo "JVM flags: the ./weft launcher's sidecar defaults${WEFT_JAVA_OPTS:+ plus $WEFT_JAVA_OPTS}; peers ${peer_flags[*]}"
echo "raw output: $run"
