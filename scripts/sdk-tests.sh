#!/usr/bin/env bash
# MeshAgent's own Python client (PyPI meshagent-api, unchanged) against the embedded accounts API.
#
# Starts `grantdesk accounts-server` on a free port with temporary demo data and a bearer
# token given through --token-file, runs Tests/sdk with the venv .venv-sdk (Python >= 3.13,
# made by `install-deps.sh test`), and stops the server. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${GRANTDESK_BIN:-.build/debug/grantdesk}
if [ ! -x "$bin" ]; then
  swift build --product grantdesk 2>&1 | tail -1
  bin=$(swift build --show-bin-path)/grantdesk
fi
[ -x .venv-sdk/bin/python ] || bash scripts/install-deps.sh test

work=$(mktemp -d "${TMPDIR:-/tmp}/grantdesk-sdk.XXXXXX")
log="$work/accounts.log"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

token="sdk-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
(umask 077 && printf '# bearer tokens for the SDK tests\n%s\n' "$token" >"$work/tokens")
"$bin" accounts-server --host 127.0.0.1 --port 0 --token-file "$work/tokens" --seed-demo --data-dir "$work/data" \
  >"$log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 300); do
  url=$(grep -oE 'listening on http://[0-9.:]+' "$log" | head -1 | grep -oE 'http://[0-9.:]+' || true)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "grantdesk accounts-server did not start:" >&2
  cat "$log" >&2
  exit 1
fi
echo "accounts API at $url (meshagent-api $(.venv-sdk/bin/python -c 'import importlib.metadata as m; print(m.version("meshagent-api"))'))"

# The demo project's participant-token key (test_connect.py verifies minted tokens with it).
read -r key_id key_secret < <("$bin" accounts-server --data-dir "$work/data" --print-project-key default)
export GRANTDESK_SDK_URL="$url" GRANTDESK_SDK_TOKEN="$token" GRANTDESK_SDK_KEY_ID="$key_id" GRANTDESK_SDK_SECRET="$key_secret"
status=0
.venv-sdk/bin/python -m pytest -q -p no:cacheprovider Tests/sdk "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "sdk-tests: pytest collected no tests; that is a failure, not a pass" >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "--- last lines of the accounts API log ---"
  tail -n 20 "$log"
fi
exit "$status"
