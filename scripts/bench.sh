#!/usr/bin/env bash
# make bench: GrantDesk's server against nginx and a stock Hummingbird 2 app,
# same machine, same run.
#
# What it measures (all on loopback):
#   rows      /healthz, and a ~30 KB JavaScript file sent as it is and
#             gzip-compressed, over plain HTTP and over TLS, for
#             `grantdesk serve`, nginx and Hummingbird (scripts/bench/
#             hummingbird-peer: Hummingbird's FileMiddleware, which has no
#             gzip, so Hummingbird has no gzip rows). wrk with
#             BENCH_CONNECTIONS (64) keep-alive connections for BENCH_SECONDS
#             (8) per run, after a BENCH_WARMUP (1) second warm-up whose
#             numbers are dropped; BENCH_ROUNDS (3) rounds, the server order
#             rotated every round; the table shows each server's median.
#   memory    grantdesk's peak RSS (VmHWM) after the load, and the RSS of
#             every server with BENCH_IDLE (1000) idle keep-alive connections.
#
# Fairness, stated:
#   - Every server runs in its own session (setsid), as a service manager
#     would start it: with the kernel's autogroup scheduling each session
#     gets a fair share of the CPU against wrk's session.
#   - All get the same certificate (ECDSA P-256, generated here), TLS 1.2/1.3
#     with the same AEAD-only TLS 1.2 cipher list.
#   - nginx runs worker_processes = number of cores; Hummingbird runs on
#     SwiftNIO's default event loops (one per core); our Dispatch pool also
#     spreads over every core. No CPU pinning.
#   - We serve a gzip copy made once at start-up; nginx gets the same deal
#     through gzip_static with a .gz file made by `gzip -9` (on-the-fly gzip
#     would handicap nginx). Nobody logs requests (ours at log level notice,
#     nginx without an access log, Hummingbird without its log middleware),
#     and all send the same security headers.
#   - wrk's latency figures suffer coordinated omission equally for all.
#
# Environment: BENCH_SECONDS, BENCH_WARMUP, BENCH_ROUNDS, BENCH_CONNECTIONS,
# BENCH_THREADS (wrk threads, default: cores), BENCH_IDLE, BENCH_ROWS (a
# space-separated subset of the row names), BENCH_SERVERS (subset of
# "ours nginx hummingbird"), BENCH_KEEP=1 (keep the temp dir with logs and raw
# wrk output), GRANTDESK_BIN (use this binary instead of building `grantdesk`
# in release mode), HUMMINGBIRD_BIN (likewise for the Hummingbird peer).
set -euo pipefail

DURATION=${BENCH_SECONDS:-8}
WARMUP=${BENCH_WARMUP:-1}
ROUNDS=${BENCH_ROUNDS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
CORES=$(nproc)
THREADS=${BENCH_THREADS:-$CORES}
IDLE=${BENCH_IDLE:-1000}
RSS_LIMIT_MB=64
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HELPERS="$ROOT/scripts/bench"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- tools -------------------------------------------------------------------
missing=()
for tool in wrk nginx openssl python3 curl gzip setsid; do
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
    BIN=$(bash "$ROOT/scripts/build-release.sh")
fi
[[ -x $BIN ]] || die "$BIN is not executable"
SERVERS=(${BENCH_SERVERS:-ours nginx hummingbird})
if [[ " ${SERVERS[*]} " == *" hummingbird "* ]]; then
    if [[ -n ${HUMMINGBIRD_BIN:-} ]]; then
        HB_BIN=$HUMMINGBIRD_BIN
        log "using $HB_BIN (HUMMINGBIRD_BIN)"
    else
        # Its own package and scratch path: the product never depends on Hummingbird.
        log "building the Hummingbird peer (release, .build-bench-peer; the first build takes minutes)"
        (cd "$ROOT" && swift build -c release --package-path scripts/bench/hummingbird-peer \
            --scratch-path "$ROOT/.build-bench-peer" >&2)
        HB_BIN="$ROOT/.build-bench-peer/release/HummingbirdPeer"
    fi
    [[ -x $HB_BIN ]] || die "$HB_BIN is not executable"
fi

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

# --- servers -------------------------------------------------------------------
# Each in its own session, as a service manager starts a service. In this
# non-interactive shell a background job is not a process-group leader, so
# setsid(1) calls setsid() and execs without forking: $! is the server.
start_server() {
    local log=$1 dir=$2
    shift 2
    (cd "$dir" && exec setsid "$@") >"$log" 2>&1 &
    LAST_PID=$!
    PIDS+=("$LAST_PID")
}

# Our server reads Public/ (and Templates/) from its working directory.
# The embedded demo accounts API, whatever this shell's environment or the
# MeshAgent CLI's sign-in says: no MESHAGENT_* variables, a scratch HOME.
mkdir -p "$TMP/home"
SERVER_ENV=(env -u MESHAGENT_API_URL -u MESHAGENT_API_KEY -u GRANTDESK_DATA_DIR HOME="$TMP/home" GRANTDESK_LOG_LEVEL=notice)
declare -A PORT PID
if [[ " ${SERVERS[*]} " == *" ours "* ]]; then
    PORT[ours-http]=$(free_port)
    PORT[ours-https]=$(free_port)
    start_server "$TMP/ours-http.log" "$WORK" "${SERVER_ENV[@]}" "$BIN" serve --max-connections-per-address 0 --http \
        --host 127.0.0.1 --port "${PORT[ours-http]}" --data-dir "$TMP/data-http"
    PID[ours-http]=$LAST_PID
    start_server "$TMP/ours-tls.log" "$WORK" "${SERVER_ENV[@]}" "$BIN" serve --max-connections-per-address 0 \
        --host 127.0.0.1 --port "${PORT[ours-https]}" --data-dir "$TMP/data-tls" --tls-cert "$TMP/cert.pem" --tls-key "$TMP/key.pem"
    PID[ours-https]=$LAST_PID
fi
if [[ " ${SERVERS[*]} " == *" hummingbird "* ]]; then
    PORT[hummingbird-http]=$(free_port)
    PORT[hummingbird-https]=$(free_port)
    start_server "$TMP/hummingbird-http.log" "$WORK" "$HB_BIN" 127.0.0.1 "${PORT[hummingbird-http]}" "$WORK/Public"
    PID[hummingbird-http]=$LAST_PID
    start_server "$TMP/hummingbird-tls.log" "$WORK" "$HB_BIN" 127.0.0.1 "${PORT[hummingbird-https]}" "$WORK/Public" \
        "$TMP/cert.pem" "$TMP/key.pem"
    PID[hummingbird-https]=$LAST_PID
fi

if [[ " ${SERVERS[*]} " == *" nginx "* ]]; then
    PORT[nginx-http]=$(free_port)
    PORT[nginx-https]=$(free_port)
    mkdir -p "$TMP/nginx/tmp"
    NGINX_USER=""
    [[ $(id -u) -eq 0 ]] && NGINX_USER="user root;"
    cat >"$TMP/nginx/nginx.conf" <<NGINX
$NGINX_USER
worker_processes $CORES;
worker_rlimit_nofile 65536;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
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
        listen 127.0.0.1:${PORT[nginx-http]};
        listen 127.0.0.1:${PORT[nginx-https]} ssl;
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
NGINX
    start_server "$TMP/nginx/stdout.log" "$TMP" nginx -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -g 'daemon off; master_process on;'
    PID[nginx-http]=$LAST_PID
    PID[nginx-https]=$LAST_PID
fi

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
# Row name → path, scheme and whether wrk asks for gzip.
ALL_ROWS=(healthz-http static-http static-gzip-http healthz-https static-https static-gzip-https)
ROWS=(${BENCH_ROWS:-healthz-http static-http static-gzip-http healthz-https static-https})
for row in "${ROWS[@]}"; do
    [[ " ${ALL_ROWS[*]} " == *" $row "* ]] || die "unknown row $row (rows: ${ALL_ROWS[*]})"
done
row_url() {  # row server
    local row=$1 server=$2 scheme=http tls=http path=/healthz
    [[ $row == *-https ]] && { scheme=https; tls=https; }
    [[ $row == static-* ]] && path=/static/$ASSET
    echo "$scheme://127.0.0.1:${PORT[$server-$tls]}$path"
}
row_gzip() { [[ $1 == static-gzip-* ]]; }
# Hummingbird's FileMiddleware does not compress: it has no gzip rows.
serves_row() { [[ $1 != hummingbird ]] || ! row_gzip "$2"; }

for server in "${SERVERS[@]}"; do
    for tls in http https; do
        wait_ready "$(row_url healthz-$tls "$server")" "${PID[$server-$tls]}" "$server ($tls)"
        sid=$(awk '{ print $6 }' "/proc/${PID[$server-$tls]}/stat")
        [[ $sid == "${PID[$server-$tls]}" ]] || die "$server ($tls) is not in its own session (sid $sid)"
    done
done

# Same bytes for every server, or the comparison is void: gzip rows must be
# gzip, the others identity, and every body the asset's size.
log "response sizes (headers + body bytes on the wire, before TLS):"
for row in "${ROWS[@]}"; do
    for server in "${SERVERS[@]}"; do
        serves_row "$server" "$row" || continue
        extra=()
        row_gzip "$row" && extra=(-H 'Accept-Encoding: gzip')
        read -r size_header size_body encoding < <(curl -sk "${extra[@]}" -o /dev/null \
            -w '%{size_header} %{size_download} %header{content-encoding}\n' "$(row_url "$row" "$server")")
        log "  $row $server: ${size_header} + ${size_body} ${encoding:-identity}"
        if row_gzip "$row" && [[ $encoding != gzip ]]; then die "$server did not gzip $(row_url "$row" "$server")"; fi
        if ! row_gzip "$row" && [[ -n $encoding ]]; then die "$server sent $encoding on $(row_url "$row" "$server")"; fi
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
server_ticks() {  # server row
    local tls=http
    [[ $2 == *-https ]] && tls=https
    local pid=${PID[$1-$tls]}
    if [[ $1 == nginx ]]; then process_ticks "$pid" $(pgrep -P "$pid"); else process_ticks "$pid"; fi
}
status_kib() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status" 2>/dev/null || echo nan; }
RESULTS="$TMP/results.tsv"
: >"$RESULTS"
# Start-up alone can set the high-water mark (e.g. hashing the first admin's
# password with scrypt), so record it before any load for comparison.
if [[ -n ${PID[ours-http]:-} ]]; then
    for tls in http https; do
        pid=${PID[ours-$tls]}
        name=$tls
        [[ $tls == https ]] && name=tls
        printf 'rss\t%s\t%s\t%s\n' "ours ($name) VmHWM after start-up, before load" "$(status_kib "$pid" VmHWM)" \
            "(VmRSS then: $(( $(status_kib "$pid" VmRSS) / 1024 )) MB)" >>"$RESULTS"
    done
fi
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq "$ROUNDS"); do
    # Rotate the order each round, so whoever runs first (or next to another
    # helper's build) is not always the same server.
    order=()
    for index in "${!SERVERS[@]}"; do
        order+=("${SERVERS[$(( (index + round - 1) % ${#SERVERS[@]} ))]}")
    done
    for row in "${ROWS[@]}"; do
        for server in "${order[@]}"; do
            serves_row "$server" "$row" || continue
            url=$(row_url "$row" "$server")
            headers=()
            row_gzip "$row" && headers=(-H 'Accept-Encoding: gzip')
            log "round $round/$ROUNDS $row $server: ${WARMUP}s warm-up, ${DURATION}s measured, $CONNECTIONS connections, $THREADS threads"
            if [[ $WARMUP != 0 ]]; then wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "${headers[@]}" "$url" >/dev/null 2>&1 || true; fi
            before=$(server_ticks "$server" "$row")
            out="$TMP/wrk-$row-$server-$round.txt"
            wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "${headers[@]}" "$url" >"$out" 2>&1 || true
            after=$(server_ticks "$server" "$row")
            printf 'run\t%s\t%s\t%s\t%s\t%s\n' "$row" "$server" "$round" "$(python3 "$HELPERS/wrk_summary.py" <"$out")" \
                "$((after - before))" >>"$RESULTS"
        done
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- memory ---------------------------------------------------------------------
tree_rss_kib() {
    local total=0 pid
    for pid in "$1" $(pgrep -P "$1"); do total=$((total + $(status_kib "$pid" VmRSS))); done
    echo "$total"
}

idle_row() {
    local label=$1 port=$2 pid=$3 flag=${4:-}
    local status="$TMP/idle-${label//[^a-z]/}.status"
    python3 "$HELPERS/idle_connections.py" "$port" "$IDLE" "$status" 4 $flag >"$status.out" 2>&1 &
    local client=$!
    PIDS+=("$client")
    for _ in $(seq 600); do [[ -s $status ]] && break; kill -0 "$client" 2>/dev/null || break; sleep 0.1; done
    sleep 0.5
    local kib
    kib=$(tree_rss_kib "$pid")
    wait "$client" || true
    printf 'rss\t%s\t%s\t%s\n' "$label VmRSS, $IDLE idle keep-alive" "$kib" "$(tail -1 "$status.out")" >>"$RESULTS"
}

if [[ -n ${PID[ours-http]:-} ]]; then
    printf 'rss\t%s\t%s\t%s\n' "ours (http) peak VmHWM after load" "$(status_kib "${PID[ours-http]}" VmHWM)" "" >>"$RESULTS"
    printf 'rss\t%s\t%s\t%s\n' "ours (tls) peak VmHWM after load" "$(status_kib "${PID[ours-https]}" VmHWM)" "" >>"$RESULTS"
    idle_row "ours (http)" "${PORT[ours-http]}" "${PID[ours-http]}"
    idle_row "ours (tls)" "${PORT[ours-https]}" "${PID[ours-https]}" --tls
fi
[[ -n ${PID[nginx-https]:-} ]] && idle_row "nginx (tls, all processes)" "${PORT[nginx-https]}" "${PID[nginx-https]}" --tls
[[ -n ${PID[hummingbird-https]:-} ]] && idle_row "hummingbird (tls)" "${PORT[hummingbird-https]}" "${PID[hummingbird-https]}" --tls
if [[ -n ${PID[ours-http]:-} ]]; then
    printf 'rss\t%s\t%s\t%s\n' "ours (http) peak VmHWM overall" "$(status_kib "${PID[ours-http]}" VmHWM)" "" >>"$RESULTS"
    printf 'rss\t%s\t%s\t%s\n' "ours (tls) peak VmHWM overall" "$(status_kib "${PID[ours-https]}" VmHWM)" "" >>"$RESULTS"
fi

# --- report --------------------------------------------------------------------
echo
echo "GrantDesk vs nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') and Hummingbird 2.28.1 — $(date -u '+%Y-%m-%d %H:%M UTC'), $CORES cores, no pinning," \
    "each server in its own session; wrk $THREADS threads x $CONNECTIONS connections, ${DURATION}s per run after ${WARMUP}s warm-up," \
    "$ROUNDS rounds (order rotated), medians"
echo "load average before: $LOAD_BEFORE, after: $LOAD_AFTER (other work on the machine: only ratios within this run mean much)"
echo "asset: /static/$ASSET ($(stat -c %s "$WORK/Public/$ASSET") bytes, gzip -9: $(stat -c %s "$WORK/Public/$ASSET.gz") bytes)"
echo
python3 "$HELPERS/report.py" "$RESULTS" "$RSS_LIMIT_MB" "$(getconf CLK_TCK)" "$DURATION"
