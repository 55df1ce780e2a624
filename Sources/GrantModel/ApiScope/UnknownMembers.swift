/// Object members GrantDesk does not understand, kept verbatim so that a
/// round trip never destroys settings a newer MeshAgent server added.
///
/// Each member remembers the known key it followed in the input (its
/// anchor), so it is written back beside the same neighbour.
public struct UnknownMembers: Sendable, Hashable {
    /// One unrecognised member.
    public struct Member: Sendable, Hashable {
        /// The known key this member followed in the input; nil if it came
        /// before every known key.
        public var anchor: String?
        /// The member's key.
        public var key: String
        /// The member's value, untouched.
        public var value: JSONValue

        /// A member placed after `anchor` (nil: before every known key).
        public init(anchor: String?, key: String, value: JSONValue) {
            self.anchor = anchor
            self.key = key
            self.value = value
        }
    }

    /// The members in input order.
    public var members: [Member] = []

    /// No members.
    public init() {}

    /// Whether there are no unrecognised members.
    public var isEmpty: Bool { members.isEmpty }

    /// The unrecognised keys in input order.
    public var keys: [String] { members.map(\.key) }

    /// The value of an unrecognised member.
    public subscript(key: String) -> JSONValue? {
        members.first { $0.key == key }?.value
    }

    mutating func append(anchor: String?, key: String, value: JSONValue) {
        members.append(Member(anchor: anchor, key: key, value: value))
    }
}
