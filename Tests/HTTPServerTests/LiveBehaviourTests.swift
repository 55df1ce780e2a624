import Foundation
import Synchronization
import Testing
import Transport
@testable import HTTPServer
@testable import GrantDeskTesting

@Suite("Connection behaviour over a real socket")
struct LiveBehaviourTests {
    @Test("pipelined requests are answered in order, even when the first is slowest")
    func pipeliningOrder() async throws {
        let responder = RecordingResponder { request in
            HTTPResponse(status: .ok, contentType: "text/plain", text: request.target)
        }
        let slowFirst = SlowFirstResponder(inner: responder)
        let live = try LiveServer(responder: responder, wrapping: slowFirst)
        let client = try RawClient(port: live.port)
        try await client.send((1...3).map { "GET /\($0) HTTP/1.1\r\nHost: h\r\n\r\n" }.joined())
        var bodies: [String] = []
        for _ in 1...3 { bodies.append(try #require(try await client.readResponse()).text) }
        #expect(bodies == ["/1", "/2", "/3"])
        await live.stop()
    }

    @Test("HEAD gets Content-Length but no body, and the connection stays usable")
    func head() async throws {
        let live = try LiveServer()
        let client = try RawClient(port: live.port)
        try await client.send("HEAD /h HTTP/1.1\r\nHost: h\r\n\r\nGET /g HTTP/1.1\r\nHost: h\r\n\r\n")
        let head = try #require(try await client.readResponse(bodyless: true))
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "\("HEAD /h 0".utf8.count)")
        let get = try #require(try await client.readResponse())
        #expect(get.text == "GET /g 0", "no stray HEAD body bytes precede the next response")
        await live.stop()
    }

    @Test("Expect: 100-continue gets 100 before the body, then the real response")
    func expectContinue() async throws {
        let live = try LiveServer()
        let client = try RawClient(port: live.port)
        try await client.send("POST /upload HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        let interim = try #require(try await client.readResponse(bodyless: true))
        #expect(interim.status == 100)
        try await client.send("data")
        let final = try #require(try await client.readResponse())
        #expect(final.status == 200)
        #expect(final.text == "POST /upload 4")
        await live.stop()
    }

    @Test("chunked request bodies reach the responder de-chunked")
    func chunkedUpload() async throws {
        let live = try LiveServer()
        let client = try RawClient(port: live.port)
        try await client.send("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
        #expect(try await client.readResponse()?.text == "POST /c 5")
        #expect(live.responder.requests.first?.body == Array("abcde".utf8))
        await live.stop()
    }

    @Test("an idle keep-alive connection is closed after the idle timeout")
    func idleClose() async throws {
        let live = try LiveServer(timeouts: ServerTimeouts(idle: .milliseconds(300)))
        let client = try RawClient(port: live.port)
        try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(try await client.readResponse()?.status == 200)
        #expect(try await client.readUntilClose().isEmpty, "closed without a response")
        await live.stop()
    }

    @Test("slowloris: an unfinished head gets 408 and close at the header deadline")
    func slowloris() async throws {
        let live = try LiveServer(timeouts: ServerTimeouts(header: .milliseconds(400)))
        let client = try RawClient(port: live.port)
        try await client.send("GET / HTTP/1.1\r\nHost: h\r\n")
        try await Task.sleep(for: .milliseconds(150))
        try await client.send("X-A: 1\r\n")
        let response = try #require(try await client.readResponse())
        #expect(response.status == 408)
        #expect(try await client.readUntilClose().isEmpty)
        #expect(live.responder.count == 0)
        await live.stop()
    }

    @Test("a body slower than the minimum rate gets 408")
    func slowBody() async throws {
        let live = try LiveServer(timeouts: ServerTimeouts(bodyGrace: .milliseconds(200), minimumBodyBytesPerSecond: 1_000_000))
        let client = try RawClient(port: live.port)
        try await client.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nx")
        #expect(try await client.readResponse()?.status == 408)
        #expect(try await client.readUntilClose().isEmpty)
        await live.stop()
    }

    @Test("over the connection cap, new connections are closed at once")
    func connectionCap() async throws {
        let live = try LiveServer(limits: ServerLimits(maxConnections: 2))
        let first = try RawClient(port: live.port), second = try RawClient(port: live.port)
        for client in [first, second] {
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try await client.readResponse()?.status == 200)
        }
        let third = try RawClient(port: live.port)
        try? await third.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(try await third.readUntilClose().isEmpty, "closed without an answer")
        try await first.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(try await first.readResponse()?.status == 200, "admitted connections keep working")
        #expect(live.server.connectionCount == 2)
        await live.stop()
    }

    @Test("graceful shutdown: in-flight finishes with Connection: close, idle ones close, new connects are refused")
    func gracefulShutdown() async throws {
        let responder = RecordingResponder(delay: .milliseconds(400))
        let live = try LiveServer(responder: responder)
        let idle = try RawClient(port: live.port)
        try await idle.send("GET /warm HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(try await idle.readResponse()?.status == 200)

        let busy = try RawClient(port: live.port)
        try await busy.send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(await eventually { responder.count == 2 })
        let stopping = Task { await live.server.shutdown(gracePeriod: .seconds(5)) }
        let response = try #require(try await busy.readResponse())
        #expect(response.status == 200)
        #expect(response.header("Connection") == "close")
        #expect(try await idle.readUntilClose().isEmpty, "idle connection closed by shutdown")
        await stopping.value
        #expect(live.server.connectionCount == 0)
        #expect(throws: SystemError.self) { try RawClient(port: live.port) }
    }
}

/// Delays the first request so a later one would overtake it if the server
/// ran pipelined requests concurrently.
struct SlowFirstResponder: HTTPResponder {
    let inner: RecordingResponder
    func respond(to request: HTTPRequest) async -> HTTPResponse {
        if request.target == "/1" { try? await Task.sleep(for: .milliseconds(200)) }
        return await inner.respond(to: request)
    }
}

/// Holds requests for even targets (`/0`, `/2`, …) until ``Gate/open()``.
struct GatedEvenResponder: HTTPResponder {
    let inner: RecordingResponder
    let gate: Gate
    func respond(to request: HTTPRequest) async -> HTTPResponse {
        if let number = Int(request.target.dropFirst()), number % 2 == 0 { await gate.wait() }
        return await inner.respond(to: request)
    }
}

/// Suspends its waiters until opened; later waiters pass straight through.
final class Gate: Sendable {
    private let state = Mutex<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let passes = state.withLock { state in
                if state.isOpen { return true }
                state.waiters.append(continuation)
                return false
            }
            if passes { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

@Suite("More connection behaviour over a real socket")
struct LiveBehaviourMoreTests {
    @Test("many connections at once: each gets its own response, whether answered in the loop's turn or after it went idle")
    func batchedResponses() async throws {
        // Even targets wait for the gate, which opens only once every odd
        // one has been answered: their responses are written from a later
        // turn than the batch that read them.
        let gate = Gate()
        let responder = RecordingResponder { request in
            HTTPResponse(status: .ok, contentType: "text/plain", text: "answer to \(request.target)")
        }
        let live = try LiveServer(responder: responder, wrapping: GatedEvenResponder(inner: responder, gate: gate))
        let clients = try (0..<40).map { _ in try RawClient(port: live.port) }
        for (index, client) in clients.enumerated() { try await client.send("GET /\(index) HTTP/1.1\r\nHost: h\r\n\r\n") }
        for (index, client) in clients.enumerated() where index % 2 == 1 {
            #expect(try await client.readResponse()?.text == "answer to /\(index)")
        }
        gate.open()
        for (index, client) in clients.enumerated() where index % 2 == 0 {
            #expect(try await client.readResponse()?.text == "answer to /\(index)")
        }
        // And the connections stay usable: a second round on each.
        for (index, client) in clients.enumerated() { try await client.send("GET /again\(index) HTTP/1.1\r\nHost: h\r\n\r\n") }
        for (index, client) in clients.enumerated() {
            #expect(try await client.readResponse()?.text == "answer to /again\(index)")
        }
        await live.stop()
    }

    @Test("204 and 304 responses carry no body bytes even when the responder supplies some")
    func bodilessStatuses() async throws {
        let responder = RecordingResponder { request in
            let status: HTTPStatus = request.target == "/204" ? .noContent : request.target == "/304" ? .notModified : .ok
            return HTTPResponse(status: status, contentType: "text/plain", text: "body of \(request.target)")
        }
        let live = try LiveServer(responder: responder)
        let client = try RawClient(port: live.port)
        try await client.send("GET /204 HTTP/1.1\r\nHost: h\r\n\r\nGET /304 HTTP/1.1\r\nHost: h\r\n\r\nGET /200 HTTP/1.1\r\nHost: h\r\n\r\n")
        let noContent = try #require(try await client.readResponse(bodyless: true))
        let notModified = try #require(try await client.readResponse(bodyless: true))
        #expect(noContent.status == 204 && noContent.header("Content-Length") == nil)
        #expect(notModified.status == 304 && notModified.header("Content-Length") == nil)
        #expect(try await client.readResponse()?.text == "body of /200", "no stray body bytes before the next response")
        await live.stop()
    }

    @Test("runUntilSignalled returns after SIGTERM, having shut down")
    func signalled() async throws {
        let live = try LiveServer()
        let signals = try ShutdownSignals()
        // Sent before anyone waits: remembered, not lost.
        kill(getpid(), SIGTERM)
        let running = Task { await live.server.runUntilSignalled(signals) }
        await running.value
        #expect(live.server.connectionCount == 0)
        #expect(throws: SystemError.self) { try RawClient(port: live.port) }
    }
}
