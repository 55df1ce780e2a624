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
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
