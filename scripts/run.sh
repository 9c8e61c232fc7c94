#!/usr/bin/env bash
# Runs the portal: installs the toolchain if needed, builds in release mode, serves with embedded SQLite.
# Env: LEPTOS_SITE_ADDR (default 127.0.0.1:3000), DATABASE_URL (default sqlite://data/rotasim.db), LOG_FORMAT, RUST_LOG.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
scripts/setup.sh
cargo leptos build --release --split
addr=${LEPTOS_SITE_ADDR:-127.0.0.1:3000}
export LEPTOS_SITE_ADDR=$addr
echo
echo "  Rotasim is starting at  http://$addr  (Ctrl-C to stop)"
echo
exec "$TARGET_DIR/release/rotasim"
