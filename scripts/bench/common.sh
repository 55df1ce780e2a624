# Shared set-up of the console benchmarks (sourced, not run): the binary to
# time, a scratch folder, fresh bearer token and admin password, cleanup of
# every started process on exit, and wait_for.
#   bench_setup NAME   sets bin, work, token, password, pids; NAME names the scratch folder
#   GRANTDESK_BIN      use this binary instead of building a release one
bench_setup() {
  bin=${GRANTDESK_BIN:-}
  [ -n "$bin" ] || bin=$(bash scripts/build-release.sh)
  bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
  work=$(mktemp -d "${TMPDIR:-/tmp}/grantdesk-bench-$1.XXXXXX")
  token="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  pids=()
  trap bench_cleanup EXIT
}

bench_cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}

# wait_for LOG PATTERN PID: prints the first match of PATTERN in LOG.
wait_for() {
  local found=""
  for _ in $(seq 1 900); do
    found=$(grep -o "$2" "$1" | head -1 || true)
    [ -n "$found" ] && { echo "$found"; return 0; }
    kill -0 "$3" 2>/dev/null || { cat "$1" >&2; echo "process $3 exited" >&2; return 1; }
    sleep 0.1
  done
  cat "$1" >&2; echo "timed out waiting for $2" >&2; return 1
}
