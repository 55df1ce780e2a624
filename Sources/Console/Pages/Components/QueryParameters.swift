import URLText

/// The decoded `?name=value&…` of a GET request. Repeated names keep the
/// first value; malformed escapes or invalid UTF-8 make a value absent, so a
/// hostile query can only ever select defaults.
struct QueryParameters: Sendable {
    private var values: [String: String] = [:]

    init(_ raw: String) {
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = String(parts[0]).formDecoded(), values[name] == nil else { continue }
            let value = parts.count > 1 ? String(parts[1]).formDecoded() : ""
            if let value { values[name] = value }
        }
    }

    subscript(name: String) -> String? { values[name] }

    /// The value trimmed of surrounding whitespace and capped in length;
    /// empty when absent. Used for free-text filters.
    func text(_ name: String, maxLength: Int = 200) -> String {
        let trimmed = (values[name] ?? "").trimmingWhitespace()
        return String(trimmed.prefix(maxLength))
    }

    /// A 1-based page number (default 1).
    func page(_ name: String) -> Int { pageNumber(values[name]) }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
