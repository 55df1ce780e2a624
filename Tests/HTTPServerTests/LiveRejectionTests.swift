import Testing
@testable import HTTPServer
@testable import GrantDeskTesting

/// Every TESTING.md parsing/limit case, sent as raw bytes to a real server
/// with a valid request pipelined behind it in the same write.
@Suite("Rejections over a real socket")
struct LiveRejectionTests {
    static let follower = "GET /after HTTP/1.1\r\nHost: example.test\r\n\r\n"

    @Test("status, then close, and the pipelined request never reaches the responder", arguments: ParserCases.rejected)
    func rejected(testCase: ParserCase) async throws {
        let live = try LiveServer()
        let client = try RawClient(port: live.port)
        try await client.send(testCase.raw + Self.follower)
        let response = try #require(try await client.readResponse())
        #expect(response.status == testCase.status)
        #expect(response.header("Connection") == "close")
        #expect(response.header("X-Content-Type-Options") == "nosniff")
        #expect(try await client.readUntilClose().isEmpty, "nothing follows the error response; the server closes")
        #expect(live.responder.count == 0, "no request reached the responder")
        await live.stop()
    }

    @Test("a good request before a bad one is answered; the one after the bad one is not")
    func goodBadGood() async throws {
        let live = try LiveServer()
        let client = try RawClient(port: live.port)
        try await client.send("GET /first HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost : h\r\n\r\n" + Self.follower)
        #expect(try await client.readResponse()?.status == 200)
        #expect(try await client.readResponse()?.status == 400)
        #expect(try await client.readUntilClose().isEmpty)
        #expect(live.responder.requests.map(\.target) == ["/first"])
        await live.stop()
    }

    @Test("413 arrives before the body is sent")
    func tooLargeBeforeBody() async throws {
        let live = try LiveServer(limits: ServerLimits(maxBodyBytes: 1000))
        let client = try RawClient(port: live.port)
        try await client.send("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1001\r\n\r\n")
        #expect(try await client.readResponse()?.status == 413)
        #expect(try await client.readUntilClose().isEmpty)
        await live.stop()
    }

    @Test("the errorResponse hook styles the server's own errors on the wire")
    func styledErrors() async throws {
        let live = try LiveServer(errorResponse: { status in
            HTTPResponse(status: status, contentType: "text/html; charset=utf-8", text: "<h1>\(status.code)</h1>")
        })
        let client = try RawClient(port: live.port)
        try await client.send("GET / HTTP/1.1\r\n\r\n")
        let response = try #require(try await client.readResponse())
        #expect(response.status == 400)
        #expect(response.text == "<h1>400</h1>")
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        await live.stop()
    }
}
