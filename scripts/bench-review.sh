#!/usr/bin/env bash
# The whole-project views at 100,000 grants (issue #9, "Speed"): the full
# "who can" answer (page and JSON download), the risk view and the access
# matrix, each timed end to end through the console against the embedded
# accounts API (--generate-bench-data), next to this benchmark's own client
# reading every grant page once, sequentially, straight from the API.
# Target: who-can p50 < 2 s and no slower than that sequential read.
#   BENCH_REVIEW_RUNS  timed runs per measurement (default 7)
#   GRANTDESK_BIN      use this binary instead of building a release one
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

runs=${BENCH_REVIEW_RUNS:-7}
# shellcheck source=bench/common.sh
source scripts/bench/common.sh
bench_setup review

"$bin" accounts-server --port 0 --data-dir "$work/accounts" --token "$token" --generate-bench-data >"$work/accounts.log" 2>&1 &
pids+=($!)
accounts=$(wait_for "$work/accounts.log" 'http://127.0.0.1:[0-9]*' "$!")
(cd "$root" && GRANTDESK_ADMIN_PASSWORD="$password" GRANTDESK_LOG_LEVEL=warning \
  exec "$bin" serve --http --host 127.0.0.1 --port 0 --data-dir "$work/console" --resources "$root" \
    --upstream "$accounts" --upstream-token "$token") >"$work/console.log" 2>&1 &
pids+=($!)
console=$(wait_for "$work/console.log" 'http://127.0.0.1:[0-9]*' "${pids[-1]}")
echo "accounts API $accounts (100,000 grants) · console $console"

python3 scripts/bench/review-latency.py "$console" "$accounts" "$token" "$password" "$runs"
