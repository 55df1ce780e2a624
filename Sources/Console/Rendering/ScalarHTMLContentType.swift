import Mustache

/// HTML escaping that works on Unicode scalars.
///
/// swift-mustache's built-in escaper looks at `Character`s, so a quote or an
/// angle bracket followed by a combining mark (`"` + U+0301 is one
/// `Character`) is not escaped, and a hostile room name could close an
/// attribute. Every template is rendered with this content type instead
/// (`TemplateLibrary` prefixes each with the `CONTENT_TYPE` pragma).
struct ScalarHTMLContentType: MustacheContentType {
    static let name = "SCALARHTML"
    static let pragma = "{{% CONTENT_TYPE: \(name)}}"

    /// Registers the content type under `name` (idempotent).
    static func register() {
        MustacheContentTypes.register(ScalarHTMLContentType(), named: name)
    }

    func escapeText(_ text: String) -> String {
        // The five characters are ASCII, and in UTF-8 an ASCII byte is always
        // that scalar (never part of a longer sequence), so working on bytes
        // escapes exactly the scalars; most values need no escaping at all.
        guard text.utf8.contains(where: Self.needsEscape) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;".utf8
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: ">"): out += "&gt;".utf8
            case UInt8(ascii: "\""): out += "&quot;".utf8
            case UInt8(ascii: "'"): out += "&#39;".utf8
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
