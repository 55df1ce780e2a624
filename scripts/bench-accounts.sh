#!/usr/bin/env bash
# The embedded accounts API at scale: 100,000 grants over 2,000 rooms and 5,000
# users, generated straight into a fresh data directory, then p50/p99 of every
# list call from a timed keep-alive client loop (scripts/bench/accounts-latency.py).
#   BENCH_ACCOUNTS_REQUESTS  requests per call kind (default 300)
#   GRANTDESK_BIN            use this binary instead of building a release one
set -euo pipefail
cd "$(dirname "$0")/.."

requests=${BENCH_ACCOUNTS_REQUESTS:-300}
bin=${GRANTDESK_BIN:-$(bash scripts/build-release.sh)}

data=$(mktemp -d "${TMPDIR:-/tmp}/grantdesk-bench-accounts.XXXXXX")
log="$data/server.log"
token="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$data"
}
trap cleanup EXIT

start=$(date +%s.%N)
"$bin" accounts-server --port 0 --data-dir "$data/db" --token "$token" --generate-bench-data >"$log" 2>&1 &
server_pid=$!
base=""
for _ in $(seq 1 600); do
  base=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1 || true)
  [ -n "$base" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; echo "accounts-server exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$base" ] || { cat "$log" >&2; echo "accounts-server did not start" >&2; exit 1; }
ready=$(date +%s.%N)
awk -v a="$start" -v b="$ready" -v u="$base" 'BEGIN { printf "generated 100k grants and started in %.1f s (%s)\n", b - a, u }'

python3 scripts/bench/accounts-latency.py "$base" "$token" "$requests" 50
