#!/bin/sh
# The demo consumer pod's app: waits for its sidecar (same network namespace) to be ready, starts a
# stock SOFA RPC consumer that refers through the sidecar's mesh registry agent on 127.0.0.1:13330
# (SOFA RPC then dials 127.0.0.1:12220, the sidecar's Bolt egress), and asks it for a batch of calls
# every few seconds. The consumer logs each batch: "/run -> SUMMARY calls=10 ok=10 mismatches=0
# errors=0 ...".
set -eu
ready="http://127.0.0.1:${SIDECAR_ADMIN_PORT:-34901}/ready"
control="http://127.0.0.1:${CONTROL_PORT:-8080}"
until curl -fsS -o /dev/null "$ready"; do
  echo "waiting for the sidecar: $ready"
  sleep 1
done
java ${JAVA_OPTS:-} -jar /opt/peers/peers-sofa.jar sofa-consumer --name demo-consumer \
  --control-port "${CONTROL_PORT:-8080}" --registry mesh://127.0.0.1:13330 &
app=$!
trap 'kill -TERM "$app" 2>/dev/null; wait "$app"; exit 0' TERM INT
until curl -fsS -o /dev/null "$control/ready"; do
  kill -0 "$app" 2>/dev/null || exit 1
  sleep 1
done
while kill -0 "$app" 2>/dev/null; do
  curl -sS -o /dev/null "$control/run?calls=${CALLS:-10}&concurrency=2&prefix=demo" || true
  sleep "${INTERVAL_SECONDS:-5}" &
  wait $! || true
done
wait "$app"
