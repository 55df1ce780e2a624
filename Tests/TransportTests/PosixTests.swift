import Testing
@testable import Transport

@Suite("Posix socket calls")
struct PosixTests {
    @Test("listen on an ephemeral IPv4 and IPv6 port, accept, exchange bytes, see would-block and EOF")
    func loopbackRoundTrip() throws {
        for host in ["127.0.0.1", "::1"] {
            let (listener, port) = try Posix.makeListeningSocket(host: host, port: 0)
            defer { Posix.close(listener) }
            #expect(port > 0)
            #expect(try Posix.accept(listener) == nil, "nothing pending yet: would block")

            let client = try Posix.connect(host: host, port: port)
            defer { Posix.close(client) }
            var accepted: (fd: Int32, remoteAddress: String)?
            for _ in 0..<1000 where accepted == nil {
                if case .processed(let value) = try Posix.accept(listener) { accepted = value }
            }
            let server = try #require(accepted)
            defer { Posix.close(server.fd) }
            #expect(server.remoteAddress == host)
            #expect(Posix.peerAddress(client) == host)

            var buffer = [UInt8](repeating: 0, count: 16)
            #expect(try buffer.withUnsafeMutableBytes { try Posix.read(server.fd, into: $0) } == .wouldBlock)
            let message = Array("hello".utf8)
            _ = try message.withUnsafeBytes { try Posix.write(client, $0) }
            var got: IOResult<Int> = .wouldBlock
            for _ in 0..<100_000 {
                got = try buffer.withUnsafeMutableBytes { try Posix.read(server.fd, into: $0) }
                if got != .wouldBlock { break }
            }
            #expect(got == .processed(5))
            Posix.shutdownWrite(client)
            var eof: IOResult<Int> = .wouldBlock
            for _ in 0..<100_000 {
                eof = try buffer.withUnsafeMutableBytes { try Posix.read(server.fd, into: $0) }
                if eof != .wouldBlock { break }
            }
            #expect(eof == .processed(0))
        }
    }

    @Test("errors are typed: binding a taken port reports bind and EADDRINUSE")
    func typedErrors() throws {
        let (listener, port) = try Posix.makeListeningSocket(host: "127.0.0.1", port: 0)
        defer { Posix.close(listener) }
        let error = try #require(throws: SystemError.self) { try Posix.makeListeningSocket(host: "127.0.0.1", port: port) }
        #expect(error.call == "bind")
        #expect(error.errno == 98) // EADDRINUSE on Linux
        #expect(throws: SystemError.self) { try Posix.makeListeningSocket(host: "not-an-address", port: 0) }
    }
}

extension IOResult where Value == (fd: Int32, remoteAddress: String) {
    static func == (lhs: Self, rhs: Self?) -> Bool {
        if case .wouldBlock = lhs, rhs == nil { return true }
        return false
    }
}
