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
        compressible.matches(contentType)
    }

    /// Whether the type is textual and should declare `charset=utf-8`.
    public static func isTextual(_ contentType: String) -> Bool {
        textual.matches(contentType)
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
                while start < bytes.count, EssenceMatcher.isSpace(bytes[start]) { start += 1 }
                if bytes.count - start >= charsetParameter.count,
                   charsetParameter.indices.allSatisfy({ EssenceMatcher.lowercased(bytes[start + $0]) == charsetParameter[$0] }) {
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

    private static let compressible = EssenceMatcher(
        prefixes: ["text/"], suffixes: ["+json", "+xml"],
        exact: ["application/json", "application/javascript", "application/ecmascript", "application/xml",
                "image/svg+xml", "application/wasm", "image/x-icon", "image/vnd.microsoft.icon"])

    private static let textual = EssenceMatcher(
        prefixes: ["text/"], suffixes: ["+json"],
        exact: ["application/json", "application/javascript", "application/ecmascript"])

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

/// Which `type/subtype` values (of a Content-Type, before any `;`, without
/// surrounding whitespace) are in a class: given prefixes, suffixes and
/// whole types, lowercase, compared ASCII-case-insensitively. Runs on every
/// response, so it reads the value's bytes where they lie and allocates
/// nothing.
private struct EssenceMatcher: Sendable {
    private let prefixes: [[UInt8]]
    private let suffixes: [[UInt8]]
    private let exact: [[UInt8]]

    init(prefixes: [String], suffixes: [String], exact: [String]) {
        self.prefixes = prefixes.map { Array($0.utf8) }
        self.suffixes = suffixes.map { Array($0.utf8) }
        self.exact = exact.map { Array($0.utf8) }
    }

    func matches(_ contentType: String) -> Bool {
        var contentType = contentType
        return contentType.withUTF8 { all in
            let essence = Self.essence(of: all)
            return prefixes.contains { $0.count <= essence.count && Self.same(essence.prefix($0.count), $0) }
                || suffixes.contains { $0.count <= essence.count && Self.same(essence.suffix($0.count), $0) }
                || exact.contains { $0.count == essence.count && Self.same(essence, $0) }
        }
    }

    /// The bytes before any `;`, without leading and trailing spaces and tabs.
    private static func essence(of bytes: UnsafeBufferPointer<UInt8>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
        var start = bytes.startIndex
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }

    /// A space or a tab: HTTP's optional whitespace (OWS).
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    private static func same(_ value: Slice<UnsafeBufferPointer<UInt8>>, _ lowercase: [UInt8]) -> Bool {
        var index = value.startIndex
        for byte in lowercase {
            guard lowercased(value[index]) == byte else { return false }
            index += 1
        }
        return true
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
