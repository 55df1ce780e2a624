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
}
