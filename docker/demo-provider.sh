#!/bin/sh
# The demo provider pod's app: waits for its sidecar (same network namespace) to be ready, then runs
# a stock SOFA RPC provider of dev.weft.peers.sofa.EchoService:1.0 on 127.0.0.1:12200, published
# through the sidecar's mesh registry agent on 127.0.0.1:13330. Like a pod's app that is held until
# its proxy has started.
set -eu
ready="http://127.0.0.1:${SIDECAR_ADMIN_PORT:-34901}/ready"
until curl -fsS -o /dev/null "$ready"; do
  echo "waiting for the sidecar: $ready"
  sleep 1
done
exec java ${JAVA_OPTS:-} -jar /opt/peers/peers-sofa.jar sofa-provider \
  --port "${APP_PORT:-12200}" --registry mesh://127.0.0.1:13330
