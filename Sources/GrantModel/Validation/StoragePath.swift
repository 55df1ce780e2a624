/// A path inside a project's storage, checked: relative, `/`-separated
/// segments, none empty, `.` or `..`, no NUL or other control characters,
/// no backslash (a separator on other systems). What the embedded API
/// accepts and what the console refuses before asking the upstream.
public struct StoragePath: Sendable, Hashable, CustomStringConvertible {
    /// The segments, in order; empty for the project's top folder.
    public let segments: [String]

    /// Longest segment, in UTF-8 bytes (what file systems allow).
    public static let maxSegmentBytes = 255
    /// Longest whole path, in UTF-8 bytes.
    public static let maxBytes = 1024

    /// Why a path is refused, in words naming the problem.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Parses a file path (`folder` must be false) or a folder path (empty
    /// and a trailing `/` allowed, e.g. for listing).
    public init(_ text: String, folder: Bool = false) throws(Problem) {
        if text.utf8.count > Self.maxBytes { throw Problem(message: "is longer than \(Self.maxBytes) bytes") }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw Problem(message: "contains a NUL or another control character")
        }
        if text.contains("\\") { throw Problem(message: "contains a backslash") }
        if text.hasPrefix("/") { throw Problem(message: "is absolute (starts with /); give a path inside the project's storage") }
        var body = Substring(text)
        if folder, body.hasSuffix("/") { body = body.dropLast() }
        if body.isEmpty {
            guard folder else { throw Problem(message: "is empty") }
            segments = []
            return
        }
        var parts: [String] = []
        for part in body.split(separator: "/", omittingEmptySubsequences: false) {
            if part.isEmpty { throw Problem(message: "has an empty segment (//)") }
            if part == "." || part == ".." { throw Problem(message: "has a “\(part)” segment") }
            if part.utf8.count > Self.maxSegmentBytes { throw Problem(message: "has a segment longer than \(Self.maxSegmentBytes) bytes") }
            parts.append(String(part))
        }
        segments = parts
    }

    private init(segments: [String]) {
        self.segments = segments
    }

    /// The path as text, without leading or trailing `/`.
    public var description: String { segments.joined(separator: "/") }

    /// The last segment (a file's or folder's name); empty for the top folder.
    public var name: String { segments.last ?? "" }

    /// The folder containing this path (the top folder's parent is itself).
    public var parent: StoragePath { StoragePath(segments: Array(segments.dropLast())) }

    /// `name` inside this folder (`name` must be one valid segment).
    public func appending(_ name: String) -> StoragePath { StoragePath(segments: segments + [name]) }

    /// Each folder from the top down to this path, e.g. `a`, `a/b` for `a/b`.
    public var prefixes: [StoragePath] {
        segments.indices.map { StoragePath(segments: Array(segments[...$0])) }
    }
}
