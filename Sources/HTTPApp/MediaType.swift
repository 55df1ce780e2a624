/// Content-type facts the shared middleware needs: which types compress,
/// which need a charset, and the type for a file extension.
public enum MediaType {
    /// The lowercased `type/subtype` of a Content-Type value, without parameters.
    public static func essence(of contentType: String) -> String {
        let base = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return base.trimmingASCIIWhitespace().lowercased()
    }

    /// Whether a body of this type shrinks usefully under gzip. Images other
    /// than SVG, fonts (woff/woff2 are already compressed), archives and
    /// media are excluded.
    public static func isCompressible(_ contentType: String) -> Bool {
        EssenceBytes(contentType).matches(prefixes: ["text/"], suffixes: ["+json", "+xml"], exact: compressibleTypes)
    }

    /// Whether the type is textual and should declare `charset=utf-8`.
    public static func isTextual(_ contentType: String) -> Bool {
        EssenceBytes(contentType).matches(prefixes: ["text/"], suffixes: ["+json"], exact: textualApplicationTypes)
    }

    /// Whether the value already carries a `charset` parameter.
    public static func hasCharset(_ contentType: String) -> Bool {
        // A byte scan for `;` OWS `charset=` (any case): runs on every
        // response, so it walks the value's bytes where they lie (string
        // index arithmetic over `utf8` cost more than the scan itself).
        var contentType = contentType
        return contentType.withUTF8 { bytes in
            var index = 0
            while let semicolon = bytes[index...].firstIndex(of: UInt8(ascii: ";")) {
                var start = semicolon + 1
                while start < bytes.count, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") {
                    start += 1
                }
                if bytes.count - start >= charsetParameter.count,
                   charsetParameter.indices.allSatisfy({ EssenceBytes.lowercased(bytes[start + $0]) == charsetParameter[$0] }) {
                    return true
                }
                index = start
            }
            return false
        }
    }

    private static let charsetParameter = Array("charset=".utf8)

    /// The Content-Type for a file name's extension; `application/octet-stream` when unknown.
    public static func forFileName(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "application/octet-stream" }
        return byExtension[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }

    private static let compressibleTypes: [String] = [
        "application/json", "application/javascript", "application/ecmascript", "application/xml",
        "image/svg+xml", "application/wasm", "image/x-icon", "image/vnd.microsoft.icon",
    ]

    private static let textualApplicationTypes: [String] = [
        "application/json", "application/javascript", "application/ecmascript",
    ]

    private static let byExtension: [String: String] = [
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "mjs": "text/javascript; charset=utf-8",
        "json": "application/json; charset=utf-8",
        "map": "application/json; charset=utf-8",
        "webmanifest": "application/manifest+json; charset=utf-8",
        "txt": "text/plain; charset=utf-8",
        "html": "text/html; charset=utf-8",
        "svg": "image/svg+xml",
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "gif": "image/gif",
        "webp": "image/webp",
        "ico": "image/x-icon",
        "woff": "font/woff",
        "woff2": "font/woff2",
        "wasm": "application/wasm",
    ]
}

/// The `type/subtype` bytes of a Content-Type value (before any `;`, without
/// surrounding whitespace), compared ASCII-case-insensitively against
/// lowercase literals. Runs on every response, so it allocates nothing for
/// the usual short values.
private struct EssenceBytes {
    private let bytes: Substring.UTF8View

    init(_ contentType: String) {
        let utf8 = contentType.utf8
        var end = utf8.firstIndex(of: UInt8(ascii: ";")) ?? utf8.endIndex
        var start = utf8.startIndex
        while start < end, utf8[start] == UInt8(ascii: " ") || utf8[start] == UInt8(ascii: "\t") { start = utf8.index(after: start) }
        while end > start {
            let before = utf8.index(before: end)
            guard utf8[before] == UInt8(ascii: " ") || utf8[before] == UInt8(ascii: "\t") else { break }
            end = before
        }
        bytes = contentType[start..<end].utf8
    }

    func matches(prefixes: [String], suffixes: [String], exact: [String]) -> Bool {
        prefixes.contains { hasPrefix($0) } || suffixes.contains { hasSuffix($0) } || exact.contains { equals($0) }
    }

    private func equals(_ literal: String) -> Bool {
        bytes.count == literal.utf8.count && Self.same(bytes, literal.utf8)
    }

    private func hasPrefix(_ literal: String) -> Bool {
        bytes.count >= literal.utf8.count && Self.same(bytes.prefix(literal.utf8.count), literal.utf8)
    }

    private func hasSuffix(_ literal: String) -> Bool {
        bytes.count >= literal.utf8.count && Self.same(bytes.suffix(literal.utf8.count), literal.utf8)
    }

    static func same(_ value: some Sequence<UInt8>, _ lowercase: String.UTF8View) -> Bool {
        zip(value, lowercase).allSatisfy { lowercased($0) == $1 }
    }

    /// An ASCII letter in lower case; any other byte as it is.
    static func lowercased(_ byte: UInt8) -> UInt8 {
        (65...90).contains(byte) ? byte + 32 : byte
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (HTTP's OWS).
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
