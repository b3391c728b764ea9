#!/usr/bin/env bash
# Two builds of the sidecar against HAProxy on the one HTTP/1 hop of http1-hop.sh, alternating short
# runs so that both see the same machine: HAProxy, build A and build B sit behind one nginx, all
# pinned to one CPU, and each round runs wrk against each in turn. It prints every round and then,
# per target, the median req/s, the median CPU µs per request and the median per-round ratio of its
# req/s to HAProxy's: a change's effect is B's ratio against A's, measured in the same rounds.
#
# Usage: benchmarks/load/http1-ab.sh --a JAR --b JAR [--rounds 8] [--duration 5s] [--warmup 8s]
#          [--conns 50] [--cpu 0]
#   JAR: a weft.jar (build one per commit: ./mvnw -q package -DskipTests -pl weft-cli -am, then copy
#   weft-cli/target/weft.jar away). Both run with the ./weft launcher's sidecar flags (WEFT_JAR);
#   WEFT_JAVA_OPTS_A / WEFT_JAVA_OPTS_B add flags to one of them.
# Needs: wrk, nginx, haproxy, taskset.
set -euo pipefail

cpu=0; rounds=8; duration=5s; warmup=8s; conns=50; jar_a=""; jar_b=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --a) jar_a="$2"; shift 2 ;;
    --b) jar_b="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --conns) conns="$2"; shift 2 ;;
    --cpu) cpu="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -f "$jar_a" && -f "$jar_b" ]] || { echo "--a and --b must name weft.jar files" >&2; exit 2; }
jar_a="$(readlink -f "$jar_a")"; jar_b="$(readlink -f "$jar_b")"

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
install_hint="apt-get install wrk nginx haproxy"
require wrk nginx haproxy taskset python3
start_run weft-ab
source "$(dirname "${BASH_SOURCE[0]}")/http1-setup.sh"

nginx_port=$(free_port); haproxy_port=$(free_port); a_port=$(free_port); b_port=$(free_port)
nginx_conf "$nginx_port" >/dev/null
haproxy_cfg "$haproxy_port" "$nginx_port" >/dev/null
weft_json "$a_port" "$nginx_port" a >/dev/null
weft_json "$b_port" "$nginx_port" b >/dev/null

taskset -c "$cpu" nginx -c "$run/nginx/nginx.conf" >"$run/nginx.out" 2>&1 &
track $!
taskset -c "$cpu" haproxy -f "$run/haproxy.cfg" >"$run/haproxy.out" 2>&1 &
track $!; haproxy_pid=$!
for side in a b; do
  jar_var="jar_$side"; opts_var="WEFT_JAVA_OPTS_${side^^}"
  (cd "$home" && WEFT_JAR="${!jar_var}" WEFT_JAVA_OPTS="${!opts_var:-}" exec taskset -c "$cpu" \
    ./weft sidecar -c "$run/$side.json" --admin-address 127.0.0.1:0 >"$run/$side.out" 2>&1) &
  track $!
done
wait_port "$nginx_port"; wait_port "$haproxy_port"; wait_port "$a_port"; wait_port "$b_port"
a_pid=$(pgrep -f "sidecar -c $run/a.json" | tail -1); b_pid=$(pgrep -f "sidecar -c $run/b.json" | tail -1)

echo "warming up for $warmup per target..." >&2
for port in "$a_port" "$b_port" "$haproxy_port" "$a_port" "$b_port"; do
  taskset -c "$cpu" wrk -t1 -c"$conns" -d"$warmup" "http://127.0.0.1:$port/" >/dev/null
done

echo "round target req/s cpu_us_per_req"
for round in $(seq "$rounds"); do
  for target in haproxy a b; do
    case $target in
      haproxy) port=$haproxy_port; pid=$haproxy_pid ;;
      a) port=$a_port; pid=$a_pid ;;
      b) port=$b_port; pid=$b_pid ;;
    esac
    before=$(ticks "$pid")
    out=$(taskset -c "$cpu" wrk -t1 -c"$conns" -d"$duration" "http://127.0.0.1:$port/")
    after=$(ticks "$pid")
    echo "$out" | awk -v r="$round" -v t="$target" -v d=$((after - before)) -v hz="$hz" '
      / requests in / {n=$1} /Requests\/sec/ {rps=$2}
      END {printf "%d %s %.0f %.2f\n", r, t, rps, d * 1e6 / hz / n}'
  done
done | tee "$run/rounds.txt"

python3 - "$run/rounds.txt" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
by = {}
for r, t, rps, cpu in rows:
    by.setdefault(t, {})[r] = (float(rps), float(cpu))
print("| target | median req/s | median CPU µs/req | median req/s ÷ HAProxy's, per round |")
print("|---|---|---|---|")
for t in ("haproxy", "a", "b"):
    runs = by[t]
    ratio = [runs[r][0] / by["haproxy"][r][0] for r in runs]
    print(f"| {t} | {statistics.median(v[0] for v in runs.values()):.0f} "
          f"| {statistics.median(v[1] for v in runs.values()):.2f} | {statistics.median(ratio):.3f} |")
PY
echo "raw output: $run"
