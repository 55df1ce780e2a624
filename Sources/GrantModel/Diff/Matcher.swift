/// The set of values one list entry matches, for comparing two scopes:
/// one exact value, or every value with a prefix.
enum Matcher: Hashable {
    case exact(String)
    case prefix(String)

    /// Everything.
    static let all = Matcher.prefix("")

    /// A spec pattern: `*` at the end makes a prefix.
    static func pattern(_ text: String) -> Matcher {
        text.hasSuffix("*") ? .prefix(String(text.unicodeScalars.dropLast())) : .exact(text)
    }

    /// Whether every value `other` matches is matched by `self`.
    func covers(_ other: Matcher) -> Bool {
        switch (self, other) {
        case (.exact(let a), .exact(let b)): Pattern.equal(a, b)
        case (.exact, .prefix): false
        case (.prefix(let a), .exact(let b)), (.prefix(let a), .prefix(let b)): Pattern.hasPrefix(b, a)
        }
    }

    /// Whether some value is matched by both.
    func overlaps(_ other: Matcher) -> Bool {
        switch (self, other) {
        case (.exact(let a), .exact(let b)): Pattern.equal(a, b)
        case (.exact(let a), .prefix(let b)), (.prefix(let b), .exact(let a)): Pattern.hasPrefix(a, b)
        case (.prefix(let a), .prefix(let b)): Pattern.hasPrefix(a, b) || Pattern.hasPrefix(b, a)
        }
    }

    /// Whether some matcher in `list` covers this one.
    func isCovered(by list: [Matcher]) -> Bool {
        list.contains { $0.covers(self) }
    }
}
