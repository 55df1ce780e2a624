/// A strict RFC 8259 parser over UTF-8 bytes.
///
/// Strict means: exactly one value surrounded by optional whitespace, no
/// comments, no trailing commas, no leading zeros, no byte-order mark, valid
/// UTF-8 only, no unpaired surrogate escapes (a Swift `String` cannot hold
/// one, and replacing it would silently change the data), and no duplicate
/// keys (JSON leaves their meaning open; for access settings an ambiguous
/// key is an error, never a guess).
struct JSONParser {
    /// Nesting deeper than this is refused so hostile input cannot exhaust the stack.
    static let maximumDepth = 512

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw error(.unexpectedByte, "a byte-order mark is not allowed before JSON")
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count {
            throw error(.trailingContent, "unexpected \(describe(bytes[index])) after the end of the JSON value")
        }
        return value
    }

    // MARK: - Values

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else {
            throw error(.unexpectedEnd, "the input ended where a value was expected")
        }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default:
            throw error(.unexpectedByte, "unexpected \(describe(bytes[index])) where a value was expected")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let start = index
        let expected = literal.withUTF8Buffer { Array($0) }
        for byte in expected {
            guard index < bytes.count else {
                throw error(.unexpectedEnd, "the input ended inside '\(literal)'", at: start)
            }
            guard bytes[index] == byte else {
                throw error(.unexpectedByte, "unexpected \(describe(bytes[index])); did you mean '\(literal)'?")
            }
            index += 1
        }
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw error(.tooDeep, "arrays and objects are nested more than \(Self.maximumDepth) deep")
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else {
                throw error(.unexpectedEnd, "the input ended inside an array (expected ',' or ']')")
            }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
                if peek() == UInt8(ascii: "]") {
                    throw error(.unexpectedByte, "a trailing comma is not allowed before ']'")
                }
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(elements)
            default:
                throw error(.unexpectedByte, "unexpected \(describe(bytes[index])) in an array (expected ',' or ']')")
            }
        }
    }

    /// Up to this many members, a repeated key is found by comparing with each.
    static let linearKeys = 12

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        index += 1
        var object = JSONObject()
        // Most objects are small: a linear look at their keys finds a repeat
        // faster than hashing every key into a set (a set was 15% of reading
        // 100,000 grants); past `linearKeys` members the set takes over.
        var seen = Set<String>()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else {
                throw error(.unexpectedEnd, "the input ended inside an object (expected a key)")
            }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw error(.unexpectedByte, "unexpected \(describe(bytes[index])) where an object key (a string in double quotes) was expected")
            }
            let keyStart = index
            let key = try parseString()
            let repeated: Bool
            if object.count < Self.linearKeys {
                repeated = object.contains(key)
            } else {
                if seen.isEmpty { seen = Set(object.keys) }
                repeated = !seen.insert(key).inserted
            }
            guard !repeated else {
                throw error(.duplicateKey, "the key \"\(key)\" appears twice in the same object", at: keyStart)
            }
            skipWhitespace()
            guard index < bytes.count else {
                throw error(.unexpectedEnd, "the input ended after an object key (expected ':')")
            }
            guard bytes[index] == UInt8(ascii: ":") else {
                throw error(.unexpectedByte, "unexpected \(describe(bytes[index])) after an object key (expected ':')")
            }
            index += 1
            skipWhitespace()
            object.appendUnchecked(key: key, value: try parseValue())
            skipWhitespace()
            guard index < bytes.count else {
                throw error(.unexpectedEnd, "the input ended inside an object (expected ',' or '}')")
            }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
                if peek() == UInt8(ascii: "}") {
                    throw error(.unexpectedByte, "a trailing comma is not allowed before '}'")
                }
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(object)
            default:
                throw error(.unexpectedByte, "unexpected \(describe(bytes[index])) in an object (expected ',' or '}')")
            }
        }
    }

    // MARK: - Numbers

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as text.
    private mutating func parseNumber() throws(JSONParseError) -> String {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), isDigit(first) else {
            throw numberError(start, "a '-' must be followed by a digit")
        }
        index += 1
        if first == UInt8(ascii: "0"), let next = peek(), isDigit(next) {
            throw numberError(start, "a number must not have a leading zero")
        }
        skipDigits()
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard let next = peek(), isDigit(next) else {
                throw numberError(start, "a '.' in a number must be followed by a digit")
            }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard let next = peek(), isDigit(next) else {
                throw numberError(start, "an exponent in a number must have digits")
            }
            skipDigits()
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private func numberError(_ start: Int, _ message: String) -> JSONParseError {
        if index >= bytes.count {
            return error(.unexpectedEnd, "the input ended inside a number", at: start)
        }
        return error(.invalidNumber, message)
    }

    private mutating func skipDigits() {
        while let byte = peek(), isDigit(byte) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    // MARK: - Helpers

    func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    func error(_ kind: JSONParseError.Kind, _ message: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(kind, message, at: offset ?? index, in: bytes)
    }

    func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
    }

    // Strings live in JSONParser+Strings.swift and need the cursor.
    var position: Int {
        get { index }
        set { index = newValue }
    }
    var input: [UInt8] { bytes }
}
