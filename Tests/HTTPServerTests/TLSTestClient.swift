import Transport
@testable import HTTPServer

/// A TLS client over a blocking loopback socket, built on the Transport
/// client mode; enough to talk HTTP to the server in tests.
final class TLSTestClient: @unchecked Sendable {
    let raw: RawClient
    let tls: TLSConnection
    private var plaintext: [UInt8] = []

    init(port: Int, context: TLSClientContext) throws {
        raw = try RawClient(port: port)
        tls = try TLSConnection(client: context, serverName: "localhost")
    }

    static func connect(port: Int, context: TLSClientContext) async throws -> TLSTestClient {
        try await offload {
            let client = try TLSTestClient(port: port, context: context)
            try client.handshakeBlocking()
            return client
        }
    }

    func handshakeBlocking() throws {
        while true {
            let done = try tls.handshake()
            try flushBlocking()
            if done { return }
            guard let bytes = try raw.readSome() else { throw TLSError(operation: "handshake: server closed", reasons: []) }
            try bytes.withUnsafeBytes { try tls.feed($0) }
        }
    }

    private func flushBlocking() throws {
        let out = tls.takeCiphertext()
        if !out.isEmpty { try raw.sendBlocking(out) }
    }

    func send(_ text: String) async throws {
        try await offload {
            try self.tls.write(Array(text.utf8))
            try self.flushBlocking()
        }
    }

    /// One response (Content-Length framed), or nil when the server closed.
    func readResponse() async throws -> ParsedResponse? {
        try await offload {
            var buffer = [UInt8](repeating: 0, count: 16_384)
            while true {
                while case .bytes(let count) = try buffer.withUnsafeMutableBytes({ try self.tls.read(into: $0) }) {
                    self.plaintext += buffer.prefix(count)
                }
                if let response = ParsedResponse.parse(&self.plaintext) { return response }
                guard let bytes = try self.raw.readSome() else { return nil }
                try bytes.withUnsafeBytes { try self.tls.feed($0) }
            }
        }
    }
}
