import Foundation
public import Transport

/// The one blocking loopback HTTP client of the tests, plain or over TLS:
/// it sends exactly the bytes a test gives it and reads raw responses, so
/// malformed requests, pipelining and half-closed connections can be tried.
/// The async methods run the blocking calls through `offload`.
public final class RawClient: @unchecked Sendable {
    public let fd: Int32
    private let tls: TLSConnection?
    /// Plaintext received and not yet handed to the test.
    private var buffered: [UInt8] = []

    /// A plain TCP connection to `127.0.0.1:port`.
    public init(port: Int, receiveTimeoutSeconds: Int = 10) throws {
        fd = try Posix.connect(host: "127.0.0.1", port: port, receiveTimeoutSeconds: receiveTimeoutSeconds)
        tls = nil
    }

    /// A connection that will speak TLS once `handshakeBlocking()` ran.
    public init(port: Int, tls context: TLSClientContext, serverName: String = "localhost",
                receiveTimeoutSeconds: Int = 10) throws {
        fd = try Posix.connect(host: "127.0.0.1", port: port, receiveTimeoutSeconds: receiveTimeoutSeconds)
        tls = try TLSConnection(client: context, serverName: serverName)
    }

    /// Connects and completes the TLS handshake.
    public static func connect(port: Int, tls context: TLSClientContext,
                               serverName: String = "localhost") async throws -> RawClient {
        try await offload {
            let client = try RawClient(port: port, tls: context, serverName: serverName)
            try client.handshakeBlocking()
            return client
        }
    }

    deinit { Posix.close(fd) }

    /// The TLS session, for tests that look at what was negotiated.
    public var tlsConnection: TLSConnection? { tls }

    // MARK: - Async

    public func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) async throws {
        try await offload { try self.sendBlocking(bytes) }
    }

    /// Everything until the server closes the connection.
    public func readUntilClose() async throws -> [UInt8] {
        try await offload { try self.readUntilCloseBlocking() }
    }

    /// One Content-Length-framed response (none when `bodyless`), or nil if
    /// the server closed first.
    public func readResponse(bodyless: Bool = false) async throws -> ParsedResponse? {
        try await offload { try self.readResponseBlocking(bodyless: bodyless) }
    }

    /// Half-closes: the server sees end-of-stream, and this side can still read.
    public func finishSending() {
        Posix.shutdownWrite(fd)
    }

    // MARK: - Blocking

    public func handshakeBlocking() throws {
        guard let tls else { return }
        while true {
            let done = try tls.handshake()
            try flushCiphertext()
            if done { return }
            guard let bytes = try readSocket() else { throw TestFailure("the server closed during the TLS handshake") }
            try bytes.withUnsafeBytes { try tls.feed($0) }
        }
    }

    public func sendBlocking(_ bytes: [UInt8]) throws {
        if let tls {
            try tls.write(bytes)
            try flushCiphertext()
        } else {
            try writeSocket(bytes)
        }
    }

    /// More plaintext; nil on end of stream or reset. Throws on timeout.
    public func readSome() throws -> [UInt8]? {
        if !buffered.isEmpty {
            defer { buffered = [] }
            return buffered
        }
        guard let tls else { return try readSocket() }
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            switch try chunk.withUnsafeMutableBytes({ try tls.read(into: $0) }) {
            case .bytes(let count): return Array(chunk.prefix(count))
            case .closed: return nil
            case .wantMore:
                guard let ciphertext = try readSocket() else { return nil }
                try ciphertext.withUnsafeBytes { try tls.feed($0) }
            }
        }
    }

    public func readUntilCloseBlocking() throws -> [UInt8] {
        var all: [UInt8] = []
        while let more = try readSome() { all += more }
        return all
    }

    public func readResponseBlocking(bodyless: Bool = false) throws -> ParsedResponse? {
        var pending = buffered
        buffered = []
        while true {
            if let response = ParsedResponse.parse(&pending, bodyless: bodyless) {
                buffered = pending
                return response
            }
            guard let more = try readSome() else { return nil }
            pending += more
        }
    }

    // MARK: - Socket

    private func flushCiphertext() throws {
        guard let tls else { return }
        let out = tls.takeCiphertext()
        if !out.isEmpty { try writeSocket(out) }
    }

    private func writeSocket(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let result = try bytes.withUnsafeBytes { try Posix.write(fd, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            guard case .processed(let count) = result else { throw SystemError(call: "write", errno: EAGAIN) }
            offset += count
        }
    }

    private func readSocket() throws -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let result: IOResult<Int>
        do {
            result = try chunk.withUnsafeMutableBytes { try Posix.read(fd, into: $0) }
        } catch let error as SystemError where error.errno == ECONNRESET {
            return nil
        }
        switch result {
        case .wouldBlock: throw SystemError(call: "read (timed out)", errno: EAGAIN)
        case .processed(0): return nil
        case .processed(let count): return Array(chunk.prefix(count))
        }
    }
}

extension RawClient {
    /// One request on a connection of its own, read until the server closes
    /// it (send `Connection: close`), plain or over TLS.
    public static func exchange(port: Int, tls context: TLSClientContext? = nil, serverName: String = "localhost",
                                _ request: String) async throws -> ParsedResponse {
        try await offload {
            let client = try context.map { try RawClient(port: port, tls: $0, serverName: serverName) }
                ?? RawClient(port: port)
            try client.handshakeBlocking()
            try client.sendBlocking(Array(request.utf8))
            return try ParsedResponse(complete: client.readUntilCloseBlocking())
        }
    }
}
