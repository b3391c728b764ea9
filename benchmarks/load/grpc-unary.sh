#!/usr/bin/env bash
# gRPC unary calls through one hop, measured three ways in the same run, everything pinned to one
# CPU:
#   h2load -> grpc-java server                  (direct: the ceiling)
#   h2load -> HAProxy -> grpc-java server       (the peer: mode http, h2c in, proto h2 out, nbthread 1)
#   h2load -> weft sidecar -> grpc-java server  (us: Http2 both ways, the launcher's default JVM flags)
# The server is dev.weft.benchmarks.grpc.GrpcEchoServer from benchmarks/target/benchmarks.jar: one
# unary method, /bench.Echo/Call, that answers with the request's bytes. h2load posts one gRPC
# length-prefixed message (--payload bytes) per call, with content-type application/grpc and
# te: trailers.
#
# For each target and load it reports requests/s; h2load's mean, sd and max of the request time
# (h2load prints no percentiles: p50/p99 are computed from its --log-file, one line per request);
# non-2xx and failed requests; and the proxy's CPU time per request (utime+stime from
# /proc/PID/stat divided by requests done). Then the RSS of the sidecar and HAProxy.
#
# Before measuring, one call through each target with curl (if installed: the very bytes h2load
# posts, checking the reply and the grpc-status trailer) and with a grpc-java client
# (GrpcEchoCheck) must come back grpc-status 0; h2load only sees HTTP status codes, and a gRPC error
# is an HTTP 200.
#
# Usage: benchmarks/load/grpc-unary.sh [--cpu N] [--duration 15] [--warmup 10] [--load "1x1 5x10"]
#                                      [--payload 64]
#   --duration, --warmup  seconds, per target and load
#   --load                connections x concurrent streams per connection (h2load -c and -m)
# Needs: h2load, haproxy, taskset, java 17, python3; benchmarks/target/benchmarks.jar (./mvnw -o
# package -pl benchmarks -am -DskipTests). Debian: apt-get install nghttp2-client haproxy util-linux.
# GRPC_SERVER_JAVA_OPTS overrides the server's JVM flags; WEFT_JAVA_OPTS is appended to the
# sidecar's.
set -euo pipefail

cpu=0
duration=15
warmup=10
loads="1x1 5x10"
payload=64
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cpu) cpu="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --load) loads="$2"; shift 2 ;;
    --payload) payload="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
for load in $loads; do
  [[ $load =~ ^[0-9]+x[0-9]+$ ]] || { echo "--load takes CONNSxSTREAMS, got $load" >&2; exit 2; }
done

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
jar="$home/benchmarks/target/benchmarks.jar"
install_hint="apt-get install nghttp2-client haproxy"
require h2load haproxy taskset java python3
[[ -f "$jar" ]] || { echo "missing $jar; build it: ./mvnw -o package -pl benchmarks -am -DskipTests" >&2; exit 2; }

start_run weft-bench-grpc

grpc_port=$(free_port); haproxy_port=$(free_port); weft_port=$(free_port); admin_port=$(free_port)

# One gRPC message on the wire: flag 0 (not compressed), 4-byte big-endian length, the bytes.
python3 -c 'import sys, struct; n = int(sys.argv[1]); sys.stdout.buffer.write(b"\0" + struct.pack(">I", n) + b"x" * n)' \
  "$payload" >"$run/request.bin"
path=/bench.Echo/Call

haproxy_cfg "$haproxy_port" "$grpc_port" h2 >/dev/null
weft_proxy_json weft "$weft_port" "$grpc_port" Http2 /bench.Echo/ grpc >/dev/null

# Resident set size in MB of 1024 KiB (the unit of -Xmx128m) and, exactly, in KiB.
rss() { awk '/VmRSS/ {printf "%.1f MB (%d KiB)", $2 / 1024, $2}' "/proc/$1/status"; }

# shellcheck disable=SC2086 # GRPC_SERVER_JAVA_OPTS is a space-separated list of flags by design
taskset -c "$cpu" java ${GRPC_SERVER_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC} -cp "$jar" \
  dev.weft.benchmarks.grpc.GrpcEchoServer "127.0.0.1:$grpc_port" >"$run/server.out" 2>&1 &
track $!
taskset -c "$cpu" haproxy -f "$run/haproxy.cfg" >"$run/haproxy.out" 2>&1 &
track $!; haproxy_pid=$!
(cd "$home" && WEFT_JAVA_OPTS="${WEFT_JAVA_OPTS:-}" exec taskset -c "$cpu" ./weft sidecar -c "$run/weft.json" \
  --admin-address "127.0.0.1:$admin_port" >"$run/weft.out" 2>&1) &
track $!
wait_port "$grpc_port"; wait_port "$haproxy_port"; wait_port "$weft_port"
weft_pid=$(pid_of_weft "sidecar -c $run/weft.json")
[[ -n "$weft_pid" ]] || { echo "weft sidecar is not running; see $run/weft.out" >&2; exit 1; }

names=(direct haproxy weft)
ports=("$grpc_port" "$haproxy_port" "$weft_port")

# Sanity: every target answers one call with grpc-status 0 and the request's bytes.
echo "checking one call through each target..." >&2
targets=()
for port in "${ports[@]}"; do targets+=("127.0.0.1:$port"); done
if ! taskset -c "$cpu" java -cp "$jar" dev.weft.benchmarks.grpc.GrpcEchoCheck "${targets[@]}" >"$run/check.out" 2>"$run/check.err"; then
  cat "$run/check.out" >&2
  echo "a target did not answer grpc-status 0; logs in $run" >&2
  exit 1
fi
sed 's/^/  grpc-java: /' "$run/check.out" >&2
if command -v curl >/dev/null; then
  for i in "${!ports[@]}"; do
    curl -sS --http2-prior-knowledge --max-time 5 -D "$run/curl-${names[$i]}.headers" \
      -o "$run/curl-${names[$i]}.reply" --data-binary "@$run/request.bin" \
      -H 'content-type: application/grpc' -H 'te: trailers' "http://127.0.0.1:${ports[$i]}$path"
    status=$(tr -d '\r' <"$run/curl-${names[$i]}.headers" | awk -F': ' 'tolower($1) == "grpc-status" {print $2}')
    if [[ "$status" != 0 ]] || ! cmp -s "$run/request.bin" "$run/curl-${names[$i]}.reply"; then
      echo "curl through ${names[$i]}: grpc-status '${status}', reply $(wc -c <"$run/curl-${names[$i]}.reply") bytes; logs in $run" >&2
      exit 1
    fi
    echo "  curl: ${names[$i]}: grpc-status 0, reply equals the request" >&2
  done
fi

# h2load at one load -> its output file; the per-request log goes next to it.
h2() {
  local port=$1 load=$2 seconds=$3 out=$4
  taskset -c "$cpu" h2load -t1 -c"${load%x*}" -m"${load#*x}" -D "$seconds" -d "$run/request.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' --log-file="$out.log" \
    "http://127.0.0.1:$port$path" >"$out" 2>&1
}

# µs -> h2load's own style: 412us, 3.26ms.
us_text() { awk -v us="$1" 'BEGIN { if (us < 1000) printf "%dus", us; else printf "%.2fms", us / 1000 }'; }

# h2load output -> "rps done non2xx failed mean sd max p50 p99"
measure() {
  local port=$1 load=$2 out="$run/h2load-$1-$2.txt"
  h2 "$port" "$load" "$duration" "$out"
  local p50 p99
  read -r p50 p99 < <(cut -f3 "$out.log" | sort -n | awk '
    {v[NR] = $1}
    END {i50 = int(NR * 0.50); if (i50 < NR * 0.50) i50++; i99 = int(NR * 0.99); if (i99 < NR * 0.99) i99++
         print v[i50], v[i99]}')
  awk -v p50="$(us_text "$p50")" -v p99="$(us_text "$p99")" '
    /^finished in/ {rps = $4}
    /^requests:/ {done = $6; failed = $10 + $12 + $14}
    /^status codes:/ {non2xx = $5 + $7 + $9}
    /^time for request:/ {max = $5; mean = $6; sd = $7}
    END {print rps, done, non2xx, failed, mean, sd, max, p50, p99}' "$out"
}

# Warm the server and both proxies at every load measured: on one pinned CPU the JIT compiler
# competes with the event loops, and code first compiled under one load shape recompiles under
# another.
echo "warming up for ${warmup}s per target and load..." >&2
for load in $loads; do
  for port in "${ports[@]}"; do
    h2 "$port" "$load" "$warmup" "$run/warmup-$port-$load.txt"
  done
done

printf '| target | conns x streams | req/s | mean | sd | p50 | p99 | max | non-2xx / failed | proxy CPU µs/req |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for load in $loads; do
  for i in "${!names[@]}"; do
    target=${names[$i]} port=${ports[$i]}
    pid=""
    [[ $target == haproxy ]] && pid=$haproxy_pid
    [[ $target == weft ]] && pid=$weft_pid
    [[ -n "$pid" ]] && before=$(ticks "$pid")
    read -r rps done non2xx failed mean sd max p50 p99 < <(measure "$port" "$load")
    cpu_us=-
    if [[ -n "$pid" ]]; then
      after=$(ticks "$pid")
      cpu_us=$(awk -v t=$((after - before)) -v hz="$hz" -v n="$done" 'BEGIN {printf "%.1f", t * 1e6 / hz / n}')
    fi
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s |\n' \
      "$target" "${load/x/ x }" "$rps" "$mean" "$sd" "$p50" "$p99" "$max" "$non2xx" "$failed" "$cpu_us"
  done
done
echo
echo "RSS after the run: weft sidecar $(rss "$weft_pid") (JVM flags: the ./weft launcher's sidecar defaults${WEFT_JAVA_OPTS:+ plus $WEFT_JAVA_OPTS}), HAProxy $(rss "$haproxy_pid")"
# The heap behind that RSS, for whoever digs into it (read after the RSS, so it does not count).
command -v jcmd >/dev/null && jcmd "$weft_pid" GC.heap_info >"$run/weft-heap.txt" 2>&1 || true
# With WEFT_JAVA_OPTS=-XX:NativeMemoryTracking=summary, where the rest of it is.
command -v jcmd >/dev/null && jcmd "$weft_pid" VM.native_memory summary >"$run/weft-nmt.txt" 2>&1 || true
command -v pmap >/dev/null && pmap -x "$weft_pid" >"$run/weft-pmap.txt" 2>&1 || true
echo "request: $path, $payload-byte message; raw output: $run"
