#!/usr/bin/env bash
# make bench: GrantDesk's server against nginx, same machine, same run.
#
# What it measures (all on loopback):
#   rows      /healthz and a ~30 KB JavaScript file sent gzip-compressed,
#             each over plain HTTP and over TLS, for `grantdesk serve` and
#             for nginx; wrk with BENCH_CONNECTIONS (64) keep-alive
#             connections for BENCH_SECONDS (10) each, after a
#             BENCH_WARMUP (3) second warm-up run whose numbers are dropped.
#   memory    grantdesk's peak RSS (VmHWM) after the load, and its RSS with
#             BENCH_IDLE (1000) idle keep-alive connections open.
#
# Fairness, stated:
#   - Both servers get the same certificate (ECDSA P-256, generated here),
#     TLS 1.2/1.3 with the same AEAD-only cipher list and groups.
#   - nginx runs worker_processes = number of cores (our server's Dispatch
#     pool also spreads over every core). No CPU pinning: wrk, the server
#     and whatever else runs on the machine share all cores, for both servers
#     alike. Rows alternate ours/nginx so background noise hits both.
#   - We serve a gzip copy made once at start-up; nginx gets the same deal
#     through gzip_static with a .gz file made by `gzip -9` (on-the-fly gzip
#     would handicap nginx). Both log every request to a file and both send
#     the same security headers.
#   - wrk's latency figures suffer coordinated omission equally for both.
#
# Environment: BENCH_SECONDS, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_THREADS
# (wrk threads, default: cores), BENCH_IDLE, BENCH_KEEP=1 (keep the temp dir
# with logs and raw wrk output), GRANTDESK_BIN (use this binary instead of
# building `grantdesk` in release mode).
set -euo pipefail

DURATION=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
CORES=$(nproc)
THREADS=${BENCH_THREADS:-$CORES}
IDLE=${BENCH_IDLE:-1000}
TARGET_RATIO=0.7
RSS_LIMIT_MB=64
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HELPERS="$ROOT/scripts/bench"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- tools -------------------------------------------------------------------
missing=()
for tool in wrk nginx openssl python3 curl gzip; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        log "installing ${missing[*]} with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
            || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
    else
        die "missing ${missing[*]}; install them (e.g. apt-get install ${missing[*]}) or run as root"
    fi
fi

# --- build -------------------------------------------------------------------
if [[ -n ${GRANTDESK_BIN:-} ]]; then
    BIN=$GRANTDESK_BIN
    log "using $BIN (GRANTDESK_BIN)"
else
    log "building grantdesk (release)"
    (cd "$ROOT" && swift build -c release --product grantdesk >&2)
    BIN="$ROOT/.build/release/grantdesk"
fi
[[ -x $BIN ]] || die "$BIN is not executable"

# --- scratch space and cleanup ---------------------------------------------
TMP=$(mktemp -d /tmp/grantdesk-bench.XXXXXX)
chmod 755 "$TMP"
PIDS=()
cleanup() {
    set +e
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    if [[ ${BENCH_KEEP:-0} == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Servers and the idle-connection client need more than 1,024 descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# --- certificate, content --------------------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$TMP/key.pem" -out "$TMP/cert.pem" >/dev/null 2>&1
chmod 644 "$TMP/key.pem"

# Our server reads Public/ (and Templates/) from its working directory, so it
# runs in a scratch copy: the repository's files plus, when Public/ has no
# script of benchmark size, a generated one.
WORK="$TMP/work"
mkdir -p "$WORK/Public/js"
[[ -d $ROOT/Public ]] && cp -R "$ROOT/Public/." "$WORK/Public/"
for dir in Templates; do [[ -d $ROOT/$dir ]] && ln -s "$ROOT/$dir" "$WORK/$dir"; done
if [[ -f $WORK/Public/js/app.js && $(stat -c %s "$WORK/Public/js/app.js") -ge 28000 ]]; then
    ASSET=js/app.js
    log "static asset: Public/js/app.js ($(stat -c %s "$WORK/Public/js/app.js") bytes)"
else
    ASSET=js/bench.js
    python3 "$HELPERS/make_js.py" "$WORK/Public/$ASSET" 30720
    log "static asset: generated Public/$ASSET ($(stat -c %s "$WORK/Public/$ASSET") bytes; Public/js/app.js is missing or under 28 KB)"
fi
gzip -9 -n -k -f "$WORK/Public/$ASSET"  # for nginx's gzip_static only; ours makes its own copy
chmod -R a+rX "$WORK"

# --- our server, plain and TLS ----------------------------------------------
# The embedded demo accounts API, whatever this shell's environment or the
# MeshAgent CLI's sign-in says: no MESHAGENT_* variables, a scratch HOME.
mkdir -p "$TMP/home"
SERVER_ENV=(env -u MESHAGENT_API_URL -u MESHAGENT_API_KEY -u GRANTDESK_DATA_DIR HOME="$TMP/home")
PORT_OURS=$(free_port)
PORT_OURS_TLS=$(free_port)
(cd "$WORK" && exec "${SERVER_ENV[@]}" "$BIN" serve --max-connections-per-address 0 --http --host 127.0.0.1 --port "$PORT_OURS" --data-dir "$TMP/data-http") \
    >"$TMP/ours-http.log" 2>&1 &
PID_OURS=$!
PIDS+=("$PID_OURS")
(cd "$WORK" && exec "${SERVER_ENV[@]}" "$BIN" serve --max-connections-per-address 0 --host 127.0.0.1 --port "$PORT_OURS_TLS" --data-dir "$TMP/data-tls" \
    --tls-cert "$TMP/cert.pem" --tls-key "$TMP/key.pem") >"$TMP/ours-tls.log" 2>&1 &
PID_OURS_TLS=$!
PIDS+=("$PID_OURS_TLS")

# --- nginx -------------------------------------------------------------------
PORT_NGINX=$(free_port)
PORT_NGINX_TLS=$(free_port)
mkdir -p "$TMP/nginx/tmp"
NGINX_USER=""
[[ $(id -u) -eq 0 ]] && NGINX_USER="user root;"
cat >"$TMP/nginx/nginx.conf" <<EOF
$NGINX_USER
worker_processes $CORES;
worker_rlimit_nofile 65536;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $TMP/nginx/access.log;
    client_body_temp_path $TMP/nginx/tmp/body;
    proxy_temp_path $TMP/nginx/tmp/proxy;
    fastcgi_temp_path $TMP/nginx/tmp/fastcgi;
    uwsgi_temp_path $TMP/nginx/tmp/uwsgi;
    scgi_temp_path $TMP/nginx/tmp/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    open_file_cache max=100 inactive=60s;
    server_tokens off;
    charset utf-8;
    charset_types text/plain application/javascript;
    gzip on;
    gzip_static on;
    gzip_vary on;
    gzip_types application/javascript text/plain;
    gzip_min_length 1024;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;
    ssl_ecdh_curve X25519:prime256v1:secp384r1;
    ssl_prefer_server_ciphers off;
    server {
        listen 127.0.0.1:$PORT_NGINX;
        listen 127.0.0.1:$PORT_NGINX_TLS ssl;
        ssl_certificate $TMP/cert.pem;
        ssl_certificate_key $TMP/key.pem;
        add_header Content-Security-Policy "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'" always;
        add_header X-Content-Type-Options nosniff always;
        add_header Referrer-Policy same-origin always;
        add_header X-Frame-Options DENY always;
        add_header Cross-Origin-Opener-Policy same-origin always;
        add_header Cross-Origin-Resource-Policy same-origin always;
        add_header Permissions-Policy "camera=(), microphone=(), geolocation=()" always;
        add_header Cache-Control no-cache always;
        location = /healthz { default_type text/plain; return 200 "ok"; }
        location /static/ { alias $WORK/Public/; }
    }
}
EOF
nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -g 'daemon off; master_process on;' >"$TMP/nginx/stdout.log" 2>&1 &
PID_NGINX=$!
PIDS+=("$PID_NGINX")

# --- wait until everything answers -------------------------------------------
wait_ready() {
    local url=$1 pid=$2 name=$3
    for _ in $(seq 600); do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 20 "$TMP"/*.log "$TMP"/nginx/*.log 2>/dev/null >&2 || true
            die "$name exited during start-up (logs above)"
        fi
        [[ $(curl -sk -o /dev/null -w '%{http_code}' "$url" 2>/dev/null) == 200 ]] && return 0
        sleep 0.2
    done
    die "$name did not answer $url within 120 s"
}
declare -A URL
URL[healthz-http,ours]="http://127.0.0.1:$PORT_OURS/healthz"
URL[healthz-https,ours]="https://127.0.0.1:$PORT_OURS_TLS/healthz"
URL[static-js-gzip-http,ours]="http://127.0.0.1:$PORT_OURS/static/$ASSET"
URL[static-js-gzip-https,ours]="https://127.0.0.1:$PORT_OURS_TLS/static/$ASSET"
URL[healthz-http,nginx]="http://127.0.0.1:$PORT_NGINX/healthz"
URL[healthz-https,nginx]="https://127.0.0.1:$PORT_NGINX_TLS/healthz"
URL[static-js-gzip-http,nginx]="http://127.0.0.1:$PORT_NGINX/static/$ASSET"
URL[static-js-gzip-https,nginx]="https://127.0.0.1:$PORT_NGINX_TLS/static/$ASSET"
ROWS=(healthz-http healthz-https static-js-gzip-http static-js-gzip-https)

wait_ready "${URL[healthz-http,ours]}" "$PID_OURS" "grantdesk (http)"
wait_ready "${URL[healthz-https,ours]}" "$PID_OURS_TLS" "grantdesk (tls)"
wait_ready "${URL[healthz-http,nginx]}" "$PID_NGINX" "nginx"

# Both must really send gzip for the JS rows, or the comparison is void.
log "response sizes (headers + body bytes on the wire, before TLS):"
for row in "${ROWS[@]}"; do
    for server in ours nginx; do
        extra=()
        [[ $row == static-* ]] && extra=(-H 'Accept-Encoding: gzip')
        read -r size_header size_body encoding < <(curl -sk "${extra[@]}" -o /dev/null \
            -w '%{size_header} %{size_download} %header{content-encoding}\n' "${URL[$row,$server]}")
        log "  $row $server: ${size_header} + ${size_body} ${encoding:-identity}"
        if [[ $row == static-* && $encoding != gzip ]]; then die "$server did not gzip ${URL[$row,$server]}"; fi
    done
done

# --- load ---------------------------------------------------------------------
# CPU time (user + system, in clock ticks) a server has used so far: with the
# machine shared, CPU per request is steadier than requests per second.
process_ticks() {
    local total=0 pid
    for pid in "$@"; do
        total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{ print $12 + $13 }' || echo 0)))
    done
    echo "$total"
}
server_ticks() {
    case "$1:$2" in
        ours:*-https) process_ticks "$PID_OURS_TLS" ;;
        ours:*) process_ticks "$PID_OURS" ;;
        nginx:*) process_ticks "$PID_NGINX" $(pgrep -P "$PID_NGINX") ;;
    esac
}
status_kib() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status" 2>/dev/null || echo nan; }
RESULTS="$TMP/results.tsv"
: >"$RESULTS"
# Start-up alone can set the high-water mark (e.g. hashing the first admin's
# password with scrypt), so record it before any load for comparison.
for label_pid in "http:$PID_OURS" "tls:$PID_OURS_TLS"; do
    pid=${label_pid#*:}
    printf 'rss\t%s\t%s\t%s\n' "ours (${label_pid%%:*}) VmHWM after start-up, before load" "$(status_kib "$pid" VmHWM)" \
        "(VmRSS then: $(( $(status_kib "$pid" VmRSS) / 1024 )) MB)" >>"$RESULTS"
done
for row in "${ROWS[@]}"; do
    for server in ours nginx; do
        url=${URL[$row,$server]}
        headers=()
        [[ $row == static-* ]] && headers=(-H 'Accept-Encoding: gzip')
        log "$row $server: ${WARMUP}s warm-up, ${DURATION}s measured, $CONNECTIONS connections, $THREADS threads"
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "${headers[@]}" "$url" >/dev/null 2>&1 || true
        before=$(server_ticks "$server" "$row")
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "${headers[@]}" "$url" >"$TMP/wrk-$row-$server.txt" 2>&1 || true
        after=$(server_ticks "$server" "$row")
        printf 'run\t%s\t%s\t%s\t%s\n' "$row" "$server" "$(python3 "$HELPERS/wrk_summary.py" <"$TMP/wrk-$row-$server.txt")" \
            "$((after - before))" >>"$RESULTS"
    done
done

# --- memory ---------------------------------------------------------------------
nginx_rss_kib() {
    local total=0 pid
    for pid in "$PID_NGINX" $(pgrep -P "$PID_NGINX"); do total=$((total + $(status_kib "$pid" VmRSS))); done
    echo "$total"
}

idle_row() {
    local label=$1 port=$2 pid=$3 flag=${4:-}
    local status="$TMP/idle-$label.status"
    python3 "$HELPERS/idle_connections.py" "$port" "$IDLE" "$status" 4 $flag >"$TMP/idle-$label.out" 2>&1 &
    local client=$!
    PIDS+=("$client")
    for _ in $(seq 600); do [[ -s $status ]] && break; kill -0 "$client" 2>/dev/null || break; sleep 0.1; done
    sleep 0.5
    local kib
    if [[ $pid == nginx ]]; then kib=$(nginx_rss_kib); else kib=$(status_kib "$pid" VmRSS); fi
    wait "$client" || true
    printf 'rss\t%s\t%s\t%s\n' "$label VmRSS, $IDLE idle keep-alive" "$kib" "$(cat "$TMP/idle-$label.out" | tail -1)" >>"$RESULTS"
}

printf 'rss\t%s\t%s\t%s\n' "ours (http) peak VmHWM after load" "$(status_kib "$PID_OURS" VmHWM)" "" >>"$RESULTS"
printf 'rss\t%s\t%s\t%s\n' "ours (tls) peak VmHWM after load" "$(status_kib "$PID_OURS_TLS" VmHWM)" "" >>"$RESULTS"
idle_row "ours (http)" "$PORT_OURS" "$PID_OURS"
idle_row "ours (tls)" "$PORT_OURS_TLS" "$PID_OURS_TLS" --tls
idle_row "nginx (tls, all processes)" "$PORT_NGINX_TLS" nginx --tls
printf 'rss\t%s\t%s\t%s\n' "ours (http) peak VmHWM overall" "$(status_kib "$PID_OURS" VmHWM)" "" >>"$RESULTS"
printf 'rss\t%s\t%s\t%s\n' "ours (tls) peak VmHWM overall" "$(status_kib "$PID_OURS_TLS" VmHWM)" "" >>"$RESULTS"

# --- report --------------------------------------------------------------------
echo
echo "GrantDesk vs nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') — $(date -u '+%Y-%m-%d %H:%M UTC'), $CORES cores, no pinning," \
    "wrk $THREADS threads x $CONNECTIONS connections, ${DURATION}s per row after ${WARMUP}s warm-up"
echo "asset: /static/$ASSET ($(stat -c %s "$WORK/Public/$ASSET") bytes, gzip -9: $(stat -c %s "$WORK/Public/$ASSET.gz") bytes); errors and cpu columns: ours/nginx"
echo
python3 "$HELPERS/report.py" "$RESULTS" "$TARGET_RATIO" "$RSS_LIMIT_MB" "$(getconf CLK_TCK)" "$DURATION"
