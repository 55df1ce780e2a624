#!/usr/bin/env python3
"""Timed client loop against the embedded accounts API (GrantDesk bench).

One keep-alive HTTP/1.1 connection, requests sent one after another, each
timed from send to last body byte. Parameters (offsets, users, rooms) come
from a seeded random generator, so runs are repeatable. Prints p50/p99 per
call kind and exits 1 if any p50 is over the target.
"""
import http.client
import json
import random
import sys
import time
import urllib.parse

base, token = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 300
target_ms = float(sys.argv[4]) if len(sys.argv) > 4 else 50.0
url = urllib.parse.urlsplit(base)
connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
headers = {"Authorization": "Bearer " + token}
project = "/accounts/projects/default"
rng = random.Random(20261123)


def user():
    return "bench-user-%04d" % rng.randrange(5000)


def room():
    return "bench-room-%04d" % rng.randrange(2000)


kinds = [
    ("list (limit 50, random offset)", lambda: f"{project}/room-grants?limit=50&offset={rng.randrange(0, 99950)}&order_by=room_name"),
    ("list by user_id (limit 50)", lambda: f"{project}/room-grants?limit=50&offset={rng.randrange(0, 99950)}&order_by=user_id"),
    ("list, first page (limit 500)", lambda: f"{project}/room-grants?limit=500&offset=0"),
    ("by user (limit 100)", lambda: f"{project}/room-grants/by-user/{user()}?limit=100&offset=0&order_by=room_name"),
    ("by user, filtered", lambda: f"{project}/room-grants/by-user/{user()}?limit=100&offset=0&filter=room-1"),
    ("by room (limit 50)", lambda: f"{project}/room-grants/by-room/{room()}?limit=50&offset=0"),
    ("rooms with counts (limit 50)", lambda: f"{project}/room-grants/by-room?limit=50&offset={rng.randrange(0, 1950)}"),
    ("users with counts (limit 100)", lambda: f"{project}/room-grants/by-user?limit=100&offset={rng.randrange(0, 4900)}"),
    ("users with counts, filtered", lambda: f"{project}/room-grants/by-user?limit=100&offset=0&filter=person{rng.randrange(100)}"),
]


def timed(path):
    start = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status} {body[:200]!r}")
    return elapsed, body


# Sanity: the data set is the one we think it is.
_, body = timed(f"{project}/room-grants?limit=1")
total = json.loads(body)["total"]
print(f"data set: {total} grants")

worst = 0.0
print(f"{'call':34} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
for name, make in kinds:
    for _ in range(10):  # warm-up
        timed(make())
    samples = sorted(timed(make())[0] for _ in range(count))
    p50 = samples[len(samples) // 2]
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    worst = max(worst, p50)
    print(f"{name:34} {count:>5} {p50:>8.2f} {p99:>8.2f} {samples[-1]:>8.2f}")
print(f"target: every p50 < {target_ms:.0f} ms -> {'met' if worst < target_ms else 'NOT met'}")
sys.exit(0 if worst < target_ms else 1)
