import Transport

/// Runs a TLS handshake between two in-memory TLSConnections by shuttling
/// ciphertext between them, as sockets would.
enum TLSHandshakeDriver {
    /// Shuttles until both sides finish or one throws; returns the first error.
    static func handshake(client: TLSConnection, server: TLSConnection) throws {
        var clientDone = false
        var serverDone = false
        for _ in 0..<20 where !(clientDone && serverDone) {
            clientDone = try client.handshake()
            try pass(from: client, to: server)
            serverDone = try server.handshake()
            try pass(from: server, to: client)
        }
        if !(clientDone && serverDone) { throw TLSError(operation: "handshake did not finish", reasons: []) }
    }

    static func pass(from sender: TLSConnection, to receiver: TLSConnection) throws {
        let bytes = sender.takeCiphertext()
        try bytes.withUnsafeBytes { try receiver.feed($0) }
    }

    /// Writes `text` on one side and returns what the other side reads of it.
    static func send(_ text: String, from sender: TLSConnection, to receiver: TLSConnection) throws -> String {
        try sender.write(Array(text.utf8))
        try pass(from: sender, to: receiver)
        return String(decoding: try readAll(receiver), as: UTF8.self)
    }

    static func readAll(_ connection: TLSConnection) throws -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let result = try buffer.withUnsafeMutableBytes { try connection.read(into: $0) }
            guard case .bytes(let count) = result else { return out }
            out += buffer.prefix(count)
        }
    }
}
