import HTTPApp
import URLText

/// The fields of an `application/x-www-form-urlencoded` body, in order.
///
/// The editor keeps everything a user typed in this flat form, so a page that
/// fails validation can be drawn again from exactly what was posted.
struct FormValues: Sendable, Equatable {
    private(set) var pairs: [(name: String, value: String)] = []

    init() {}

    /// Parses a urlencoded body; malformed pairs are skipped, never guessed at.
    init(urlencoded body: [UInt8]) {
        let text = String(decoding: body, as: UTF8.self)
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = String(pieces[0]).formDecoded() else { continue }
            let value = pieces.count > 1 ? String(pieces[1]).formDecoded() : ""
            guard let value else { continue }
            pairs.append((name, value))
        }
    }

    /// The first value posted under `name`.
    subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Whether a field of this name was posted.
    func has(_ name: String) -> Bool { pairs.contains { $0.name == name } }

    /// Appends a field.
    mutating func add(_ name: String, _ value: String) { pairs.append((name, value)) }

    /// Replaces every value of `name` with one value (or removes it for nil).
    mutating func set(_ name: String, _ value: String?) {
        pairs.removeAll { $0.name == name }
        if let value { pairs.append((name, value)) }
    }

    /// The fields without the ones named, e.g. to carry a form on as hidden fields.
    func removing(_ names: Set<String>) -> FormValues {
        var copy = self
        copy.pairs.removeAll { names.contains($0.name) }
        return copy
    }

    /// The urlencoded body of these fields.
    var urlencoded: String {
        pairs.map { "\($0.name.percentEncodedComponent())=\($0.value.percentEncodedComponent())" }
            .joined(separator: "&")
    }

    static func == (lhs: FormValues, rhs: FormValues) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }
}
