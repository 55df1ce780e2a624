import Synchronization
import Testing
import Transport
@testable import HTTPServer
@testable import GrantDeskTesting

@Suite("Server basics over a real socket")
struct ServerBasicsTests {
    @Test("keep-alive: two requests on one connection, Content-Length bodies")
    func keepAlive() async throws {
        let live = try LiveServer()
        let client = try RawClient(port: live.port)
        try await client.send("GET /a HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let first = try #require(try await client.readResponse())
        #expect(first.status == 200)
        #expect(first.text == "GET /a 0")
        #expect(first.header("Connection") == nil)
        #expect(first.header("Date") != nil)
        try await client.send("POST /b HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello")
        let second = try #require(try await client.readResponse())
        #expect(second.text == "POST /b 5")
        #expect(live.responder.requests.last?.body == Array("hello".utf8))
        await live.stop()
    }

    @Test("the request observer gets each written response's timing, in order, spans not negative")
    func requestObserver() async throws {
        let seen = Mutex<[RequestTiming]>([])
        let live = try LiveServer(requestObserver: { timing in seen.withLock { $0.append(timing) } })
        let client = try RawClient(port: live.port)
        try await client.send("GET /first HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let first = try #require(try await client.readResponse())
        try await client.send("HEAD /second?x=1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
        _ = try await client.readResponse(bodyless: true)
        await live.stop()
        let timings = seen.withLock { $0 }
        #expect(timings.map(\.path) == ["/first", "/second"])
        #expect(timings.map(\.method) == [.get, .head])
        #expect(timings.allSatisfy { $0.status == .ok && !$0.isSecure })
        let firstTiming = try #require(timings.first)
        #expect(firstTiming.responseBytes > first.body.count && !first.body.isEmpty)  // head and body
        for timing in timings {
            let instants = [timing.received, timing.dispatched, timing.responderStarted, timing.responderFinished,
                            timing.serialized, timing.written]
            #expect(instants == instants.sorted())
        }
    }
}
