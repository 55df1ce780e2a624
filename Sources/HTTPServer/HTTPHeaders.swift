/// An ordered list of header fields with case-insensitive lookup.
///
/// Names keep the spelling they arrived or were added with; lookups ignore
/// ASCII case. Repeated fields stay separate entries.
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The fields in order, as (name, value) pairs.
    public private(set) var fields: [(name: String, value: String)] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { add(name, value) }
    }

    /// The first value of the field `name`, or nil.
    public subscript(name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// Every value of the field `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.compactMap { $0.name.caseInsensitiveEquals(name) ? $0.value : nil }
    }

    /// Whether a field called `name` is present.
    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Appends a field, keeping any existing ones of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name, value))
    }

    /// Makes room for `count` fields in all, so adding several reallocates once.
    public mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    /// Replaces every field called `name` with one field.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name, value))
    }

    /// Removes every field called `name`.
    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.caseInsensitiveEquals(name) }
    }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.name)
            hasher.combine(field.value)
        }
    }
}

extension String {
    /// ASCII case-insensitive equality, as header names and tokens compare.
    public func caseInsensitiveEquals(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        // Header lookups run many times per request: compare contiguous
        // bytes directly when both strings are native (the usual case).
        let fast: Bool?? = a.withContiguousStorageIfAvailable { x in
            b.withContiguousStorageIfAvailable { y in
                for index in 0..<x.count where lowercasedASCII(x[index]) != lowercasedASCII(y[index]) { return false }
                return true
            }
        }
        if let fast, let fast { return fast }
        return zip(a, b).allSatisfy { lowercasedASCII($0) == lowercasedASCII($1) }
    }

    /// Where `byte` (ASCII) first occurs, found in the string's UTF-8 bytes
    /// where they lie: `firstIndex(of: Character)` walks grapheme clusters,
    /// and the generic search over `utf8` goes through the view's indices.
    /// An index on a character boundary, since an ASCII byte never occurs
    /// inside a multi-byte scalar.
    public func firstIndex(ofASCII byte: UInt8) -> String.Index? {
        precondition(byte < 0x80, "firstIndex(ofASCII:) takes an ASCII byte")
        let offset = withUTF8Bytes { $0.firstIndex(of: byte) }
        return offset.map { utf8.index(startIndex, offsetBy: $0) }
    }

    /// Runs `body` over the string's UTF-8 bytes where they lie (contiguous
    /// for a native string; others are made native first, in a copy).
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        var text = self
        return try text.withUTF8(body)
    }
}

@inline(__always)
private func lowercasedASCII(_ byte: UInt8) -> UInt8 {
    (byte >= 65 && byte <= 90) ? byte + 32 : byte
}
