/// What changed between two scopes, and whether the new one widens access.
public struct ScopeDiff: Sendable, Hashable {
    /// One structural change.
    public struct Change: Sendable, Hashable, CustomStringConvertible {
        /// What happened at `path`.
        public enum Kind: String, Sendable, Hashable {
            /// A section or field appeared.
            case added
            /// A section or field disappeared.
            case removed
            /// A field's value changed (a flag, or a value that is not a list).
            case changed
            /// A list gained an entry (`path` is the list, `new` the entry).
            case entryAdded = "entry_added"
            /// A list lost an entry (`path` is the list, `old` the entry).
            case entryRemoved = "entry_removed"
            /// A list has the same entries in another order (matters for first-match lists).
            case reordered
        }

        /// The kind of change.
        public let kind: Kind
        /// Where: a section (`tunnels`), a field (`queues.send`) or a list.
        public let path: ScopePath
        /// The old value or removed entry.
        public let old: JSONValue?
        /// The new value or added entry.
        public let new: JSONValue?
        /// Whether the path is one GrantDesk does not recognise.
        public let isUnrecognised: Bool
        /// The change in plain words.
        public let summary: String

        /// `summary`.
        public var description: String { summary }
    }

    /// Structural changes in scope order.
    public let changes: [Change]
    /// Every way the new scope allows more; empty = not widening.
    public let wideningReasons: [ScopeWideningReason]

    /// Whether the new scope allows anything the old one did not.
    public var widens: Bool { !wideningReasons.isEmpty }
    /// Whether nothing changed at all.
    public var isEmpty: Bool { changes.isEmpty }

    /// Plain-words lines: each change (marked where it widens access), then the verdict.
    public var summaryLines: [String] {
        var lines = changes.map { change -> String in
            Self.mayWiden(change) && wideningReasons.contains {
                $0.path.isPrefix(of: change.path) || change.path.isPrefix(of: $0.path)
            } ? change.summary + " — widens access" : change.summary
        }
        if changes.isEmpty { lines.append("No changes.") }
        lines.append(verdict)
        return lines
    }

    /// Removing a section never widens; removing a list entry widens only
    /// in first-match lists, where a later entry may then decide.
    private static func mayWiden(_ change: Change) -> Bool {
        switch change.kind {
        case .removed: change.path.components.count > 1
        case .entryRemoved: ["sync.paths", "storage.paths"].contains(change.path.description)
        default: true
        }
    }

    /// "Widens access: ..." or "Does not widen access."
    public var verdict: String {
        if wideningReasons.isEmpty { return "Does not widen access." }
        return "Widens access: " + wideningReasons.map(\.message).joined(separator: "; ") + "."
    }
}

extension ScopePath {
    /// Whether `other` starts with this path.
    public func isPrefix(of other: ScopePath) -> Bool {
        other.components.starts(with: components)
    }
}

extension ApiScope {
    /// The changes from `old` to this scope, with the widening verdict.
    public func diff(from old: ApiScope) -> ScopeDiff {
        ScopeDiff(
            changes: ScopeDiffBuilder.changes(old: old.json, new: json),
            wideningReasons: ScopeWidening(old: old, new: self).reasons)
    }

    /// Whether this scope allows anything `old` did not.
    public func widens(from old: ApiScope) -> Bool {
        !ScopeWidening(old: old, new: self).reasons.isEmpty
    }
}
