/// Byte classes from RFC 9110/9112, as lookup helpers for the parser.
enum HTTPSyntax {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10
    static let space: UInt8 = 32
    static let tab: UInt8 = 9
    static let colon: UInt8 = 58

    /// `tchar`: the characters of a token (method, header name): ALPHA,
    /// DIGIT and ``tokenPunctuation``. A bit per byte rather than a `switch`:
    /// every byte of every header name, in and out, is checked here.
    static func isTokenChar(_ byte: UInt8) -> Bool {
        let bits = byte < 64 ? tokenBitsBelow64 : tokenBitsFrom64
        return byte < 128 && bits >> UInt64(byte & 63) & 1 != 0
    }

    /// The punctuation a token may contain (RFC 9110, section 5.6.2).
    static let tokenPunctuation = Array("!#$%&'*+-.^_`|~".utf8)
    /// Bit n set when byte n (below 64) is a `tchar`: `0`-`9` and the
    /// punctuation among `!#$%&'*+-.`.
    private static let tokenBitsBelow64: UInt64 = 0x03FF_6CFA_0000_0000
    /// Bit n set when byte 64 + n is a `tchar`: the letters and `^_`|~`.
    private static let tokenBitsFrom64: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    /// A byte allowed inside a field value: VCHAR, SP, HTAB or obs-text.
    /// Everything else (NUL, CR, LF, other controls, DEL) is refused.
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == tab || (byte >= 0x20 && byte != 0x7F)
    }

    /// Whether every byte is a field-value byte. Every header of every
    /// request and response passes here, so it looks at eight bytes at a
    /// time: a word with no byte below 0x20 and none equal to 0x7F is all
    /// valid; only a word with one (most often a tab) is checked byte by byte.
    static func isFieldValue(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            // Exact tests for "some byte < 0x20" and "some byte == 0x7F";
            // bytes of 0x80 and above (obs-text) set neither.
            let below = (word &- ones &* 0x20) & ~word & highs
            let delete = word ^ (ones &* 0x7F)
            let isDelete = (delete &- ones) & ~delete & highs
            if below | isDelete != 0 {
                for index in offset..<offset + 8 where !isFieldValueByte(bytes[index]) { return false }
            }
            offset += 8
        }
        for index in offset..<bytes.count where !isFieldValueByte(bytes[index]) { return false }
        return true
    }

    /// A byte allowed in a request target: visible ASCII only.
    static func isTargetByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F
    }

    static func isHexDigit(_ byte: UInt8) -> Bool { hexValue(byte) != nil }

    static func hexValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt64(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt64(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Trims optional whitespace (SP, HTAB) from both ends.
    static func trimmingOWS(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == space || first == tab { slice.removeFirst() }
        while let last = slice.last, last == space || last == tab { slice.removeLast() }
        return slice
    }

    /// Splits a comma-separated field value into trimmed, lowercased elements
    /// (empty elements kept, so callers can refuse them).
    static func listElements(_ value: String) -> [String] {
        value.split(separator: ",", omittingEmptySubsequences: false).map {
            String(decoding: trimmingOWS(ArraySlice($0.utf8)), as: UTF8.self).lowercased()
        }
    }

    /// `*( ";" token [ "=" ( token / quoted-string ) ] )` with no whitespace
    /// and ASCII only: stricter than RFC 9112's BWS, as strict as llhttp.
    /// Names and values are tokens, so any tchar may start them: `;+=.1`
    /// (name `+`, value `.1`) is valid, and h11 and llhttp accept it too.
    static func isValidChunkExtensions(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        func token() -> Bool {
            let start = index
            while index < bytes.endIndex && isTokenChar(bytes[index]) { index += 1 }
            return index > start
        }
        func quoted() -> Bool {
            index += 1
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") { index += 1; return true }
                if byte == UInt8(ascii: "\\") {
                    index += 1
                    guard index < bytes.endIndex, bytes[index] == tab || (bytes[index] >= 0x20 && bytes[index] < 0x7F) else { return false }
                } else if !(byte == tab || (byte >= 0x20 && byte < 0x7F)) {
                    return false
                }
                index += 1
            }
            return false
        }
        while index < bytes.endIndex {
            guard bytes[index] == UInt8(ascii: ";") else { return false }
            index += 1
            guard token() else { return false }
            if index < bytes.endIndex && bytes[index] == UInt8(ascii: "=") {
                index += 1
                guard index < bytes.endIndex else { return false }
                guard bytes[index] == UInt8(ascii: "\"") ? quoted() : token() else { return false }
            }
        }
        return true
    }

    /// Field names that must never arrive as trailers (lowercased): RFC 9110
    /// §6.5.1 says fields for framing, routing, authentication, request
    /// modifiers and content format cannot be processed after the content,
    /// and llhttp refuses framing fields there. We refuse the lot.
    static let forbiddenTrailers: Set<String> = [
        // framing
        "transfer-encoding", "content-length", "trailer", "te",
        // routing and connection control
        "host", "connection", "keep-alive", "proxy-connection", "upgrade", "expect", "max-forwards",
        "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto",
        // authentication and session
        "authorization", "proxy-authorization", "cookie",
        // content format and request modifiers
        "content-type", "content-encoding", "content-range", "range",
        "if-match", "if-none-match", "if-modified-since", "if-unmodified-since", "if-range",
        "cache-control",
    ]

    /// Whether a trailer field named `name` is refused (case-insensitive).
    static func isForbiddenTrailer(_ name: String) -> Bool {
        forbiddenTrailers.contains(name.lowercased())
    }

    /// Whether `value` is a valid `Host` field: `uri-host [":" port]`, with
    /// a non-empty host that is a bracketed IPv6 literal or a reg-name/IPv4.
    static func isValidHost(_ value: String) -> Bool {
        var value = value
        return value.withUTF8(isValidHost)
    }

    private static func isValidHost(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        var hostEnd = bytes.count
        if bytes[0] == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")), close > 1 else { return false }
            let inner = bytes[1..<close]
            guard inner.allSatisfy({ isHexDigit($0) || $0 == colon || $0 == UInt8(ascii: ".") }) else { return false }
            hostEnd = close + 1
            guard hostEnd == bytes.count || bytes[hostEnd] == colon else { return false }
        } else {
            if let mark = bytes.lastIndex(of: colon) { hostEnd = mark }
            guard hostEnd > 0, bytes[..<hostEnd].allSatisfy(isRegNameByte) else { return false }
        }
        if hostEnd < bytes.count {
            let port = bytes[(hostEnd + 1)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy(isDigit) else { return false }
        }
        return true
    }

    /// unreserved / pct-encoded / sub-delims, as a reg-name allows.
    private static func isRegNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "%"),
            UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
            UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }
}
