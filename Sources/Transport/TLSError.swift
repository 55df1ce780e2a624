/// A TLS failure, with OpenSSL's error queue drained into readable reasons.
///
/// The reasons are for logs; never show them to users.
public struct TLSError: Error, Equatable, CustomStringConvertible {
    /// What was being attempted, e.g. `"handshake"` or `"load private key"`.
    public let operation: String
    /// OpenSSL's error strings, oldest first (may be empty).
    public let reasons: [String]

    /// Creates an error; ``TLS`` fills `reasons` from the error queue.
    public init(operation: String, reasons: [String]) {
        self.operation = operation
        self.reasons = reasons
    }

    /// The operation and reasons, for logs.
    public var description: String {
        reasons.isEmpty ? "TLS \(operation) failed" : "TLS \(operation) failed: \(reasons.joined(separator: "; "))"
    }
}

/// A TLS protocol version, for bounding what a context accepts.
public enum TLSVersion: Int32, Sendable, Comparable {
    case tls1_0 = 0x0301
    case tls1_1 = 0x0302
    case tls1_2 = 0x0303
    case tls1_3 = 0x0304

    /// Older versions sort first.
    public static func < (lhs: TLSVersion, rhs: TLSVersion) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What reading plaintext from a ``TLSConnection`` produced.
public enum TLSReadResult: Equatable, Sendable {
    /// This many plaintext bytes were copied into the buffer.
    case bytes(Int)
    /// No complete record is buffered; feed more ciphertext.
    case wantMore
    /// The peer sent close_notify.
    case closed
}
