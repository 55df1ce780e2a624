/// Why `StaticFiles` could not load its directory. Thrown at start-up, so
/// the messages name paths for the operator.
public enum StaticFilesError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The directory does not exist (or a path component is unreadable).
    case missingDirectory(String)
    /// The path exists but is not a directory.
    case notADirectory(String)
    /// A directory or file could not be opened or read.
    case unreadable(path: String, errno: Int32)
    /// Making the gzip copy of a file failed.
    case compressionFailed(path: String)
    /// The files together exceed the in-memory budget.
    case tooLarge(limit: Int)

    public var description: String {
        switch self {
        case .missingDirectory(let path): "static files directory '\(path)' does not exist"
        case .notADirectory(let path): "static files path '\(path)' is not a directory"
        case .unreadable(let path, let code): "cannot read '\(path)' (errno \(code))"
        case .compressionFailed(let path): "cannot gzip '\(path)'"
        case .tooLarge(let limit): "static files exceed the \(limit)-byte in-memory limit"
        }
    }
}
