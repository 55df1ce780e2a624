/// A fixed set of field names, asked case-insensitively whether it holds a
/// name. The length is checked first: most names asked about (every field
/// of every response, against the serializer's own or the security
/// headers) are not in the set, and seldom share a length with one that is.
public struct HTTPFieldNameSet: Sendable {
    private let names: [String]
    /// Bit n is set when a name in the set has n bytes (names of 64 bytes
    /// or more share bit 63, and are compared).
    private let lengths: UInt64

    public init(_ names: [String]) {
        self.names = names
        lengths = names.reduce(0) { $0 | Self.bit(forLength: $1.utf8.count) }
    }

    public func contains(_ name: String) -> Bool {
        lengths & Self.bit(forLength: name.utf8.count) != 0 && names.contains { name.caseInsensitiveEquals($0) }
    }

    private static func bit(forLength length: Int) -> UInt64 {
        1 << UInt64(min(length, 63))
    }
}
