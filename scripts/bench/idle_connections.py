#!/usr/bin/env python3
"""Opens COUNT keep-alive connections to 127.0.0.1:PORT, sends one request on
each and reads the full response, then holds them all open.

Writes "opened=N failed=M" to STATUS_FILE once every connection is in place,
waits until HOLD_SECONDS pass (the caller samples the server's memory in the
meantime), reports how many the server had closed by then, and exits.
Usage: idle_connections.py PORT COUNT STATUS_FILE HOLD_SECONDS [--tls]
"""
import resource
import socket
import ssl
import sys
import time
from concurrent.futures import ThreadPoolExecutor

REQUEST = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: grantdesk-bench-idle\r\n\r\n"


def read_response(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            raise ConnectionError("closed before the response head")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(4096)
        if not chunk:
            raise ConnectionError("closed before the response body")
        body += chunk


def main():
    port, count, status_file, hold = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
    use_tls = "--tls" in sys.argv[5:]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, count + 100)), hard))
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE

    def open_one(_):
        try:
            raw = socket.create_connection(("127.0.0.1", port), timeout=10)
            conn = context.wrap_socket(raw, server_hostname="localhost") if use_tls else raw
            conn.sendall(REQUEST)
            read_response(conn)
            return conn
        except (OSError, ConnectionError):
            return None

    # Opened from a few threads so all are in place well inside the server's
    # idle keep-alive timeout (TLS handshakes one by one can take seconds).
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(open_one, range(count)))
    connections = [conn for conn in results if conn is not None]
    failed = count - len(connections)
    opening = time.monotonic() - started
    with open(status_file, "w") as handle:
        handle.write(f"opened={len(connections)} failed={failed}\n")
    time.sleep(hold)
    closed = 0
    for conn in connections:
        conn.setblocking(False)
        try:
            if conn.recv(1) == b"":
                closed += 1
        except (BlockingIOError, ssl.SSLWantReadError):
            pass
        except OSError:
            closed += 1
    print(f"opened={len(connections)} in {opening:.1f}s, failed={failed}, closed by server during hold={closed}")
    for conn in connections:
        conn.close()


if __name__ == "__main__":
    main()
