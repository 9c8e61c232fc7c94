#!/usr/bin/env bash
# Installs everything Rotasim needs to build, run and test, idempotently (skips what is there).
# Usage: scripts/setup.sh [--postgres] [--redis]
#   --postgres  also start the machine's PostgreSQL and create the test role/database
#   --redis     also install and start a loopback redis-server
# Sourcing is not needed: callers put end2end/node_modules/.bin on PATH themselves (see scripts/env.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

want_pg=0; want_redis=0
for a in "$@"; do
  case "$a" in
    --postgres) want_pg=1 ;;
    --redis) want_redis=1 ;;
    *) echo "setup.sh: unknown option $a" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
apt_updated=0
apt_install() {
  if [ $apt_updated = 0 ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# 1. WASM target
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. cargo-leptos 0.3.11 (its lock file needs a newer rustc than stable: built with nightly)
if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos 0.3.11" ]; then
  say "installing cargo-leptos 0.3.11 (about 20 minutes, once)"
  cargo +nightly install cargo-leptos --version 0.3.11 --locked
fi

# 3. wasm-bindgen CLI at exactly the version in Cargo.lock
WBG=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WBG" ]; then
  say "installing wasm-bindgen-cli $WBG (about 6 minutes, once)"
  cargo install wasm-bindgen-cli --version "$WBG"   # not --locked: see TOOLCHAIN.md
fi

# 4. npm packages: Playwright, binaryen (wasm-opt for release builds), echarts
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package.json -nt end2end/node_modules/.installed ]; then
  say "installing npm packages in end2end/"
  (cd end2end && npm install --ignore-scripts --no-audit --no-fund --loglevel=error && touch node_modules/.installed)
fi
if ! cmp -s end2end/node_modules/echarts/dist/echarts.min.js public/echarts.min.js; then
  cp end2end/node_modules/echarts/dist/echarts.min.js public/echarts.min.js
fi

# 4b. wasm-opt for cargo-leptos in a plain shell: cargo-leptos downloads binaryen unless a
# wasm-opt is on PATH, so a wrapper of npm's goes into ~/.cargo/bin (on PATH wherever rustup
# is). A wasm-opt of someone else's there is left alone.
shim="$HOME/.cargo/bin/wasm-opt"
if [ ! -e "$shim" ] || grep -q "rotasim scripts/setup.sh" "$shim" 2>/dev/null; then
  want="exec \"$ROOT/end2end/node_modules/.bin/wasm-opt\" \"\$@\""
  if ! grep -qF "$want" "$shim" 2>/dev/null; then
    mkdir -p "$(dirname "$shim")"
    printf '#!/bin/sh\n# Written by rotasim scripts/setup.sh: binaryen (npm) for cargo-leptos.\n%s\n' "$want" >"$shim"
    chmod +x "$shim"
  fi
fi

# 5. Debian's Chromium for Playwright (never a downloaded browser)
if [ ! -x /usr/bin/chromium ]; then
  say "installing chromium"
  apt_install chromium
fi

# 6. PostgreSQL for the Postgres half of the tests
if [ $want_pg = 1 ]; then
  if ! command -v pg_ctlcluster >/dev/null; then
    say "installing postgresql"
    apt_install postgresql
  fi
  ver=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
    say "starting PostgreSQL $ver"
    pg_lsclusters -h | grep -q "^$ver main" || $SUDO pg_createcluster "$ver" main >/dev/null
    $SUDO pg_ctlcluster "$ver" main start
  fi
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 0.5; done
  as_postgres psql -qtAc "SELECT 1 FROM pg_roles WHERE rolname='rotasim'" | grep -q 1 \
    || as_postgres psql -qc "CREATE ROLE rotasim LOGIN SUPERUSER PASSWORD 'rotasim'"
  as_postgres psql -qtAc "SELECT 1 FROM pg_database WHERE datname='rotasim_test'" | grep -q 1 \
    || as_postgres createdb -O rotasim rotasim_test
fi

# 7. Redis for the shared rate-limit tests
if [ $want_redis = 1 ]; then
  command -v redis-server >/dev/null || { say "installing redis-server"; apt_install redis-server; }
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    say "starting redis-server on 127.0.0.1:6379"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  fi
fi

# 8. schemathesis (PyPI) in a virtualenv of its own: scripts/test.sh runs it against a live server
ST_VERSION=4.32.5
ST_VENV=${ROTASIM_VENV:-$HOME/.cache/rotasim/venv}
if [ "$("$ST_VENV/bin/schemathesis" --version 2>/dev/null || true)" != "schemathesis, version $ST_VERSION" ]; then
  say "installing schemathesis $ST_VERSION in $ST_VENV"
  python3 -m venv "$ST_VENV" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$ST_VENV"; }
  "$ST_VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$ST_VERSION"
fi

say "toolchain ready in $ROOT"
