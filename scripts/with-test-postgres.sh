#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL cluster: initdb in a temporary directory, the
# server on a free loopback port, GRANTDESK_TEST_DATABASE_URL pointing at it (the storage
# tests make one database per test there), and the cluster stopped and removed afterwards,
# whether the command passed or not. The command's exit status is this script's.
#   scripts/with-test-postgres.sh swift test --skip-build --no-parallel --filter Storage
# PostgreSQL refuses to run as root: as root, initdb and the server run as the unprivileged
# user `postgres` (Debian's package creates it; created here when missing).
set -euo pipefail
bin=${POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
[ -x "$bin/initdb" ] || { echo "PostgreSQL 15 is missing ($bin/initdb); run scripts/install-deps.sh test" >&2; exit 1; }

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  as_owner=(runuser -u postgres --)
fi

root=$(mktemp -d /tmp/grantdesk-pg.XXXXXX)
chmod 755 "$root"
[ ${#as_owner[@]} -eq 0 ] || chown postgres "$root"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$root/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$root"
}
trap stop EXIT

"${as_owner[@]}" "$bin/initdb" -D "$root/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$root/initdb.log" 2>&1 \
  || { cat "$root/initdb.log" >&2; exit 1; }
# fsync off: a throw-away cluster needs no durability. Enough connections for tests that
# each open a pool, in parallel.
"${as_owner[@]}" "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 \
  -o "-p $port -k $root -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null \
  || { cat "$root/server.log" >&2; exit 1; }

export GRANTDESK_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "Throw-away PostgreSQL on 127.0.0.1:$port ($root)"
status=0
"$@" || status=$?
exit $status
