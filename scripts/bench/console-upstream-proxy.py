#!/usr/bin/env python3
"""Counting pass-through proxy in front of the accounts API (GrantDesk bench).

Usage: console-upstream-proxy.py UPSTREAM_URL PORT_FILE

Listens on a free loopback port (written to PORT_FILE), forwards every
request to UPSTREAM_URL unchanged, and counts the calls and the rows in their
JSON list answers. `GET /__count` returns {"calls", "rows", "paths"} for the
calls since the last `GET /__count?reset=1`. Only the counting console of
bench-console.sh goes through it; timed requests never do.
"""
import http.client
import http.server
import json
import sys
import threading
import urllib.parse

upstream = urllib.parse.urlsplit(sys.argv[1])
port_file = sys.argv[2]
lock = threading.Lock()
state = {"calls": 0, "rows": 0, "paths": []}
local = threading.local()
LIST_KEYS = ("room_grants", "rooms", "users", "members", "projects")


def rows_in(body):
    try:
        value = json.loads(body)
    except ValueError:
        return 0
    if isinstance(value, list):
        return len(value)
    if isinstance(value, dict):
        return sum(len(value[k]) for k in LIST_KEYS if isinstance(value.get(k), list))
    return 0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, headers, body):
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def forward(self):
        if self.path.startswith("/__count"):
            with lock:
                body = json.dumps(state).encode()
                if "reset=1" in self.path:
                    state.update(calls=0, rows=0, paths=[])
            return self.reply(200, [("Content-Type", "application/json")], body)
        length = int(self.headers.get("Content-Length") or 0)
        payload = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "content-length")}
        for attempt in range(2):
            connection = getattr(local, "connection", None)
            if connection is None:
                connection = local.connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=60)
            try:
                connection.request(self.command, self.path, body=payload, headers=headers)
                response = connection.getresponse()
                body = response.read()
                break
            except (http.client.HTTPException, OSError):
                connection.close()
                local.connection = None
                if attempt:
                    raise
        with lock:
            state["calls"] += 1
            state["rows"] += rows_in(body)
            state["paths"].append(f"{self.command} {self.path}")
        self.reply(response.status, response.getheaders(), body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = forward


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os  # noqa: E402  (after the server is bound, so the port file appears atomically)
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
