#!/usr/bin/env bash
# What recording metrics costs: requests/s on /health (the cheapest route, so the worst case
# in relative terms) with metrics.enabled = true and = false, release build, two servers on
# loopback, measured in alternating runs so drift on a shared machine hits both alike.
# Usage: scripts/metrics_overhead.sh   Env: ROUNDS (16), DURATION (s, 4), CONNECTIONS (32).
# Short rounds, each an adjacent on/off pair: the median of the pairs' ratios is what counts.
# Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-16}"
DURATION="${DURATION:-4}"
CONNECTIONS="${CONNECTIONS:-32}"
BIN="$PWD/target/release/wijkmatch"
[ -x "$BIN" ] || cargo build --release --bin wijkmatch
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

start() { # name port enabled
    mkdir -p "$work/$1"
    (cd "$work/$1" && WIJKMATCH__SERVER__PORT="$2" WIJKMATCH__METRICS__ENABLED="$3" \
        WIJKMATCH__LOG__LEVEL=warn exec "$BIN" >server.log 2>&1) &
    pids+=($!)
    until curl -sf "http://127.0.0.1:$2/health" >/dev/null; do sleep 0.05; done
}
start on 18191 true
start off 18192 false

rps() { # port
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$1/health" \
        | awk '/Requests\/sec/ {print $2}'
}

# Warm both up, then alternate which one goes first.
wrk -t2 -c"$CONNECTIONS" -d2s "http://127.0.0.1:18191/health" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d2s "http://127.0.0.1:18192/health" >/dev/null
echo "round  metrics_on_rps  metrics_off_rps"
results="$work/results"
for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then
        on=$(rps 18191); off=$(rps 18192)
    else
        off=$(rps 18192); on=$(rps 18191)
    fi
    echo "$round      $on        $off" | tee -a "$results"
done
awk 'function median(a, n) { return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
{on[NR]=$2; off[NR]=$3; ratio[NR]=$2/$3} END {
    n=asort(on); asort(off); asort(ratio);
    printf "median req/s: on %.0f, off %.0f; median of the rounds\x27 on/off ratios %.4f: overhead %.2f %%\n",
        median(on, n), median(off, n), median(ratio, n), (1 - median(ratio, n)) * 100
}' "$results"
