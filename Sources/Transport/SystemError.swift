#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call: which call, and the `errno` it left.
public struct SystemError: Error, Equatable, CustomStringConvertible {
    /// The name of the call that failed, e.g. `"bind"`.
    public let call: String
    /// The `errno` value the call reported.
    public let errno: Int32

    /// Creates an error for `call` failing with `errno`.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// `call: strerror(errno) (errno N)`, for logs only (never for users).
    public var description: String {
        "\(call): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// The outcome of a non-blocking operation: done, or it would have blocked.
public enum IOResult<Value: Sendable>: Sendable {
    /// The call completed with this value.
    case processed(Value)
    /// The call reported `EAGAIN`/`EWOULDBLOCK`; wait for readiness and retry.
    case wouldBlock
}

extension IOResult: Equatable where Value: Equatable {}
