"""Times one snapshot of the whole 100,000-grant bench project through the
console (POST /projects/default/snapshots, then the snapshot's page until it
says complete) and prints the time, the grants stored and the stored size:
the snapshot's own count of the bytes it added, and how much console.sqlite
(with its WAL) grew.
usage: console-snapshot.py CONSOLE_URL ADMIN_PASSWORD CONSOLE_DATA_DIR"""
import http.client
import os
import re
import sys
import time
import urllib.parse

console, password, data_dir = sys.argv[1:4]
PID = "default"
url = urllib.parse.urlsplit(console)
cookies = {}


def request(method, path, form=None):
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=600)
    headers = {"Origin": console}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    for value in response.headers.get_all("Set-Cookie") or []:
        name, _, cookie = value.split(";", 1)[0].partition("=")
        if cookie:
            cookies[name.strip()] = cookie.strip()
    connection.close()
    return response.status, response.headers, data.decode("utf-8", "replace")


def csrf(page):
    match = re.search(r'name="csrf"\s+value="([^"]+)"', page)
    if not match:
        raise SystemExit("no csrf field")
    return match.group(1)


def database_size():
    return sum(os.path.getsize(os.path.join(data_dir, name)) for name in os.listdir(data_dir)
               if name.startswith("console.sqlite") and not name.endswith(".lock"))


status, _, page = request("GET", "/login")
status, _, _ = request("POST", "/login", {"username": "admin", "password": password, "csrf": csrf(page)})
if status not in (302, 303):
    raise SystemExit(f"sign-in failed: HTTP {status}")
status, _, page = request("GET", f"/projects/{PID}/snapshots")
before = database_size()
start = time.monotonic()
status, headers, _ = request("POST", f"/projects/{PID}/snapshots", {"csrf": csrf(page)})
if status != 303:
    raise SystemExit(f"taking a snapshot: HTTP {status}")
location = headers["Location"]
while True:
    status, _, page = request("GET", location)
    state = re.search(r'id="snapshot-status">([a-z]+)<', page)
    if state and state.group(1) != "taking":
        break
    time.sleep(0.1)
elapsed = time.monotonic() - start
grants = re.search(r"<span>([0-9]+) grants</span>", page)
stored = re.search(r"<span>([0-9.]+ [A-Za-z]+) stored</span>", page)
after = database_size()
print(f"snapshot of the 100k-grant project: {state.group(1)} in {elapsed:.2f} s, "
      f"{grants.group(1) if grants else '?'} grants, {stored.group(1) if stored else '?'} stored "
      f"(console.sqlite grew {(after - before) / 1048576:.1f} MB)")
if state.group(1) != "complete":
    raise SystemExit(1)
