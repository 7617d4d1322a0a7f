#!/usr/bin/env bash
# What recording metrics costs: requests/s on /health (the cheapest route, so the worst case
# in relative terms) with metrics.enabled = true and = false, release build, two servers on
# loopback, measured in alternating runs so drift on a shared machine hits both alike.
# Usage: scripts/metrics_overhead.sh   Env: ROUNDS (16), DURATION (s, 4), CONNECTIONS (32).
# Short rounds, each an adjacent on/off pair: the median of the pairs' ratios is what counts.
# Besides requests/s it reports the server's CPU time per request (from /proc), which other
# work on a shared machine disturbs far less than throughput.
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

cpu_ticks() { # pid: user + system time so far, in clock ticks
    awk '{print $14 + $15}' "/proc/$1/stat"
}

measure() { # port pid -> "requests/s cpu-microseconds-per-request"
    local before after out
    before=$(cpu_ticks "$2")
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$1/health")
    after=$(cpu_ticks "$2")
    awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
        / requests in / {n = $1}
        /Requests\/sec/ {rps = $2}
        END {printf "%s %.2f", rps, ticks / hz * 1e6 / n}' <<<"$out"
}

# Warm both up, then alternate which one goes first.
wrk -t2 -c"$CONNECTIONS" -d2s "http://127.0.0.1:18191/health" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d2s "http://127.0.0.1:18192/health" >/dev/null
echo "round  on_rps  on_cpu_us_per_request  off_rps  off_cpu_us_per_request"
results="$work/results"
for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then
        on=$(measure 18191 "${pids[0]}"); off=$(measure 18192 "${pids[1]}")
    else
        off=$(measure 18192 "${pids[1]}"); on=$(measure 18191 "${pids[0]}")
    fi
    echo "$round $on $off" | tee -a "$results"
done
awk 'function median(a, n) { return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2 }
{rps[NR] = $2 / $4; cpu[NR] = $3 / $5} END {
    n = asort(rps); asort(cpu);
    printf "throughput: median on/off ratio %.4f -> overhead %.2f %%\n", median(rps, n), (1 - median(rps, n)) * 100
    printf "server CPU per request: median on/off ratio %.4f -> overhead %.2f %%\n", median(cpu, n), (median(cpu, n) - 1) * 100
}' "$results"
