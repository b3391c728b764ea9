# The one-hop HTTP/1 setup shared by http1-hop.sh and http1-ab.sh: source it after lib.sh and
# start_run. Each function writes a config into $run and prints its path (HAProxy's is lib.sh's
# haproxy_cfg).
#
#   nginx_conf PORT          nginx: 1 worker, `return 200 "ok\n"`, access log off
#   weft_json PORT UPSTREAM [NAME]  a weft sidecar config.json (lib.sh's weft_proxy_json): one
#                            HTTP/1 listener, every path to the upstream

nginx_conf() {
  mkdir -p "$run/nginx"
  cat >"$run/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $run/nginx/nginx.pid;
error_log $run/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$1;
    location / { return 200 "ok\n"; }
  }
}
CONF
  echo "$run/nginx/nginx.conf"
}

weft_json() {
  weft_proxy_json "${3:-weft}" "$1" "$2" Http1 / nginx
}
