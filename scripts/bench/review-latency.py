#!/usr/bin/env python3
"""Whole-project views at 100,000 grants (issue #9, "Speed").

Usage: review-latency.py CONSOLE_URL ACCOUNTS_URL TOKEN PASSWORD RUNS

Baseline: this client reads every grant page (500 grants each) once,
sequentially, on one keep-alive connection straight from the accounts API,
and parses each page's JSON. Then, signed in to the console, it times RUNS
loads of each whole-project view (after one warm-up), send to last byte,
checking each answer covers every grant. Prints p50/min/max per
measurement, and exits 1 if the who-can p50 is 2 s or more, or slower than
the sequential read's p50.
"""
import http.client
import json
import re
import sys
import time
import urllib.parse

console, accounts, token, password = sys.argv[1:5]
runs = int(sys.argv[5]) if len(sys.argv) > 5 else 7
PID = "default"


def connect(base):
    url = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(url.hostname, url.port, timeout=120)


class Browser:
    """One keep-alive connection with a cookie jar (the cookies are
    __Host- prefixed, which http.cookiejar will not send over plain HTTP)."""

    def __init__(self, base):
        self.base = base
        self.connection = connect(base)
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, cookie = value.split(";", 1)[0].partition("=")
            if cookie:
                self.cookies[name.strip()] = cookie.strip()
            else:
                self.cookies.pop(name.strip(), None)
        if response.will_close:
            self.connection.close()
            self.connection = connect(self.base)
        return response.status, data

    def sign_in(self):
        status, page = self.request("GET", "/login")
        match = re.search(rb'name="csrf"\s+value="([^"]+)"', page) or re.search(rb'value="([^"]+)"\s+name="csrf"', page)
        if status != 200 or not match:
            raise SystemExit(f"GET /login: HTTP {status}, csrf field {'found' if match else 'missing'}")
        form = urllib.parse.urlencode({"username": "admin", "password": password, "csrf": match.group(1).decode()})
        status, body = self.request("POST", "/login", body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Origin": self.base})
        if status not in (302, 303):
            raise SystemExit(f"POST /login: HTTP {status} {body[:300]!r}")


def sequential_read():
    """Every grant page once, in order, parsed; returns (seconds, grants)."""
    connection = connect(accounts)
    start = time.perf_counter()
    offset, total = 0, None
    while total is None or offset < total:
        connection.request("GET", f"/accounts/projects/{PID}/room-grants?limit=500&offset={offset}&order_by=room_name",
                           headers={"Authorization": "Bearer " + token})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"accounts: HTTP {response.status}")
        page = json.loads(body)
        total = page["total"]
        if not page["room_grants"]:
            break
        offset += len(page["room_grants"])
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed, offset


def stats(samples):
    samples = sorted(samples)
    return samples[len(samples) // 2], samples[0], samples[-1]


baseline = []
grants = 0
sequential_read()  # warm-up
for _ in range(runs):
    seconds, grants = sequential_read()
    baseline.append(seconds)
print(f"{'measurement':44} {'n':>3} {'p50 s':>7} {'min s':>7} {'max s':>7} {'bytes':>10}")
base50, base_min, base_max = stats(baseline)
print(f"{'client: every grant page once, sequential':44} {runs:>3} {base50:>7.3f} {base_min:>7.3f} {base_max:>7.3f} {'':>10}  ({grants} grants)")

p = f"/projects/{PID}"
who = f"{p}/access?ask=who&check=containers.can_pull&tag=docker.io%2Flibrary%2Fpython%3A3.12"
measurements = [
    ("who can: answer page", who, "grants of the project"),
    ("who can: JSON download (whole answer)", who + "&format=json", "grants_checked"),
    ("who can: CSV download (whole answer)", who + "&format=csv", "room_id"),
    ("risks: page", f"{p}/risks", "grants of the project"),
    ("risks: CSV", f"{p}/risks?format=csv", "worst_flag"),
    ("matrix: first window (50 rooms x 200 users)", f"{p}/matrix", "matrix-room"),
    ("matrix: deep window", f"{p}/matrix?rooms_page=30&users_page=20", "matrix-room"),
    ("matrix: filtered", f"{p}/matrix?rooms_q=bench-room-01&users_q=person1", "matrix-room"),
]
browser = Browser(console)
browser.sign_in()
results = {}
for name, path, marker in measurements:
    status, body = browser.request("GET", path)
    if status != 200 or marker.encode() not in body:
        raise SystemExit(f"{name}: GET {path}: HTTP {status} {body[:300]!r}")
    if "format=json" in path:
        answer = json.loads(body)
        if answer["grants_checked"] != grants:
            raise SystemExit(f"{name}: checked {answer['grants_checked']} of {grants} grants")
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        status, body = browser.request("GET", path)
        samples.append(time.perf_counter() - start)
        if status != 200:
            raise SystemExit(f"{name}: HTTP {status}")
    p50, low, high = stats(samples)
    results[name] = p50
    print(f"{name:44} {runs:>3} {p50:>7.3f} {low:>7.3f} {high:>7.3f} {len(body):>10}", flush=True)

who50 = results["who can: answer page"]
json50 = results["who can: JSON download (whole answer)"]
ok = who50 < 2.0 and who50 <= base50 and json50 <= base50
print(f"target: who-can p50 < 2 s and no slower than the sequential read ({base50:.3f} s): "
      f"page {who50:.3f} s ({who50 / base50:.2f}x), JSON {json50:.3f} s ({json50 / base50:.2f}x) -> {'met' if ok else 'NOT met'}")
sys.exit(0 if ok else 1)
