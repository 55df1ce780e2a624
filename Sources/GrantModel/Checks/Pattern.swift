/// The spec's one wildcard rule: a pattern matches a value if it equals it,
/// or if it ends in `*` and the value starts with the pattern minus that `*`.
enum Pattern {
    static func matches(_ pattern: String, _ value: String) -> Bool {
        if equal(pattern, value) { return true }
        guard pattern.hasSuffix("*") else { return false }
        return value.unicodeScalars.starts(with: pattern.unicodeScalars.dropLast())
    }

    /// Python's string equality: same code points. (Swift's `==` would also
    /// equate canonically equivalent strings such as "é" and "e\u{301}".)
    static func equal(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.elementsEqual(b.unicodeScalars)
    }

    /// Index of the first value equal to `value` (code point equality).
    static func firstEqual(in values: [String], _ value: String) -> Int? {
        values.firstIndex { equal($0, value) }
    }

    /// Index of the first pattern that matches, if any.
    static func firstMatch(in patterns: [String], _ value: String) -> Int? {
        patterns.firstIndex { matches($0, value) }
    }

    /// Plain prefix test on Unicode scalars (Python's `str.startswith`).
    static func hasPrefix(_ value: String, _ prefix: String) -> Bool {
        value.unicodeScalars.starts(with: prefix.unicodeScalars)
    }

    /// Python's `str.strip()`: removes Unicode whitespace from both ends.
    static func trim(_ value: String) -> String {
        let scalars = value.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isPythonWhitespace($0) }),
              let end = scalars.lastIndex(where: { !isPythonWhitespace($0) }) else { return "" }
        return String(scalars[start...end])
    }

    /// Python's `str.isspace` for one character: the Unicode White_Space
    /// property plus the ASCII separators \x1c-\x1f that Python also strips.
    static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }
}
