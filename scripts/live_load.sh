#!/usr/bin/env bash
# Suggestions from the live index against suggestions from the tables, on one seeded
# database, with wrk on the loopback. For each mode: start-up time to the first answered
# suggestions call (the index is built by then), the server's RSS, then
# GET /requests/{id}/suggestions?limit=10 and /health in the same run, as requests/s.
# Usage:
#   scripts/live_load.sh                                   # SQLite in a temp dir
#   DB=postgres://postgres@127.0.0.1:5432/wm_live scripts/live_load.sh
# Env: SCALE (seed-demo scale, default 10000), DURATION (s, default 10), CONNECTIONS (32),
#      PORT (18182), BIN (default target/release/wijkmatch). Needs wrk and a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${SCALE:-10000}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-18182}"
BIN="${BIN:-$PWD/target/release/wijkmatch}"
[ -x "$BIN" ] || cargo build --release
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
if [ -n "${DB:-}" ]; then
    export WIJKMATCH__DATABASE__URL="$DB"
    dbname="${DB##*/}"
    psql "${DB%/*}/postgres" -qc "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" -c "CREATE DATABASE $dbname" >/dev/null
fi
export WIJKMATCH__SERVER__PORT="$PORT"
# The build's own line, nothing per request.
export WIJKMATCH__LOG__LEVEL="warn,wijkmatch::service::live=info"

"$BIN" seed-demo --scale "$SCALE" >seed.log
head -2 seed.log
password=$(sed -n 's/.*password for all: \(.*\)):/\1/p' seed.log)
url="http://127.0.0.1:$PORT"

measure() {
    local live=$1
    export WIJKMATCH__MATCHING__LIVE_INDEX="$live"
    local start
    start=$(date +%s.%N)
    "$BIN" >"server-$live.log" 2>&1 &
    server=$!
    until curl -sf "$url/health" >/dev/null; do sleep 0.01; done
    local ready
    ready=$(echo "$(date +%s.%N) - $start" | bc)
    local token
    token=$(curl -sf -H 'content-type: application/json' \
        -d "{\"email\":\"demo-admin@demo.wijkmatch.invalid\",\"password\":\"$password\"}" \
        "$url/api/v1/auth/login" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
    local request
    request=$(curl -sf -H "Authorization: Bearer $token" "$url/api/v1/requests?status=open&limit=1" \
        | sed -n 's/^{"items":\[{"id":"\([^"]*\)".*/\1/p')
    curl -sf -o /dev/null -H "Authorization: Bearer $token" "$url/api/v1/requests/$request/suggestions?limit=10"
    local first
    first=$(echo "$(date +%s.%N) - $start" | bc)
    sleep 1
    printf '\n== live_index=%s\n' "$live"
    echo "start-up: /health after $ready s, first suggestions answered after $first s"
    sed 's/\x1b\[[0-9;]*m//g' "server-$live.log" | grep -o 'live index built.*' || true
    echo "RSS after start: $(ps -o rss= -p "$server") KiB"
    local path="/api/v1/requests/$request/suggestions?limit=10"
    local health sugg
    health=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$url/health" | sed -n 's/Requests\/sec: *//p')
    sugg=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "Authorization: Bearer $token" --latency "$url$path" \
        | tee wrk.out | sed -n 's/Requests\/sec: *//p')
    grep -E '^ +(50|99)%|Non-2xx' wrk.out || true
    echo "health: $health req/s; suggestions: $sugg req/s; ratio $(echo "scale=4; $sugg / $health" | bc)"
    echo "RSS after load: $(ps -o rss= -p "$server") KiB"
    kill "$server"; wait "$server" 2>/dev/null || true
    server=
}
measure false
measure true
