public import Foundation

/// A fresh directory under the system's temporary folder, removed with
/// everything in it by `remove()` or, at the latest, when the value is
/// released. Every test that needs files on disk uses one of these; a test
/// holding one in a local says `defer { scratch.remove() }`, since Swift may
/// release a local after its last use, not at the end of its scope.
public final class TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates the directory; `label` only makes leftovers easy to recognise.
    public init(_ label: String = "test") throws {
        path = NSTemporaryDirectory() + "grantdesk-\(label)-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The directory as a file URL.
    public var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    /// The path of `name` inside the directory.
    public func appending(_ name: String) -> String { path + "/" + name }

    /// Removes the directory and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    deinit { remove() }
}
