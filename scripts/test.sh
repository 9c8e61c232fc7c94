#!/usr/bin/env bash
# Runs every test: formatting and lints, cargo tests of both packages on SQLite and PostgreSQL
# (and the rate limit on Redis),
# then the Playwright suite in Debian's Chromium against a freshly built server on a free port,
# then schemathesis against another such server with the OpenAPI document it serves.
# Installs what it needs first (idempotent). Outside CI a missing PostgreSQL or Redis is reported
# as skipped.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
start=$(date +%s)
step() { printf '\n\033[1;35m==> %s\033[0m (%ss)\n' "$*" "$(( $(date +%s) - start ))"; }

step "setup"
pg_flag=--postgres
redis_flag=--redis
if [ "${CI:-}" != "true" ] && ! command -v pg_ctlcluster >/dev/null; then pg_flag=""; fi
if [ "${CI:-}" != "true" ] && ! command -v redis-server >/dev/null; then redis_flag=""; fi
scripts/setup.sh $pg_flag $redis_flag
if [ -n "$pg_flag" ]; then
  export ROTASIM_TEST_POSTGRES_URL=${ROTASIM_TEST_POSTGRES_URL:-postgres://rotasim:rotasim@127.0.0.1:5432/rotasim_test}
else
  echo "PostgreSQL is not installed here: the PostgreSQL half of the tests will be SKIPPED"
fi
if [ -n "$redis_flag" ]; then
  export ROTASIM_TEST_REDIS_URL=${ROTASIM_TEST_REDIS_URL:-redis://127.0.0.1:6379/}
else
  echo "redis-server is not installed here: the Redis half of the tests will be SKIPPED"
fi

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (engine, server, browser)"
cargo clippy -p rotasim-engine --all-targets -- -D warnings
cargo clippy -p rotasim-engine --lib --no-default-features --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p rotasim --features ssr --all-targets -- -D warnings
cargo clippy -p rotasim --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

step "cargo test: engine"
cargo test -p rotasim-engine --release

step "cargo test: portal (SQLite + PostgreSQL)"
test_dbs() {
  [ -n "${ROTASIM_TEST_POSTGRES_URL:-}" ] || return 0
  psql "$ROTASIM_TEST_POSTGRES_URL" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'rotasim\_t\_%' ORDER BY 1"
}
dbs_before=$(test_dbs)
cargo test -p rotasim --features ssr
# Each test drops the database it made: none of this run's may be left (another run's may be).
left=$(comm -13 <(echo "$dbs_before" | sort) <(test_dbs | sort) | sed '/^$/d')
if [ -n "$left" ]; then echo "test databases left behind:"; echo "$left"; exit 1; fi

step "build the site (release, fingerprinted and precompressed)"
cargo leptos build --release --precompress --split

step "Playwright end-to-end"
port=$(free_port)
workdir=$(mktemp -d)
log="$workdir/server.log"
# The suite submits more than the default 10 simulations a minute from one browser; the rate
# limit itself is tested by rate-limit.spec.ts on a server of its own.
DATABASE_URL="sqlite://$workdir/e2e.db" ROTASIM_RATE_LIMIT=1000 LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=${RUST_LOG:-info} \
  "$TARGET_DIR/release/rotasim" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
if ! wait_healthy "http://127.0.0.1:$port" 60; then cat "$log"; exit 1; fi
set +e
(cd end2end && ROTASIM_BASE_URL="http://127.0.0.1:$port" ROTASIM_BIN="$TARGET_DIR/release/rotasim" npx playwright test)
e2e=$?
set -e
if [ $e2e -ne 0 ]; then echo "--- server log ---"; tail -n 100 "$log"; exit $e2e; fi
# A panic in the server (even one a request survived) fails the run.
if grep -q "panicked" "$log"; then echo "--- the server panicked ---"; grep -B 30 -A 20 "panicked" "$log"; exit 1; fi

step "schemathesis: the API against its OpenAPI document"
# A server of its own: the rate limit off and a queue that cannot fill (every 5xx fails the run;
# "queue full" is a documented 503), its jobs one at a time on one thread.
st_port=$(free_port)
st_log="$workdir/schemathesis-server.log"
DATABASE_URL="sqlite://$workdir/schemathesis.db" ROTASIM_RATE_LIMIT=0 ROTASIM_MAX_QUEUED_TOTAL=1000000 \
  ROTASIM_MAX_QUEUED_PER_USER=1000000 ROTASIM_JOB_WORKERS=1 ROTASIM_JOB_THREADS=1 \
  LEPTOS_SITE_ADDR="127.0.0.1:$st_port" RUST_LOG=${RUST_LOG:-info} \
  "$TARGET_DIR/release/rotasim" >"$st_log" 2>&1 &
st_server=$!
trap 'kill $server $st_server 2>/dev/null || true; wait $server $st_server 2>/dev/null || true' EXIT
if ! wait_healthy "http://127.0.0.1:$st_port" 60; then cat "$st_log"; exit 1; fi
set +e
ST_REPORT_DIR="$workdir/schemathesis" ST_MAX_EXAMPLES=${ST_MAX_EXAMPLES:-100} \
  scripts/schemathesis.sh "http://127.0.0.1:$st_port"
st=$?
set -e
if [ $st -ne 0 ]; then echo "--- server log ---"; tail -n 100 "$st_log"; exit $st; fi
if grep -q "panicked" "$st_log"; then echo "--- the server panicked ---"; grep -B 30 -A 20 "panicked" "$st_log"; exit 1; fi

step "all tests passed"
