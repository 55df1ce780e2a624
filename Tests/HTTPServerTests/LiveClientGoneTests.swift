import Synchronization
import Testing
@testable import HTTPServer
@testable import GrantDeskTesting

@Suite("A client that goes away while its request is answered")
struct LiveClientGoneTests {
    @Test("a GET whose client closes the connection is cancelled, and counted")
    func closedGetIsCancelled() async throws {
        let holding = HoldingResponder()
        let live = try LiveServer(wrapping: holding)
        var client: RawClient? = try RawClient(port: live.port)
        try await client?.send("GET /page HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(await eventually { holding.isWaiting("/page") })
        client = nil  // closes the socket
        #expect(await eventually { holding.outcome("/page") == "cancelled" })
        #expect(live.server.statistics.closedEarlyRequests == 1)
        await live.stop()
    }

    @Test("a GET whose client only half-closes is cancelled, and the answer the responder still gives is read")
    func halfClosedGetStillAnswered() async throws {
        let holding = HoldingResponder()
        let live = try LiveServer(wrapping: holding)
        let client = try RawClient(port: live.port)
        try await client.send("GET /page HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(await eventually { holding.isWaiting("/page") })
        client.finishSending()
        let response = try #require(try await client.readResponse())
        #expect(response.text == "cancelled")
        #expect(response.header("Connection") == "close")
        #expect(try await client.readUntilClose().isEmpty)
        await live.stop()
    }

    @Test("a POST whose client goes away is not cancelled: the change finishes and its answer is still sent")
    func changeFinishes() async throws {
        let holding = HoldingResponder()
        let live = try LiveServer(wrapping: holding)
        let client = try RawClient(port: live.port)
        try await client.send("POST /change HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")
        #expect(await eventually { holding.isWaiting("/change") })
        client.finishSending()
        // The server has seen the end of the stream before the change is let go.
        #expect(await eventually { live.server.statistics.closedEarlyRequests == 1 })
        #expect(holding.outcome("/change") == nil)
        holding.release()
        #expect(try await client.readResponse()?.text == "finished")
        #expect(holding.outcome("/change") == "finished")
        await live.stop()
    }

    @Test("a request pipelined behind the held one keeps both alive through a half-close")
    func pipelinedKeepsAlive() async throws {
        let holding = HoldingResponder()
        let live = try LiveServer(wrapping: holding)
        let client = try RawClient(port: live.port)
        try await client.send("GET /first HTTP/1.1\r\nHost: h\r\n\r\nGET /second HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(await eventually { holding.isWaiting("/first") })
        client.finishSending()
        // Seen, but the pipelined request shows the client still reads.
        #expect(await eventually { live.server.statistics.closedEarlyRequests == 1 })
        #expect(holding.outcome("/first") == nil)
        holding.release()
        #expect(try await client.readResponse()?.text == "finished")
        #expect(try await client.readResponse()?.text == "finished")
        #expect(holding.outcome("/first") == "finished")
        await live.stop()
    }
}

/// Holds every request until ``release()`` or until its task is cancelled,
/// and answers with which came first: `finished` or `cancelled`.
final class HoldingResponder: HTTPResponder, Sendable {
    private struct State {
        var released = false
        var waiting: [String: CheckedContinuation<Void, Never>] = [:]
        var outcomes: [String: String] = [:]
    }

    private let state = Mutex(State())

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        let target = request.target
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let goes = state.withLock { state in
                    if state.released || Task.isCancelled { return true }
                    state.waiting[target] = continuation
                    return false
                }
                if goes { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiting.removeValue(forKey: target) }?.resume()
        }
        let outcome = Task.isCancelled ? "cancelled" : "finished"
        state.withLock { $0.outcomes[target] = outcome }
        return HTTPResponse(status: .ok, contentType: "text/plain", text: outcome)
    }

    func isWaiting(_ target: String) -> Bool { state.withLock { $0.waiting[target] != nil } }

    func outcome(_ target: String) -> String? { state.withLock { $0.outcomes[target] } }

    /// Lets every held request and every later one finish.
    func release() {
        let waiters = state.withLock { state in
            state.released = true
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        for waiter in waiters { waiter.resume() }
    }
}
