import Testing
@testable import HTTPServer

/// The TESTING.md "HTTP/1.1 parsing" cases as raw requests and the status
/// each must get. Shared by the byte-level parser tests and the socket tests.
struct ParserCase: CustomTestStringConvertible, Sendable {
    let name: String
    let raw: String
    let status: Int
    var testDescription: String { "\(name) → \(status)" }
}

enum ParserCases {
    static let host = "Host: example.test\r\n"

    static let rejected: [ParserCase] = [
        // Framing conflicts and malformed lengths
        .init(name: "Content-Length then Transfer-Encoding", raw: "POST / HTTP/1.1\r\n\(host)Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
        .init(name: "Transfer-Encoding then Content-Length", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", status: 400),
        .init(name: "Content-Length list 1, 2", raw: "POST / HTTP/1.1\r\n\(host)Content-Length: 1, 2\r\n\r\nab", status: 400),
        .init(name: "duplicate Content-Length fields", raw: "POST / HTTP/1.1\r\n\(host)Content-Length: 2\r\nContent-Length: 2\r\n\r\nab", status: 400),
        .init(name: "Content-Length +2", raw: "POST / HTTP/1.1\r\n\(host)Content-Length: +2\r\n\r\nab", status: 400),
        .init(name: "Content-Length -1", raw: "POST / HTTP/1.1\r\n\(host)Content-Length: -1\r\n\r\n", status: 400),
        .init(name: "Content-Length with 25 digits", raw: "POST / HTTP/1.1\r\n\(host)Content-Length: 0000000000000000000000002\r\n\r\nab", status: 400),
        .init(name: "Content-Length hex", raw: "POST / HTTP/1.1\r\n\(host)Content-Length: 0x2\r\n\r\nab", status: 400),
        .init(name: "empty Content-Length", raw: "POST / HTTP/1.1\r\n\(host)Content-Length: \r\n\r\n", status: 400),
        .init(name: "Transfer-Encoding gzip", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip\r\n\r\n", status: 400),
        .init(name: "Transfer-Encoding chunked, gzip", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", status: 400),
        .init(name: "Transfer-Encoding chunked twice", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
        .init(name: "Transfer-Encoding xchunked", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", status: 400),
        .init(name: "Transfer-Encoding on HTTP/1.0", raw: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
        // Chunked framing
        .init(name: "chunked: bare LF after size", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n", status: 400),
        .init(name: "chunked: LF in extension", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5;a=b\nc\r\nhello\r\n0\r\n\r\n", status: 400),
        .init(name: "chunked: missing CRLF after data", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5\r\nhello0\r\n\r\n", status: 400),
        .init(name: "chunked: size over 16 hex digits", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n00000000000000005\r\nhello\r\n0\r\n\r\n", status: 400),
        .init(name: "chunked: more data than announced", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n", status: 400),
        .init(name: "chunked: non-hex size", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", status: 400),
        .init(name: "chunked: empty size line", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n\r\nhello\r\n0\r\n\r\n", status: 400),
        .init(name: "chunked: space before extension", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5 ;a=b\r\nhello\r\n0\r\n\r\n", status: 400),
        .init(name: "chunked: non-ASCII in extension", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5;a=\u{e9}\r\nhello\r\n0\r\n\r\n", status: 400),
        .init(name: "chunked: unterminated quoted extension", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5;a=\"b\r\nhello\r\n0\r\n\r\n", status: 400),
        .init(name: "chunked: bare CR in trailer", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n0\r\nX: a\rb\r\n\r\n", status: 400),
        // Trailers never carry framing or routing fields (the libFuzzer finding: `0;+=.1` is a valid
        // extension, but llhttp refused the Host and Transfer-Encoding trailers that we accepted).
        .init(name: "chunked: Host and Transfer-Encoding trailers after 0;+=.1", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n0;+=.1\r\nHost: other.test\r\nTransfer-Encoding: chunked\r\n\r\n", status: 400),
        .init(name: "chunked: Host trailer", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n0\r\nhost: other.test\r\n\r\n", status: 400),
        .init(name: "chunked: Transfer-Encoding trailer", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nTransfer-Encoding: chunked\r\n\r\n", status: 400),
        .init(name: "chunked: Content-Length trailer", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n0\r\nContent-Length: 5\r\n\r\n", status: 400),
        .init(name: "chunked: Connection trailer", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n0\r\nConnection: close\r\n\r\n", status: 400),
        .init(name: "chunked: Cookie trailer", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n0\r\nX-Ok: 1\r\nCOOKIE: s=1\r\n\r\n", status: 400),
        .init(name: "chunked: trailer field over 8 KiB", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n0\r\nX-Big: \(String(repeating: "t", count: 8200))\r\n\r\n", status: 431),
        // Header syntax
        .init(name: "space before colon", raw: "GET / HTTP/1.1\r\nHost : example.test\r\n\r\n", status: 400),
        .init(name: "obs-fold", raw: "GET / HTTP/1.1\r\n\(host)X-A: one\r\n two\r\n\r\n", status: 400),
        .init(name: "empty header name", raw: "GET / HTTP/1.1\r\n\(host): value\r\n\r\n", status: 400),
        .init(name: "bare CR in value", raw: "GET / HTTP/1.1\r\n\(host)X-A: a\rb\r\n\r\n", status: 400),
        .init(name: "NUL in value", raw: "GET / HTTP/1.1\r\n\(host)X-A: a\u{0}b\r\n\r\n", status: 400),
        .init(name: "invalid token char in name", raw: "GET / HTTP/1.1\r\n\(host)X@A: b\r\n\r\n", status: 400),
        .init(name: "header line without colon", raw: "GET / HTTP/1.1\r\n\(host)NoColon\r\n\r\n", status: 400),
        .init(name: "bare LF line endings", raw: "GET / HTTP/1.1\n\(host)\n", status: 400),
        .init(name: "bare LF after one header", raw: "GET / HTTP/1.1\r\nHost: example.test\nX: y\r\n\r\n", status: 400),
        // Host
        .init(name: "HTTP/1.1 without Host", raw: "GET / HTTP/1.1\r\n\r\n", status: 400),
        .init(name: "two Host fields", raw: "GET / HTTP/1.1\r\n\(host)\(host)\r\n", status: 400),
        .init(name: "invalid Host value", raw: "GET / HTTP/1.1\r\nHost: exa mple/x\r\n\r\n", status: 400),
        .init(name: "empty Host value", raw: "GET / HTTP/1.1\r\nHost: \r\n\r\n", status: 400),
        // Request line
        .init(name: "unknown method", raw: "BREW / HTTP/1.1\r\n\(host)\r\n", status: 501),
        .init(name: "lower-case method", raw: "get / HTTP/1.1\r\n\(host)\r\n", status: 501),
        .init(name: "method with invalid character", raw: "GE(T / HTTP/1.1\r\n\(host)\r\n", status: 400),
        .init(name: "HTTP/2.0", raw: "GET / HTTP/2.0\r\n\(host)\r\n", status: 505),
        .init(name: "HTTP/1.2", raw: "GET / HTTP/1.2\r\n\(host)\r\n", status: 505),
        .init(name: "garbage version", raw: "GET / HTTX/1.1\r\n\(host)\r\n", status: 400),
        .init(name: "missing version", raw: "GET /\r\n\(host)\r\n", status: 400),
        .init(name: "double space in request line", raw: "GET  / HTTP/1.1\r\n\(host)\r\n", status: 400),
        .init(name: "target not origin-form", raw: "GET example.test/ HTTP/1.1\r\n\(host)\r\n", status: 400),
        .init(name: "leading empty line", raw: "\r\nGET / HTTP/1.1\r\n\(host)\r\n", status: 400),
        // Limits
        .init(name: "request line over 8 KiB", raw: "GET /\(String(repeating: "a", count: 8200)) HTTP/1.1\r\n\(host)\r\n", status: 414),
        .init(name: "headers over 32 KiB in fields under 8 KiB", raw: "GET / HTTP/1.1\r\n\(host)" + (1...5).map { "X-Big-\($0): \(String(repeating: "b", count: 7 * 1024))\r\n" }.joined() + "\r\n", status: 431),
        .init(name: "one header field over 8 KiB", raw: "GET / HTTP/1.1\r\n\(host)X-Big: \(String(repeating: "b", count: 8 * 1024))\r\n\r\n", status: 431),
        .init(name: "more than 100 header fields", raw: "GET / HTTP/1.1\r\n\(host)" + (1...100).map { "X-\($0): v\r\n" }.joined() + "\r\n", status: 431),
        .init(name: "Content-Length over the body limit", raw: "POST / HTTP/1.1\r\n\(host)Content-Length: 2000000\r\n\r\n", status: 413),
        .init(name: "chunked body over the body limit", raw: "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n200000\r\n", status: 413),
        .init(name: "unsupported expectation", raw: "POST / HTTP/1.1\r\n\(host)Expect: teapot\r\nContent-Length: 1\r\n\r\na", status: 417),
    ]
}
