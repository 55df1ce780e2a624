import HTTPApp

/// How the console's GET pages read their query: the first value of a name,
/// a free-text filter or a page number, so a tampered link can only select
/// defaults (an undecodable query is refused whole by `URLEncodedForm`).
extension URLEncodedForm {
    /// The value trimmed of surrounding whitespace and capped in length;
    /// empty when absent. Used for free-text filters.
    func text(_ name: String, maxLength: Int = 200) -> String {
        let trimmed = (self[name] ?? "").trimmingWhitespace()
        return String(trimmed.prefix(maxLength))
    }

    /// A 1-based page number (default 1).
    func page(_ name: String) -> Int { pageNumber(self[name]) }
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
