import Testing
@testable import HTTPServer

@Suite("RequestParser, byte level")
struct RequestParserTests {
    /// Feeds `raw` (whole, or one byte at a time) and collects events until
    /// the parser needs more or fails.
    func events(_ raw: String, byteByByte: Bool = false) -> [ParserEvent] {
        events(Array(raw.utf8), byteByByte: byteByByte)
    }

    func events(_ bytes: [UInt8], byteByByte: Bool = false, limits: ServerLimits = .init()) -> [ParserEvent] {
        var parser = RequestParser(limits: limits)
        var out: [ParserEvent] = []
        let pieces = byteByByte ? bytes.map { [$0] } : [bytes]
        for piece in pieces {
            parser.feed(piece)
            while true {
                let event = parser.next()
                if event == .needMore { break }
                out.append(event)
                if case .error = event { return out }
            }
        }
        return out
    }

    func body(_ events: [ParserEvent]) -> [UInt8] {
        events.flatMap { event -> [UInt8] in
            if case .body(let bytes) = event { return bytes }
            return []
        }
    }

    @Test("a simple GET parses into a head and an end", arguments: [false, true])
    func simpleGet(byteByByte: Bool) throws {
        let result = events("GET /a%20b?x=1 HTTP/1.1\r\nHost: example.test\r\nX-Empty:\r\nAccept:  text/html \r\n\r\n", byteByByte: byteByByte)
        #expect(result.count == 2)
        guard case .head(let head) = result.first else { Issue.record("no head"); return }
        #expect(head.method == .get)
        #expect(head.target == "/a%20b?x=1")
        #expect(head.version == .http11)
        #expect(head.headers["accept"] == "text/html")
        #expect(head.headers["X-Empty"] == "")
        #expect(head.framing == .none)
        #expect(head.keepAlive)
        #expect(result.last == .end)
    }

    @Test("Content-Length body, in one piece and byte by byte", arguments: [false, true])
    func contentLengthBody(byteByByte: Bool) {
        let result = events("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello", byteByByte: byteByByte)
        #expect(body(result) == Array("hello".utf8))
        #expect(result.last == .end)
    }

    @Test("chunked body with extension and trailer is de-chunked", arguments: [false, true])
    func chunkedBody(byteByByte: Bool) {
        let raw = "POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n5;name=value;flag\r\nhello\r\nA;q=\"a \\\"b\\\" c\"\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n"
        let result = events(raw, byteByByte: byteByByte)
        guard case .head(let head) = result.first else { Issue.record("no head"); return }
        #expect(head.framing == .chunked)
        #expect(body(result) == Array("hello0123456789".utf8))
        #expect(result.last == .end)
    }

    @Test("pipelined requests come out one after the other")
    func pipelined() {
        let result = events("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n")
        let targets = result.compactMap { event -> String? in
            if case .head(let head) = event { return head.target }
            return nil
        }
        #expect(targets == ["/1", "/2"])
    }

    @Test("keep-alive rules: 1.1 default, Connection: close, 1.0 only with keep-alive")
    func keepAlive() {
        func keepAlive(_ raw: String) -> Bool? {
            if case .head(let head) = events(raw).first { return head.keepAlive }
            return nil
        }
        #expect(keepAlive("GET / HTTP/1.1\r\nHost: h\r\n\r\n") == true)
        #expect(keepAlive("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n") == false)
        #expect(keepAlive("GET / HTTP/1.0\r\n\r\n") == false)
        #expect(keepAlive("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") == true)
    }

    @Test("Expect: 100-continue is recognised on HTTP/1.1 and ignored on 1.0")
    func expectContinue() {
        if case .head(let head) = events("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n").first {
            #expect(head.expectsContinue)
        } else { Issue.record("no head") }
        if case .head(let head) = events("POST / HTTP/1.0\r\nExpect: teapot\r\nContent-Length: 1\r\n\r\n").first {
            #expect(!head.expectsContinue)
        } else { Issue.record("no head") }
    }

    @Test("valid Host forms are accepted", arguments: ["example.test", "example.test:8443", "127.0.0.1:1", "[::1]:8443", "[::1]"])
    func validHosts(host: String) {
        let result = events("GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n")
        #expect(result.last == .end)
    }

    @Test("OPTIONS * and HTTP/1.0 without Host are accepted")
    func asteriskAndOldClients() {
        #expect(events("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n").last == .end)
        #expect(events("GET / HTTP/1.0\r\n\r\n").last == .end)
    }

    @Test("rejected input gets its status", arguments: ParserCases.rejected)
    func rejected(testCase: ParserCase) {
        let whole = events(testCase.raw)
        #expect(whole.last == .error(HTTPStatus(testCase.status)), "whole: \(whole)")
        let trickled = events(testCase.raw, byteByByte: true)
        #expect(trickled.last == .error(HTTPStatus(testCase.status)), "byte by byte: \(trickled)")
        #expect(!whole.contains(.end), "a rejected request never completes")
    }

    @Test("an endless request line is refused once it passes 8 KiB, without waiting for LF")
    func endlessRequestLine() {
        let result = events(Array(("GET /" + String(repeating: "a", count: 9000)).utf8))
        #expect(result.last == .error(.uriTooLong))
    }

    @Test("an endless header section is refused once it passes 32 KiB")
    func endlessHeaders() {
        let result = events(Array(("GET / HTTP/1.1\r\nHost: h\r\nX: " + String(repeating: "a", count: 40_000)).utf8))
        #expect(result.last == .error(.headerFieldsTooLarge))
    }

    @Test("the body limit is configurable, and exactly the limit is fine")
    func configurableBodyLimit() {
        let limits = ServerLimits(maxBodyBytes: 10)
        let ok = events(Array("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789".utf8), limits: limits)
        #expect(ok.last == .end)
        let tooBig = events(Array("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n".utf8), limits: limits)
        #expect(tooBig.last == .error(.contentTooLarge))
        let chunks = events(Array("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n5\r\n".utf8), limits: limits)
        #expect(chunks.last == .error(.contentTooLarge))
    }

    @Test("a field line of exactly 8 KiB is accepted; one byte more is 431, with or without its LF yet")
    func headerFieldLimit() {
        let name = "X-Big: "
        let exact = name + String(repeating: "b", count: 8 * 1024 - name.utf8.count)
        #expect(events("GET / HTTP/1.1\r\nHost: h\r\n\(exact)\r\n\r\n").last == .end)
        #expect(events("GET / HTTP/1.1\r\nHost: h\r\n\(exact)b\r\n\r\n").last == .error(.headerFieldsTooLarge))
        #expect(events("GET / HTTP/1.1\r\nHost: h\r\n\(exact)\r").isEmpty, "the CR of an exact line is no reason to refuse")
        #expect(events("GET / HTTP/1.1\r\nHost: h\r\n\(exact)bb").last == .error(.headerFieldsTooLarge))
        let small = ServerLimits(maxHeaderFieldBytes: 10)
        #expect(events(Array("GET / HTTP/1.1\r\nHost: h\r\nX: 12345678\r\n\r\n".utf8), limits: small).last == .error(.headerFieldsTooLarge))
        #expect(events(Array("GET / HTTP/1.1\r\nHost: h\r\nX: 1234567\r\n\r\n".utf8), limits: small).last == .end)
    }

    @Test("trailers are dropped: they never reach the request's headers")
    func trailersDropped() {
        let result = events("POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0;+=.1\r\nX-Trailer: t\r\n\r\n")
        guard case .head(let head) = result.first else { Issue.record("no head"); return }
        #expect(!head.headers.contains("X-Trailer"))
        #expect(result.last == .end, "`;+=.1` is a valid chunk extension: name `+`, token value `.1`")
    }

    @Test("forbidden trailer names are refused in any case; others pass", arguments: [false, true])
    func forbiddenTrailers(byteByByte: Bool) {
        let prefix = "POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n"
        for name in ["Host", "TRANSFER-ENCODING", "content-length", "Trailer", "TE", "Upgrade", "Authorization", "Content-Type", "X-Forwarded-For"] {
            #expect(events(prefix + "\(name): x\r\n\r\n", byteByByte: byteByByte).last == .error(.badRequest), "\(name)")
        }
        for name in ["X-Checksum", "Server-Timing", "Hosts", "Digest"] {
            #expect(events(prefix + "\(name): x\r\n\r\n", byteByByte: byteByByte).last == .end, "\(name)")
        }
    }

    @Test("the body-limit policy sees the head and lowers the limit per request, never raises it")
    func bodyLimitPolicy() {
        let limits = ServerLimits(maxBodyBytes: 100)
        func run(_ raw: String) -> [ParserEvent] {
            var parser = RequestParser(limits: limits) { head in head.target == "/small" ? 5 : 1_000_000 }
            parser.feed(Array(raw.utf8))
            var out: [ParserEvent] = []
            while true {
                let event = parser.next()
                if event == .needMore { return out }
                out.append(event)
                if case .error = event { return out }
            }
        }
        #expect(run("POST /small HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello").last == .end)
        #expect(run("POST /small HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\n\r\n") == [.error(.contentTooLarge)],
                "refused at the head, before any body")
        #expect(run("POST /small HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\n").last == .error(.contentTooLarge),
                "chunked: refused at the chunk that crosses the limit")
        let full = run("POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n")
        guard case .head(let head) = full.last else { Issue.record("no head: \(full)"); return }
        #expect(head.framing == .length(100), "a policy above maxBodyBytes leaves the server's limit")
        #expect(run("POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n") == [.error(.contentTooLarge)],
                "the server's maxBodyBytes still caps a generous policy")
        #expect(run("POST /small HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhelloPOST /big HTTP/1.1\r\nHost: h\r\nContent-Length: 50\r\n\r\n").count == 4,
                "the limit is chosen again for each pipelined request")
        #expect(run("POST /small HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: teapot\r\n\r\n") == [.error(.expectationFailed)])
        #expect(run("POST /small HTTP/1.1\r\nHost: h\r\nContent-Length: 6\r\nExpect: teapot\r\n\r\n") == [.error(.contentTooLarge)],
                "413 before 417, as without a policy")
    }

    @Test("after an error the parser only repeats it")
    func stickyError() {
        var parser = RequestParser()
        parser.feed(Array("BREW / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(parser.next() == .error(.notImplemented))
        parser.feed(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(parser.next() == .error(.notImplemented))
    }
}
