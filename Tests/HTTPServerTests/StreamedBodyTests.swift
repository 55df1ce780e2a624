import Synchronization
import Testing
import Transport
@testable import HTTPServer
@testable import GrantDeskTesting

/// Streamed request bodies (a route opts in from its head) and streamed
/// response bodies, in the pure state machine and over a real socket.
@Suite("Streamed bodies")
struct StreamedBodyTests {
    let clock = TestClock()

    func machine(limits: ServerLimits = .init()) -> ConnectionStateMachine {
        ConnectionStateMachine(
            info: ConnectionInfo(remoteAddress: "127.0.0.1", isSecure: false, id: 1),
            limits: limits, timeouts: .init(), clock: clock, bodyLimit: { head in head.target.hasPrefix("/up") ? 1000 : 10 },
            streamedBody: { head in head.target.hasPrefix("/up") }
        )
    }

    func events(_ actions: [ConnectionStateMachine.Action]) -> [String] {
        actions.compactMap { action in
            guard case .stream(let event) = action else { return nil }
            switch event {
            case .dispatch(let request): return "dispatch \(request.target) \(request.body.count)"
            case .piece(let bytes): return "piece " + String(decoding: bytes, as: UTF8.self)
            case .end: return "end"
            case .failed(let status): return "failed \(status.map { String($0.code) } ?? "-")"
            }
        }
    }

    @Test("an opted-in route is dispatched at its head and its body follows piece by piece; others are collected")
    func dispatchedAtTheHead() {
        var m = machine()
        #expect(events(m.received(Array("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nhello".utf8)))
                == ["dispatch /up 0", "piece hello"])
        #expect(m.isAwaitingResponse && m.wantsRead, "the body is still read while the responder runs")
        #expect(events(m.received(Array("world".utf8))) == ["piece world", "end"])
        #expect(!m.wantsRead, "after the body, reading waits for the response as always")
        _ = m.responseReady(HTTPResponse(status: .noContent))
        let next = m.outputDrained() + m.received(Array("POST /other HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nok".utf8))
        #expect(events(next).isEmpty)
        #expect(next.contains { if case .dispatch(let request) = $0 { request.body == Array("ok".utf8) } else { false } })
    }

    @Test("a paused consumer stops reading, and its pause does not count against the client's body rate")
    func backpressure() {
        var m = machine()
        _ = m.received(Array("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nabc".utf8))
        m.bodyDemandPaused()
        #expect(!m.wantsRead)
        #expect(m.nextDeadlineInstant == nil, "no body deadline while the server itself holds the client back")
        clock.advance(by: .seconds(3600))
        #expect(events(m.tick()).isEmpty)
        m.bodyDemandResumed()
        #expect(m.wantsRead)
        #expect(m.nextDeadlineInstant.map { $0 > clock.now() } == true, "the hour paused is added back")
    }

    @Test("the route's limit still applies: a chunk past it is 413 and the consumer hears the body failed")
    func limitFailsTheStream() {
        var m = machine()
        let actions = m.received(Array("POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3E9\r\n".utf8))
        #expect(events(actions) == ["dispatch /up 0", "failed 413"])
        #expect(actions.contains { if case .write(let bytes) = $0 { String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/1.1 413") } else { false } })
        #expect(events(m.responseReady(HTTPResponse(status: .ok))).isEmpty, "the responder's late answer is dropped")
    }

    @Test("an answer before the body is complete goes out with Connection: close; the rest is not waited for")
    func earlyAnswer() {
        var m = machine()
        _ = m.received(Array("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nabc".utf8))
        let actions = m.responseReady(HTTPResponse(status: .forbidden))
        #expect(events(actions) == ["failed -"])
        let head = actions.compactMap { if case .write(let bytes) = $0 { String(decoding: bytes, as: UTF8.self) } else { nil } }
        #expect(head.first?.hasPrefix("HTTP/1.1 403") == true && head.first?.contains("Connection: close\r\n") == true)
    }

    @Test("the peer closing mid-body fails the stream")
    func peerCloses() {
        var m = machine()
        _ = m.received(Array("POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nabc".utf8))
        #expect(events(m.peerClosedInput()) == ["failed -"])
    }

    @Test("a streamed response declares its length and is sent piece by piece; the request body streams in", .timeLimit(.minutes(1)))
    func liveRoundTrip() async throws {
        let finished = Queue<Int>()
        let echo = StreamingEcho(finished: finished)
        let live = try LiveServer(wrapping: echo, limits: ServerLimits(maxBodyBytes: 8 << 20),
                                  streamedBody: { $0.target == "/echo" })
        let size = 3 << 20
        let body = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let client = try RawClient(port: live.port, receiveTimeoutSeconds: 30)
        try await client.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: \(size)\r\n\r\n")
        try await client.send(body)
        let response = try #require(try await client.readResponse())
        #expect(response.status == 200)
        #expect(response.header("Content-Length") == String(size))
        #expect(response.body == body, "every byte back, in order")
        #expect(finished.count == 1, "the stream was told once that the server is done with it")
        // Keep-alive still works after a streamed exchange.
        try await client.send("GET /short HTTP/1.1\r\nHost: h\r\n\r\n")
        let cut = try await client.readUntilClose()
        let text = String(decoding: cut, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 200") && text.contains("Content-Length: 10\r\n") && text.hasSuffix("\r\n\r\nshort"),
                "a stream that ends early is cut off: the connection closes rather than mis-frame: \(text)")
        await live.stop()
    }
}

/// Reads the streamed body and sends it back as a streamed response, in
/// 100 kB pieces; `/short` declares 10 bytes and produces 5.
struct StreamingEcho: HTTPResponder {
    let finished: Queue<Int>

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        if request.target == "/short" {
            let pieces = Queue([Array("short".utf8)])
            return HTTPResponse(stream: HTTPBodyStream(length: 10, next: { pieces.take() }))
        }
        guard let stream = request.bodyStream else { return HTTPResponse(status: .badRequest) }
        let received = (try? await stream.collect()) ?? []
        let pieces = Queue(stride(from: 0, to: received.count, by: 100_000).map { Array(received[$0..<min($0 + 100_000, received.count)]) })
        let finished = self.finished
        return HTTPResponse(stream: HTTPBodyStream(length: received.count, next: { pieces.take() },
                                                   finished: { finished.put(1) }))
    }
}

/// A locked list shared by the responder's closures.
final class Queue<Element: Sendable>: Sendable {
    private let items: Mutex<[Element]>
    init(_ items: [Element] = []) { self.items = Mutex(items) }
    func take() -> Element? { items.withLock { $0.isEmpty ? nil : $0.removeFirst() } }
    func put(_ item: Element) { items.withLock { $0.append(item) } }
    var count: Int { items.withLock { $0.count } }
}
