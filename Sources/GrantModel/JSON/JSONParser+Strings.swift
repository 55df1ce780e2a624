extension JSONParser {
    /// Parses a string starting at its opening quote; validates UTF-8 and escapes.
    mutating func parseString() throws(JSONParseError) -> String {
        let bytes = input
        position += 1
        var buffer: [UInt8] = []
        while true {
            guard position < bytes.count else {
                throw error(.unexpectedEnd, "the input ended inside a string (missing closing '\"')")
            }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case 0x00..<0x20:
                throw error(.controlCharacterInString, "a control character (\(describe(byte))) must be escaped inside a string")
            case 0x20..<0x80:
                buffer.append(byte)
                position += 1
            default:
                let length = try validateUTF8Sequence(at: position)
                buffer.append(contentsOf: bytes[position..<position + length])
                position += length
            }
        }
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONParseError) {
        let bytes = input
        let start = position
        position += 1
        guard position < bytes.count else {
            throw error(.unexpectedEnd, "the input ended inside an escape sequence")
        }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let scalar = try parseUnicodeEscape(start: start)
            buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw error(.invalidEscape, "'\\\(describe(byte).trimmingQuotes)' is not a valid escape sequence", at: start)
        }
    }

    /// Reads the four hex digits after `\u` (and a low surrogate after a high one).
    private mutating func parseUnicodeEscape(start: Int) throws(JSONParseError) -> Unicode.Scalar {
        let unit = try readHex4(escapeStart: start)
        switch unit {
        case 0xD800...0xDBFF:
            let bytes = input
            guard position + 1 < bytes.count,
                  bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                throw error(.loneSurrogate, "the escape \\u\(hex4(unit)) is a high surrogate without a low surrogate after it", at: start)
            }
            let lowStart = position
            position += 2
            let low = try readHex4(escapeStart: lowStart)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw error(.loneSurrogate, "the escape \\u\(hex4(unit)) is a high surrogate without a low surrogate after it", at: start)
            }
            let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            // Always valid: the range is U+10000...U+10FFFF.
            return Unicode.Scalar(value) ?? "\u{FFFD}"
        case 0xDC00...0xDFFF:
            throw error(.loneSurrogate, "the escape \\u\(hex4(unit)) is a low surrogate without a high surrogate before it", at: start)
        default:
            return Unicode.Scalar(unit) ?? "\u{FFFD}"
        }
    }

    private mutating func readHex4(escapeStart: Int) throws(JSONParseError) -> UInt16 {
        let bytes = input
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard position < bytes.count else {
                throw error(.unexpectedEnd, "the input ended inside a \\u escape")
            }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw error(.invalidUnicodeEscape, "a \\u escape needs four hex digits", at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    private func hex4(_ unit: UInt16) -> String {
        let digits = String(unit, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// Checks one multi-byte UTF-8 sequence (RFC 3629: no overlong forms, no
    /// surrogates, nothing above U+10FFFF) and returns its length.
    private func validateUTF8Sequence(at start: Int) throws(JSONParseError) -> Int {
        let bytes = input
        let lead = bytes[start]
        let length: Int
        var lowerBound: UInt8 = 0x80
        var upperBound: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowerBound = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upperBound = 0x9F
        case 0xF0: length = 4; lowerBound = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upperBound = 0x8F
        default:
            throw error(.invalidUTF8, "invalid UTF-8 (\(describe(lead)) cannot start a character)", at: start)
        }
        for offset in 1..<length {
            let index = start + offset
            guard index < bytes.count else {
                throw error(.invalidUTF8, "invalid UTF-8 (a character is cut off at the end of the input)", at: start)
            }
            let byte = bytes[index]
            let low = offset == 1 ? lowerBound : 0x80
            let high = offset == 1 ? upperBound : 0xBF
            guard byte >= low && byte <= high else {
                throw error(.invalidUTF8, "invalid UTF-8 (\(describe(byte)) cannot continue the character started by \(describe(lead)))", at: index)
            }
        }
        return length
    }
}

private extension String {
    var trimmingQuotes: String {
        guard count >= 3, first == "'", last == "'" else { return self }
        return String(dropFirst().dropLast())
    }
}
