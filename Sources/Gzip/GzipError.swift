/// Why a gzip operation failed.
public enum GzipError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The compression level was outside 0...9.
    case invalidLevel(Int)
    /// The input was larger than zlib can take in one call (4 GiB).
    case inputTooLarge
    /// Decompressed output would exceed the caller's cap.
    case tooLarge(limit: Int)
    /// The input ended before the gzip trailer.
    case truncated
    /// Bytes followed the end of the gzip member.
    case trailingData
    /// The input is not valid gzip data (bad header, checksum or deflate stream).
    case corrupt
    /// zlib returned an unexpected status code.
    case zlib(Int32)

    public var description: String {
        switch self {
        case .invalidLevel(let level): "gzip level \(level) is outside 0...9"
        case .inputTooLarge: "gzip input exceeds 4 GiB"
        case .tooLarge(let limit): "gzip output exceeds the \(limit)-byte limit"
        case .truncated: "gzip data is truncated"
        case .trailingData: "gzip data has bytes after the end of the stream"
        case .corrupt: "gzip data is corrupt"
        case .zlib(let status): "zlib error \(status)"
        }
    }
}
