# Shared setup for the load scripts: source it right after `set -euo pipefail`.
#
#   home              the repository root
#   require TOOL...   exits 2 naming the first missing tool (set $install_hint to say how to get it)
#   start_run PREFIX  makes the run directory $run (/tmp/PREFIX-XXXXXX) and kills every process
#                     recorded with `track PID` when the script exits
#   free_port         a free TCP port on 127.0.0.1
#   wait_port PORT    waits (up to 30 s) until something accepts on 127.0.0.1:PORT, else exits 1
#   ticks PID         CPU ticks (utime + stime) of a process; $hz ticks make a second
#   pid_of_weft PATTERN  the pid of the weft.jar JVM whose command line contains PATTERN
#   haproxy_cfg PORT UPSTREAM [h2]
#                     writes $run/haproxy.cfg, the peer proxy: mode http, nbthread 1, http-reuse
#                     always, from 127.0.0.1:PORT to 127.0.0.1:UPSTREAM (with h2: h2c on both sides);
#                     prints its path
#   weft_proxy_json NAME PORT UPSTREAM PROTOCOL PREFIX CLUSTER
#                     writes $run/NAME.json, a sidecar config.json with one listener on PORT
#                     speaking PROTOCOL both ways, routing paths under PREFIX to the SIMPLE cluster
#                     CLUSTER of one host, 127.0.0.1:UPSTREAM; prints its path

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
hz=$(getconf CLK_TCK)
install_hint=""
pids=()

require() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || {
      echo "missing $tool${install_hint:+ ($install_hint)}" >&2
      exit 2
    }
  done
}

start_run() {
  run="$(mktemp -d "/tmp/$1-XXXXXX")"
  trap stop_tracked EXIT
}

track() {
  pids+=("$1")
}

stop_tracked() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_port() {
  for _ in $(seq 1 300); do
    (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on port $1; logs in $run" >&2
  exit 1
}

ticks() {
  awk '{print $14 + $15}' "/proc/$1/stat"
}

pid_of_weft() {
  pgrep -f "weft.jar .*$1" | head -1
}

weft_proxy_json() {
  local file="$run/$1.json"
  cat >"$file" <<CONF
{
  "servers": [{
    "listeners": [{
      "name": "bench", "address": "127.0.0.1:$2", "bind_port": true,
      "filter_chains": [{ "filters": [{ "type": "proxy", "config": {
        "downstream_protocol": "$4", "upstream_protocol": "$4", "router_config_name": "bench_router" } }] }]
    }],
    "routers": [{ "router_config_name": "bench_router",
      "virtual_hosts": [{ "name": "all", "domains": ["*"],
        "routers": [{ "match": { "prefix": "$5" }, "route": { "cluster_name": "$6" } }] }] }]
  }],
  "cluster_manager": { "clusters": [{ "name": "$6", "type": "SIMPLE", "lb_type": "LB_ROUNDROBIN",
    "hosts": [{ "address": "127.0.0.1:$3" }] }] }
}
CONF
  echo "$file"
}

haproxy_cfg() {
  local proto=""
  [[ "${3:-}" == h2 ]] && proto=" proto h2"
  cat >"$run/haproxy.cfg" <<CONF
global
  nbthread 1
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  option http-keep-alive
frontend fe
  bind 127.0.0.1:$1$proto
  default_backend be
backend be
  http-reuse always
  server upstream 127.0.0.1:$2$proto
CONF
  echo "$run/haproxy.cfg"
}
