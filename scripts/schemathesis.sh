#!/usr/bin/env bash
# Runs schemathesis against a live portal with the OpenAPI document it serves: every documented
# operation gets generated requests (valid and invalid), and every answer must be no 5xx and
# conform to the document (status, content type, headers, body schema).
# Usage: scripts/schemathesis.sh BASE_URL [extra schemathesis options]
#   The server should run with the rate limit off (ROTASIM_RATE_LIMIT=0) and a queue that
#   cannot fill (ROTASIM_MAX_QUEUED_TOTAL / ROTASIM_MAX_QUEUED_PER_USER high): a 503 "queue
#   full" is documented, but schemathesis counts every 5xx as a failure.
#   ST_MAX_EXAMPLES (default 25) bounds the cases per operation and so the run's time.
# Two passes: every operation with generated ids (mostly 404s for the id-taking ones), then the
# id-taking operations on real resources made first by one session (a completed simulation with
# stat weights, a rotation, a character, a share link), sent with that session's cookie.
set -euo pipefail
base=${1:?usage: scripts/schemathesis.sh BASE_URL [options]}
shift
here=$(cd "$(dirname "$0")" && pwd)
venv=${ROTASIM_VENV:-$HOME/.cache/rotasim/venv}
report=${ST_REPORT_DIR:-$(mktemp -d)}
mkdir -p "$report"

st() {
  "$venv/bin/schemathesis" "$@" \
    --url "$base" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing \
    --max-examples "${ST_MAX_EXAMPLES:-25}" \
    --workers 2 \
    --seed "${ST_SEED:-1}" \
    --request-timeout 30 \
    --suppress-health-check all \
    --generation-database none \
    --no-color
}

# The real resources, made by one session.
jar="$report/cookies.txt"
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
post() { curl -fsS -b "$jar" -c "$jar" -H 'content-type: application/json' -X POST "$base$1" -d "$2"; }
export ST_JOB ST_ROTATION ST_CHARACTER ST_TOKEN
ST_JOB=$(post /api/simulations '{"rotationId":"fire_mage","duration":60,"iterations":40,"fightType":"patchwerk","statWeights":true,"seed":1}' | json '["jobId"]')
ST_ROTATION=$(post /api/rotations '{"specId":"fire_mage","name":"Seeded","apl":"actions=fireball"}' | json '["id"]')
ST_CHARACTER=$(post /api/characters '{"specId":"fire_mage","name":"Seeded","character":{"crit":5000}}' | json '["id"]')
status=""
for _ in $(seq 1 600); do
  status=$(curl -fsS -b "$jar" "$base/api/simulations/$ST_JOB" | json '["status"]')
  [ "$status" = completed ] && break
  sleep 0.5
done
[ "$status" = completed ] || { echo "the seeded simulation did not complete ($status)" >&2; exit 1; }
ST_TOKEN=$(post "/api/simulations/$ST_JOB/share" '' | json '["token"]')
cookie=$(awk '$6 == "rotasim_session" {print $6 "=" $7}' "$jar")

echo "== pass 1: every operation, generated ids"
st run "$base/api/openapi.json" --report junit --report-junit-path "$report/all.xml" "$@"
echo "== pass 2: the operations on one session's resources"
st --config-file "$here/schemathesis.toml" run "$base/api/openapi.json" \
  --include-path-regex '\{(id|token)\}' -H "Cookie: $cookie" \
  --report junit --report-junit-path "$report/seeded.xml" "$@"
