import Testing
import Transport

@Suite("TLS policy, in memory")
struct TLSConnectionTests {
    static let certificate = try! SelfSignedCertificate.generate()

    func serverContext() throws -> TLSServerContext {
        try TLSServerContext(certificateChainPEM: Self.certificate.certificatePEM, privateKeyPEM: Self.certificate.privateKeyPEM)
    }

    @Test("TLS 1.3 handshake with ALPN http/1.1, then data both ways")
    func handshakeAndData() throws {
        let server = try TLSConnection(server: try serverContext())
        let client = try TLSConnection(client: try TLSClientContext())
        try TLSHandshakeDriver.handshake(client: client, server: server)
        #expect(server.negotiatedProtocol == "http/1.1")
        #expect(client.negotiatedProtocol == "http/1.1")
        #expect(server.version == "TLSv1.3")
        #expect(try TLSHandshakeDriver.send("ping", from: client, to: server) == "ping")
        #expect(try TLSHandshakeDriver.send("pong", from: server, to: client) == "pong")
    }

    @Test("an idle session gives back the buffer its largest response grew, and still carries data both ways")
    func idleBuffersReleased() throws {
        let server = try TLSConnection(server: try serverContext())
        let client = try TLSConnection(client: try TLSClientContext())
        try TLSHandshakeDriver.handshake(client: client, server: server)
        let page = [UInt8](repeating: 0x61, count: 64 * 1024)
        try server.write(page)
        try TLSHandshakeDriver.pass(from: server, to: client)
        #expect(server.bufferedCapacity > page.count)
        server.releaseIdleBuffers()
        #expect(server.bufferedCapacity <= 4096)
        #expect(try TLSHandshakeDriver.readAll(client) == page)
        #expect(try TLSHandshakeDriver.send("next request", from: client, to: server) == "next request")
        #expect(try TLSHandshakeDriver.send("next response", from: server, to: client) == "next response")
    }

    @Test("TLS 1.2 client gets an ECDHE AEAD suite")
    func tls12UsesAEAD() throws {
        let server = try TLSConnection(server: try serverContext())
        let client = try TLSConnection(client: try TLSClientContext(versions: .tls1_2 ... .tls1_2))
        try TLSHandshakeDriver.handshake(client: client, server: server)
        #expect(server.version == "TLSv1.2")
        let cipher = try #require(server.cipher)
        #expect(cipher.hasPrefix("ECDHE-"))
        #expect(cipher.contains("GCM") || cipher.contains("CHACHA20"))
    }

    @Test("a client offering only TLS 1.0/1.1 is refused with a protocol version alert")
    func legacyVersionsRefused() throws {
        let server = try TLSConnection(server: try serverContext())
        let client = try TLSConnection(client: try TLSClientContext(versions: .tls1_0 ... .tls1_1))
        // The client really offers TLS 1.1 (its ClientHello goes out); the server is the one refusing.
        #expect(try client.handshake() == false)
        try TLSHandshakeDriver.pass(from: client, to: server)
        let error = try #require(throws: TLSError.self) { try server.handshake() }
        #expect(error.reasons.contains { $0.contains("unsupported protocol") }, "\(error)")
        try TLSHandshakeDriver.pass(from: server, to: client)
        let clientError = try #require(throws: TLSError.self) { try client.handshake() }
        #expect(clientError.reasons.contains { $0.contains("protocol version") }, "\(clientError)")
    }

    @Test("a TLS 1.2 client offering only CBC suites is refused")
    func cbcRefused() throws {
        let server = try TLSConnection(server: try serverContext())
        let client = try TLSConnection(client: try TLSClientContext(
            versions: .tls1_2 ... .tls1_2, tls12CipherList: "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256"
        ))
        #expect(try client.handshake() == false)
        try TLSHandshakeDriver.pass(from: client, to: server)
        let error = try #require(throws: TLSError.self) { try server.handshake() }
        #expect(error.reasons.contains { $0.contains("no shared cipher") }, "\(error)")
    }

    @Test("the server's cipher order wins over the client's")
    func serverCipherOrder() throws {
        let server = try TLSConnection(server: try serverContext())
        let client = try TLSConnection(client: try TLSClientContext(
            versions: .tls1_2 ... .tls1_2, tls12CipherList: "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256"
        ))
        try TLSHandshakeDriver.handshake(client: client, server: server)
        #expect(server.cipher == "ECDHE-ECDSA-AES128-GCM-SHA256")
    }

    @Test("a client offering only h2 still connects, without ALPN")
    func alpnWithoutHTTP11() throws {
        let server = try TLSConnection(server: try serverContext())
        let client = try TLSConnection(client: try TLSClientContext(alpn: ["h2"]))
        try TLSHandshakeDriver.handshake(client: client, server: server)
        #expect(server.negotiatedProtocol == nil)
    }

    @Test("a key that does not match the certificate is rejected")
    func mismatchedKey() throws {
        let other = try SelfSignedCertificate.generate()
        #expect(throws: TLSError.self) {
            try TLSServerContext(certificateChainPEM: Self.certificate.certificatePEM, privateKeyPEM: other.privateKeyPEM)
        }
        #expect(throws: TLSError.self) {
            try TLSServerContext(certificateChainPEM: Array("not a certificate".utf8), privateKeyPEM: other.privateKeyPEM)
        }
    }
}
