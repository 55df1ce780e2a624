#!/usr/bin/env bash
# Every console page against the embedded accounts API loaded with the
# 100,000-grant data set (issue #5, "Speed": p50 under 50 ms per page).
# Starts the accounts server (--generate-bench-data), a console in front of
# it, and a second console behind a counting proxy (to count upstream calls
# and rows per page, never timed); signs in, then times each page with a
# keep-alive client loop (scripts/bench/console-latency.py). Loopback only.
#   BENCH_REQUESTS   timed requests per page (default 200)
#   BENCH_CONSOLE_CONNECTIONS, BENCH_CONSOLE_SECONDS  then every page under this many
#                    connections (64, 0 skips) for at least this long (3 s; longer for slow pages,
#                    about five requests per connection) with wrk: p99 <= 2x p50
#   BENCH_TARGET_MS  p50 target per page (default 50)
#   BENCH_VERBOSE=1  also list every upstream call of each page
#   GRANTDESK_BIN    use this binary instead of building a release one
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

requests=${BENCH_REQUESTS:-200}
target=${BENCH_TARGET_MS:-50}
# shellcheck source=bench/common.sh
source scripts/bench/common.sh
bench_setup console

start=$(date +%s.%N)
"$bin" accounts-server --port 0 --data-dir "$work/accounts" --token "$token" --generate-bench-data >"$work/accounts.log" 2>&1 &
pids+=($!)
accounts=$(wait_for "$work/accounts.log" 'http://127.0.0.1:[0-9]*' "$!")
awk -v a="$start" -v b="$(date +%s.%N)" -v u="$accounts" 'BEGIN { printf "accounts API with 100k grants ready in %.1f s (%s)\n", b - a, u }'

python3 scripts/bench/console-upstream-proxy.py "$accounts" "$work/proxy.port" >"$work/proxy.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$work/proxy.port" ] && break; sleep 0.1; done
proxy="http://127.0.0.1:$(cat "$work/proxy.port")"

# serve NAME UPSTREAM: starts a console (its URL is read with wait_for).
serve() {
  (cd "$root" && GRANTDESK_ADMIN_PASSWORD="$password" GRANTDESK_LOG_LEVEL=warning \
    exec "$bin" serve --http --host 127.0.0.1 --port 0 --max-connections-per-address 0 --data-dir "$work/$1" --resources "$root" \
      --upstream "$2" --upstream-token "$token") >"$work/$1.log" 2>&1 &
  pids+=($!)
}
serve console "$accounts"
console=$(wait_for "$work/console.log" 'http://127.0.0.1:[0-9]*' "${pids[-1]}")
serve counting "$proxy"
counting=$(wait_for "$work/counting.log" 'http://127.0.0.1:[0-9]*' "${pids[-1]}")
echo "console $console · counting console $counting (via $proxy)"

python3 scripts/bench/console-latency.py "$console" "$accounts" "$token" "$password" "$requests" "$target" "$counting" "$proxy"

# A snapshot of all 100,000 grants (issue #9): the time to take it and its stored size.
python3 scripts/bench/console-snapshot.py "$console" "$password" "$work/console"
