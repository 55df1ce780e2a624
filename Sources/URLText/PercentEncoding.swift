// The one percent-encoder and decoder of GrantDesk, shared by the web layer
// (HTTPApp, Console) and the accounts client, which must not depend on each other.

extension String {
    /// Decodes `%XX` escapes. Returns nil for a malformed escape or for bytes
    /// that are not valid UTF-8. `+` is left alone (use `formDecoded()` for forms).
    public func percentDecoded() -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Decodes an `application/x-www-form-urlencoded` component (`+` is a space).
    public func formDecoded() -> String? {
        replacingPlusWithSpace().percentDecoded()
    }

    /// Percent-encodes everything except RFC 3986 unreserved characters, so the
    /// result is safe as one path segment or one query component.
    public func percentEncodedComponent() -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0xF)]))
            }
        }
        return out
    }

    /// Percent-encodes one path segment: as `percentEncodedComponent()`, and a
    /// segment that is exactly `.` or `..` gets its dots encoded too (`%2E`,
    /// `%2E%2E`). Clients and servers treat a bare `.`/`..` segment as "this
    /// (parent) directory" and remove it, which would send a request for a
    /// user called `..` to the endpoint above it.
    public func percentEncodedPathSegment() -> String {
        switch self {
        case ".": "%2E"
        case "..": "%2E%2E"
        default: percentEncodedComponent()
        }
    }

    /// Whether this text, put into a URL path as one segment, would be a dot
    /// segment that browsers remove (also when written `%2E`).
    public var isDotSegment: Bool { self == "." || self == ".." }

    private func replacingPlusWithSpace() -> String {
        String(decoding: utf8.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
