/// Failures of the cryptographic primitives. Messages are for logs and
/// developers; they never contain key material.
public enum CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The caller passed parameters the algorithm cannot accept.
    case invalidParameters(String)
    /// OpenSSL refused the operation; carries the drained error queue text.
    case operationFailed(String)

    public var description: String {
        switch self {
        case .invalidParameters(let detail): "invalid parameters: \(detail)"
        case .operationFailed(let detail): detail
        }
    }
}
