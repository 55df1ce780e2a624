#!/usr/bin/env python3
"""Differential test: our request parser against h11 and httptools.

For every input, each parser reports the requests it completed (method,
target, body bytes) and whether it rejected the input. The rule from
TESTING.md: be at least as strict as the stricter one. So wherever we
complete a request, both others must complete the same request with the
same body; if either rejects earlier, or frames the body differently, that
is a failure. Where we reject and they accept, we are stricter: counted only.

Usage: compare_parsers.py PARSERFUZZ_BINARY [FUZZ_CORPUS_DIR...]
(the kept corpus in Tests/differential/corpus, and .build-fuzz/corpus after
`make fuzz`; directories that do not exist are skipped)
"""
import json
import os
import subprocess
import sys
import tempfile

import h11
import httptools

HOST = b"Host: example.test\r\n"

# Hand-written edge cases; the rejected TESTING.md cases live in the Swift
# tests, these lean on the boundary between accepted and rejected.
CASES = [
    b"GET / HTTP/1.1\r\n" + HOST + b"\r\n",
    b"GET /a%20b?x=1&y=%2F HTTP/1.1\r\n" + HOST + b"\r\n",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Content-Length: 5\r\n\r\nhello",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Content-Length: 005\r\n\r\nhello",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Content-Length:5\r\n\r\nhello",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Content-Length: 5 \r\n\r\nhello",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Content-Length: 0\r\n\r\n",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Content-Length: 3\r\n\r\nabcGET /2 HTTP/1.1\r\n" + HOST + b"\r\n",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Content-Length: 1, 1\r\n\r\na",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Content-Length: 1\r\nContent-Length: 1\r\n\r\na",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: CHUNKED\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\n\r\n",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: chunked\r\n\r\n5 ;ext=1\r\nhello\r\n0\r\n\r\n",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nTrailer: x\r\n\r\n",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: chunked\r\n\r\n0000000000000005\r\nhello\r\n0\r\n\r\n",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: chunked\r\n\r\n00000000000000005\r\nhello\r\n0\r\n\r\n",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\n0\r\n\r\n",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    b"POST /p HTTP/1.1\r\n" + HOST + b"Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
    b"POST /p HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"POST /p HTTP/1.0\r\nContent-Length: 2\r\n\r\nok",
    b"GET / HTTP/1.0\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: example.test:8443\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: [::1]:8443\r\n\r\n",
    b"GET / HTTP/1.1\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + HOST + HOST + b"\r\n",
    b"GET / HTTP/1.1\r\nHost : example.test\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + HOST + b"X: a\r\n b\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + HOST + b"X: a\tb\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + HOST + b"X: caf\xc3\xa9\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + HOST + b"X: a\x01b\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + HOST + b"X: a\x7fb\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + HOST + b"X: a\rb\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + HOST + b"X: a\x00b\r\n\r\n",
    b"GET / HTTP/1.1\n" + HOST.replace(b"\r\n", b"\n") + b"\n",
    b"GET / HTTP/1.1\r\n" + HOST + b"\n",
    b"\r\nGET / HTTP/1.1\r\n" + HOST + b"\r\n",
    b"GET  / HTTP/1.1\r\n" + HOST + b"\r\n",
    b"GET / HTTP/1.1 \r\n" + HOST + b"\r\n",
    b"GET /\x7f HTTP/1.1\r\n" + HOST + b"\r\n",
    b"GET http://example.test/ HTTP/1.1\r\n" + HOST + b"\r\n",
    b"OPTIONS * HTTP/1.1\r\n" + HOST + b"\r\n",
    b"GET / HTTP/1.1\r\n" + HOST + b"Expect: 100-continue\r\n\r\n",
    b"HEAD / HTTP/1.1\r\n" + HOST + b"\r\nHEAD /2 HTTP/1.1\r\n" + HOST + b"\r\n",
    b"DELETE /x HTTP/1.1\r\n" + HOST + b"Content-Length: 2\r\n\r\n{}",
]


# Outcomes besides the completed requests.
INCOMPLETE, REJECTED, CLOSED = "incomplete", "rejected", "closed"


def h11_requests(data):
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(data)
    done, current, body = [], None, b""
    try:
        while True:
            event = conn.next_event()
            if event in (h11.NEED_DATA, h11.PAUSED) or isinstance(event, h11.ConnectionClosed):
                return done, INCOMPLETE
            if isinstance(event, h11.Request):
                current, body = (event.method.decode("latin-1"), event.target.decode("latin-1")), b""
            elif isinstance(event, h11.Data):
                body += bytes(event.data)
            elif isinstance(event, h11.EndOfMessage):
                done.append((current[0], current[1], body))
                conn.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
                conn.send(h11.EndOfMessage())
                if conn.our_state is h11.MUST_CLOSE:
                    # Connection: close or HTTP/1.0: h11 reads no further; neither do we serve further.
                    return done, CLOSED
                conn.start_next_cycle()
    except h11.RemoteProtocolError:
        return done, REJECTED


class _Collector:
    def __init__(self):
        self.done, self.url, self.body, self.parser = [], b"", b"", None

    def on_url(self, url):
        self.url += url

    def on_message_begin(self):
        self.url, self.body = b"", b""

    def on_body(self, body):
        self.body += body

    def on_message_complete(self):
        method = self.parser.get_method().decode("latin-1")
        self.done.append((method, self.url.decode("latin-1"), self.body))


def httptools_requests(data):
    collector = _Collector()
    parser = httptools.HttpRequestParser(collector)
    collector.parser = parser
    try:
        parser.feed_data(data)
        outcome = INCOMPLETE
    except httptools.HttpParserError as error:
        # llhttp refuses bytes after a `Connection: close` message; we never serve them either.
        outcome = CLOSED if "Connection: close" in str(error) else REJECTED
    except httptools.HttpParserUpgrade:
        outcome = REJECTED
    return collector.done, outcome


def ours(binary, inputs):
    with tempfile.TemporaryDirectory() as directory:
        paths = []
        for index, data in enumerate(inputs):
            path = os.path.join(directory, f"{index:06d}")
            with open(path, "wb") as handle:
                handle.write(data)
            paths.append(path)
        results = []
        for start in range(0, len(paths), 500):
            output = subprocess.run([binary, "--describe", *paths[start:start + 500]],
                                    check=True, capture_output=True, text=True).stdout
            for line in output.splitlines():
                record = json.loads(line)
                done = [(r["method"], r["target"], bytes.fromhex(r["body_hex"])) for r in record["requests"]]
                results.append((done, record["error"]))
        return results


def main():
    binary = sys.argv[1]
    inputs = list(CASES)
    for directory in sys.argv[2:]:
        if not os.path.isdir(directory):
            continue
        for name in sorted(os.listdir(directory)):
            with open(os.path.join(directory, name), "rb") as handle:
                inputs.append(handle.read()[1:])  # the first byte is the fuzzer's split selector
    failures, stricter = [], 0
    for data, (our_done, our_error) in zip(inputs, ours(binary, inputs)):
        for name, (their_done, outcome) in (("h11", h11_requests(data)), ("httptools", httptools_requests(data))):
            for index, (method, target, body) in enumerate(our_done):
                if index >= len(their_done):
                    if outcome != CLOSED:
                        failures.append(f"{name} {outcome}: request {index} that we accepted: {data[:120]!r}")
                    break
                their_method, their_target, their_body = their_done[index]
                if their_body != body or their_target != target or (their_method and their_method != method):
                    failures.append(f"{name} framed request {index} differently ({their_target!r}, {len(their_body)} body bytes"
                                    f" vs {target!r}, {len(body)}): {data[:120]!r}")
                    break
            if len(their_done) > len(our_done):
                stricter += 1
    print(f"differential: {len(inputs)} inputs, {len(failures)} failures, "
          f"{stricter} parser-comparisons where we stopped earlier (stricter)")
    for failure in failures[:40]:
        print("  FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
