import Testing
@testable import HTTPServer
@testable import GrantDeskTesting

@Suite("ConnectionStateMachine with a fake clock")
struct ConnectionStateMachineTests {
    let clock = TestClock()

    func machine(secure: Bool = false, timeouts: ServerTimeouts = .init(), limits: ServerLimits = .init(),
                 errorResponse: (@Sendable (HTTPStatus) -> HTTPResponse)? = nil) -> ConnectionStateMachine {
        ConnectionStateMachine(
            info: ConnectionInfo(remoteAddress: "127.0.0.1", isSecure: secure, id: 1),
            limits: limits, timeouts: timeouts, clock: clock, errorResponse: errorResponse
        )
    }

    func writes(_ actions: [ConnectionStateMachine.Action]) -> [String] {
        actions.compactMap { if case .write(let bytes) = $0 { return String(decoding: bytes, as: UTF8.self) } else { return nil } }
    }

    func requests(_ actions: [ConnectionStateMachine.Action]) -> [HTTPRequest] {
        actions.compactMap { if case .dispatch(let request) = $0 { return request } else { return nil } }
    }

    func closes(_ actions: [ConnectionStateMachine.Action]) -> Bool {
        actions.contains { if case .close = $0 { return true } else { return false } }
    }

    func abandons(_ actions: [ConnectionStateMachine.Action]) -> Bool {
        actions.contains { if case .abandon = $0 { return true } else { return false } }
    }

    func shutsDownWrite(_ actions: [ConnectionStateMachine.Action]) -> Bool {
        actions.contains { if case .shutdownWrite = $0 { return true } else { return false } }
    }

    @Test("pipelined requests are dispatched one at a time, in order")
    func pipelining() {
        var m = machine()
        let first = m.received(Array("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(requests(first).map(\.target) == ["/1"])
        #expect(!m.wantsRead, "reading pauses while a request is answered")
        let response = m.responseReady(HTTPResponse(status: .ok, contentType: "text/plain", text: "one"))
        #expect(writes(response).first?.hasPrefix("HTTP/1.1 200 OK\r\n") == true)
        #expect(requests(m.outputDrained()).map(\.target) == ["/2"])
    }

    @Test("HEAD: Content-Length of the full body, no body bytes")
    func head() {
        var m = machine()
        _ = m.received(Array("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        let out = writes(m.responseReady(HTTPResponse(status: .ok, contentType: "text/plain", text: "twelve bytes")))
        #expect(out.count == 1)
        #expect(out[0].contains("Content-Length: 12\r\n"))
        #expect(out[0].hasSuffix("\r\n\r\n"))
    }

    @Test("204 and 304 carry neither body nor Content-Length; responder framing headers are dropped")
    func noBodyStatuses() {
        for status in [HTTPStatus.noContent, .notModified] {
            var m = machine()
            _ = m.received(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
            var response = HTTPResponse(status: status, contentType: "text/plain", text: "ignored")
            response.headers.set("Transfer-Encoding", "chunked")
            response.headers.set("Content-Length", "7")
            let out = writes(m.responseReady(response))[0]
            #expect(!out.contains("Content-Length"))
            #expect(!out.contains("Transfer-Encoding"))
            #expect(out.hasSuffix("\r\n\r\n"))
        }
    }

    @Test("a response never carries both Content-Length and Transfer-Encoding, nor header injection")
    func responseFraming() {
        var m = machine()
        _ = m.received(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        var response = HTTPResponse(status: .ok, contentType: "text/plain", text: "abc")
        response.headers.add("Transfer-Encoding", "chunked")
        response.headers.add("X-Evil", "a\r\nSet-Cookie: x=1")
        let out = writes(m.responseReady(response))[0]
        #expect(out.contains("Content-Length: 3\r\n"))
        #expect(!out.contains("Transfer-Encoding"))
        #expect(!out.contains("Set-Cookie"))
    }

    @Test("Connection: close and HTTP/1.0 keep-alive are honoured")
    func connectionHeader() {
        var m = machine()
        _ = m.received(Array("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n".utf8))
        #expect(writes(m.responseReady(HTTPResponse()))[0].contains("Connection: close\r\n"))
        #expect(shutsDownWrite(m.outputDrained()))

        var old = machine()
        _ = old.received(Array("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n".utf8))
        #expect(writes(old.responseReady(HTTPResponse()))[0].contains("Connection: keep-alive\r\n"))
        _ = old.outputDrained()
        #expect(old.phase == .awaitingHead)
    }

    @Test("100-continue: sent when the body is still to come, not when it is already here")
    func expectContinue() {
        var m = machine()
        let actions = m.received(Array("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n".utf8))
        #expect(writes(actions) == ["HTTP/1.1 100 Continue\r\n\r\n"])
        _ = m.outputDrained()
        #expect(requests(m.received(Array("abc".utf8))).first?.body == Array("abc".utf8))

        var eager = machine()
        let both = eager.received(Array("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc".utf8))
        #expect(writes(both).isEmpty)
        #expect(requests(both).count == 1)
    }

    @Test("100-continue with a body over the limit gets 413 instead of 100")
    func expectContinueTooLarge() {
        var m = machine(limits: ServerLimits(maxBodyBytes: 10))
        let actions = m.received(Array("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n".utf8))
        let out = writes(actions)
        #expect(out.count == 1)
        #expect(out[0].hasPrefix("HTTP/1.1 413 "))
        #expect(out[0].contains("Connection: close"))
    }

    @Test("a protocol error answers, closes, and never dispatches what follows")
    func errorThenClose() {
        var m = machine()
        let actions = m.received(Array("GET / HTTP/1.1\r\n\r\nGET /next HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(requests(actions).isEmpty)
        let out = writes(actions)[0]
        #expect(out.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(out.contains("X-Content-Type-Options: nosniff\r\n"))
        #expect(out.contains("Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"))
        #expect(out.contains("Cache-Control: no-store\r\n"))
        #expect(shutsDownWrite(m.outputDrained()))
        #expect(requests(m.received(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))).isEmpty)
        clock.advance(by: .seconds(3))
        #expect(closes(m.tick()), "lingering ends after the linger timeout")
    }

    @Test("the errorResponse hook renders the server's own errors")
    func errorHook() {
        var m = machine(errorResponse: { status in HTTPResponse(status: status, contentType: "text/html", text: "<p>styled \(status.code)</p>") })
        let out = writes(m.received(Array("BREW / HTTP/1.1\r\nHost: h\r\n\r\n".utf8)))[0]
        #expect(out.hasPrefix("HTTP/1.1 501 "))
        #expect(out.hasSuffix("<p>styled 501</p>"))
        #expect(out.contains("X-Content-Type-Options: nosniff"))
    }

    @Test("HSTS on every response over TLS, including errors; never over plain HTTP")
    func hsts() {
        var secure = machine(secure: true)
        _ = secure.handshakeCompleted()
        _ = secure.received(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(writes(secure.responseReady(HTTPResponse()))[0].contains("Strict-Transport-Security: max-age=63072000; includeSubDomains\r\n"))
        _ = secure.outputDrained()
        #expect(writes(secure.received(Array("GET / HTTP/9.9\r\n\r\n".utf8)))[0].contains("Strict-Transport-Security: max-age=63072000; includeSubDomains\r\n"))

        var plain = machine()
        _ = plain.received(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(!writes(plain.responseReady(HTTPResponse()))[0].contains("Strict-Transport-Security"))
    }

    @Test("slowloris: a head not complete within the header timeout gets 408 and close")
    func headerDeadline() {
        var m = machine(timeouts: ServerTimeouts(header: .seconds(10)))
        _ = m.received(Array("GET / HTTP/1.1\r\nHost: h\r\n".utf8))
        clock.advance(by: .seconds(9))
        _ = m.received(Array("X-Slow: 1\r\n".utf8))
        #expect(m.tick().isEmpty, "trickling bytes do not extend the deadline")
        clock.advance(by: .seconds(2))
        let out = writes(m.tick())
        #expect(out.first?.hasPrefix("HTTP/1.1 408 ") == true)
        #expect(shutsDownWrite(m.outputDrained()))
    }

    @Test("a new connection that sends nothing is closed silently at the header timeout")
    func silentNewConnection() {
        var m = machine(timeouts: ServerTimeouts(header: .seconds(10)))
        clock.advance(by: .seconds(9))
        #expect(m.tick().isEmpty)
        clock.advance(by: .seconds(2))
        let actions = m.tick()
        #expect(closes(actions))
        #expect(writes(actions).isEmpty)
    }

    @Test("an idle keep-alive connection is closed after the idle timeout")
    func idleTimeout() {
        var m = machine(timeouts: ServerTimeouts(idle: .seconds(10)))
        _ = m.received(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        _ = m.responseReady(HTTPResponse())
        _ = m.outputDrained()
        clock.advance(by: .seconds(9))
        #expect(m.tick().isEmpty)
        #expect(m.nextDeadlineInstant != nil)
        clock.advance(by: .seconds(2))
        #expect(closes(m.tick()))
    }

    @Test("a body arriving slower than the minimum rate gets 408 after the grace period")
    func minimumBodyRate() {
        var m = machine(timeouts: ServerTimeouts(bodyGrace: .seconds(5), minimumBodyBytesPerSecond: 100))
        _ = m.received(Array("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10000\r\n\r\n".utf8))
        _ = m.received([UInt8](repeating: 65, count: 500)) // earns 5 s at 100 B/s
        clock.advance(by: .seconds(9))
        #expect(m.tick().isEmpty, "5 s grace + 5 s earned")
        clock.advance(by: .seconds(2))
        #expect(writes(m.tick()).first?.hasPrefix("HTTP/1.1 408 ") == true)
    }

    @Test("a body at exactly the minimum rate still meets the absolute body deadline: 408")
    func absoluteBodyDeadline() {
        var m = machine(timeouts: ServerTimeouts(bodyGrace: .seconds(5), minimumBodyBytesPerSecond: 100, body: .seconds(30)))
        _ = m.received(Array("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n".utf8))
        for _ in 0..<29 {
            clock.advance(by: .seconds(1))
            _ = m.received([UInt8](repeating: 65, count: 100)) // keeps ahead of the rate: 100 B/s, after 5 s of grace
            #expect(m.tick().isEmpty)
        }
        #expect(m.nextDeadlineInstant != nil)
        clock.advance(by: .seconds(1))
        #expect(writes(m.tick()).first?.hasPrefix("HTTP/1.1 408 ") == true, "30 s after the head, however fast the rate")
        #expect(shutsDownWrite(m.outputDrained()))
    }

    @Test("the body-limit policy refuses a large body with 413 before 100 Continue, and allows it elsewhere")
    func bodyLimitPolicy() {
        func machine() -> ConnectionStateMachine {
            ConnectionStateMachine(
                info: ConnectionInfo(remoteAddress: "127.0.0.1", isSecure: false, id: 1),
                limits: ServerLimits(), timeouts: ServerTimeouts(), clock: clock,
                bodyLimit: { head in head.target == "/login" ? 16 * 1024 : .max }
            )
        }
        var login = machine()
        let refused = writes(login.received(Array("POST /login HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 16385\r\n\r\n".utf8)))
        #expect(refused.count == 1)
        #expect(refused.first?.hasPrefix("HTTP/1.1 413 ") == true, "no 100 Continue, so the client never sends the body")

        var other = machine()
        let continued = writes(other.received(Array("POST /other HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 16385\r\n\r\n".utf8)))
        #expect(continued.first?.hasPrefix("HTTP/1.1 100 Continue") == true)
        _ = other.outputDrained()
        #expect(requests(other.received([UInt8](repeating: 65, count: 16385))).first?.body.count == 16385)

        var chunked = machine()
        _ = chunked.received(Array("POST /login HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n".utf8))
        #expect(chunked.received(Array("4000\r\n".utf8) + [UInt8](repeating: 65, count: 16 * 1024) + Array("\r\n".utf8)).isEmpty)
        #expect(writes(chunked.received(Array("1\r\n".utf8))).first?.hasPrefix("HTTP/1.1 413 ") == true, "mid-stream, at the chunk that crosses it")
    }

    @Test("a reader that stops reading is cut off after the write timeout")
    func writeTimeout() {
        var m = machine(timeouts: ServerTimeouts(write: .seconds(30)))
        _ = m.received(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        _ = m.responseReady(HTTPResponse(status: .ok, body: [UInt8](repeating: 0, count: 100)))
        clock.advance(by: .seconds(20))
        m.outputProgressed()
        clock.advance(by: .seconds(20))
        #expect(m.tick().isEmpty, "progress resets the write deadline")
        clock.advance(by: .seconds(11))
        #expect(closes(m.tick()))
    }

    @Test("a TLS handshake that does not finish in time is closed")
    func handshakeTimeout() {
        var m = machine(secure: true, timeouts: ServerTimeouts(tlsHandshake: .seconds(10)))
        #expect(m.phase == .handshaking)
        clock.advance(by: .seconds(11))
        #expect(closes(m.tick()))
    }

    @Test("graceful shutdown: idle closes now, busy answers with Connection: close")
    func shutdown() {
        var idle = machine()
        #expect(closes(idle.shutdownRequested()))

        var busy = machine()
        _ = busy.received(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(busy.shutdownRequested().isEmpty)
        #expect(writes(busy.responseReady(HTTPResponse()))[0].contains("Connection: close\r\n"))
    }

    @Test("peer half-close after a request: the response is still sent, then the connection closes")
    func halfClose() {
        var m = machine()
        _ = m.received(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(abandons(m.peerClosedInput()), "a GET nobody may read any more: its responder may stop")
        #expect(writes(m.responseReady(HTTPResponse())).count == 1)
        #expect(closes(m.outputDrained()))
    }

    @Test("a peer gone during a change is not abandoned: POST, PUT, PATCH and DELETE finish; GET, HEAD and OPTIONS may stop")
    func abandonOnlySafe() {
        for method in HTTPMethod.allCases {
            var m = machine()
            let body = method == .get || method == .head || method == .options ? "" : "Content-Length: 0\r\n"
            #expect(requests(m.received(Array("\(method.rawValue) / HTTP/1.1\r\nHost: h\r\n\(body)\r\n".utf8))).count == 1)
            #expect(abandons(m.peerClosedInput()) == method.isSafe, "\(method.rawValue)")
        }
    }

    @Test("a request pipelined behind the one answered shows the peer still reads: nothing is abandoned")
    func pipelinedNotAbandoned() {
        var m = machine()
        _ = m.received(Array("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(m.peerClosedInput().isEmpty)
        _ = m.responseReady(HTTPResponse())
        #expect(requests(m.outputDrained()).map(\.target) == ["/2"])
    }

    @Test("a peer that closes once the answer is being written abandons nothing")
    func goneWhileWriting() {
        var m = machine()
        _ = m.received(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        _ = m.responseReady(HTTPResponse())
        #expect(m.peerClosedInput().isEmpty)
        #expect(closes(m.outputDrained()))
    }

    @Test("an idle keep-alive connection keeps no read buffer")
    func idleReleasesBuffer() {
        var m = machine()
        _ = m.received(Array("GET / HTTP/1.1\r\nHost: h\r\nX-Pad: \(String(repeating: "p", count: 4000))\r\n\r\n".utf8))
        #expect(m.bufferedCapacity > 0)
        _ = m.responseReady(HTTPResponse())
        _ = m.outputDrained()
        #expect(m.phase == .awaitingHead)
        #expect(m.bufferedCapacity == 0)
    }
}
