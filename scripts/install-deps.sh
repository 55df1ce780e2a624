#!/usr/bin/env bash
# Installs what GrantDesk needs on a fresh Debian machine with the Swift toolchain.
#   install-deps.sh build    C libraries for building (OpenSSL, zlib, SQLite, libcurl, libpq, pkg-config)
#   install-deps.sh test     build + Chromium/chromedriver for browser tests + PostgreSQL (a throw-away
#                            cluster for the storage tests) + a Python venv (.venv)
#                            + a Python >= 3.13 venv with MeshAgent's SDK for the SDK tests (.venv-sdk)
#   install-deps.sh bench    build + wrk, nginx, slowhttptest, testssl
# System packages come from apt-get (only when missing; only as root); Python tools go into .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

want=(libssl-dev zlib1g-dev libsqlite3-dev libcurl4-openssl-dev libpq-dev pkg-config)
case "${1:-build}" in
  build) ;;
  test)  want+=(chromium chromium-driver openssl curl postgresql) ;;
  bench) want+=(wrk nginx slowhttptest testssl.sh openssl curl) ;;
  *) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages: ${missing[*]}. Install them (as root): apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# venv DIR MINOR REQUIREMENTS WHY: a venv in DIR on Python >= 3.MINOR (on PATH or under pyenv),
# made anew when missing or too old, with REQUIREMENTS installed from PyPI.
venv() {
  local dir=$1 minor=$2 requirements=$3 why=$4 py="" candidate
  for candidate in "python3.$minor" /root/.pyenv/versions/3."$minor"*/bin/python3 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import sys; sys.exit(sys.version_info < (3, $minor))" 2>/dev/null; then
      py=$(command -v "$candidate"); break
    fi
  done
  [ -n "$py" ] || { echo "Python >= 3.$minor is needed for $why" >&2; exit 1; }
  if [ ! -x "$dir/bin/python" ] || ! "$dir/bin/python" -c "import sys; sys.exit(sys.version_info < (3, $minor))"; then
    rm -rf "$dir"
    "$py" -m venv "$dir"
  fi
  "$dir/bin/pip" install -q --disable-pip-version-check -r "$requirements"
}

if [ "${1:-build}" = test ]; then
  # Selenium 4.51 (4.52 wants a newer certifi than the registry serves) and axe-selenium-python 3.0
  # (bundles axe-core, works offline; needs Python >= 3.12).
  venv .venv 12 Tests/browser/requirements.txt "the browser tests (axe-selenium-python)"
  # MeshAgent's SDK (meshagent-api 0.40.0) needs Python >= 3.13.
  venv .venv-sdk 13 Tests/sdk/requirements.txt "the SDK tests (meshagent-api)"
fi
