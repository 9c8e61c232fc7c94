#!/usr/bin/env bash
# Runs schemathesis against a live portal with the OpenAPI document it serves: every documented
# operation gets generated requests (valid and invalid), and every answer must be no 5xx and
# conform to the document (status, content type, headers, body schema).
# Usage: scripts/schemathesis.sh BASE_URL [extra schemathesis options]
#   The server should run with the rate limit off (ROTASIM_RATE_LIMIT=0) and a queue that
#   cannot fill (ROTASIM_MAX_QUEUED_TOTAL / ROTASIM_MAX_QUEUED_PER_USER high): a 503 "queue
#   full" is documented, but schemathesis counts every 5xx as a failure.
#   ST_MAX_EXAMPLES (default 25) bounds the cases per operation and so the run's time.
set -euo pipefail
base=${1:?usage: scripts/schemathesis.sh BASE_URL [options]}
shift
venv=${ROTASIM_VENV:-$HOME/.cache/rotasim/venv}
report=${ST_REPORT_DIR:-$(mktemp -d)}
exec "$venv/bin/schemathesis" run "$base/api/openapi.json" \
  --url "$base" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --phases examples,coverage,fuzzing \
  --max-examples "${ST_MAX_EXAMPLES:-25}" \
  --workers 2 \
  --seed "${ST_SEED:-1}" \
  --request-timeout 30 \
  --suppress-health-check all \
  --report junit --report-dir "$report" \
  --generation-database none \
  --no-color \
  "$@"
