/// A location inside a scope's JSON, written the way people read it:
/// `queues.send`, `dataset.tables[2].name`. The empty path is the scope itself.
public struct ScopePath: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// One step of a path.
    public enum Component: Sendable, Hashable {
        /// An object member.
        case key(String)
        /// A list element (0-based).
        case index(Int)
    }

    /// The steps from the scope's root.
    public private(set) var components: [Component]

    /// A path from its steps.
    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// A path of keys written with dots, e.g. `"storage.paths"`.
    public init(stringLiteral value: String) {
        components = value.isEmpty ? [] : value.split(separator: ".").map { .key(String($0)) }
    }

    /// This path extended by a key.
    public func appending(_ key: String) -> ScopePath {
        ScopePath(components + [.key(key)])
    }

    /// This path extended by a list index.
    public func appending(index: Int) -> ScopePath {
        ScopePath(components + [.index(index)])
    }

    /// `a.b[2].c`; keys that are not plain identifiers are quoted (`["a.b"]`)
    /// so a hostile key cannot make one path look like another.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if Self.isPlain(key) {
                    if !text.isEmpty { text += "." }
                    text += key
                } else {
                    text += "[" + JSONValue.string(key).serialized() + "]"
                }
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }

    private static func isPlain(_ key: String) -> Bool {
        !key.isEmpty && key.unicodeScalars.allSatisfy { scalar in
            scalar == "_" || scalar == "-" || (scalar.isASCII && scalar.properties.isAlphabetic)
                || ("0"..."9").contains(scalar)
        }
    }
}
