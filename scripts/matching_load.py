#!/usr/bin/env python3
"""Measure the matching endpoints against a seeded release server (the README's figures).

    scripts/matching_load.py                      # SQLite in a temporary directory
    DB=postgres://postgres@127.0.0.1:5432/wm_load scripts/matching_load.py

Env: SCALE (seed-demo scale, default 10000 = 50,000 offers and 20,000 open requests),
SAMPLES (suggestion calls, default 400), VOLUNTEERS (applicants for the accept test, 100),
THREADS (concurrent clients for the accept test, 32), PORT (18282), CITY (1: also time one
city-wide dry run, which takes minutes at scale 10,000; default 0).

Prints: seed time; GET /requests/{id}/suggestions latency (median, p99) one call at a time;
dry batch runs over one wijk and over the whole city, then one writing city-wide run;
accepts per second with many clients accepting applications at once, and a check of the
capacity invariant afterwards. Standard library only; needs a release build.
"""

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "wijkmatch")
SCALE = int(os.environ.get("SCALE", "10000"))
SAMPLES = int(os.environ.get("SAMPLES", "400"))
VOLUNTEERS = int(os.environ.get("VOLUNTEERS", "100"))
THREADS = int(os.environ.get("THREADS", "32"))
PORT = int(os.environ.get("PORT", "18282"))
CITY = os.environ.get("CITY", "0") == "1"
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "een lange zin als wachtwoord voor de meting"


def call(method, path, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=3600) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        raw = e.read()
        return e.code, (json.loads(raw) if raw else None)


def must(expected, result, what):
    status, body = result
    if status != expected:
        sys.exit(f"{what}: {status} {body}")
    return body


def login(email, password):
    body = must(200, call("POST", "/api/v1/auth/login", body={"email": email, "password": password}), "login")
    return body["access_token"]


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main():
    if not os.access(BIN, os.X_OK):
        subprocess.run(["cargo", "build", "--release"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="wm-matching-")
    env = dict(os.environ, WIJKMATCH__SERVER__PORT=str(PORT), WIJKMATCH__LOG__LEVEL="warn")
    db = os.environ.get("DB")
    if db:
        env["WIJKMATCH__DATABASE__URL"] = db
        name = db.rsplit("/", 1)[1]
        admin_url = db.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin_url, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
                        "-c", f"CREATE DATABASE {name}"], check=True, stdout=subprocess.DEVNULL)
    backend = "postgres" if db else "sqlite"

    started = time.time()
    seed = subprocess.run([BIN, "seed-demo", "--scale", str(SCALE)], cwd=work, env=env,
                          capture_output=True, text=True, check=True).stdout
    print(f"[{backend}] seed-demo --scale {SCALE}: {time.time() - started:.1f} s")
    print("  " + seed.splitlines()[1].strip())
    password = seed.split("password for all: ", 1)[1].split("):", 1)[0]

    server = subprocess.Popen([BIN], cwd=work, env=env, stdout=subprocess.DEVNULL,
                              stderr=open(os.path.join(work, "server.log"), "w"))
    try:
        for _ in range(400):
            try:
                if call("GET", "/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.05)
        admin = login("demo-admin@demo.wijkmatch.invalid", password)
        measure(admin, backend)
    finally:
        server.terminate()
        server.wait()


def measure(admin, backend):
    # Open request ids from the whole city (admins manage every request).
    ids, cursor = [], None
    while len(ids) < 2000:
        path = "/api/v1/requests?status=open&limit=200" + (f"&cursor={cursor}" if cursor else "")
        page = must(200, call("GET", path, admin), "list requests")
        ids += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    random.seed(7)
    sample = random.sample(ids, min(SAMPLES, len(ids)))

    times, sizes = [], []
    for rid in sample:
        t = time.perf_counter()
        body = must(200, call("GET", f"/api/v1/requests/{rid}/suggestions", admin), "suggestions")
        times.append((time.perf_counter() - t) * 1000)
        sizes.append(len(body["items"]))
    print(f"[{backend}] GET /requests/{{id}}/suggestions (limit 10), {len(times)} requests one at a time: "
          f"median {statistics.median(times):.1f} ms, p99 {pct(times, 99):.1f} ms, "
          f"mean items {statistics.mean(sizes):.1f}")

    def run(body):
        t = time.perf_counter()
        out = must(200, call("POST", "/api/v1/matching/runs", admin, body), "run")
        return (time.perf_counter() - t), out

    one_wijk = {"dry_run": True, "wijk_codes": ["WK001400"]}
    secs = []
    for _ in range(3):
        s, out = run(one_wijk)
        secs.append(s)
    print(f"[{backend}] dry run, one wijk (WK001400 Centrum): {min(secs):.2f} s best of 3 "
          f"(median {statistics.median(secs):.2f} s); {out['filled_places']} places, "
          f"{out['matched_requests']} requests, {len(out['unmatched'])} unmatched")
    if CITY:
        s, out = run({"dry_run": True})
        print(f"[{backend}] dry run, whole city: {s:.1f} s; {out['filled_places']} places, "
              f"{out['matched_requests']} requests, {len(out['unmatched'])} unmatched")
    s, out = run(dict(one_wijk, dry_run=False))
    written = sum(1 for p in out["proposals"] if "match_id" in p)
    print(f"[{backend}] writing run, one wijk: {s:.2f} s, {written} proposals written")

    accepts(admin, backend, ids)


def accepts(admin, backend, ids):
    """Volunteers apply to the requests their offers suit; many clients accept at once."""
    profile = {
        "wijk_code": "WK001400", "max_distance_km": 10, "skills": ["cooking", "cycling"],
        "languages": ["nl", "en"], "availability": [], "hours_per_week": 8,
        "modes": ["one_off", "recurring", "project"], "contact_preference": "propose",
    }
    offer = {
        "title": "Meting", "categories": ["groceries", "companionship", "transport", "paperwork",
                                          "informal_care"],
        "skills": ["cooking", "cycling"], "wijk_codes": [], "hours_per_week": 8, "max_matches": 3,
        "valid_until": "2099-01-01T00:00:00Z",
    }
    applied = []
    offers = []
    # Applicants spread over every wijk, so their applications spread over the city.
    wijken = [w["code"] for w in must(200, call("GET", "/api/v1/wijken"), "wijken")["items"]]

    def volunteer(i):
        email = f"meting-{i}-{random.randrange(1 << 30)}@example.org"
        must(201, call("POST", "/api/v1/auth/register", body={
            "email": email, "password": PASSWORD, "display_name": f"Meting {i}"}), "register")
        token = login(email, PASSWORD)
        must(200, call("PUT", "/api/v1/volunteers/me", token,
                       dict(profile, display_name=f"Meting {i}", wijk_code=wijken[i % len(wijken)])), "profile")
        o = must(201, call("POST", "/api/v1/offers", token, offer), "offer")
        sugg = must(200, call("GET", f"/api/v1/offers/{o['id']}/suggestions?limit=20", token), "offer suggestions")
        mine = []
        for r in sugg["items"]:
            st, m = call("POST", "/api/v1/matches", token, {"request_id": r["id"], "offer_id": o["id"]})
            if st == 201:
                mine.append((m["id"], r["id"]))
        return token, o["id"], mine

    with ThreadPoolExecutor(4) as pool:
        for token, oid, mine in pool.map(volunteer, range(VOLUNTEERS)):
            offers.append((token, oid))
            applied += mine
    random.shuffle(applied)
    outcomes = {}

    def accept(m):
        st, _ = call("POST", f"/api/v1/matches/{m[0]}/accept", admin, {})
        return st

    t = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        for st in pool.map(accept, applied):
            outcomes[st] = outcomes.get(st, 0) + 1
    secs = time.perf_counter() - t
    print(f"[{backend}] {len(applied)} accepts by {THREADS} concurrent clients: {secs:.2f} s, "
          f"{len(applied) / secs:.0f} accept calls/s, {outcomes.get(200, 0) / secs:.0f} confirmed/s; "
          f"outcomes {dict(sorted(outcomes.items()))}")

    # The invariant, read back through the API.
    broken = 0
    for rid in {r for _, r in applied}:
        r = must(200, call("GET", f"/api/v1/requests/{rid}", admin), "request")
        broken += r["places_held"] > r["helpers_needed"]
    for token, oid in offers:
        o = must(200, call("GET", f"/api/v1/offers/{oid}", token), "offer")
        broken += o["confirmed_matches"] > o["max_matches"]
    print(f"[{backend}] capacity invariant: {'held' if broken == 0 else f'BROKEN {broken} times'}")


if __name__ == "__main__":
    main()
