#!/usr/bin/env bash
# Serves the configurator to a centre's network: N Streamlit processes on loopback behind nginx
# (Debian's package) with TLS and sticky sessions, the scenario store on PostgreSQL.
#
#   MOPS_DATABASE_URL=postgresql+psycopg://mops:…@db/mops \
#   scripts/serve.sh --cert /etc/ssl/mops.crt --key /etc/ssl/private/mops.key [--processes 2]
#
# Options (defaults in brackets):
#   --cert FILE, --key FILE   the TLS certificate (full chain) and its key, supplied by the gmina
#   --processes N             Streamlit processes [the number of cores]
#   --address ADDR            where nginx listens [0.0.0.0]
#   --port PORT               its HTTPS port [443]; --http-port PORT redirects plain HTTP there [off]
#   --backend-port PORT       the first process's loopback port; the others follow [8601]
#   --secrets FILE            Streamlit's secrets with the [auth] sign-in section
#                             [.streamlit/secrets.toml]; without one it refuses to start
#   --without-signin          serve without sign-in (tests on loopback only: everyone is the local admin)
#   --max-upload-mb N         largest upload, enforced by nginx and by Streamlit [2]
#   --run-dir DIR             nginx's configuration, logs and pid [./run/serve]
#
# Sticky sessions: a cookie (mops_node) names the process that served the browser, so its page,
# WebSocket, uploads and media all reach that process. When it dies the browser reconnects to
# another, which reopens the session's draft from the store, and the cookie follows; the dead
# process is started again. Runs in the foreground until stopped (Ctrl-C, or SIGTERM from
# systemd); stopping it stops every process.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "error: $*" >&2; exit 2; }

processes=$(nproc 2>/dev/null || echo 2)
address=0.0.0.0 port=443 http_port="" backend=8601 cert="" key="" secrets=.streamlit/secrets.toml
signin=1 upload=2 run=run/serve
while [ $# -gt 0 ]; do
  case "$1" in
    --cert) cert=$2; shift ;;
    --key) key=$2; shift ;;
    --processes) processes=$2; shift ;;
    --address) address=$2; shift ;;
    --port) port=$2; shift ;;
    --http-port) http_port=$2; shift ;;
    --backend-port) backend=$2; shift ;;
    --secrets) secrets=$2; shift ;;
    --without-signin) signin=0 ;;
    --max-upload-mb) upload=$2; shift ;;
    --run-dir) run=$2; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) fail "unknown option $1 (see --help)" ;;
  esac
  shift
done

nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || fail "nginx not found: install Debian's nginx (apt-get install nginx-light)"
[ -r "$cert" ] || fail "the certificate '$cert' cannot be read (--cert FILE)"
[ -r "$key" ] || fail "the certificate's key '$key' cannot be read (--key FILE)"
[[ "$processes" =~ ^[1-9][0-9]?$ ]] || fail "--processes must be a number from 1 to 99"
[[ "${MOPS_DATABASE_URL:-}" == postgresql* ]] \
  || fail "MOPS_DATABASE_URL must name the PostgreSQL database the processes share (postgresql+psycopg://…)"
options=()
if [ "$signin" = 1 ]; then
  grep -q '^\[auth' "$secrets" 2>/dev/null \
    || fail "no [auth] section in '$secrets': configure sign-in (docs/installation-shared.md) or pass --without-signin"
  options+=(--secrets.files "$(realpath "$secrets")")
fi
python=${PYTHON:-.venv/bin/python}
[ -x "$python" ] || python=python3

mkdir -p "$run"
run=$(realpath "$run")
cert=$(realpath "$cert") key=$(realpath "$key")

servers="" pinned=""
for ((i = 0; i < processes; i++)); do
  servers+="    server 127.0.0.1:$((backend + i)) max_fails=1 fail_timeout=10s;"$'\n'
  pinned+="    127.0.0.1:$((backend + i)) 127.0.0.1:$((backend + i));"$'\n'
done
redirect=""
if [ -n "$http_port" ]; then
  redirect="  server { listen $address:$http_port; return 301 https://\$host:$port\$request_uri; }"
fi

cat >"$run/proxy.conf" <<CONF
proxy_http_version 1.1;
proxy_set_header Upgrade \$http_upgrade;
proxy_set_header Connection \$connection_upgrade;
proxy_set_header Host \$host;
proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
proxy_set_header X-Forwarded-Proto https;
proxy_read_timeout 1h;
proxy_buffering off;
proxy_next_upstream error timeout;
proxy_cookie_flags ~ secure;
add_header Set-Cookie \$mops_served;
add_header Strict-Transport-Security "max-age=31536000" always;
add_header X-Content-Type-Options nosniff always;
add_header X-Frame-Options SAMEORIGIN always;
add_header Referrer-Policy same-origin always;
CONF

cat >"$run/nginx.conf" <<CONF
# Written by scripts/serve.sh; changes here are overwritten at the next start.
worker_processes 1;
pid $run/nginx.pid;
error_log $run/error.log warn;
events { worker_connections 1024; }
http {
  server_tokens off;
  client_body_temp_path $run/body;
  proxy_temp_path $run/proxy;
  fastcgi_temp_path $run/fastcgi;
  uwsgi_temp_path $run/uwsgi;
  scgi_temp_path $run/scgi;
  # No query strings (a session's draft token) and no user names in the log: the address, the
  # path, the status, the process that answered and the routing cookie.
  log_format mops '\$remote_addr [\$time_local] "\$request_method \$uri" \$status \$body_bytes_sent '
                  'upstream=\$upstream_addr node=\$cookie_mops_node';
  access_log $run/access.log mops;

  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  # Sticky sessions: the cookie mops_node names the process that served the browser last; only
  # the processes below are accepted. Without it (a new browser) or when that process is down,
  # the least busy live process answers and the cookie then names that one.
  map \$cookie_mops_node \$mops_target {
    default mops;
$pinned  }
  map \$upstream_addr \$mops_served {
    "~(?<last>127\.0\.0\.1:[0-9]+)\$" "mops_node=\$last; Path=/; Secure; HttpOnly; SameSite=Lax";
    default '';
  }
  upstream mops {
    least_conn;
$servers  }
$redirect
  server {
    listen $address:$port ssl http2;
    ssl_certificate $cert;
    ssl_certificate_key $key;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:mops:1m;
    # An upload (a case log is personal data) stays in nginx's memory, never in a temporary file.
    client_max_body_size $((upload + 1))m;
    client_body_buffer_size $((upload + 1))m;

    location / {
      proxy_pass http://\$mops_target;
      include $run/proxy.conf;
      error_page 502 504 = @failover;
    }
    location @failover {
      proxy_pass http://mops;
      include $run/proxy.conf;
    }
  }
}
CONF
"$nginx" -t -q -c "$run/nginx.conf" -g "daemon off;" 2>"$run/nginx-test.log" \
  || fail "nginx refused its configuration: $(grep -m1 emerg "$run/nginx-test.log" || head -1 "$run/nginx-test.log")"

# One cookie secret for every process (its XSRF tokens must hold on whichever process a request
# reaches), kept in the run folder so that a restart does not invalidate the open pages.
if [ ! -s "$run/cookie_secret" ]; then (umask 077 && head -c 32 /dev/urandom | base64 >"$run/cookie_secret"); fi
STREAMLIT_SERVER_COOKIE_SECRET=$(cat "$run/cookie_secret")
export STREAMLIT_SERVER_COOKIE_SECRET

declare -A streamlit=()
start_process() {
  "$python" -m streamlit run app.py --server.address 127.0.0.1 --server.port $((backend + $1)) \
    --server.headless true --server.fileWatcherType none --browser.gatherUsageStats false \
    --server.enableXsrfProtection true --server.enableCORS true --client.showErrorDetails none \
    --client.toolbarMode viewer --server.maxUploadSize "$upload" "${options[@]}" \
    >>"$run/streamlit-$1.log" 2>&1 &
  streamlit[$!]=$1
  echo $! >"$run/streamlit-$1.pid"
}
stop() {
  trap - INT TERM EXIT
  kill "${!streamlit[@]}" "${nginx_pid:-}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

for ((i = 0; i < processes; i++)); do start_process "$i"; done
"$nginx" -c "$run/nginx.conf" -g "daemon off;" &
nginx_pid=$!
echo "serving https://$address:$port/ with $processes processes (logs in $run)"
# A Streamlit process that dies is started again (its sessions reconnect to the others meanwhile);
# when nginx stops, everything stops.
while true; do
  died=""
  wait -n -p died || true
  died=${died:-}
  if [ "$died" = "$nginx_pid" ] || [ -z "$died" ]; then
    echo "nginx stopped; stopping the app processes" >&2
    break
  fi
  if [ -n "${streamlit[$died]:-}" ]; then
    index=${streamlit[$died]}
    unset "streamlit[$died]"
    echo "app process $index (port $((backend + index))) stopped; starting it again" >&2
    sleep 1
    start_process "$index"
  fi
done
