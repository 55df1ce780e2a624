#!/usr/bin/env bash
# Browser tests in real headless Chromium (Tests/browser, pytest + Selenium + axe).
#
# Installs Chromium, chromedriver and the Python venv when missing (via
# install-deps.sh), builds grantdesk, starts `grantdesk serve` over plain HTTP
# on a free port with a temporary data directory, creates a reviewer, seeds
# hostile data into the embedded accounts API, runs pytest, and stops the
# server. Screenshots land in build/screenshots/. Extra arguments go to pytest
# (e.g. `-k pages` or `-x`).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh test
swift build --product grantdesk 2>&1 | tail -1
bin=$(swift build --show-bin-path)/grantdesk

work=$(mktemp -d "${TMPDIR:-/tmp}/grantdesk-browser.XXXXXX")
data="$work/data"
log="$work/serve.log"
mkdir -p "$data" build/screenshots
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

admin_password="admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
reviewer_password="review-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

GRANTDESK_ADMIN_PASSWORD="$admin_password" "$bin" serve --http --host 127.0.0.1 --port 0 \
  --data-dir "$data" --resources . >"$log" 2>&1 &
server_pid=$!

url=""
for _ in $(seq 1 200); do
  url=$(grep -o 'running at http://[0-9.:]*' "$log" | head -1 | sed 's/running at //' || true)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; echo "grantdesk serve exited" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$log" >&2; echo "grantdesk serve did not start" >&2; exit 1; }
echo "console at $url"

printf '%s\n' "$reviewer_password" | "$bin" users add reviewer --role reviewer --data-dir "$data" >/dev/null
accounts_db="$data/embedded-accounts/accounts.sqlite"
.venv/bin/python Tests/browser/hostile.py "$accounts_db"

export GRANTDESK_URL="$url"
export GRANTDESK_ADMIN="admin:$admin_password"
export GRANTDESK_REVIEWER="reviewer:$reviewer_password"
export GRANTDESK_ACCOUNTS_DB="$accounts_db"
export GRANTDESK_SCREENSHOTS="$PWD/build/screenshots"
status=0
(cd Tests/browser && ../../.venv/bin/python -m pytest -q -p no:cacheprovider "$@") || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- last lines of the server log ---"
  tail -n 30 "$log"
fi
exit "$status"
