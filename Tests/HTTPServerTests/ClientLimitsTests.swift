import Testing
@testable import HTTPServer
@testable import GrantDeskTesting

/// Limits on what one client can hold: connections per address, the
/// absolute body deadline, and the per-request body limit policy.
@Suite("Per-client limits")
struct ClientLimitsTests {
    @Test("admission: each address has its own cap under the global one, and closing frees a slot")
    func admissionBookkeeping() {
        var admission = ConnectionAdmission(limits: ServerLimits(maxConnections: 3, maxConnectionsPerAddress: 2))
        let outcomes = ["192.0.2.1", "192.0.2.1", "192.0.2.1", "2001:db8::1", "198.51.100.7"].map { admission.admit($0) }
        #expect(outcomes == [true, true, false, true, false],
                "a third from one address is refused; another address gets in; the global cap still holds")
        #expect(admission.total == 3)
        admission.release("192.0.2.1")
        #expect(admission.count(from: "192.0.2.1") == 1)
        let again = admission.admit("192.0.2.1")
        #expect(again, "a closed connection frees its slot")
        admission.release("2001:db8::1")
        #expect(admission.count(from: "2001:db8::1") == 0)
        admission.release("2001:db8::1")
        #expect(admission.total == 2, "a release without an admission changes nothing")
    }

    @Test("over the per-address cap, further connections from that address are closed at once")
    func perAddressCap() async throws {
        let live = try LiveServer(limits: ServerLimits(maxConnections: 100, maxConnectionsPerAddress: 2))
        var first: RawClient? = try RawClient(port: live.port)
        let second = try RawClient(port: live.port)
        for client in [first!, second] {
            try await client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            #expect(try await client.readResponse()?.status == 200)
        }
        let third = try RawClient(port: live.port)
        try? await third.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(try await third.readUntilClose().isEmpty, "closed without an answer")
        #expect(live.server.connectionCount == 2)

        first = nil // closes the socket
        #expect(await eventually { live.server.connectionCount == 1 })
        let fourth = try RawClient(port: live.port)
        try await fourth.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(try await fourth.readResponse()?.status == 200, "a closed connection frees its address's slot")
        await live.stop()
    }

    @Test("a body still arriving at the absolute body deadline gets 408 and close, whatever its rate")
    func absoluteBodyDeadline() async throws {
        var timeouts = LiveServer.relaxedTimeouts
        timeouts.body = .milliseconds(300)
        timeouts.minimumBodyBytesPerSecond = 1
        let live = try LiveServer(timeouts: timeouts)
        let client = try RawClient(port: live.port)
        try await client.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nsome")
        #expect(try await client.readResponse()?.status == 408)
        #expect(try await client.readUntilClose().isEmpty)
        #expect(live.responder.count == 0)
        await live.stop()
    }

    @Test("the body-limit policy: 413 before the body on the small path, the server's limit elsewhere")
    func bodyLimitPolicy() async throws {
        let live = try LiveServer(limits: ServerLimits(maxBodyBytes: 1000), bodyLimit: { head in
            head.target.hasPrefix("/small") ? 10 : .max
        })
        let big = try RawClient(port: live.port)
        try await big.send("POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world")
        #expect(try await big.readResponse()?.text == "POST /big 11")

        let small = try RawClient(port: live.port)
        try await small.send("POST /small HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n")
        #expect(try await small.readResponse()?.status == 413, "refused before a byte of the body was sent")
        #expect(try await small.readUntilClose().isEmpty)

        let chunked = try RawClient(port: live.port)
        try await chunked.send("POST /small HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n")
        try await chunked.send("3\r\n")
        #expect(try await chunked.readResponse()?.status == 413, "mid-stream, at the chunk that crosses the limit")
        #expect(live.responder.requests.map(\.target) == ["/big"])
        await live.stop()
    }
}
