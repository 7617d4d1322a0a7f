#!/usr/bin/env bash
# Endpoint load test with wrk, on the machine's loopback only. Bounded: each run lasts
# DURATION seconds. Usage:
#   scripts/load.sh                         # SQLite in a temp dir
#   DB=postgres://postgres@127.0.0.1:5432/wm_load scripts/load.sh
# Env: SCALE (seed-demo scale, default 10000), DURATION (s, default 10), CONNECTIONS (32),
#      PORT (18181). Needs wrk (apt-get install wrk) and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${SCALE:-10000}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-18181}"
BIN="$PWD/target/release/wijkmatch"
[ -x "$BIN" ] || cargo build --release
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
if [ -n "${DB:-}" ]; then
    export WIJKMATCH__DATABASE__URL="$DB"
    dbname="${DB##*/}"
    psql "${DB%/*}/postgres" -qc "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" -c "CREATE DATABASE $dbname" >/dev/null
fi
export WIJKMATCH__SERVER__PORT="$PORT" WIJKMATCH__LOG__LEVEL=warn

# Start-up time to a ready /health on an empty database.
start=$(date +%s.%N)
"$BIN" >server.log 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.005; done
echo "start-up to /health: $(echo "$(date +%s.%N) - $start" | bc) s (empty database)"
kill "$server"; wait "$server" 2>/dev/null || true

"$BIN" seed-demo --scale "$SCALE" >seed.log
cat seed.log | head -2
password=$(sed -n 's/.*password for all: \(.*\)):/\1/p' seed.log)
"$BIN" >server.log 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.05; done
token=$(curl -sf -H 'content-type: application/json' \
    -d "{\"email\":\"demo-teamworker@demo.wijkmatch.invalid\",\"password\":\"$password\"}" \
    "http://127.0.0.1:$PORT/api/v1/auth/login" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')

run() {
    local name=$1 path=$2; shift 2
    printf '\n== %s  GET %s\n' "$name" "$path"
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "http://127.0.0.1:$PORT$path" \
        | grep -E 'Requests/sec|^ +50%|^ +99%|Non-2xx'
}
run health /health
run wijken /api/v1/wijken
run initiatives "/api/v1/initiatives?wijk=WK001404&q=tuin"
run initiatives-q-only "/api/v1/initiatives?q=buurt"
run social-map "/api/v1/wijken/WK001404/partners" -H "Authorization: Bearer $token"
run social-map-centrum "/api/v1/wijken/WK001400/partners" -H "Authorization: Bearer $token"
