import Testing
import Transport
@testable import HTTPServer
@testable import GrantDeskTesting

@Suite("TLS over a real socket")
struct LiveTLSTests {
    static let certificate = try! SelfSignedCertificate.generate()

    func serverContext() throws -> TLSServerContext {
        try TLSServerContext(certificateChainPEM: Self.certificate.certificatePEM, privateKeyPEM: Self.certificate.privateKeyPEM)
    }

    @Test("handshake, ALPN http/1.1, keep-alive requests, HSTS on every response")
    func httpsRequests() async throws {
        let live = try LiveServer(tls: try serverContext())
        let client = try await RawClient.connect(port: live.port, tls: try TLSClientContext())
        #expect(client.tlsConnection?.negotiatedProtocol == "http/1.1")
        #expect(client.tlsConnection?.version == "TLSv1.3")
        try await client.send("GET /one HTTP/1.1\r\nHost: localhost\r\n\r\nGET /two HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let first = try #require(try await client.readResponse())
        let second = try #require(try await client.readResponse())
        #expect(first.text == "GET /one 0")
        #expect(second.text == "GET /two 0", "pipelined request behind TLS records is answered too")
        for response in [first, second] {
            #expect(response.header("Strict-Transport-Security") == "max-age=63072000; includeSubDomains")
        }
        #expect(live.responder.requests.allSatisfy { $0.connection.isSecure })
        await live.stop()
    }

    @Test("the server's own error responses over TLS carry HSTS too")
    func hstsOnErrors() async throws {
        let live = try LiveServer(tls: try serverContext())
        let client = try await RawClient.connect(port: live.port, tls: try TLSClientContext())
        try await client.send("GET / HTTP/1.1\r\n\r\n")
        let response = try #require(try await client.readResponse())
        #expect(response.status == 400)
        #expect(response.header("Strict-Transport-Security") == "max-age=63072000; includeSubDomains")
        await live.stop()
    }

    @Test("a TLS 1.1 client is refused by the server")
    func tls11Refused() async throws {
        let live = try LiveServer(tls: try serverContext())
        let context = try TLSClientContext(versions: .tls1_0 ... .tls1_1)
        let error = await #expect(throws: TLSError.self) { try await RawClient.connect(port: live.port, tls: context) }
        #expect(error?.reasons.contains { $0.contains("protocol version") } == true, "\(String(describing: error))")
        #expect(live.responder.count == 0)
        await live.stop()
    }

    @Test("a TLS 1.2 client offering only CBC suites is refused by the server")
    func cbcRefused() async throws {
        let live = try LiveServer(tls: try serverContext())
        let context = try TLSClientContext(versions: .tls1_2 ... .tls1_2, tls12CipherList: "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384")
        let error = await #expect(throws: TLSError.self) { try await RawClient.connect(port: live.port, tls: context) }
        #expect(error?.reasons.contains { $0.contains("handshake failure") } == true, "\(String(describing: error))")
        await live.stop()
    }

    @Test("a connection that never starts its handshake is closed at the handshake timeout")
    func handshakeTimeout() async throws {
        let live = try LiveServer(tls: try serverContext(), timeouts: ServerTimeouts(tlsHandshake: .milliseconds(300)))
        let client = try RawClient(port: live.port)
        #expect(try await client.readUntilClose().isEmpty)
        await live.stop()
    }

    @Test("plaintext HTTP sent to the TLS port is dropped without an answer")
    func plaintextToTLSPort() async throws {
        let live = try LiveServer(tls: try serverContext())
        let client = try RawClient(port: live.port)
        try await client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let bytes = try await client.readUntilClose()
        #expect(!String(decoding: bytes, as: UTF8.self).contains("HTTP/1.1"))
        #expect(live.responder.count == 0)
        await live.stop()
    }
}
