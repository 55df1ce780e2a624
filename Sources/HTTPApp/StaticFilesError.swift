/// Why `StaticFiles` could not load its directory. Thrown at start-up, so
/// the messages name paths for the operator.
public enum StaticFilesError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingDirectory(String)
    case notADirectory(String)
    case unreadable(path: String, errno: Int32)
    case tooLarge(limit: Int)

    public var description: String {
        switch self {
        case .missingDirectory(let path): "static files directory '\(path)' does not exist"
        case .notADirectory(let path): "static files path '\(path)' is not a directory"
        case .unreadable(let path, let code): "cannot read '\(path)' (errno \(code))"
        case .tooLarge(let limit): "static files exceed the \(limit)-byte in-memory limit"
        }
    }
}
