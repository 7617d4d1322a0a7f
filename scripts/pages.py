#!/usr/bin/env python3
"""Server time and weight of the web pages, per role, on a seeded demo city.

Starts the release binary on a fresh SQLite database (or DB=postgres://… for a fresh
PostgreSQL database), writes `seed-demo --scale SCALE`, logs each demo account in through the
login form, and for every page of that account measures with wrk on loopback (one connection,
so the latency is the server's time for one page plus loopback) the median and 99th
percentile, and the page's weight: its HTML plus the stylesheet it links. Prints a Markdown
table.

    scripts/pages.py                      # SCALE=10000 DURATION=3
    SCALE=200 DURATION=1 scripts/pages.py

Needs wrk (apt-get install wrk) and Python's standard library only.
"""

import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.abspath(os.environ.get("BIN", os.path.join(ROOT, "target", "release", "wijkmatch")))
SCALE = os.environ.get("SCALE", "10000")
DURATION = os.environ.get("DURATION", "3")
PORT = int(os.environ.get("PORT", "18282"))
BASE = f"http://127.0.0.1:{PORT}"

# Pages by who sees them; `{…}` is filled from a link found on an earlier page.
PAGES = {
    "anyone": ["/", "/?wijk=9714", "/wijken/WK001404", "/initiatieven",
               "/initiatieven?wijk=WK001404", "{initiative}", "/inloggen", "/registreren"],
    "volunteer": ["/account", "/account/profiel", "/account/aanbod", "{offer}",
                  "/account/koppelingen", "/account/uren", "/account/gegevens"],
    "teamworker": ["/team", "/verzoeken/nieuw", "{request}", "/team/koppelronde",
                   "/wijken/WK001404/sociale-kaart", "/team/sleutelfiguren"],
    "coordinator": ["/account/initiatieven", "{own_initiative}"],
    "admin": ["/beheer/gebruikers", "/beheer/wij-teams"],
}
LINKS = {
    "initiative": r'href="(/initiatieven/[0-9a-f-]{36})"',
    "offer": r'href="(/account/aanbod/[0-9a-f-]{36})"',
    "request": r'href="(/verzoeken/[0-9a-f-]{36})"',
    "own_initiative": r'href="(/account/initiatieven/[0-9a-f-]{36}[^"]*)"',
}


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def wait_ready():
    for _ in range(300):
        try:
            urllib.request.urlopen(BASE + "/health", timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("the server did not start")


class Session:
    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        try:
            with self.opener.open(BASE + path, timeout=30) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def login(self, email, password):
        _, html = self.get("/inloggen")
        csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode(
            {"csrf": csrf, "email": email, "wachtwoord": password, "terug": ""}).encode()
        self.opener.open(urllib.request.Request(BASE + "/inloggen", data=data), timeout=30)

    def cookie_header(self):
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def measure(path, cookie):
    out = run(["wrk", "-t1", "-c1", f"-d{DURATION}s", "--latency", "-H", f"Cookie: {cookie}",
               BASE + path]).stdout
    def ms(label):
        m = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)\b", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    return ms("50"), ms("99")


def main():
    if not os.path.exists(BIN):
        run(["cargo", "build", "--release"], cwd=ROOT)
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    work = tempfile.mkdtemp()
    env = dict(os.environ, WIJKMATCH__SERVER__PORT=str(PORT), WIJKMATCH__LOG__LEVEL="warn")
    if os.environ.get("DB"):
        env["WIJKMATCH__DATABASE__URL"] = os.environ["DB"]
    else:
        env["WIJKMATCH__DATABASE__URL"] = f"sqlite://{work}/db.sqlite"
    seeded = run([BIN, "seed-demo", "--scale", SCALE, "--force"], cwd=work, env=env).stdout
    password = re.search(r"password for all: (.+)\):", seeded).group(1)
    server = subprocess.Popen([BIN], cwd=work, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_ready()
        css = 0
        rows = []
        for role, paths in PAGES.items():
            session = Session()
            if role != "anyone":
                session.login(f"demo-{role}@demo.wijkmatch.invalid", password)
            found = {}
            for path in paths:
                if path.startswith("{"):
                    key = path.strip("{}")
                    if key not in found:
                        rows.append((role, path, "no link found", "", "", ""))
                        continue
                    path = found[key]
                status, html = session.get(path)
                for key, pattern in LINKS.items():
                    m = re.search(pattern, html)
                    if m and key not in found:
                        found[key] = m.group(1)
                sheet = re.search(r'href="(/static/[^"]+\.css)"', html)
                if sheet and not css:
                    css = len(session.get(sheet.group(1))[1].encode())
                if status != 200:
                    rows.append((role, path, str(status), "", "", ""))
                    continue
                p50, p99 = measure(path, session.cookie_header())
                weight = len(html.encode()) + css
                rows.append((role, path, "200", f"{p50:.2f}", f"{p99:.2f}", f"{weight / 1024:.1f}"))
        print(f"scale {SCALE}, {DURATION} s per page, one connection\n")
        print("| who | page | status | p50 ms | p99 ms | HTML+CSS KB |")
        print("| --- | --- | --- | --- | --- | --- |")
        for row in rows:
            print("| " + " | ".join(row) + " |")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
