# Sourced by the run and test scripts: paths every step shares.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$ROOT/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Honour a caller's CARGO_TARGET_DIR (CI keeps one under ~/.cache); default ./target.
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
# Where the server finds its site; the binary reads these at start.
export LEPTOS_OUTPUT_NAME=rotasim LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg LEPTOS_ENV=PROD

# free_port: prints a free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_healthy URL SECONDS: polls URL/healthz until it answers.
wait_healthy() {
  local url=$1 secs=${2:-60}
  for _ in $(seq 1 $((secs * 4))); do
    curl -fsS "$url/healthz" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  echo "server at $url did not become healthy in ${secs}s" >&2
  return 1
}
