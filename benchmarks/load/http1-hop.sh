#!/usr/bin/env bash
# One HTTP/1.1 hop, measured three ways in the same run, everything pinned to one CPU:
#   wrk -> nginx                 (direct: the ceiling)
#   wrk -> HAProxy -> nginx      (the peer: mode http, nbthread 1)
#   wrk -> weft sidecar -> nginx (us, with the launcher's default JVM flags)
# For each and for each concurrency it reports requests/s, p50/p99 latency, and the proxy's CPU
# time per request (utime+stime from /proc/PID/stat divided by requests).
#
# Usage: benchmarks/load/http1-hop.sh [--cpu N] [--duration 15s] [--warmup 10s] [--conns "1 50"]
# Needs: wrk, nginx, haproxy, taskset (Debian: apt-get install wrk nginx haproxy util-linux).
set -euo pipefail

cpu=0
duration=15s
warmup=10s
conns="1 50"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cpu) cpu="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --conns) conns="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
install_hint="apt-get install wrk nginx haproxy"
require wrk nginx haproxy taskset

start_run weft-bench

nginx_port=$(free_port); haproxy_port=$(free_port); weft_port=$(free_port); admin_port=$(free_port)

source "$(dirname "${BASH_SOURCE[0]}")/http1-setup.sh"
nginx_conf "$nginx_port" >/dev/null
haproxy_cfg "$haproxy_port" "$nginx_port" >/dev/null
weft_json "$weft_port" "$nginx_port" >/dev/null

taskset -c "$cpu" nginx -c "$run/nginx/nginx.conf" >"$run/nginx.out" 2>&1 &
track $!
taskset -c "$cpu" haproxy -f "$run/haproxy.cfg" >"$run/haproxy.out" 2>&1 &
track $!; haproxy_pid=$!
(cd "$home" && WEFT_JAVA_OPTS="${WEFT_JAVA_OPTS:-}" exec taskset -c "$cpu" ./weft sidecar -c "$run/weft.json" \
  --admin-address "127.0.0.1:$admin_port" >"$run/weft.out" 2>&1) &
track $!
wait_port "$nginx_port"; wait_port "$haproxy_port"; wait_port "$weft_port"
weft_pid=$(pid_of_weft "sidecar -c $run/weft.json")
[[ -n "$weft_pid" ]] || { echo "weft sidecar is not running; see $run/weft.out" >&2; exit 1; }

# wrk output -> "rps p50 p99 requests"
measure() {
  local port=$1 c=$2
  taskset -c "$cpu" wrk -t1 -c"$c" -d"$duration" --latency "http://127.0.0.1:$port/" >"$run/wrk-$port-$c.txt"
  awk '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2}
    /^ +99%/ {p99=$2}
    / requests in / {req=$1}
    END {print rps, p50, p99, req}' "$run/wrk-$port-$c.txt"
}

# Warm both proxies at every concurrency measured: on one pinned CPU the JIT compiler competes
# with the event loop, and code first compiled under one load shape recompiles under another.
echo "warming up for $warmup per proxy and concurrency..." >&2
for c in $conns; do
  for port in "$weft_port" "$haproxy_port"; do
    taskset -c "$cpu" wrk -t1 -c"$c" -d"$warmup" "http://127.0.0.1:$port/" >/dev/null
  done
done

printf '| target | conns | req/s | p50 | p99 | proxy CPU µs/req |\n|---|---|---|---|---|---|\n'
for c in $conns; do
  read -r rps p50 p99 _ < <(measure "$nginx_port" "$c")
  printf '| nginx direct | %s | %s | %s | %s | - |\n' "$c" "$rps" "$p50" "$p99"
  for target in haproxy weft; do
    if [[ $target == haproxy ]]; then port=$haproxy_port; pid=$haproxy_pid; else port=$weft_port; pid=$weft_pid; fi
    before=$(ticks "$pid")
    read -r rps p50 p99 requests < <(measure "$port" "$c")
    after=$(ticks "$pid")
    cpu_us=$(awk -v t=$((after - before)) -v hz="$hz" -v n="$requests" 'BEGIN {printf "%.1f", t * 1e6 / hz / n}')
    printf '| %s | %s | %s | %s | %s | %s |\n' "$target" "$c" "$rps" "$p50" "$p99" "$cpu_us"
  done
done
# In MB of 1024 KiB (the unit of -Xmx128m) and, exactly, in KiB.
rss=$(awk '/VmRSS/ {printf "%.1f MB (%d KiB)", $2 / 1024, $2}' "/proc/$weft_pid/status")
echo
echo "weft sidecar RSS after the run: $rss (JVM flags: the ./weft launcher's sidecar defaults ${WEFT_JAVA_OPTS:+plus $WEFT_JAVA_OPTS})"
# The heap behind that RSS, for whoever digs into it (read after the RSS, so it does not count).
command -v jcmd >/dev/null && jcmd "$weft_pid" GC.heap_info >"$run/weft-heap.txt" 2>&1 || true
echo "raw output: $run"
