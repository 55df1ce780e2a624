#!/usr/bin/env bash
# Browser tests in real headless Chromium (Tests/browser, pytest + Selenium + axe).
#
# Installs Chromium, chromedriver and the Python venv when missing (via
# install-deps.sh), builds grantdesk, starts the embedded accounts API
# (`grantdesk accounts-server`, demo data, a known token) and `grantdesk serve`
# over plain HTTP against it, each on a free port with temporary data, creates
# a reviewer, seeds hostile data, runs pytest, and stops both. Screenshots land in build/screenshots/. Extra arguments go to pytest
# (e.g. `-k pages` or `-x`). test_oidc.py starts its own OpenID provider (Tests/oidc) and a second
# console that signs in through it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh test
swift build --product grantdesk 2>&1 | tail -1
bin=$(swift build --show-bin-path)/grantdesk

work=$(mktemp -d "${TMPDIR:-/tmp}/grantdesk-browser.XXXXXX")
data="$work/data"
accounts="$work/accounts"
log="$work/serve.log"
accounts_log="$work/accounts.log"
mkdir -p "$data" "$accounts" build/screenshots
server_pid=""
accounts_pid=""
stop() {
  if [ -n "$1" ] && kill -0 "$1" 2>/dev/null; then
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}
cleanup() {
  stop "$server_pid"
  stop "$accounts_pid"
  rm -rf "$work"
}
trap cleanup EXIT

# Waits until `pattern` (an extended regex whose match ends with the URL) appears in `file`.
wait_for_url() {
  local file=$1 pattern=$2 pid=$3 found=""
  for _ in $(seq 1 300); do
    found=$(grep -oE "$pattern" "$file" | head -1 | grep -oE 'https?://[0-9.:]+' || true)
    [ -n "$found" ] && { echo "$found"; return 0; }
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$file" >&2
  return 1
}

# The embedded accounts API on its own, with a known token, so tests can seed through it.
api_token="test-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
"$bin" accounts-server --host 127.0.0.1 --port 0 --token "$api_token" --seed-demo --data-dir "$accounts" \
  >"$accounts_log" 2>&1 &
accounts_pid=$!
api_url=$(wait_for_url "$accounts_log" 'listening on https?://[0-9.:]+' "$accounts_pid") \
  || { echo "grantdesk accounts-server did not start" >&2; exit 1; }
echo "accounts API at $api_url"

admin_password="admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
reviewer_password="review-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

GRANTDESK_ADMIN_PASSWORD="$admin_password" "$bin" serve --http --host 127.0.0.1 --port 0 \
  --data-dir "$data" --resources . --upstream "$api_url" --upstream-token "$api_token" >"$log" 2>&1 &
server_pid=$!
url=$(wait_for_url "$log" 'running at https?://[0-9.:]+' "$server_pid") \
  || { echo "grantdesk serve did not start" >&2; exit 1; }
echo "console at $url"

printf '%s\n' "$reviewer_password" | "$bin" users add reviewer --role reviewer --data-dir "$data" >/dev/null
accounts_db="$accounts/accounts.sqlite"
.venv/bin/python Tests/browser/hostile.py "$accounts_db" "$api_url" "$api_token"

export GRANTDESK_BIN="$bin"
export GRANTDESK_URL="$url"
export GRANTDESK_ADMIN="admin:$admin_password"
export GRANTDESK_REVIEWER="reviewer:$reviewer_password"
export GRANTDESK_ACCOUNTS_DB="$accounts_db"
export GRANTDESK_API_URL="$api_url"
export GRANTDESK_API_TOKEN="$api_token"
export GRANTDESK_SCREENSHOTS="$PWD/build/screenshots"
status=0
(cd Tests/browser && ../../.venv/bin/python -m pytest -q -p no:cacheprovider "$@") || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- last lines of the server log ---"
  tail -n 30 "$log"
  echo "--- last lines of the accounts API log ---"
  tail -n 10 "$accounts_log"
fi
exit "$status"
