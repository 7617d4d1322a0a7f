#!/usr/bin/env python3
"""Read a running server's /metrics with Prometheus' own Python parser and check that the
counters move with traffic. Usage: check_metrics.py http://127.0.0.1:PORT

Exits non-zero, saying why, when the text does not parse, a metric is missing or has the
wrong type, or the request counter does not count requests.
"""
import sys
import time
import urllib.error
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

EXPECTED = {
    "wijkmatch_http_requests": "counter",
    "wijkmatch_http_request_duration_seconds": "histogram",
    "wijkmatch_db_pool_max_connections": "gauge",
    "wijkmatch_db_pool_connections": "gauge",
    "wijkmatch_db_pool_idle_connections": "gauge",
    "wijkmatch_db_pool_wait_seconds": "histogram",
    "wijkmatch_db_pool_timeouts": "counter",
    "wijkmatch_db_writer_lock_wait_seconds": "histogram",
    "wijkmatch_db_storage_full_errors": "counter",
    "wijkmatch_storage_full": "gauge",
    "wijkmatch_job_runs": "counter",
    "wijkmatch_job_failures": "counter",
    "wijkmatch_job_last_run_timestamp_seconds": "gauge",
    "wijkmatch_job_last_success_timestamp_seconds": "gauge",
    "wijkmatch_job_last_duration_seconds": "gauge",
}


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode()


def scrape(base):
    status, content_type, text = get(base + "/metrics")
    if status != 200 or not content_type.startswith("text/plain; version=0.0.4"):
        sys.exit(f"/metrics answered {status} {content_type!r}")
    # Raises on anything that is not the text format.
    return {f.name: f for f in text_string_to_metric_families(text)}, text


def requests_to(families, route, status):
    family = families["wijkmatch_http_requests"]
    return sum(
        s.value
        for s in family.samples
        if s.name == "wijkmatch_http_requests_total"
        and s.labels.get("route") == route
        and s.labels.get("status") == status
    )


def wait_until_up(base, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            if get(base + "/health")[0] == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"{base}/health did not answer within {seconds} s")
        time.sleep(0.1)


def main():
    base = sys.argv[1].rstrip("/")
    wait_until_up(base)
    before, _ = scrape(base)
    for _ in range(5):
        get(base + "/health")
    get(base + "/no-such-page/12345")
    after, text = scrape(base)

    problems = []
    for name, kind in EXPECTED.items():
        family = after.get(name)
        if family is None:
            problems.append(f"missing: {name}")
        elif family.type != kind:
            problems.append(f"{name} is a {family.type}, not a {kind}")
    health = requests_to(after, "/health", "200") - requests_to(before, "/health", "200")
    if health != 5:
        problems.append(f"/health counted {health} times, not 5")
    if requests_to(after, "unmatched", "404") < 1:
        problems.append("the unknown path was not counted as `unmatched`")
    if "12345" in text or "no-such-page" in text:
        problems.append("a raw path leaked into a label")
    if problems:
        sys.exit("metrics check failed:\n  " + "\n  ".join(problems))
    samples = sum(len(f.samples) for f in after.values())
    print(f"metrics parsed by prometheus_client: {len(after)} families, {samples} samples; "
          "counters move")


if __name__ == "__main__":
    main()
